"""Projects with milestones and monthly progress, obstacles with follow-ups, meetings with directives."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditedModel, Government, Region
from kinerja.core.querysets import Scope
from kinerja.planning.models import Indicator, PlanNode
from kinerja.projects.choices import (
    Category,
    DirectiveStatus,
    Escalation,
    FundingSource,
    Health,
    ObstacleCategory,
    ObstacleStatus,
    Phase,
    Sector,
    Severity,
)
from kinerja.projects.permissions import DIRECTIVES, PROJECTS

RUPIAH = {"max_digits": 20, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


def photo_path(instance, filename: str) -> str:
    return f"projects/photos/{instance.sha256[:2]}/{instance.sha256}"


def evidence_path(instance, filename: str) -> str:
    return f"projects/evidence/{instance.sha256[:2]}/{instance.sha256}"


class Project(AuditedModel):
    """An infrastructure or priority project followed by the leadership, owned by one agency.

    ``health`` and the facts that explain it are computed from the latest progress report and the milestones
    (``kinerja.projects.status``) and stored so that lists of thousands of projects read one row each;
    every report or milestone change refreshes them, and ``projects_refresh`` does so daily because a
    milestone grows later with every day.
    """

    scope = Scope(area=PROJECTS, agency="agency")

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="projects", verbose_name=_("government")
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="projects", verbose_name=_("owning agency")
    )
    partner_agencies = models.ManyToManyField(
        Agency, blank=True, related_name="partner_projects", verbose_name=_("partner agencies")
    )
    partners = models.TextField(
        _("partner institutions"), blank=True, help_text=_("Ministries, BUMN/BUMD, investors: one per line.")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("regency or city"),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    value = models.DecimalField(_("value (Rp)"), **RUPIAH)
    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    phase = models.CharField(_("status"), max_length=16, choices=Phase.choices, default=Phase.PREPARATION)
    funded_by = models.ManyToManyField(
        PlanNode,
        blank=True,
        related_name="projects",
        verbose_name=_("funding sub-activities"),
        limit_choices_to={"kind": "sub_activity"},
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="projects", verbose_name=_("key indicators")
    )
    key_outputs = models.TextField(_("key outputs"), blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    note = models.TextField(_("note"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    # Computed (see the class docstring).
    health = models.CharField(_("progress status"), max_length=12, choices=Health.choices, default=Health.NOT_STARTED)
    health_on = models.DateField(_("status computed on"), null=True, blank=True)
    physical_plan = models.DecimalField(_("planned progress"), max_digits=5, decimal_places=2, null=True, blank=True)
    physical_actual = models.DecimalField(_("actual progress"), max_digits=5, decimal_places=2, null=True, blank=True)
    deviation = models.DecimalField(_("deviation"), max_digits=6, decimal_places=2, null=True, blank=True)
    last_report_month = models.DateField(_("last report"), null=True, blank=True)
    late_milestone = models.CharField(_("latest open milestone"), max_length=255, blank=True)
    late_days = models.PositiveIntegerField(_("days late"), null=True, blank=True)
    late_count = models.PositiveSmallIntegerField(_("milestones late"), default=0)

    # Derived values, refreshed by the system: not data anyone enters, so not audited.
    audit_exclude = frozenset(
        {
            "health",
            "health_on",
            "physical_plan",
            "physical_actual",
            "deviation",
            "last_report_month",
            "late_milestone",
            "late_days",
            "late_count",
        }
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.UniqueConstraint(fields=["government", "code"], name="project_unique_code"),
            models.CheckConstraint(condition=Q(planned_end__gte=models.F("start")), name="project_end_after_start"),
            models.CheckConstraint(condition=Q(value__gte=0), name="project_value_not_negative"),
        ]
        indexes = [
            models.Index(fields=["government", "health", "category"], name="project_health_idx"),
            models.Index(fields=["agency", "health"], name="project_agency_health_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectHealthChange(models.Model):
    """That a project's computed progress status changed: written by ``services.refresh_health`` when the
    recomputed health differs from the stored one (a project's first computation is not a change).

    Derived by the system, like the health itself, so not audited; the weekly brief reads the changes of its
    week. ``changed_at`` is when the recomputation ran (the start of its day when it stands for another day).
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="health_changes", verbose_name=_("project")
    )
    old_health = models.CharField(_("status before"), max_length=12, choices=Health.choices)
    new_health = models.CharField(_("status after"), max_length=12, choices=Health.choices)
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("project status change")
        verbose_name_plural = _("project status changes")
        indexes = [models.Index(fields=["changed_at"], name="project_health_change_idx")]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.old_health} → {self.new_health}"


class Funding(AuditedModel):
    """One funding source of a project with its amount."""

    scope = Scope(area=PROJECTS, government="project__government", agency="project__agency")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fundings", verbose_name=_("project"))
    source = models.CharField(_("source"), max_length=16, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount (Rp)"), **RUPIAH)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="funding_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


class Milestone(AuditedModel):
    """A dated step of a project: planned, and met (with evidence) or still open."""

    scope = Scope(area=PROJECTS, government="project__government", agency="project__agency")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    title = models.CharField(_("milestone"), max_length=255)
    planned = models.DateField(_("planned date"))
    actual = models.DateField(_("actual date"), null=True, blank=True)
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("type"), max_length=120, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    note = models.TextField(_("note"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "planned", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = [models.Index(fields=["project", "actual", "planned"], name="milestone_open_idx")]

    def __str__(self) -> str:
        return self.title

    def days_late(self, today: datetime.date) -> int:
        """Days past the planned date: until it was met, or until today while it is open (0 when not late)."""
        end = self.actual or today
        return max(0, (end - self.planned).days)


class ProgressReport(AuditedModel):
    """The monthly report: planned and actual physical progress (cumulative percent), money spent, narrative."""

    scope = Scope(area=PROJECTS, government="project__government", agency="project__agency")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("project"))
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    physical_plan = models.DecimalField(_("planned physical progress (%)"), **PERCENT)
    physical_actual = models.DecimalField(_("actual physical progress (%)"), **PERCENT)
    financial = models.DecimalField(_("financial realization to date (Rp)"), **RUPIAH)
    narrative = models.TextField(_("narrative"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["project", "month"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="progress_report_unique_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="progress_report_first_of_month"),
            models.CheckConstraint(
                condition=Q(
                    physical_plan__gte=0, physical_plan__lte=100, physical_actual__gte=0, physical_actual__lte=100
                ),
                name="progress_report_percent_range",
            ),
            models.CheckConstraint(condition=Q(financial__gte=0), name="progress_report_financial_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.month:%m-%Y}"

    @property
    def deviation(self):
        return self.physical_actual - self.physical_plan

    def days_late(self, limit) -> int:
        """Days the month's report was first filed after it was due (a correction later changes nothing)."""
        from django.utils import timezone

        from kinerja.projects import status

        return max(0, (timezone.localdate(self.created) - status.report_due(self.month, limit)).days)


class Photo(AuditedModel):
    """A site photo attached to a monthly report, its type checked by content."""

    scope = Scope(area=PROJECTS, government="report__project__government", agency="report__project__agency")

    report = models.ForeignKey(
        ProgressReport, on_delete=models.CASCADE, related_name="photos", verbose_name=_("report")
    )
    image = models.FileField(_("photo"), upload_to=photo_path, max_length=200)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # From the photo's EXIF, read once at upload (kinerja.core.exif): the reality check compares them with
    # the month reported and the project's site.
    taken_at = models.DateTimeField(_("taken (EXIF)"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or f"{self.report}"


class Obstacle(AuditedModel):
    """A hambatan on a project, an agency or a plan node, followed until resolved; escalated as it ages."""

    scope = Scope(area=PROJECTS, agency="agency")

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="obstacles", verbose_name=_("government")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="obstacles", verbose_name=_("agency"))
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="obstacles", verbose_name=_("project")
    )
    plan_node = models.ForeignKey(
        PlanNode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obstacles",
        verbose_name=_("plan node"),
    )
    title = models.CharField(_("obstacle"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=ObstacleCategory.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    raised_on = models.DateField(_("raised on"))
    owner = models.CharField(_("owner"), max_length=255, help_text=_("Who must resolve it (name or position)."))
    status = models.CharField(_("status"), max_length=12, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation level"), choices=Escalation.choices, default=Escalation.AGENCY
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["raised_on", "id"]
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ObstacleStatus.RESOLVED, resolved_on__isnull=False)
                | (~Q(status=ObstacleStatus.RESOLVED) & Q(resolved_on__isnull=True)),
                name="obstacle_resolved_date",
            ),
        ]
        indexes = [models.Index(fields=["government", "status", "raised_on"], name="obstacle_open_idx")]

    def __str__(self) -> str:
        return self.title

    def age(self, today: datetime.date) -> int:
        return ((self.resolved_on or today) - self.raised_on).days

    def escalation_level(self, today: datetime.date) -> int:
        """The escalation level reached by ``today`` (the recorded one once resolved); see status.escalation_level."""
        from kinerja.projects import status

        if self.status == ObstacleStatus.RESOLVED:
            return self.escalation
        return status.escalation_level(
            level=self.escalation,
            since=self.escalated_on or self.raised_on,
            today=today,
            days=status.escalation_days(),
            top=Escalation.CENTRAL,
        )

    def escalation_label(self, today: datetime.date) -> str:
        return str(Escalation(self.escalation_level(today)).label)


class FollowUp(AuditedModel):
    """An action taken on an obstacle: who, by when, and what came of it."""

    scope = Scope(area=PROJECTS, government="obstacle__government", agency="obstacle__agency")

    obstacle = models.ForeignKey(
        Obstacle, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("obstacle")
    )
    action = models.TextField(_("action"))
    responsible = models.CharField(_("responsible party"), max_length=255)
    due = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["obstacle", "due", "id"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [models.Index(fields=["done_on", "due"], name="follow_up_open_idx")]

    def __str__(self) -> str:
        return Truncator(self.action).chars(80)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due < today


class Meeting(AuditedModel):
    """A coordination meeting (rakor) and its minutes; its directives follow."""

    scope = Scope(area=DIRECTIVES, agency=None)

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("government")
    )
    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    chair = models.CharField(_("chair"), max_length=255)
    attendees = models.ManyToManyField(
        Agency, blank=True, related_name="meetings", verbose_name=_("attending agencies")
    )
    other_attendees = models.TextField(_("other attendees"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"


class Directive(AuditedModel):
    """A directive or commitment issued at a meeting, addressed to one or more agencies."""

    scope = Scope(area=DIRECTIVES, government="meeting__government", agency=None)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="directives", verbose_name=_("meeting"))
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("directive"))
    due = models.DateField(_("due date"))
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="directives", verbose_name=_("project")
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="directive_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {Truncator(self.text).chars(80)}"


class Assignment(AuditedModel):
    """A directive as one agency must carry it out: its status there and its latest follow-up."""

    scope = Scope(area=DIRECTIVES, government="directive__meeting__government", agency="agency")

    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("directive")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("agency"))
    status = models.CharField(
        _("status"), max_length=12, choices=DirectiveStatus.choices, default=DirectiveStatus.NOT_STARTED
    )
    reported_on = models.DateField(_("last follow-up"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["directive", "agency__name"]
        verbose_name = _("directive of an agency")
        verbose_name_plural = _("directives of agencies")
        constraints = [models.UniqueConstraint(fields=["directive", "agency"], name="assignment_unique_agency")]
        indexes = [models.Index(fields=["agency", "status"], name="assignment_agency_status_idx")]

    def __str__(self) -> str:
        return f"{self.directive} · {self.agency}"


class DirectiveReport(AuditedModel):
    """A follow-up an agency reports on a directive, with its evidence."""

    scope = Scope(area=DIRECTIVES, government="assignment__directive__meeting__government", agency="assignment__agency")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("directive of an agency")
    )
    status = models.CharField(_("status"), max_length=12, choices=DirectiveStatus.choices)
    text = models.TextField(_("follow-up"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("type"), max_length=120, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )

    class Meta:
        ordering = ["assignment", "created", "id"]
        verbose_name = _("directive follow-up")
        verbose_name_plural = _("directive follow-ups")

    def __str__(self) -> str:
        return Truncator(self.text).chars(80)
