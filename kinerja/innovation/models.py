"""Innovations (PP 38/2017), the services they change with before/after measures, the IID catalogue per
assessment year, and the agencies' claims of a parameter level per indicator with their review.

A catalogue is reference data shared by every government (like the survey methods): once a claim uses it,
neither it nor its indicators can be changed or deleted (``CatalogueInUse``); a new year is a new catalogue.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinerja.core.models import Agency, AuditedModel, Government, Region, ServiceUnit, TimeStampedModel
from kinerja.core.querysets import RestrictedQuerySet, Scope
from kinerja.innovation.choices import (
    URUSAN,
    ClaimState,
    Form,
    Initiator,
    MeasureKind,
    ReviewState,
    Stage,
    TimeUnit,
)
from kinerja.innovation.permissions import INNOVATION
from kinerja.planning.models import PlanNode

RUPIAH = {"max_digits": 20, "decimal_places": 2}
AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class CatalogueInUse(ValidationError):
    """A catalogue (or one of its indicators) that claims use is never changed: a new year is a new catalogue."""


def _refuse_if_used(catalogue_id) -> None:
    if catalogue_id and Claim.objects.filter(indicator__catalogue_id=catalogue_id).exists():
        raise CatalogueInUse(
            _("This catalogue is used by claims and cannot be changed; install a new catalogue for a new year.")
        )


class Catalogue(TimeStampedModel):
    """The IID indicator catalogue of one assessment year: its indicators, the implementation window, the bands."""

    year = models.PositiveSmallIntegerField(_("assessment year"), unique=True)
    name = models.CharField(_("name"), max_length=255)
    regulation = models.CharField(_("regulation"), max_length=255)
    window_start = models.DateField(_("implementation from"))
    window_end = models.DateField(_("implementation until"))
    min_design_words = models.PositiveIntegerField(_("minimum words of the rancang bangun"), default=300)
    # [[exclusive lower bound, band code, label], …] from the best band down; 0 or less cannot be assessed.
    bands = models.JSONField(_("bands"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("IID catalogue")
        verbose_name_plural = _("IID catalogues")
        constraints = [
            models.CheckConstraint(condition=Q(window_end__gte=models.F("window_start")), name="catalogue_window")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        _refuse_if_used(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_used(self.pk)
        return super().delete(*args, **kwargs)

    @property
    def band_table(self):
        from decimal import Decimal

        return tuple((Decimal(str(lower)), code) for lower, code, _label in self.bands)

    def band_label(self, code: str) -> str:
        for _lower, band, label in self.bands:
            if band == code:
                return label
        return str(_("Cannot be assessed"))


class CatalogueIndicator(TimeStampedModel):
    """One SID indicator of a catalogue: weight, the three parameter levels, the evidence it needs."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.PROTECT, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("indicator"), max_length=255)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])
    level_1 = models.CharField(_("parameter 1"), max_length=500)
    level_2 = models.CharField(_("parameter 2"), max_length=500)
    level_3 = models.CharField(_("parameter 3"), max_length=500)
    evidence = models.CharField(_("evidence required"), max_length=500)
    mandatory = models.BooleanField(_("mandatory"), default=False)

    class Meta:
        ordering = ["catalogue", "number"]
        verbose_name = _("IID indicator")
        verbose_name_plural = _("IID indicators")
        constraints = [models.UniqueConstraint(fields=["catalogue", "number"], name="catalogue_indicator_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def save(self, *args, **kwargs):
        _refuse_if_used(self.catalogue_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_used(self.catalogue_id)
        return super().delete(*args, **kwargs)

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(1, self.level_1), (2, self.level_2), (3, self.level_3)]


class Innovation(AuditedModel):
    """A regional innovation (inovasi daerah) of one agency, from inisiatif through uji coba to penerapan."""

    scope = Scope(area=INNOVATION, agency="agency")

    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="innovations", verbose_name=_("government")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="innovations", verbose_name=_("agency"))
    service_unit = models.ForeignKey(
        ServiceUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
        verbose_name=_("service unit"),
        help_text=_("Where the innovation serves the public; its IKM is shown before and after."),
    )
    name = models.CharField(_("name"), max_length=255)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    urusan = models.CharField(_("government affair (urusan)"), max_length=5, choices=URUSAN)
    initiator = models.CharField(_("initiator"), max_length=10, choices=Initiator.choices)
    is_digital = models.BooleanField(_("digital"), default=False)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.INITIATIVE)
    initiated_on = models.DateField(_("initiative since"))
    trial_on = models.DateField(_("trial since"), null=True, blank=True)
    implemented_on = models.DateField(_("implementation since"), null=True, blank=True)
    plan_node = models.ForeignKey(
        PlanNode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="innovations",
        verbose_name=_("plan node"),
        help_text=_("The program or activity of the performance tree the innovation serves."),
    )
    sub_activity = models.ForeignKey(
        PlanNode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_innovations",
        verbose_name=_("funding sub-activity"),
        limit_choices_to={"kind": "sub_activity"},
    )
    budget = models.DecimalField(_("budget (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)], **RUPIAH)
    design = models.TextField(_("design (rancang bangun)"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    results = models.TextField(_("results"), blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="innovations", verbose_name=_("region")
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    person_in_charge = models.CharField(_("person in charge"), max_length=200)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    video_url = models.URLField(_("video"), max_length=500, blank=True)
    adopted_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name=_("replicates"),
    )
    review_state = models.CharField(_("review"), max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="innovation_name_once_per_agency"),
            models.CheckConstraint(
                condition=Q(trial_on__isnull=True) | Q(trial_on__gte=models.F("initiated_on")),
                name="innovation_trial_after_initiative",
            ),
            models.CheckConstraint(
                condition=Q(implemented_on__isnull=True) | Q(implemented_on__gte=models.F("initiated_on")),
                name="innovation_implementation_after_initiative",
            ),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="innovation_budget"),
        ]
        indexes = [models.Index(fields=["government", "stage", "review_state"], name="innovation_stage_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def design_words(self) -> int:
        return len(self.design.split())

    @property
    def is_public(self) -> bool:
        return self.stage == Stage.IMPLEMENTATION and self.review_state == ReviewState.REVIEWED


def _evidence_path(instance, filename: str) -> str:
    return f"innovation/{instance.sha256[:2]}/{instance.sha256}"


class EvidenceMixin(models.Model):
    """A supporting file (checked by content, stored under its SHA-256) or a link."""

    evidence_file = models.FileField(_("evidence file"), upload_to=_evidence_path, max_length=200, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("type"), max_length=120, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_link)


class ServiceChange(AuditedModel):
    """A service the innovation changes (as its service standard names it)."""

    scope = Scope(area=INNOVATION, government="innovation__government", agency="innovation__agency")

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="changes")
    service = models.CharField(_("service"), max_length=255)
    standard = models.CharField(
        _("service standard"), max_length=255, blank=True, help_text=_("The decree setting the service standard.")
    )
    time_unit = models.CharField(_("service time in"), max_length=5, choices=TimeUnit.choices, default=TimeUnit.DAYS)
    # Raised by every change of the service or of one of its measures: the page edits them together.
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["innovation", "service", "id"]
        verbose_name = _("changed service")
        verbose_name_plural = _("changed services")
        constraints = [models.UniqueConstraint(fields=["innovation", "service"], name="service_change_once")]

    def __str__(self) -> str:
        return self.service


class Measure(EvidenceMixin, AuditedModel):
    """One before/after measure of a changed service (steps, documents, time or cost), with its evidence."""

    scope = Scope(area=INNOVATION, government="change__innovation__government", agency="change__innovation__agency")

    change = models.ForeignKey(ServiceChange, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("measure"), max_length=10, choices=MeasureKind.choices)
    before = models.DecimalField(_("before"), **AMOUNT)
    after = models.DecimalField(_("after"), **AMOUNT)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["change", "kind"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["change", "kind"], name="measure_once_per_service"),
            models.CheckConstraint(condition=Q(before__gte=0) & Q(after__gte=0), name="measure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.change} · {self.get_kind_display()}"

    @property
    def cut(self):
        from kinerja.innovation.formulas import service_cut

        return service_cut(before=self.before, after=self.after)


class Claim(EvidenceMixin, AuditedModel):
    """The agency's claim of a parameter level for one indicator of one innovation, and its review."""

    scope = Scope(area=INNOVATION, government="innovation__government", agency="innovation__agency")

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="claims")
    indicator = models.ForeignKey(CatalogueIndicator, on_delete=models.PROTECT, related_name="claims")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(3)], help_text=_("Parameter level 1–3.")
    )
    explanation = models.TextField(_("explanation"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=ClaimState.choices, default=ClaimState.SUBMITTED)
    review_note = models.TextField(_("review note"), blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["innovation", "indicator__number"]
        verbose_name = _("IID claim")
        verbose_name_plural = _("IID claims")
        constraints = [
            models.UniqueConstraint(fields=["innovation", "indicator"], name="claim_once_per_indicator"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=3), name="claim_level_1_to_3"),
        ]

    def __str__(self) -> str:
        return f"{self.innovation} · {self.indicator.number}"
