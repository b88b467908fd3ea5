from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PK_GOVERNMENT = "pk_government", _("Performance agreement of the government")
    PK_AGENCY = "pk_agency", _("Performance agreement of an agency head")
    PK_DIVISION = "pk_division", _("Performance agreement of a division head")
    INTEGRITY_PACT = "integrity_pact", _("Integrity pact")


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    READY = "ready", _("Ready for signature")
    FIRST_SIGNED = "first_signed", _("Signed by the first party")
    IN_FORCE = "in_force", _("Signed by both parties (in force)")
    SUPERSEDED = "superseded", _("Superseded")


class RevisionGround(models.TextChoices):
    # PermenPAN-RB 53/2014: the three grounds on which a performance agreement may be revised.
    OFFICIAL = "official", _("Change of official (mutation)")
    STRATEGY = "strategy", _("Change of strategy (programs, activities, budget)")
    PRIORITIES = "priorities", _("Change of priorities or assumptions")


class Party(models.TextChoices):
    FIRST = "first", _("First party")
    SECOND = "second", _("Second party")
