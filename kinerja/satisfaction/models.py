"""Survey methods (versioned data), surveys per service unit and period, and the responses.

The elements (unsur) of a method are stored by code and name; their display order is only that. Answers
are stored one row per element (by element, never by position), carrying the survey for fast aggregation.
Responses are citizens' input, not performance data: they are not written to the audit trail one by one
(the hash chain would serialise every submission); surveys, methods and moderation decisions are.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import AuditedModel, Government, ServiceUnit, TimeStampedModel
from kinerja.core.querysets import RestrictedQuerySet, Scope
from kinerja.satisfaction.choices import (
    Channel,
    Education,
    Gender,
    Occupation,
    SuggestionStatus,
    SurveyPeriodKind,
    SurveyStatus,
    WeightRule,
)
from kinerja.satisfaction.permissions import SATISFACTION


class SurveyMethod(TimeStampedModel):
    """A version of the survey method: its elements, questions, answer labels, weight rule and grade table.

    Reference data shared by every government, loaded like the nomenclature (``load_survey_method``); a
    method in use is never changed (surveys protect it): a change is a new method with a new code, so
    that results computed under the old one stay reproducible.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    regulation = models.CharField(_("regulation"), max_length=255)
    weight_rule = models.CharField(
        _("weight rule"), max_length=10, choices=WeightRule.choices, default=WeightRule.EXACT
    )
    # [[lower bound, grade, label], …] from the best grade down, lower bounds inclusive.
    grades = models.JSONField(_("grade table"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("survey method")
        verbose_name_plural = _("survey methods")

    def __str__(self) -> str:
        return self.name


class SurveyElement(TimeStampedModel):
    method = models.ForeignKey(SurveyMethod, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("element"), max_length=120)
    question = models.CharField(_("question"), max_length=255)
    label_1 = models.CharField(_("answer 1"), max_length=80)
    label_2 = models.CharField(_("answer 2"), max_length=80)
    label_3 = models.CharField(_("answer 3"), max_length=80)
    label_4 = models.CharField(_("answer 4"), max_length=80)
    position = models.PositiveSmallIntegerField(_("display order"))

    class Meta:
        ordering = ["method", "position"]
        verbose_name = _("survey element")
        verbose_name_plural = _("survey elements")
        constraints = [models.UniqueConstraint(fields=["method", "code"], name="survey_element_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def labels(self) -> list[tuple[int, str]]:
        return [(1, self.label_1), (2, self.label_2), (3, self.label_3), (4, self.label_4)]


def _public_code() -> str:
    return secrets.token_urlsafe(6)


class Survey(AuditedModel):
    """The survey of one service unit for one period (quarter, semester or year)."""

    scope = Scope(area=SATISFACTION, agency="service_unit__agency")

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("government")
    )
    service_unit = models.ForeignKey(
        ServiceUnit, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("service unit")
    )
    method = models.ForeignKey(SurveyMethod, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("method"))
    period_kind = models.CharField(_("period"), max_length=10, choices=SurveyPeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("quarter 1–4, semester 1–2, 1 for a year")
    )
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    population = models.PositiveIntegerField(
        _("population served in the previous period"), help_text=_("service users counted in the previous period")
    )
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    public_code = models.CharField(_("short link code"), max_length=16, unique=True, default=_public_code)
    follow_up_plan = models.TextField(
        _("follow-up plan"),
        blank=True,
        help_text=_("what the unit will do about the weakest elements, by whom and when (printed in the report)"),
    )
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-period_kind", "-number", "service_unit__name"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["service_unit", "year", "period_kind", "number"], name="survey_once_per_unit_period"
            ),
            models.CheckConstraint(condition=Q(ends__gte=models.F("starts")), name="survey_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.service_unit} · {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == SurveyPeriodKind.YEAR:
            return str(self.year)
        if self.period_kind == SurveyPeriodKind.SEMESTER:
            return f"{self.year} S{self.number}"
        return f"{self.year} TW {['I', 'II', 'III', 'IV'][self.number - 1]}"

    @property
    def minimum_sample(self) -> int:
        from kinerja.satisfaction.formulas import minimum_sample

        return minimum_sample(self.population)


class SurveyService(AuditedModel):
    """A service the unit offers, among which the respondent names the one used."""

    scope = Scope(area=SATISFACTION, government="survey__government", agency="survey__service_unit__agency")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="services", verbose_name=_("survey"))
    name = models.CharField(_("service"), max_length=200)

    class Meta:
        ordering = ["survey", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="survey_service_once")]

    def __str__(self) -> str:
        return self.name


class Response(TimeStampedModel):
    """One respondent's questionnaire."""

    scope = Scope(area=SATISFACTION, government="survey__government", agency="survey__service_unit__agency")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    service = models.ForeignKey(SurveyService, on_delete=models.PROTECT, related_name="responses", null=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    age = models.PositiveSmallIntegerField(_("age"))
    education = models.CharField(_("education"), max_length=10, choices=Education.choices)
    occupation = models.CharField(_("occupation"), max_length=12, choices=Occupation.choices)
    suggestion = models.TextField(_("suggestion"), blank=True)
    suggestion_status = models.CharField(
        _("suggestion status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PRIVATE
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    # One submission per form: the form's random token, unique. Empty for paper entries.
    form_token = models.CharField(max_length=64, null=True, unique=True)
    # Rate limiting without keeping addresses: a keyed hash of the client address and the day.
    client = models.CharField(max_length=64, blank=True)  # indexed with created (response_client_idx)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    # Counts moderation decisions: a moderator names the one seen, so a second does not overwrite the first unseen.
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["client", "created"], name="response_client_idx")]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"


class Answer(models.Model):
    """The score (1–4) a response gives one element; the survey is repeated here for the aggregates.

    Nine rows per questionnaire, written on the hot path of the public survey, so only three indexes: the
    key, (response, element) which also serves lookups by response, and (survey, response) which serves
    a survey's rows in response order (raw data export). The IKM reads the tallies, not these rows; the
    elements of a method in use are never deleted, so the element needs no index of its own.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    element = models.ForeignKey(SurveyElement, on_delete=models.PROTECT, related_name="+", db_index=False)
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "element"], name="answer_once_per_element"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="answer_score_1_to_4"),
        ]
        indexes = [models.Index(fields=["survey", "response"], name="answer_survey_response_idx")]

    def __str__(self) -> str:
        return f"{self.response_id} {self.element_id}={self.score}"


class SurveyTally(models.Model):
    """A survey's number of respondents, kept by database triggers on responses (see migration 0007).

    With ``ElementTally`` it lets an agency's or a government's IKM read a few rows per survey instead of
    aggregating millions of answers. Derived data: ``services.tallies_rebuild`` recomputes it.
    """

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, primary_key=True, related_name="tally")
    respondents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.respondents}"


class ElementTally(models.Model):
    """Per survey and element, the sum of the scores and the number of answers, kept by database triggers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    element = models.ForeignKey(SurveyElement, on_delete=models.CASCADE, related_name="+")
    score_sum = models.BigIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "element"], name="element_tally_once")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.element_id}: {self.score_sum}/{self.answers}"


class KioskKey(AuditedModel):
    """A key with which a kiosk or a partner app submits questionnaires to one service unit's open surveys.

    Only a SHA-256 hash of the key is stored; the key itself is shown once, when it is made.
    """

    scope = Scope(area=SATISFACTION, agency="service_unit__agency")

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+", verbose_name=_("government"))
    service_unit = models.ForeignKey(
        ServiceUnit, on_delete=models.CASCADE, related_name="kiosk_keys", verbose_name=_("service unit")
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("where the kiosk stands or which app uses it"))
    prefix = models.CharField(_("key prefix"), max_length=12, editable=False)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True, editable=False)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["service_unit", "name"]
        verbose_name = _("kiosk key")
        verbose_name_plural = _("kiosk keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SurveyExport(TimeStampedModel):
    """A survey report (PDF) or raw data (Excel) of a large survey, made by the worker; the page polls it."""

    scope = Scope(area=SATISFACTION, government="survey__government", agency="survey__service_unit__agency")
    objects = RestrictedQuerySet.as_manager()

    REPORT, RAW_DATA = "report", "raw"
    KINDS = [(REPORT, _("Survey report (PDF)")), (RAW_DATA, _("Raw data (Excel)"))]
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, _("Queued")), (RUNNING, _("Running")), (DONE, _("Done")), (FAILED, _("Failed"))]

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(_("document"), max_length=10, choices=KINDS)
    language = models.CharField(max_length=10, default="id")
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=QUEUED)
    file = models.FileField(_("file"), upload_to="survey-exports/%Y/%m/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("survey export")
        verbose_name_plural = _("survey exports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.survey}"

    @property
    def filename(self) -> str:
        extension = "pdf" if self.kind == self.REPORT else "xlsx"
        return f"{export_basename(self.survey, self.kind)}.{extension}"


def export_basename(survey: Survey, kind: str) -> str:
    prefix = "laporan-skm" if kind == SurveyExport.REPORT else "data-skm"
    return f"{prefix}-{survey.service_unit.code}-{survey.period_label.replace(' ', '-').lower()}"
