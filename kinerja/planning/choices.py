from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    RPJMD = "rpjmd", _("RPJMD")
    RENSTRA = "renstra", _("Renstra")


class PeriodStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class NodeKind(models.TextChoices):
    VISION = "vision", _("Vision")
    MISSION = "mission", _("Mission")
    GOAL = "goal", _("Goal")
    OBJECTIVE = "objective", _("Objective")
    PROGRAM = "program", _("Program")
    ACTIVITY = "activity", _("Activity")
    SUB_ACTIVITY = "sub_activity", _("Sub-activity")


# The tree's levels in order; a node's parent is the level right above it.
NODE_KIND_ORDER = [kind.value for kind in NodeKind]
ALLOWED_PARENT = {kind: (NODE_KIND_ORDER[i - 1] if i else None) for i, kind in enumerate(NODE_KIND_ORDER)}
CHILD_KIND = {parent: kind for kind, parent in ALLOWED_PARENT.items() if parent}
CODED_KINDS = frozenset({NodeKind.PROGRAM, NodeKind.ACTIVITY, NodeKind.SUB_ACTIVITY})
AGENCY_KINDS = CODED_KINDS  # kinds that always belong to an agency


class Polarity(models.TextChoices):
    POSITIVE = "positive", _("Higher is better")
    NEGATIVE = "negative", _("Lower is better")
    RANGE = "range", _("Within a range")


class IndicatorType(models.TextChoices):
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")
    PROCESS = "process", _("Process")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMESTER = "semester", _("Per semester")
    ANNUAL = "annual", _("Annual")


class Accumulation(models.TextChoices):
    SUM = "sum", _("Sum of the periods")
    LAST = "last", _("Last value")
    AVERAGE = "average", _("Average")
    MAX = "max", _("Maximum")


class TargetPeriod(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class NomenclatureLevel(models.TextChoices):
    URUSAN = "urusan", _("Affair (urusan)")
    BIDANG = "bidang", _("Field (bidang urusan)")
    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Activity (kegiatan)")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub-activity (sub kegiatan)")


NODE_KIND_TO_NOMENCLATURE = {
    NodeKind.PROGRAM: NomenclatureLevel.PROGRAM,
    NodeKind.ACTIVITY: NomenclatureLevel.KEGIATAN,
    NodeKind.SUB_ACTIVITY: NomenclatureLevel.SUB_KEGIATAN,
}
