"""The performance tree: plan periods, plan nodes, indicators, targets, and the SIPD nomenclature."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditedModel, Government, TimeStampedModel
from kinerja.core.querysets import Scope
from kinerja.planning.choices import (
    AGENCY_KINDS,
    Accumulation,
    Frequency,
    IndicatorType,
    NodeKind,
    NomenclatureLevel,
    PeriodKind,
    PeriodStatus,
    Polarity,
    TargetPeriod,
)
from kinerja.planning.permissions import PLANNING

AMOUNT = {"max_digits": 22, "decimal_places": 4}


class NomenclatureVersion(TimeStampedModel):
    """One loaded version of the official SIPD nomenclature (a code list of a regulation year)."""

    label = models.CharField(_("label"), max_length=200, unique=True)
    regulation = models.CharField(_("regulation"), max_length=300)
    source_sha256 = models.CharField(_("SHA-256 of the source file"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    is_active = models.BooleanField(_("in use"), default=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("nomenclature version")
        verbose_name_plural = _("nomenclature versions")
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="nomenclature_one_active")
        ]

    def __str__(self) -> str:
        return self.label


class NomenclatureItem(models.Model):
    """One code of the nomenclature: urusan, bidang, program, kegiatan or sub kegiatan."""

    version = models.ForeignKey(
        NomenclatureVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("version")
    )
    code = models.CharField(_("code"), max_length=40)
    level = models.CharField(_("level"), max_length=20, choices=NomenclatureLevel.choices)
    name = models.TextField(_("name"))
    government_level = models.CharField(_("government level"), max_length=10)
    indicator = models.TextField(_("output indicator"), blank=True)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    regulation = models.CharField(_("regulation"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("nomenclature item")
        verbose_name_plural = _("nomenclature items")
        constraints = [
            models.UniqueConstraint(fields=["version", "code", "government_level"], name="nomenclature_unique_code")
        ]
        indexes = [models.Index(fields=["version", "level", "code"], name="nomenclature_level_code_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PlanPeriod(AuditedModel):
    """A plan and its version: the RPJMD of a government or an agency's Renstra.

    An amendment (perubahan) copies the tree into a new version and marks this one superseded; the
    superseded version stays readable and can no longer be edited.
    """

    scope = Scope(area=PLANNING, agency="agency", shared=Q(agency__isnull=True))

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="plan_periods", verbose_name=_("government")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_periods", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_version", verbose_name=_("amends")
    )
    status = models.CharField(_("status"), max_length=12, choices=PeriodStatus.choices, default=PeriodStatus.ACTIVE)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)

    class Meta:
        ordering = ["-start_year", "kind", "-version"]
        verbose_name = _("plan period")
        verbose_name_plural = _("plan periods")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="period_years_ordered"),
            models.CheckConstraint(
                condition=Q(kind=PeriodKind.RPJMD, agency__isnull=True)
                | Q(kind=PeriodKind.RENSTRA, agency__isnull=False),
                name="period_renstra_has_agency",
            ),
            models.UniqueConstraint(
                fields=["government", "kind", "start_year", "version"],
                condition=Q(agency__isnull=True),
                name="period_unique_version",
            ),
            models.UniqueConstraint(
                fields=["government", "kind", "agency", "start_year", "version"], name="period_unique_agency_version"
            ),
        ]

    def __str__(self) -> str:
        suffix = f" (v{self.version})" if self.version > 1 else ""
        return f"{self.name}{suffix}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_editable(self) -> bool:
        return self.status == PeriodStatus.ACTIVE


class PlanNode(AuditedModel):
    """A node of the performance tree: vision, mission, goal, objective, program, activity or sub-activity.

    ``path`` lists the ids from the root to the node ("/1/5/22/"), so that ancestors and subtrees are
    read in one query. The parent kind rule (and with it acyclicity, since kinds strictly descend) is
    enforced by the services and by database triggers (see the migrations).
    """

    scope = Scope(area=PLANNING, agency="agency", shared=Q(agency__isnull=True))
    audit_exclude = ("path",)

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="plan_nodes", verbose_name=_("government")
    )
    period = models.ForeignKey(
        PlanPeriod, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("plan period")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_nodes", verbose_name=_("agency")
    )
    code = models.CharField(_("code"), max_length=40)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    path = models.CharField(_("path"), max_length=400, db_index=True, editable=False)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    note = models.TextField(_("note"), blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["position", "code", "id"]
        verbose_name = _("plan node")
        verbose_name_plural = _("plan nodes")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=[k.value for k in NodeKind]), name="node_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=NodeKind.VISION, parent__isnull=True)
                | (~Q(kind=NodeKind.VISION) & Q(parent__isnull=False)),
                name="node_only_vision_is_root",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(AGENCY_KINDS)) | Q(agency__isnull=False),
                name="node_budgeted_kinds_have_agency",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="node_not_own_parent"),
            models.CheckConstraint(condition=~Q(code=""), name="node_code_not_empty"),
            models.UniqueConstraint(
                fields=["period", "code"], condition=Q(agency__isnull=True), name="node_unique_shared_code"
            ),
            models.UniqueConstraint(fields=["period", "agency", "code"], name="node_unique_agency_code"),
        ]
        indexes = [
            models.Index(fields=["period", "parent", "position"], name="node_children_idx"),
            models.Index(fields=["period", "agency", "kind"], name="node_agency_kind_idx"),
            models.Index(fields=["period", "code"], name="node_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}" if self.code else self.title

    @property
    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1


class Indicator(AuditedModel):
    """A measure attached to a plan node, with its semantics (polarity, accumulation, precision)."""

    scope = Scope(area=PLANNING, agency="node__agency", shared=Q(node__agency__isnull=True))

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("government")
    )
    node = models.ForeignKey(PlanNode, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan node"))
    name = models.TextField(_("name"))
    unit = models.CharField(_("unit"), max_length=100)
    polarity = models.CharField(_("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.POSITIVE)
    indicator_type = models.CharField(_("type"), max_length=10, choices=IndicatorType.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.ANNUAL)
    accumulation = models.CharField(
        _("accumulation"), max_length=10, choices=Accumulation.choices, default=Accumulation.LAST
    )
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **AMOUNT)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    precision = models.PositiveSmallIntegerField(_("decimal places"), default=2)
    definition = models.TextField(_("definition and formula"), blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    responsible_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_indicators",
        verbose_name=_("responsible agency"),
    )
    is_key = models.BooleanField(_("key indicator (IKU)"), default=False)
    final_target = models.DecimalField(_("final target of the period"), null=True, blank=True, **AMOUNT)
    final_target_high = models.DecimalField(_("final target, upper bound"), null=True, blank=True, **AMOUNT)
    # A national standard the indicator is compared with in the LKjIP (Bab III A, PermenPAN-RB 53/2014): an
    # SPM standard, a national RPJMN target or a national average, with where it is set.
    national_standard = models.DecimalField(_("national standard"), null=True, blank=True, **AMOUNT)
    national_standard_source = models.CharField(_("source of the national standard"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(precision__lte=6), name="indicator_precision_max_6"),
            models.CheckConstraint(
                condition=Q(final_target_high__isnull=True)
                | Q(final_target__isnull=False, final_target_high__gte=F("final_target")),
                name="indicator_final_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(national_standard__isnull=False) | Q(national_standard_source=""),
                name="indicator_standard_source_needs_value",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Target(AuditedModel):
    """The value an indicator should reach in a year, or in a quarter or month of it."""

    scope = Scope(
        area=PLANNING,
        government="indicator__government",
        agency="indicator__node__agency",
        shared=Q(indicator__node__agency__isnull=True),
    )

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(_("period"), max_length=10, choices=TargetPeriod.choices, default=TargetPeriod.YEAR)
    period_no = models.PositiveSmallIntegerField(_("period number"), default=0)
    value = models.DecimalField(_("target"), **AMOUNT)
    value_high = models.DecimalField(_("target, upper bound"), null=True, blank=True, **AMOUNT)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["year", "period_kind", "period_no"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        indexes = [
            # Covering the achievement engine's join (an indicator's target of a year and kind): the database
            # reads the index alone, not a row per indicator (a quarter less time for a government at 10x).
            models.Index(fields=["indicator", "year", "period_kind", "value", "value_high"], name="target_value_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period_kind", "period_no"], name="target_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(value_high__isnull=True) | Q(value_high__gte=F("value")), name="target_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(period_kind=TargetPeriod.YEAR, period_no=0)
                | Q(period_kind=TargetPeriod.QUARTER, period_no__gte=1, period_no__lte=4)
                | Q(period_kind=TargetPeriod.MONTH, period_no__gte=1, period_no__lte=12),
                name="target_period_number_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        if self.period_kind == TargetPeriod.QUARTER:
            return f"{self.year} TW {['I', 'II', 'III', 'IV'][self.period_no - 1]}"
        if self.period_kind == TargetPeriod.MONTH:
            return f"{self.year}-{self.period_no:02d}"
        return str(self.year)

    def audit_government_id(self) -> int | None:
        return self.indicator.government_id
