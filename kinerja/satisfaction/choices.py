from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyPeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    SEMESTER = "semester", _("Semester")
    YEAR = "year", _("Year")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class WeightRule(models.TextChoices):
    EXACT = "exact", _("Exactly 1/9")
    ROUNDED = "rounded", _("Rounded weight 0,111")


class Gender(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Education(models.TextChoices):
    PRIMARY = "sd", _("Primary school (SD) or below")
    JUNIOR = "smp", _("Junior high school (SMP)")
    SENIOR = "sma", _("Senior high school (SMA/SMK)")
    DIPLOMA = "d3", _("Diploma (D1–D3)")
    BACHELOR = "s1", _("Bachelor (D4/S1)")
    MASTER = "s2", _("Master (S2)")
    DOCTOR = "s3", _("Doctorate (S3)")


class Occupation(models.TextChoices):
    CIVIL_SERVANT = "pns", _("Civil servant (PNS/PPPK)")
    MILITARY_POLICE = "tni_polri", _("TNI/Polri")
    PRIVATE = "swasta", _("Private employee")
    ENTREPRENEUR = "wirausaha", _("Entrepreneur")
    STUDENT = "pelajar", _("Student")
    OTHER = "lainnya", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Public page")
    KIOSK = "kiosk", _("Kiosk or partner app")
    PAPER = "paper", _("Paper questionnaire")


class SuggestionStatus(models.TextChoices):
    PRIVATE = "private", _("Private")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


AGE_MIN, AGE_MAX = 15, 100
