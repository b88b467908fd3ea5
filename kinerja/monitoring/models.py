"""Realizations of indicators, their evidence and workflow, reporting periods, budgets and physical progress."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditedModel, Government, TimeStampedModel
from kinerja.core.querysets import RestrictedQuerySet, Scope
from kinerja.monitoring.choices import MONTH_NAMES, QUARTER_NAMES, PeriodKind, PeriodStatus, RealizationState
from kinerja.monitoring.permissions import MONITORING
from kinerja.planning.models import AMOUNT, Indicator, PlanNode

PERCENT = {"max_digits": 7, "decimal_places": 2}
RUPIAH = {"max_digits": 20, "decimal_places": 2}


class ReportingPeriod(TimeStampedModel):
    """A month or a quarter (TW I–IV) of a year, with the deadline for reporting it."""

    scope = Scope(area=MONITORING, agency=None)
    objects = RestrictedQuerySet.as_manager()

    government = models.ForeignKey(
        Government, on_delete=models.CASCADE, related_name="reporting_periods", verbose_name=_("government")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    starts = models.DateField(_("first day"))
    ends = models.DateField(_("last day"))
    deadline = models.DateField(_("deadline"))
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["year", "ends", "kind"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["government", "year", "kind", "number"], name="reporting_period_unique"),
            models.CheckConstraint(
                condition=Q(kind=PeriodKind.MONTH, number__gte=1, number__lte=12)
                | Q(kind=PeriodKind.QUARTER, number__gte=1, number__lte=4),
                name="reporting_period_number_valid",
            ),
            models.CheckConstraint(condition=Q(deadline__gte=F("ends")), name="reporting_period_deadline_after_end"),
        ]
        indexes = [models.Index(fields=["government", "year", "kind"], name="reporting_period_year_idx")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"{QUARTER_NAMES[self.number]} {self.year}"
        return f"{MONTH_NAMES[self.number]} {self.year}"

    @property
    def months(self) -> list[int]:
        return (
            [self.number]
            if self.kind == PeriodKind.MONTH
            else [3 * self.number - 2, 3 * self.number - 1, 3 * self.number]
        )

    def is_due(self, today: datetime.date) -> bool:
        return self.ends < today


class PeriodAgencyStatus(AuditedModel):
    """Bappeda's decision on one period for one agency: open, closed or locked, and a late-entry exception."""

    scope = Scope(area=MONITORING, government="period__government", agency="agency")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="agency_statuses", verbose_name=_("period")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="period_statuses", verbose_name=_("agency")
    )
    status = models.CharField(_("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    exception_until = models.DateField(_("late entry allowed until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["period", "agency"]
        verbose_name = _("period status of an agency")
        verbose_name_plural = _("period statuses of agencies")
        constraints = [models.UniqueConstraint(fields=["period", "agency"], name="period_agency_status_unique")]

    def __str__(self) -> str:
        return f"{self.period} · {self.agency}: {self.get_status_display()}"


class Realization(AuditedModel):
    """The value an indicator reached in a reporting period, with its workflow state.

    A verified value is locked; a correction creates the next version (``is_current`` moves to it)
    and the earlier versions stay readable. ``agency`` is the reporting agency: the node's agency, or
    the indicator's responsible agency for the shared top of the plan.
    """

    scope = Scope(area=MONITORING, agency="agency")

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="realizations", verbose_name=_("government")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="realizations", verbose_name=_("agency"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="realizations", verbose_name=_("indicator")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="realizations", verbose_name=_("period")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    value = models.DecimalField(_("realization"), **AMOUNT)
    explanation = models.TextField(_("explanation"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=RealizationState.choices, default=RealizationState.DRAFT
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("verified or returned"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    is_late = models.BooleanField(_("late"), default=False)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["indicator_id", "period__ends", "version"]
        verbose_name = _("realization")
        verbose_name_plural = _("realizations")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "version"], name="realization_unique_version"),
            models.UniqueConstraint(
                fields=["indicator", "period"], condition=Q(is_current=True), name="realization_one_current"
            ),
            models.CheckConstraint(
                condition=~Q(state=RealizationState.RETURNED) | ~Q(return_reason=""),
                name="realization_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_reason=""), name="realization_correction_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "is_current", "state"], name="realization_indicator_idx"),
            models.Index(fields=["agency", "period", "is_current"], name="realization_agency_period_idx"),
            models.Index(fields=["government", "period", "is_current"], name="realization_gov_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.period_id} v{self.version}: {self.value}"


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.realization.government_id}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(AuditedModel):
    """A file supporting a realization: its type checked by content, stored under its SHA-256."""

    scope = Scope(area=MONITORING, government="realization__government", agency="realization__agency")

    realization = models.ForeignKey(
        Realization, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("realization")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # From a photo's EXIF, read once at upload (kinerja.core.exif): the reality check compares the date
    # with the period reported.
    taken_at = models.DateTimeField(_("taken (EXIF)"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True)
    # Whether that date falls outside the value's period (its days in the local time zone), decided at upload
    # (``Evidence.taken_outside``; rows loaded in bulk: ``services.mark_photos_outside_periods``): the reality
    # check reads the few photos that do not match instead of every photo of the year.
    taken_outside_period = models.BooleanField(_("taken outside the period (EXIF)"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [
            # The reality check reads the photos taken outside their value's period.
            models.Index(fields=["realization"], condition=Q(taken_outside_period=True), name="evidence_outside_idx"),
            # ... and the files used more than once, by SHA-256.
            models.Index(fields=["sha256", "realization"], name="evidence_sha256_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def taken_outside(taken_at, period) -> bool:
        """Whether a photo taken at ``taken_at`` (None: no EXIF date) was taken on a day outside ``period``."""
        if taken_at is None:
            return False
        return not period.starts <= timezone.localtime(taken_at).date() <= period.ends

    def audit_government_id(self) -> int | None:
        return self.realization.government_id


class EvidenceFile(models.Model):
    """How many evidence rows store the file of one SHA-256, kept in step by ``receivers.py`` (a derived count,
    like the year totals: not audited itself, its evidence rows are).

    The reality check's reused-evidence signal reads the files stored more than once here (a partial index)
    instead of grouping every evidence row by its SHA-256 on every computation.
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    uses = models.PositiveIntegerField(_("uses"), default=0)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        indexes = [models.Index(fields=["sha256"], condition=Q(uses__gt=1), name="evidence_file_shared_idx")]

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ×{self.uses}"


class Budget(AuditedModel):
    """The budget ceiling (pagu) of a sub-activity in a year; its months hold plan and realization."""

    scope = Scope(area=MONITORING, government="node__government", agency="node__agency")

    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("sub-activity"))
    year = models.PositiveSmallIntegerField(_("year"))
    ceiling = models.DecimalField(_("budget ceiling (pagu)"), **RUPIAH)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["node", "year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="budget_unique_year"),
            models.CheckConstraint(condition=Q(ceiling__gte=0), name="budget_ceiling_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.node_id} {self.year}: {self.ceiling}"

    def audit_government_id(self) -> int | None:
        return self.node.government_id


class BudgetMonth(AuditedModel):
    """One month of a sub-activity: cash plan, money spent, and physical progress planned and achieved.

    Physical progress is entered as cumulative percent by the agency, never derived from spending.
    """

    scope = Scope(area=MONITORING, government="budget__node__government", agency="budget__node__agency")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="months", verbose_name=_("budget"))
    month = models.PositiveSmallIntegerField(_("month"))
    cash_plan = models.DecimalField(_("cash plan (anggaran kas)"), default=0, **RUPIAH)
    spent = models.DecimalField(_("financial realization"), null=True, blank=True, **RUPIAH)
    physical_plan = models.DecimalField(_("physical progress planned (cumulative %)"), null=True, blank=True, **PERCENT)
    physical_actual = models.DecimalField(
        _("physical progress achieved (cumulative %)"), null=True, blank=True, **PERCENT
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["budget", "month"]
        verbose_name = _("budget month")
        verbose_name_plural = _("budget months")
        constraints = [
            models.UniqueConstraint(fields=["budget", "month"], name="budget_month_unique"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="budget_month_valid"),
            models.CheckConstraint(
                condition=Q(cash_plan__gte=0) & (Q(spent__isnull=True) | Q(spent__gte=0)), name="budget_month_amounts"
            ),
            models.CheckConstraint(
                condition=(Q(physical_plan__isnull=True) | Q(physical_plan__gte=0, physical_plan__lte=100))
                & (Q(physical_actual__isnull=True) | Q(physical_actual__gte=0, physical_actual__lte=100)),
                name="budget_month_physical_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}/{self.month}"

    def audit_government_id(self) -> int | None:
        return self.budget.node.government_id


TOTAL = {"max_digits": 28, "decimal_places": 4, "null": True}


class IndicatorYearTotal(models.Model):
    """The current values of one indicator in one year, aggregated: what the achievement engine reads.

    Two scopes: the official one (verified values) and the working one (verified and submitted). Kept in
    step by ``totals.refresh`` in the transaction of every change to a counted value, and rebuilt from
    the realizations by ``manage.py monitoring_totals --rebuild`` (``--check`` compares without writing).
    Derived data, never edited: it carries no audit trail of its own; the realizations do.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="year_totals")
    year = models.PositiveSmallIntegerField()
    verified_sum = models.DecimalField(**TOTAL)
    verified_count = models.PositiveSmallIntegerField(default=0)
    verified_max = models.DecimalField(**TOTAL)
    verified_last = models.DecimalField(**TOTAL)
    working_sum = models.DecimalField(**TOTAL)
    working_count = models.PositiveSmallIntegerField(default=0)
    working_max = models.DecimalField(**TOTAL)
    working_last = models.DecimalField(**TOTAL)
    # The verified values with at least one evidence file: the reality check's share without evidence.
    verified_documented = models.PositiveSmallIntegerField(default=0)
    # The working scope's values per quarter of the year (a month counts in its quarter), and those of them
    # submitted on time: the completeness board reads these instead of counting every value of the year.
    counted_q1 = models.PositiveSmallIntegerField(default=0)
    counted_q2 = models.PositiveSmallIntegerField(default=0)
    counted_q3 = models.PositiveSmallIntegerField(default=0)
    counted_q4 = models.PositiveSmallIntegerField(default=0)
    on_time_q1 = models.PositiveSmallIntegerField(default=0)
    on_time_q2 = models.PositiveSmallIntegerField(default=0)
    on_time_q3 = models.PositiveSmallIntegerField(default=0)
    on_time_q4 = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_year_total_once")]
        indexes = [
            # Covering what the achievement engine reads of a year's totals, in either scope: read from the
            # index alone, not from a row per indicator.
            models.Index(
                fields=[
                    "indicator", "year", "verified_count", "verified_sum", "verified_max", "verified_last",
                    "working_count", "working_sum", "working_max", "working_last",
                ],
                name="year_total_engine_idx",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}"


class BudgetToDate(models.Model):
    """A budget's figures to the end of each month, 1 to 12: what the overview and the reality check read.

    ``cash_plan`` and ``spent`` are the sums of months 1 to ``month``; ``physical_plan`` and
    ``physical_actual`` the last percent entered up to ``month``; ``physical_entered`` the percent entered
    for ``month`` itself. One row per month for every budget with at least one month entered, so a page
    reads one row per budget whatever the month, instead of aggregating every month row. Kept in step by
    ``totals.refresh_budget`` in the transaction of every change to a month (``receivers.py``) and rebuilt
    by ``manage.py monitoring_totals --rebuild``. Derived data, never edited: the months carry the audit.
    """

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="to_date")
    month = models.PositiveSmallIntegerField()
    cash_plan = models.DecimalField(max_digits=22, decimal_places=2, default=0)
    spent = models.DecimalField(max_digits=22, decimal_places=2, default=0)
    physical_plan = models.DecimalField(null=True, **PERCENT)
    physical_actual = models.DecimalField(null=True, **PERCENT)
    physical_entered = models.DecimalField(null=True, **PERCENT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["budget", "month"], name="budget_to_date_once")]
        indexes = [models.Index(fields=["month", "budget"], name="budget_to_date_month")]

    def __str__(self) -> str:
        return f"{self.budget_id}/{self.month}"


class ReminderLog(models.Model):
    """That a user got the digest of a day: the guarantee of one e-mail per user per day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    day = models.DateField(_("day"))
    items = models.PositiveIntegerField(_("items"))
    sent = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class ImportJob(TimeStampedModel):
    """An uploaded entry sheet processed in the background, with the progress the page shows."""

    scope = Scope(area=MONITORING, agency="agency")
    objects = RestrictedQuerySet.as_manager()

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, _("Queued")), (RUNNING, _("Running")), (DONE, _("Done")), (FAILED, _("Refused"))]

    government = models.ForeignKey(Government, on_delete=models.CASCADE, related_name="+", verbose_name=_("government"))
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("agency"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("period")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=QUEUED)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("rows checked"), default=0)
    saved = models.PositiveIntegerField(_("values saved"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status in (self.DONE, self.FAILED):
            return 100
        return int(self.processed * 100 / self.total) if self.total else 0


class NarrativeState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved by Bappeda")
    RETURNED = "returned", _("Returned for revision")


class Narrative(AuditedModel):
    """What an agency writes about a year's performance: per objective (the causes of success and failure,
    the solutions taken, what the next plan must do) and once for the agency (``objective`` empty: the
    introduction and the closing of its LKjIP). Reviewed by Bappeda; the LKjIP and the Permendagri 86/2017
    evaluation form read the approved text. With ``agency`` empty it is the government's own (its LKjIP: per
    RPJMD objective, and its introduction and closing), written by Bappeda and reviewed by another planner."""

    scope = Scope(area=MONITORING, agency="agency", shared=Q(agency__isnull=True))

    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+", verbose_name=_("government"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="narratives", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    objective = models.ForeignKey(
        PlanNode, on_delete=models.PROTECT, null=True, blank=True, related_name="narratives",
        verbose_name=_("objective"),
    )  # fmt: skip
    drivers = models.TextField(_("factors behind the success"), blank=True)
    inhibitors = models.TextField(_("factors behind the shortfall"), blank=True)
    solutions = models.TextField(_("solutions taken"), blank=True)
    next_steps = models.TextField(_("follow-up in the next plan"), blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    closing = models.TextField(_("closing"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=NarrativeState.choices, default=NarrativeState.DRAFT)
    review_note = models.TextField(_("note of the review"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["agency", "year", "objective"]
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "objective"], name="narrative_once_per_objective",
                condition=Q(objective__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["agency", "year"], name="narrative_once_per_agency", condition=Q(objective__isnull=True)
            ),
            models.UniqueConstraint(
                fields=["government", "year", "objective"], name="narrative_government_once_per_objective",
                condition=Q(agency__isnull=True, objective__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["government", "year"], name="narrative_government_once",
                condition=Q(agency__isnull=True, objective__isnull=True),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.agency_id or 'pemda'} {self.year} {self.objective_id or '-'}: {self.state}"
