"""Reads of monitoring data: what is due, achievements computed in the database, early warnings.

Achievement is never stored: it is computed from the targets and the current realizations, with the
formulas of ``formulas.py``. The annual realization of every indicator comes from its year totals (sum,
count, maximum and last value, see totals.py), read in the same query as the indicator and its target,
so the cost does not grow with the number of periods; the formulas then run once per indicator.

Each indicator has two achievements: against the annual target, and against the target to date
(for a summed indicator, the annual target pro rata to the periods elapsed). "To date" counts ended
periods only (``kinerja.core.periods``): the current month is not yet due. Roll-ups, all plain
(unweighted) means of the indicator achievements that can be computed:
- a node: the indicators attached to it;
- an agency: every indicator it reports (its nodes' indicators, and shared indicators it is responsible for);
- a mission (or any node's subtree): every indicator attached to a node of the subtree.
Only verified values count, unless ``include_submitted`` asks for the working view.
"""

import datetime
import operator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, CharField, Count, F, FilteredRelation, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.memory import paused
from kinerja.core.periods import has_ended, last_ended_month
from kinerja.core.querysets import fetch_raw
from kinerja.monitoring import formulas
from kinerja.monitoring.choices import PeriodKind, RealizationState
from kinerja.monitoring.models import (
    Budget,
    BudgetMonth,
    IndicatorYearTotal,
    Realization,
    ReportingPeriod,
)
from kinerja.monitoring.services import FREQUENCY_PERIODS
from kinerja.monitoring.totals import QUARTER_FIELDS
from kinerja.planning.models import Indicator, PlanNode

WARNING_THRESHOLD = Decimal(76)


@dataclass(slots=True)
class IndicatorResult:
    """The achievement of one indicator in one year.

    ``name`` and ``unit`` are read with the figures, or (``indicator_results(labels=False)``, for the pages that
    roll up a government without naming its indicators) on first use, all of the results' in one query."""

    indicator_id: int
    _name: str | None
    _unit: str | None
    polarity: str
    accumulation: str
    node_id: int
    node_path: str
    agency_id: int | None
    frequency: str = "annual"
    target: Decimal | None = None
    target_high: Decimal | None = None
    realization: Decimal | None = None
    reported: int = 0
    expected: int = 0
    elapsed: int = 0
    achievement: Decimal | None = None
    target_to_date: Decimal | None = None
    achievement_to_date: Decimal | None = None
    projected: Decimal | None = None
    reason: str = ""
    _labels: "_Labels | None" = field(default=None, compare=False, repr=False)

    @property
    def name(self) -> str:
        if self._name is None and self._labels is not None:
            self._name, self._unit = self._labels.of(self.indicator_id)
        return self._name or ""

    @property
    def unit(self) -> str:
        if self._unit is None and self._labels is not None:
            self._name, self._unit = self._labels.of(self.indicator_id)
        return self._unit or ""

    @property
    def rating(self) -> str | None:
        return formulas.rating(self.achievement) if self.achievement is not None else None

    @property
    def needs_review(self) -> bool:
        return formulas.needs_review(self.achievement)

    @property
    def warning(self) -> bool:
        return self.projected is not None and self.projected < WARNING_THRESHOLD


class _Labels:
    """The names and units of the indicators of a queryset, read in one query the first time one is asked for.

    Shared by the results of one ``indicator_results(labels=False)``: a page that rolls up a government reads
    42,400 names and units at ten times the province only when it shows one of them. Pickled with its query,
    not its rows (a kept result does not read them to be kept)."""

    __slots__ = ("found", "indicators")

    def __init__(self, indicators: QuerySet[Indicator]):
        self.indicators = indicators
        self.found: dict[int, tuple[str, str]] | None = None

    def of(self, pk: int) -> tuple[str, str]:
        if self.found is None:
            rows = self.indicators.order_by().values_list("id", "name", "unit")
            self.found = {row[0]: (row[1], row[2]) for row in rows}
        return self.found.get(pk, ("", ""))

    def __getstate__(self):
        return {"query": self.indicators.query, "found": self.found}

    def __setstate__(self, state):
        self.indicators = Indicator.objects.all()
        self.indicators.query = state["query"]
        self.found = state["found"]


def _last_month(kind: str, number: int) -> int:
    """The last month of reporting period ``number`` of ``kind`` (a month, or a quarter: TW III ends in 9)."""
    return number if kind == PeriodKind.MONTH else 3 * number


def _elapsed_periods(frequency: str, year: int, as_of: datetime.date) -> tuple[int, int]:
    """Return (periods of the indicator ended on ``as_of``, periods in the year)."""
    kind, numbers = FREQUENCY_PERIODS[frequency]
    ended = last_ended_month(year, as_of)
    return sum(1 for number in numbers if _last_month(kind, number) <= ended), len(numbers)


def indicator_results(
    *,
    indicators: QuerySet[Indicator],
    year: int,
    include_submitted: bool = False,
    as_of: datetime.date | None = None,
    labels: bool = True,
) -> dict[int, IndicatorResult]:
    """Compute the annual achievement and the year-end projection of every indicator of the queryset.

    One query whatever the number of values: the indicators with their annual targets and the year's
    totals of their values (``IndicatorYearTotal``, kept in step with the realizations), joined. The
    target to date counts the periods of ``year`` ended on ``as_of`` (today by default).

    ``labels=False`` leaves the indicators' names and units out of that query, for the callers that roll
    the results up without showing them (at ten times the province, interleaved: SQLite 230 -> 215 ms; on
    PostgreSQL 50-60 ms saved on one machine, within the noise on another). A result still gives its name
    when asked, then reading every result's name and unit in one more query (``_Labels``).
    """
    return indicator_results_years(
        indicators=indicators, years=(year,), include_submitted=include_submitted, as_of=as_of, labels=labels
    )[year]


# The columns of an indicator (and its node) in indicator_results_years's rows, before each year's.
_INDICATOR_COLUMNS = (
    "id", "polarity", "accumulation", "frequency", "node_id", "node__path", "node__agency_id", "responsible_agency_id",
)  # fmt: skip


def indicator_results_years(
    *,
    indicators: QuerySet[Indicator],
    years,
    include_submitted: bool = False,
    as_of: datetime.date | None = None,
    labels: bool = True,
) -> dict[int, dict[int, IndicatorResult]]:
    """``indicator_results`` of several years (``{year: results}``) in one query: each indicator and its node
    are read once, with every year's annual target and totals beside them (the leader's home sets a year
    beside the one before; a second query read the 42,400 indicators of ten times the province again)."""
    as_of = as_of or timezone.localdate()
    years = list(dict.fromkeys(years))
    scope = "working" if include_submitted else "verified"
    joins, aggregates, per_year = {}, {}, []
    for i, year in enumerate(years):
        joins[f"annual_{i}"] = FilteredRelation("targets", condition=Q(targets__year=year, targets__period_kind="year"))
        joins[f"totals_{i}"] = FilteredRelation("year_totals", condition=Q(year_totals__year=year))
        # The one aggregate the indicator's accumulation needs (the mean is taken from the sum).
        aggregates[f"aggregate_{i}"] = Case(
            When(accumulation="last", then=F(f"totals_{i}__{scope}_last")),
            When(accumulation="max", then=F(f"totals_{i}__{scope}_max")),
            default=F(f"totals_{i}__{scope}_sum"),
        )
        per_year += [f"annual_{i}__value", f"annual_{i}__value_high", f"totals_{i}__{scope}_count"]
    rows = (
        indicators.order_by()
        .annotate(**joins)
        .annotate(**aggregates)
        # The name and unit, or two NULLs in their place (read on first use, see indicator_results).
        .annotate(
            label_name=F("name") if labels else Value(None, CharField()),
            label_unit=F("unit") if labels else Value(None, CharField()),
        )
        .values_list(*_INDICATOR_COLUMNS, *per_year, *aggregates, "label_name", "label_unit")
    )
    reasons = (
        _("no target for the year"),
        _("no verified value yet"),
        _("target is 0: not computable"),
    )
    shared_labels = None if labels else _Labels(indicators)
    found: dict[int, dict[int, IndicatorResult]] = {}
    # The collector waits for the end (kinerja.core.memory.paused): the results hold no cycles.
    with paused():
        # The rows as the database gives them; each distinct target and total is converted once (fetch_raw).
        raw, columns = fetch_raw(rows)
        common, tail, count = len(_INDICATOR_COLUMNS), len(_INDICATOR_COLUMNS) + 3 * len(years), len(years)
        for i, year in enumerate(years):
            # A year's columns in the order of one year's rows (which a single year's rows are already in).
            picked = [*range(common), common + 3 * i, common + 3 * i + 1, common + 3 * i + 2, tail + i]
            picked += [tail + count, tail + count + 1]
            if count == 1:
                year_raw, year_columns = raw, columns
            else:
                pick = operator.itemgetter(*picked)
                year_raw, year_columns = list(map(pick, raw)), [columns[j] for j in picked]
            elapsed = {frequency: _elapsed_periods(frequency, year, as_of) for frequency in FREQUENCY_PERIODS}
            found[year] = _results(year_raw, year_columns, elapsed, reasons, shared_labels)
    return found


def _results(
    raw: list[tuple],
    columns: list[dict],
    elapsed: dict[str, tuple[int, int]],
    reasons: tuple[str, str, str],
    labels: _Labels | None = None,
) -> dict[int, IndicatorResult]:
    """The results of indicator_results's rows (``fetch_raw``'s rows and columns); ``elapsed`` holds the
    periods ended and expected per frequency, ``reasons`` the translated explanations of a missing achievement,
    ``labels`` the names and units to read on first use when the rows hold none."""
    no_target, no_value, not_computable = reasons
    results: dict[int, IndicatorResult] = {}
    targets, highs, values = columns[8].__getitem__, columns[9].__getitem__, columns[11].__getitem__
    compute, counts, make = formulas.compute, _COUNTS, IndicatorResult
    # One pass, each result made once with all its fields: this loop runs once per indicator of every page
    # that rolls up a government (42,400 at ten times the province), so it reads each value once.
    for pk, polarity, accumulation, frequency, node_id, path, node_agency, responsible, target, high, n, value, name, unit in raw:  # fmt: skip
        done, expected = elapsed[frequency]
        agency = node_agency or responsible
        target, high = targets(target), highs(high)
        realization = None
        if n:
            # The mean in Decimal from the exact sum: SQL's AVG goes through floating point.
            realization = values(value) / n if accumulation == "average" else values(value)
        achievement = to_date = on_date = None
        reason = ""
        if target is None:
            reason = no_target
        elif realization is None:
            reason = no_value
        else:
            try:
                achievement = compute(target, realization, polarity, high)
            except ValueError:
                achievement = None
            if achievement is None:
                reason = not_computable
            else:
                # Target to date: a summed indicator's annual target pro rata to the periods elapsed (the
                # target profile is taken as even); a level indicator (last, average, max, or a range) keeps
                # its annual target.
                to_date, on_date = target, achievement
                if accumulation == "sum" and polarity != "range" and 0 < done < expected:
                    to_date = target * counts[max(done, n)] / counts[expected]
                    on_date = compute(to_date, realization, polarity)
        # Year-end projection (on_date twice): the value to date carried to the year end at the same pace. For
        # a summed indicator that equals the achievement against the target to date (the profile being even);
        # a level indicator is projected at its latest level.
        results[pk] = make(
            pk, name, unit, polarity, accumulation, node_id, path, agency, frequency, target, high,
            realization, n or 0, expected, done, achievement, to_date, on_date, on_date, reason, labels,
        )  # fmt: skip
    return results


_COUNTS = [Decimal(n) for n in range(400)]  # the periods of a year as Decimals, made once


@dataclass
class EarlyWarnings:
    """An agency's early warnings: indicators projected below Tinggi and sub-activities behind plan or diverging.

    The government overview counts them and the agency dashboard lists them: both read them here, so the
    count of one is the length of the other's list. An achievement above 150 % is a question about the
    target (``needs_review``), not an early warning, and is not counted.
    """

    indicators: list[IndicatorResult] = field(default_factory=list)
    budgets: list[tuple] = field(default_factory=list)  # (sub-activity node, ProgressResult)

    @property
    def count(self) -> int:
        return len(self.indicators) + len(self.budgets)


def early_warnings(
    *,
    user,
    year: int,
    month: int,
    results: dict[int, IndicatorResult],
    agency_ids: list[int] | None = None,
    progress: dict[int, "ProgressResult"] | None = None,
) -> dict[int, EarlyWarnings]:
    """Return the early warnings of every agency (or of ``agency_ids``), keyed by agency id.

    ``results`` are the indicator results of the same user and year; ``progress`` the sub-activities'
    budget progress to ``month`` when the caller has it already (else it is read here, two queries).
    One more query reads the flagged sub-activities, only when there are any.
    """
    from kinerja.planning.models import PlanNode

    if progress is None:
        budgets = Budget.objects.restrict(user, "view").filter(node__period__status="active")
        if agency_ids is not None:
            budgets = budgets.filter(node__agency_id__in=agency_ids)
        progress = budget_progress(budgets=budgets, year=year, month=month)
    warnings: dict[int, EarlyWarnings] = {}
    for result in sorted(results.values(), key=lambda r: (r.projected or 0, r.node_path)):
        if result.warning and result.agency_id and (agency_ids is None or result.agency_id in agency_ids):
            warnings.setdefault(result.agency_id, EarlyWarnings()).indicators.append(result)
    flagged = [node_id for node_id, p in progress.items() if p.warning or p.diverges]
    if flagged:
        nodes = PlanNode.objects.restrict(user, "view").filter(pk__in=flagged).only("id", "code", "title", "agency_id")
        for node in nodes.order_by("code", "pk"):
            if node.agency_id and (agency_ids is None or node.agency_id in agency_ids):
                warnings.setdefault(node.agency_id, EarlyWarnings()).budgets.append((node, progress[node.pk]))
    return warnings


def mean(values) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) / len(present) if present else None


def rollup_by_node(results: dict[int, IndicatorResult], measure: str = "achievement") -> dict[int, Decimal | None]:
    by_node: dict[int, list] = {}
    for result in results.values():
        by_node.setdefault(result.node_id, []).append(getattr(result, measure))
    return {node_id: mean(values) for node_id, values in by_node.items()}


def rollup_by_agency(results: dict[int, IndicatorResult], measure: str = "achievement") -> dict[int, Decimal | None]:
    by_agency: dict[int, list] = {}
    for result in results.values():
        if result.agency_id:
            by_agency.setdefault(result.agency_id, []).append(getattr(result, measure))
    return {agency_id: mean(values) for agency_id, values in by_agency.items()}


def rollup_subtree(results: dict[int, IndicatorResult], node_id: int, measure: str = "achievement") -> Decimal | None:
    marker = f"/{node_id}/"
    return mean(getattr(r, measure) for r in results.values() if marker in r.node_path)


def rollup_subtrees(
    results: dict[int, IndicatorResult], node_ids, measures=("achievement", "achievement_to_date")
) -> dict[int, tuple]:
    """``rollup_subtree`` of several nodes for several measures: ``{node id: (mean of each measure)}``,
    each node's indicators found once (the missions of the overview)."""
    rolled = {}
    for pk in node_ids:
        marker = f"/{pk}/"
        found = [r for r in results.values() if marker in r.node_path]
        rolled[pk] = tuple(mean(getattr(r, measure) for r in found) for measure in measures)
    return rolled


def early_warning_counts(*, user, year: int, month: int, results: dict[int, IndicatorResult]) -> dict[int, int]:
    """The number of early warnings of every agency, keyed by agency id: ``early_warnings(...)[pk].count``.

    The same rules, without reading every month of every budget (the overview's 576,000 rows at 10x):
    one query sums each budget's months up to ``month`` in the database and keeps only the budgets that
    may be behind plan or diverge (a margin wider than the rules' own, so that rounding in SQL can only
    keep too many); the rules then decide on those few exactly, in Decimal, as ``budget_progress`` does.
    """
    counts: dict[int, int] = {}
    for result in results.values():
        if result.warning and result.agency_id:
            counts[result.agency_id] = counts.get(result.agency_id, 0) + 1
    for agency_id, progress in budget_candidates(user=user, year=year, month=month):
        if agency_id and (progress.warning or progress.diverges):
            counts[agency_id] = counts.get(agency_id, 0) + 1
    return counts


def budget_candidates(*, user, year: int, month: int):
    """(agency id, ProgressResult to ``month``) of every budget that may warn or diverge (one query).

    Reads each budget's stored figures to the end of ``month`` (``BudgetToDate``, one row per budget)
    instead of summing its months on every request."""
    if month < 1:
        return []
    margin = Decimal(settings.PROGRESS_DIVERGENCE_MARGIN) - 1
    below = WARNING_THRESHOLD + 1
    rows = (
        Budget.objects.restrict(user, "view")
        .filter(year=year, node__period__status="active")
        .annotate(upto=FilteredRelation("to_date", condition=Q(to_date__month=month)))
        .filter(upto__isnull=False)
        .annotate(
            cash=F("upto__cash_plan"),
            spent_sum=F("upto__spent"),
            plan_level=F("upto__physical_plan"),
            actual_level=F("upto__physical_actual"),
        )
        .annotate(financial=F("spent_sum") * 100 / NullIf(F("ceiling"), Value(Decimal(0))))
        .filter(
            Q(ceiling__gt=0, cash__gt=0, spent_sum__lt=F("cash") * below / 100)
            | Q(plan_level__gt=0, actual_level__lt=F("plan_level") * below / 100)
            | Q(actual_level__gt=F("financial") + margin)
            | Q(actual_level__lt=F("financial") - margin)
        )
        .order_by()
        .values_list("node__agency_id", "ceiling", "cash", "spent_sum", "plan_level", "actual_level")
    )
    found = []
    for agency_id, ceiling, cash, spent, plan_level, actual_level in rows:
        progress = ProgressResult(ceiling=ceiling, months=[])
        if ceiling:
            progress.financial_plan, progress.financial_actual = cash / ceiling * 100, spent / ceiling * 100
        progress.physical_plan, progress.physical_actual = plan_level, actual_level
        found.append((agency_id, progress))
    return found


def as_of_date(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a year's figures are computed at: today, for every year.

    Which periods of ``year`` count is decided by the one rule of ``kinerja.core.periods`` (ended periods
    only): all of a past year, none of a future one. (Computing a past year at its 31 December left its
    December out: that month ends only after that day.)"""
    return today or timezone.localdate()


@dataclass
class NodeAchievement:
    """A node's achievement and its parts: the indicators of its subtree, and its children's roll-ups.

    The figures are the roll-ups the overview and the dashboards show (``rollup_subtree`` for the
    subtree, ``rollup_by_node`` for the node's own indicators), over the same indicators.
    """

    node: PlanNode
    results: list[IndicatorResult]
    nodes: dict[int, PlanNode]
    children: list[dict]
    subtree: Decimal | None
    subtree_to_date: Decimal | None
    own: Decimal | None
    own_to_date: Decimal | None
    own_count: int


def subtree_indicators(*, user, node: PlanNode, agency_ids: list[int] | None = None) -> QuerySet[Indicator]:
    """The indicators reported in the subtree of ``node`` (the node included), as the roll-ups count them."""
    return reportable_indicators(user=user, agency_ids=agency_ids).filter(node__path__startswith=node.path)


def node_achievement(
    *,
    user,
    node: PlanNode,
    year: int,
    include_submitted: bool = False,
    as_of: datetime.date | None = None,
    agency_ids: list[int] | None = None,
) -> NodeAchievement:
    """Return a node's achievement with what it is made of (three queries whatever the size of the subtree).

    ``agency_ids`` limits the indicators to those the agencies report, as an agency's dashboard does.
    """
    results = indicator_results(
        indicators=subtree_indicators(user=user, node=node, agency_ids=agency_ids),
        year=year,
        include_submitted=include_submitted,
        as_of=as_of,
    )
    node_ids = {r.node_id for r in results.values()}
    nodes = {
        n.pk: n
        for n in PlanNode.objects.filter(pk__in=node_ids)
        .select_related("agency")
        .only("id", "code", "title", "kind", "path", "agency__code", "agency__short_name")
    }
    children = [
        {
            "node": child,
            "achievement": rollup_subtree(results, child.pk),
            "to_date": rollup_subtree(results, child.pk, "achievement_to_date"),
            "count": sum(1 for r in results.values() if f"/{child.pk}/" in r.node_path),
        }
        for child in PlanNode.objects.restrict(user, "view")
        .filter(parent=node)
        .select_related("agency")
        .only("id", "code", "title", "kind", "path", "agency__code", "agency__short_name")
        .order_by("position", "code", "pk")
    ]
    own = [r for r in results.values() if r.node_id == node.pk]
    return NodeAchievement(
        node=node,
        results=sorted(results.values(), key=lambda r: (r.node_path, r.indicator_id)),
        nodes=nodes,
        children=[c for c in children if c["count"]],
        subtree=rollup_subtree(results, node.pk),
        subtree_to_date=rollup_subtree(results, node.pk, "achievement_to_date"),
        own=mean(r.achievement for r in own),
        own_to_date=mean(r.achievement_to_date for r in own),
        own_count=len(own),
    )


def node_panel(user, node: PlanNode, year: int):
    """The achievement of a node's subtree on the node's page (planning), linking to its parts."""
    from kinerja.core.widgets import Panel

    if year not in node.period.years or node.period.status != "active":
        return None
    results = indicator_results(indicators=subtree_indicators(user=user, node=node), year=year, as_of=as_of_date(year))
    if not results:
        return None
    return Panel(
        "monitoring/_node_panel.html",
        {
            "node": node,
            "year": year,
            "count": len(results),
            "achievement": rollup_subtree(results, node.pk),
            "to_date": rollup_subtree(results, node.pk, "achievement_to_date"),
        },
    )


def indicator_panel(user, indicator: Indicator, year: int):
    """The year's achievement of an indicator on its page (planning), linking to its periods and evidence."""
    from kinerja.core.widgets import Panel

    period = indicator.node.period
    if year not in period.years or period.status != "active":
        return None
    results = indicator_results(
        indicators=reportable_indicators(user=user).filter(pk=indicator.pk), year=year, as_of=as_of_date(year)
    )
    result = results.get(indicator.pk)
    if result is None:
        return None
    return Panel("monitoring/_indicator_panel.html", {"indicator": indicator, "year": year, "result": result})


# --- what is due ----------------------------------------------------------------------------------


# What still needs the agency's action, and so comes first in "what I must report".
NEEDS_ACTION = ("returned", "late", "missing", "draft")


@dataclass
class DueItem:
    indicator: Indicator
    period: ReportingPeriod
    realization: Realization | None
    status: str  # missing, late, draft, returned, submitted, verified

    @property
    def needs_action(self) -> bool:
        return self.status in NEEDS_ACTION


@dataclass
class ReportingDue:
    items: list[DueItem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    def by_urgency(self) -> list[DueItem]:
        """The items in the order "what I must report" shows them: what is due now first.

        First what still needs the agency's action (returned, late, not reported, draft), the earliest
        deadline first (so what is overdue comes before what is due next); then what waits for
        verification, then what is verified, the latest period first. Ties keep the plan's order.
        """

        def key(item: DueItem):
            if item.needs_action:
                return (0, item.period.deadline.toordinal())
            return (1 if item.status == RealizationState.SUBMITTED else 2, -item.period.deadline.toordinal())

        return sorted(self.items, key=key)


def reportable_indicators(*, user, agency_ids=None) -> QuerySet[Indicator]:
    """Indicators the agencies report: their nodes' indicators and shared ones they are responsible for.

    ``user`` is required: the system (the reminder task) passes ``SYSTEM``; None sees nothing (fail closed).
    """
    base = Indicator.objects.restrict(user, "view")
    indicators = base.filter(node__period__status="active")
    if agency_ids is not None:
        indicators = indicators.filter(
            Q(node__agency_id__in=agency_ids) | Q(node__agency__isnull=True, responsible_agency_id__in=agency_ids)
        )
    else:
        indicators = indicators.filter(Q(node__agency__isnull=False) | Q(responsible_agency__isnull=False))
    return indicators.select_related("node", "node__agency", "responsible_agency")


def reporting_due(
    *, user, agency_ids: list[int], year: int, today: datetime.date, include_open: bool = False
) -> ReportingDue:
    """What the agencies must report this year: every ended period of every indicator, and its state.

    ``include_open``: besides, the values already entered for a period still running (a December draft in
    December), which the agency's own list shows while the digests do not remind of what is not yet due."""
    indicators = list(reportable_indicators(user=user, agency_ids=agency_ids).order_by("node__path", "position"))
    if not indicators:
        return ReportingDue()
    government_id = indicators[0].government_id
    periods = {
        (p.kind, p.number): p
        for p in ReportingPeriod.objects.filter(government_id=government_id, year=year, starts__lte=today)
    }
    current = {
        (r.indicator_id, r.period_id): r
        for r in Realization.objects.filter(
            indicator__in=[i.pk for i in indicators], period__year=year, is_current=True
        ).only("id", "indicator_id", "period_id", "state", "value", "return_reason", "lock_version", "is_late")
    }
    due = ReportingDue()
    for indicator in indicators:
        kind, numbers = FREQUENCY_PERIODS[indicator.frequency]
        for number in numbers:
            period = periods.get((kind, number))
            if period is None:
                continue
            realization = current.get((indicator.pk, period.pk))
            if not has_ended(year, _last_month(kind, number), today) and (realization is None or not include_open):
                continue
            if realization is None:
                status = "late" if today > period.deadline else "missing"
            else:
                status = realization.state
            due.items.append(DueItem(indicator, period, realization, status))
    return due


@dataclass
class ValueAchievement:
    """What a value of one period gives: the targets it is measured against and the achievement to date."""

    annual: object | None  # the annual Target, if any
    period_target: object | None  # a target recorded for this very quarter or month, if any
    target_to_date: Decimal | None
    realization_to_date: Decimal | None
    achievement: Decimal | None
    counted: int  # periods counted, this one included
    periods_in_year: int

    @property
    def rating(self) -> str | None:
        return formulas.rating(self.achievement) if self.achievement is not None else None


def value_achievement(*, indicator: Indicator, period: ReportingPeriod, value: Decimal | None) -> ValueAchievement:
    """Return the achievement to date that ``value`` for ``period`` would give once verified (two queries).

    The earlier periods of the year count with their verified values, the later ones not at all; the
    target to date is the dashboards' (``formulas.achievement_to_period``): the annual target pro rata to
    the periods up to this one for a summed indicator, the annual target for a level indicator.
    """
    from kinerja.planning.models import Target

    kind, numbers = FREQUENCY_PERIODS[indicator.frequency]
    numbers = list(numbers)
    annual = period_target = None
    for target in Target.objects.filter(indicator=indicator, year=period.year).filter(
        Q(period_kind="year") | Q(period_kind=period.kind, period_no=period.number)
    ):
        if target.period_kind == "year":
            annual = target
        else:
            period_target = target
    earlier = dict(
        Realization.objects.filter(
            indicator=indicator,
            period__government_id=period.government_id,
            period__year=period.year,
            period__kind=kind,
            period__number__lt=period.number,
            is_current=True,
            state=RealizationState.VERIFIED,
        ).values_list("period__number", "value")
    )
    values = [value if n == period.number else earlier.get(n) for n in numbers if n <= period.number]
    target_to_date, realization_to_date, achievement = formulas.achievement_to_period(
        annual_target=annual.value if annual else None,
        annual_target_high=annual.value_high if annual else None,
        values=values,
        periods_in_year=len(numbers),
        accumulation=indicator.accumulation,
        polarity=indicator.polarity,
    )
    if value is None:  # nothing reported for the period yet: only the targets to meet
        realization_to_date = achievement = None
    return ValueAchievement(
        annual, period_target, target_to_date, realization_to_date, achievement, len(values), len(numbers)
    )


def completeness_board(
    *, user, year: int, today: datetime.date, results: dict[int, IndicatorResult] | None = None
) -> list[dict]:
    """Per agency and quarter: how many expected values were submitted (completeness) and on time (timeliness).

    Values reported monthly count in the quarter their month falls in. ``results`` (the indicator
    results of the same user and year) spares reading the indicators again.
    """
    from django.db.models import Sum
    from django.db.models.functions import Coalesce

    owner = Coalesce("indicator__node__agency_id", "indicator__responsible_agency_id")
    # The indicators per agency and frequency: counted from ``results``, or in SQL.
    indicators_per: dict[tuple[int, str], int] = {}
    government_ids = set()
    if results is not None:
        from kinerja.core.selectors import government_for

        government = government_for(user)
        government_ids = {government.pk} if government else set()
        for result in results.values():
            key = (result.agency_id, result.frequency)
            indicators_per[key] = indicators_per.get(key, 0) + 1
    else:
        grouped = (
            reportable_indicators(user=user)
            .order_by()
            .annotate(owner=Coalesce("node__agency_id", "responsible_agency_id"))
            .values("owner", "frequency", "government_id")
            .annotate(n=Count("id"))
            .values_list("owner", "frequency", "government_id", "n")
        )
        for agency_id, frequency, government_id, n in grouped:
            indicators_per[(agency_id, frequency)] = indicators_per.get((agency_id, frequency), 0) + n
            government_ids.add(government_id)
    quarters_ended = {q for q in range(1, 5) if has_ended(year, 3 * q, today)}
    # Values expected per ended quarter for one indicator of each frequency; then indicators are only counted.
    per_quarter: dict[str, dict[int, int]] = {}
    for frequency, (kind, numbers) in FREQUENCY_PERIODS.items():
        counts: dict[int, int] = {}
        for number in numbers:
            quarter = (number - 1) // 3 + 1 if kind == PeriodKind.MONTH else number
            if quarter in quarters_ended:
                counts[quarter] = counts.get(quarter, 0) + 1
        per_quarter[frequency] = counts
    expected: dict[tuple[int, int], int] = {}
    for (agency_id, frequency), n in indicators_per.items():
        for quarter, count in per_quarter[frequency].items():
            expected[(agency_id, quarter)] = expected.get((agency_id, quarter), 0) + n * count
    # The year's submitted values per agency and quarter, from the year totals (which count the working
    # scope, verified and submitted, per quarter), summed per agency in SQL: one row per agency is read.
    sums = {name: Sum(name) for name in QUARTER_FIELDS}
    totals = (
        IndicatorYearTotal.objects.filter(
            year=year, indicator__in=reportable_indicators(user=user).values("pk"), working_count__gt=0
        )
        .annotate(owner=owner)
        .order_by()
        .values("owner")
        .annotate(**{f"n_{name}": aggregate for name, aggregate in sums.items()})
        .values_list("owner", *(f"n_{name}" for name in QUARTER_FIELDS))
    )
    submitted: dict[tuple[int, int], list[int]] = {}
    for agency_id, *quarters in totals:
        for quarter in range(4):
            if quarters[quarter]:
                submitted[(agency_id, quarter + 1)] = [quarters[quarter], quarters[quarter + 4]]
    from kinerja.core.models import Agency

    board = []
    for agency in Agency.objects.restrict(user, "view").filter(government_id__in=government_ids).order_by("name"):
        cells = []
        for quarter in range(1, 5):
            need = expected.get((agency.pk, quarter), 0)
            done, on_time = submitted.get((agency.pk, quarter), [0, 0])
            cells.append(
                {
                    "quarter": quarter,
                    "expected": need,
                    "submitted": done,
                    "completeness": Decimal(min(done, need) * 100) / need if need else None,
                    "timeliness": Decimal(on_time * 100) / need if need else None,
                }
            )
        total_need = sum(c["expected"] for c in cells)
        if total_need:
            board.append(
                {
                    "agency": agency,
                    "cells": cells,
                    "completeness": Decimal(sum(min(c["submitted"], c["expected"]) for c in cells) * 100) / total_need,
                }
            )
    return board


# --- budget and physical progress ------------------------------------------------------------------


@dataclass
class ProgressResult:
    """Financial and physical progress of a sub-activity (or an agency) to a month, in percent."""

    ceiling: Decimal
    months: list[dict]
    financial_plan: Decimal | None = None
    financial_actual: Decimal | None = None
    physical_plan: Decimal | None = None
    physical_actual: Decimal | None = None

    @property
    def divergence(self) -> Decimal | None:
        if self.financial_actual is None or self.physical_actual is None:
            return None
        return self.physical_actual - self.financial_actual

    @property
    def diverges(self) -> bool:
        return self.divergence is not None and abs(self.divergence) > Decimal(settings.PROGRESS_DIVERGENCE_MARGIN)

    @property
    def financial_projected(self) -> Decimal | None:
        if not self.financial_plan or self.financial_actual is None:
            return None
        return self.financial_actual / self.financial_plan * 100

    @property
    def physical_projected(self) -> Decimal | None:
        if not self.physical_plan or self.physical_actual is None:
            return None
        return self.physical_actual / self.physical_plan * 100

    @property
    def warning(self) -> bool:
        return any(v is not None and v < WARNING_THRESHOLD for v in (self.financial_projected, self.physical_projected))


def budget_progress(*, budgets: QuerySet[Budget], year: int, month: int) -> dict[int, ProgressResult]:
    """Return the S-curve (cumulative plan and actual per month) of each sub-activity, up to ``month``.

    The figures to date are those of ``month``, the last ended month (``kinerja.core.periods``); with 0
    (no month has ended) there are none, so nothing is flagged.

    Financial progress is the cumulative money spent over the ceiling; physical progress is the
    cumulative percent the agency entered (the last one entered up to the month).
    """
    results: dict[int, ProgressResult] = {}
    months_by_budget: dict[int, list[BudgetMonth]] = {}
    budget_rows = list(budgets.filter(year=year).values_list("id", "node_id", "ceiling"))
    month_rows = BudgetMonth.objects.filter(budget__in=budgets.filter(year=year).values("pk")).only(
        "budget_id", "month", "cash_plan", "spent", "physical_plan", "physical_actual"
    )
    for row in month_rows.order_by("budget_id", "month"):
        months_by_budget.setdefault(row.budget_id, []).append(row)
    for budget_id, node_id, ceiling in budget_rows:
        results[node_id] = _curve(ceiling, months_by_budget.get(budget_id, []), month)
    return results


def _curve(ceiling: Decimal, rows: list[BudgetMonth], month: int) -> ProgressResult:
    by_month = {row.month: row for row in rows}
    cash = spent = Decimal(0)
    physical_plan = physical_actual = None
    months = []
    result = ProgressResult(ceiling=ceiling, months=months)
    for m in range(1, 13):
        row = by_month.get(m)
        if row is not None:
            cash += row.cash_plan
            if row.spent is not None:
                spent += row.spent
            physical_plan = row.physical_plan if row.physical_plan is not None else physical_plan
            if row.physical_actual is not None and m <= month:
                physical_actual = row.physical_actual
        reached = m <= month
        months.append(
            {
                "month": m,
                "financial_plan": cash / ceiling * 100 if ceiling else None,
                "financial_actual": (spent / ceiling * 100 if ceiling else None) if reached else None,
                "physical_plan": physical_plan,
                "physical_actual": physical_actual if reached else None,
            }
        )
        if m == month:
            result.financial_plan = cash / ceiling * 100 if ceiling else None
            result.financial_actual = spent / ceiling * 100 if ceiling else None
            result.physical_plan, result.physical_actual = physical_plan, physical_actual
    return result


def combined_curve(results: list[ProgressResult], month: int) -> ProgressResult | None:
    """Combine sub-activities into one agency curve, weighting each by its ceiling."""
    total = sum((r.ceiling for r in results), Decimal(0))
    if not total:
        return None
    months = []
    for index in range(12):
        point = {"month": index + 1}
        for key in ("financial_plan", "financial_actual", "physical_plan", "physical_actual"):
            parts = [(r.months[index][key], r.ceiling) for r in results if r.months[index][key] is not None]
            point[key] = sum(v * w for v, w in parts) / sum(w for _v, w in parts) if parts else None
        months.append(point)
    combined = ProgressResult(ceiling=total, months=months)
    if month < 1:
        return combined  # no month has ended: nothing to date
    current = months[month - 1]
    combined.financial_plan, combined.financial_actual = current["financial_plan"], current["financial_actual"]
    combined.physical_plan, combined.physical_actual = current["physical_plan"], current["physical_actual"]
    return combined


# --- the leader's home -------------------------------------------------------------------------------


@dataclass
class LeaderAchievement:
    """Achievement by mission and by agency for the leader's home: this year to date and against the annual
    target, last year's, and the latest realization (this year's, else last year's) against the RPJMD's final
    (end-of-period) target.

    ``behind`` are the agencies whose achievement to date is below Tinggi (76 %), the furthest behind first.
    """

    year: int
    missions: list[dict]
    agencies: list[dict]
    behind: list[dict]
    overall: Decimal | None
    overall_to_date: Decimal | None
    overall_previous: Decimal | None
    overall_final: Decimal | None
    indicators: int


def _final_achievements(
    indicators: QuerySet[Indicator], results: dict[int, IndicatorResult], previous: dict[int, IndicatorResult]
) -> dict[int, Decimal]:
    """Each indicator's latest realization (this year's, else last year's) against its final target (one query);
    absent when not computable."""
    finals = {}
    for pk, final, high in indicators.order_by().values_list("id", "final_target", "final_target_high"):
        result = results.get(pk)
        if final is None or result is None:
            continue
        realization = result.realization
        if realization is None and pk in previous:
            realization = previous[pk].realization
        if realization is None:
            continue
        try:
            value = formulas.achievement(
                target=final, realization=realization, polarity=result.polarity, target_high=high
            )
        except ValueError:
            value = None
        if value is not None:
            finals[pk] = value
    return finals


def leader_achievement(
    *, user, year: int, as_of: datetime.date | None = None, agency_ids: list[int] | None = None
) -> LeaderAchievement:
    """The achievement figures of the leader's home: four queries whatever the size of the plan.

    The same roll-ups as the government overview (plain means of the indicator achievements), over the
    indicators the agencies report (``agency_ids`` limits them to those agencies).
    """
    from kinerja.core.models import Agency

    indicators = reportable_indicators(user=user, agency_ids=agency_ids)
    # Figures only: no indicator is named on the home (labels=False leaves the names out of the reads); the
    # year and the one before in one query.
    both = indicator_results_years(indicators=indicators, years=(year, year - 1), as_of=as_of, labels=False)
    results, previous = both[year], both[year - 1]
    finals = _final_achievements(indicators, results, previous)

    def final_of(selected) -> Decimal | None:
        return mean(finals.get(r.indicator_id) for r in selected)

    nodes = list(
        PlanNode.objects.restrict(user, "view")
        .filter(kind="mission", period__status="active", period__kind="rpjmd")
        .only("id", "code", "title", "path", "period_id")
        .order_by("code", "pk")
    )
    # Each mission's indicators, found in one pass over the results (a mission is in an indicator's node path);
    # the previous year's results are of the same indicators.
    markers = [(f"/{node.pk}/", []) for node in nodes]
    for result in results.values():
        path = result.node_path
        for marker, inside in markers:
            if marker in path:
                inside.append(result)
    missions = []
    for node, (_marker, inside) in zip(nodes, markers, strict=True):
        before = [previous[r.indicator_id] for r in inside if r.indicator_id in previous]
        missions.append(
            {
                "node": node,
                "count": len(inside),
                "to_date": mean(r.achievement_to_date for r in inside),
                "achievement": mean(r.achievement for r in inside),
                "previous": mean(r.achievement for r in before),
                "final": final_of(inside),
            }
        )
    by_agency = rollup_by_agency(results)
    to_date = rollup_by_agency(results, "achievement_to_date")
    previous_by_agency = rollup_by_agency(previous)
    final_by_agency: dict[int, list] = {}
    for result in results.values():
        if result.agency_id:
            final_by_agency.setdefault(result.agency_id, []).append(finals.get(result.indicator_id))
    agencies = (
        Agency.objects.restrict(user, "view").filter(pk__in=list(by_agency)).only("id", "code", "name", "short_name")
    )
    rows = [
        {
            "agency": agency,
            "to_date": to_date.get(agency.pk),
            "achievement": by_agency.get(agency.pk),
            "previous": previous_by_agency.get(agency.pk),
            "final": mean(final_by_agency.get(agency.pk, [])),
        }
        for agency in agencies
    ]
    rows.sort(key=lambda r: (r["to_date"] is None, -(r["to_date"] or 0), r["agency"].name))
    behind = sorted(
        (r for r in rows if r["to_date"] is not None and r["to_date"] < WARNING_THRESHOLD),
        key=lambda r: (r["to_date"], r["agency"].name),
    )
    return LeaderAchievement(
        year=year,
        missions=missions,
        agencies=rows,
        behind=behind,
        overall=mean(by_agency.values()),
        overall_to_date=mean(to_date.values()),
        overall_previous=mean(previous_by_agency.values()),
        overall_final=mean(finals.values()),
        indicators=len(results),
    )


def leader_achievement_cached(
    *, user, government_id: int, year: int, as_of: datetime.date, agency_ids: list[int] | None = None
) -> LeaderAchievement:
    """``leader_achievement`` kept for ``LEADER_HOME_CACHE_SECONDS`` (two queries when kept).

    Every change to performance data lands in the audit trail (realizations, targets, indicators, plan
    nodes), so the government's latest audit sequence is in the key: a write recomputes the figures on the
    next request, and so does a new day (periods end). The timeout bounds what writes outside the trail
    (a rebuild of the year totals, bulk loads) can leave stale. The key also holds the user's grants, so
    two users share figures only when they see the same records.
    """
    from kinerja.core.cache import kept

    agencies = ",".join(str(pk) for pk in sorted(agency_ids)) if agency_ids is not None else "all"
    return kept(
        "leader-achievement",
        user=user,
        government_id=government_id,
        parts=(year, as_of.isoformat(), agencies),
        seconds=settings.LEADER_HOME_CACHE_SECONDS,
        compute=lambda: leader_achievement(user=user, year=year, as_of=as_of, agency_ids=agency_ids),
    )


# --- for the reality check (kinerja.dashboards.reality): one query each, grouped in SQL ----------------


def evidence_coverage(*, user, government_id: int, year: int) -> dict[int, tuple[int, int]]:
    """Per agency, (verified current values of ``year``, those of them without any evidence file).

    One query over the year totals (one row per indicator), which count the verified values and those of
    them with evidence: the values and their files are not read.
    """
    from django.db.models import Sum
    from django.db.models.functions import Coalesce

    from kinerja.monitoring.models import IndicatorYearTotal

    indicators = reportable_indicators(user=user).filter(government_id=government_id)
    counted = (
        IndicatorYearTotal.objects.filter(year=year, indicator__in=indicators.values("pk"), verified_count__gt=0)
        .annotate(owner=Coalesce("indicator__node__agency_id", "indicator__responsible_agency_id"))
        .order_by()
        .values("owner")
        .annotate(n=Sum("verified_count"), documented=Sum("verified_documented"))
        .values_list("owner", "n", "documented")
    )
    return {agency_id: (n, max(0, n - documented)) for agency_id, n, documented in counted if agency_id}


def evidence_history(versions: list[Realization], limit: int = 50) -> list[dict]:
    """The files attached to and removed from a value's versions, the latest first (one query over the audit
    entries the services write on the value, ``services.EVIDENCE_ADDED``/``EVIDENCE_REMOVED``): a removal
    leaves no evidence row to show."""
    from kinerja.core.models import AuditEvent
    from kinerja.monitoring.services import EVIDENCE_ADDED, EVIDENCE_REMOVED

    if not versions:
        return []
    rows = (
        AuditEvent.objects.filter(
            object_type=Realization._meta.label_lower,
            object_id__in=[str(v.pk) for v in versions],
            action__in=[EVIDENCE_ADDED, EVIDENCE_REMOVED],
        )
        .order_by("-sequence")
        .values_list("created", "username", "action", "before", "after")[:limit]
    )
    return [
        {
            "when": created,
            "who": username,
            "added": action == EVIDENCE_ADDED,
            "name": ((after if action == EVIDENCE_ADDED else before) or {}).get("name", ""),
        }
        for created, username, action, before, after in rows
    ]


def values_without_evidence(*, user, agency_id: int, year: int) -> QuerySet:
    """The agency's verified current values of ``year`` with no evidence file, the records ``evidence_coverage``
    counts as ``without evidence`` (by indicator, then period), for a page to list a page of them."""
    from django.db.models import Exists

    from kinerja.monitoring.models import Evidence

    return (
        Realization.objects.restrict(user, "view")
        .filter(agency_id=agency_id, period__year=year, is_current=True, state=RealizationState.VERIFIED)
        .exclude(Exists(Evidence.objects.filter(realization_id=OuterRef("pk"))))
        .select_related("indicator__node", "period")
        .only(
            "id", "value", "reviewed_at", "indicator_id", "period_id", "indicator__name", "indicator__unit",
            "indicator__node__code", "indicator__node__title", "period__kind", "period__number", "period__year",
        )
        .order_by("indicator__name", "indicator_id", "period__starts")
    )  # fmt: skip


def reused_evidence(*, user, government_id: int, year: int) -> list[dict]:
    """The files (by SHA-256) an agency attached to more than one current value of ``year`` it submitted (or
    had verified), with their uses.

    One query: the files stored more than once (their counts kept in step with the evidence rows,
    ``EvidenceFile``, read through a partial index), narrowed to the evidence of the year's current submitted
    and verified values the user sees, with the indicator and period of each use; a file counts when one agency used it more
    than once there.
    """
    from kinerja.monitoring.models import Evidence, EvidenceFile

    stored_twice = EvidenceFile.objects.filter(uses__gt=1)
    rows = list(
        Evidence.objects.restrict(user, "view")
        .filter(
            realization__government_id=government_id,
            realization__period__year=year,
            realization__is_current=True,
            # what the agency put forward: a draft's files may still change before it is submitted
            realization__state__in=[RealizationState.SUBMITTED, RealizationState.VERIFIED],
            sha256__in=stored_twice.values("sha256"),
        )
        .order_by("realization__agency_id", "sha256", "realization__period__ends", "realization__indicator_id")
        .values(
            "id", "sha256", "name", "realization__agency_id", "realization__indicator_id",
            "realization__indicator__name", "realization__period_id", "realization__period__kind",
            "realization__period__number", "realization__period__year",
        )
    )  # fmt: skip
    uses: dict[tuple[int, str], int] = {}
    for row in rows:
        key = (row["realization__agency_id"], row["sha256"])
        uses[key] = uses.get(key, 0) + 1
    return [row for row in rows if uses[(row["realization__agency_id"], row["sha256"])] > 1]


def surge_candidates(*, user, government_id: int, year: int, min_periods: int, share) -> list[dict]:
    """Summed indicators with at least ``min_periods`` counted values in ``year`` whose latest value is more
    than ``share`` percent of their sum, with the period of that value.

    Reads the year totals (verified and submitted values, in period order; one row per indicator),
    filtered in SQL, in one query.
    """
    from kinerja.monitoring.models import IndicatorYearTotal

    latest = (
        Realization.objects.filter(
            indicator_id=OuterRef("indicator_id"),
            period__year=year,
            is_current=True,
            state__in=[RealizationState.VERIFIED, RealizationState.SUBMITTED],
        )
        .order_by("-period__ends")
        .values("period_id")[:1]
    )
    indicators = reportable_indicators(user=user).filter(government_id=government_id, accumulation="sum")
    return list(
        IndicatorYearTotal.objects.filter(
            year=year, indicator__in=indicators.values("pk"), working_count__gte=min_periods, working_sum__gt=0
        )
        .filter(working_last__gt=F("working_sum") * Decimal(share) / 100)
        .annotate(latest_period=Subquery(latest))
        .order_by("indicator_id")
        .values(
            "indicator_id", "indicator__name", "indicator__unit", "indicator__frequency", "indicator__node__agency_id",
            "indicator__responsible_agency_id", "working_sum", "working_last", "working_count", "latest_period",
        )
    )  # fmt: skip


def evidence_photos(*, user, government_id: int, year: int) -> list[dict]:
    """The evidence photos of ``year``'s current values whose EXIF date lies outside the value's period.

    One query over the photos marked so at upload (``Evidence.taken_outside_period``, a partial index): the
    photos that match their period, nearly all of them, are not read.
    """
    from kinerja.monitoring.models import Evidence

    return list(
        Evidence.objects.restrict(user, "view")
        .filter(
            realization__government_id=government_id,
            realization__period__year=year,
            realization__is_current=True,
            taken_outside_period=True,
        )
        .order_by("realization__agency_id", "id")
        .values(
            "id", "name", "taken_at", "realization__agency_id", "realization__indicator_id",
            "realization__indicator__name", "realization__period__starts", "realization__period__ends",
            "realization__period__kind", "realization__period__number", "realization__period__year",
        )
    )  # fmt: skip


def progress_by_agency(*, user, government_id: int, year: int, month: int) -> dict[int, dict]:
    """Per agency, its sub-activities' financial and physical progress to ``month``, in SQL (one query).

    Financial: the money spent in months 1 to ``month`` over the ceilings. Physical: the cumulative
    percent entered for ``month``, weighted by ceiling over the sub-activities that entered one (as
    ``combined_curve`` weights them). ``diverging`` lists the sub-activities whose own gap exceeds ``margin``
    when the caller asks ``sub_activity_gaps``.
    """
    from django.db.models import DecimalField, ExpressionWrapper, Sum

    # One pass over the budgets, each joined to its stored figures to the end of ``month`` (one row per
    # budget, see BudgetToDate): the money spent in months 1 to ``month``, and the percent entered for
    # ``month`` itself.
    weighted = ExpressionWrapper(F("upto__physical_entered") * F("ceiling"), output_field=DecimalField())
    entered = Q(upto__physical_entered__isnull=False)
    rows = (
        Budget.objects.restrict(user, "view")
        .filter(node__government_id=government_id, node__period__status="active", year=year)
        .annotate(upto=FilteredRelation("to_date", condition=Q(to_date__month=month)))
        .order_by()
        .values("node__agency_id")
        .annotate(
            c=Sum("ceiling"),
            spent=Sum("upto__spent"),
            physical=Sum(weighted, filter=entered),
            physical_ceiling=Sum("ceiling", filter=entered),
        )
        .values_list("node__agency_id", "c", "spent", "physical", "physical_ceiling")
    )
    result = {}
    for agency_id, ceiling, spent, physical, physical_ceiling in rows:
        if not ceiling or not physical_ceiling or physical is None:
            continue
        result[agency_id] = {
            "financial": Decimal(spent or 0) * 100 / Decimal(ceiling),
            "physical": Decimal(physical) / Decimal(physical_ceiling),
            "ceiling": Decimal(ceiling),
        }
    return result
