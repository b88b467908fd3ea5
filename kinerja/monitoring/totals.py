"""Per indicator and year, the aggregate of the current counted values (``IndicatorYearTotal``).

The achievement engine reads one row per indicator instead of aggregating every value of the year on
each request. The rows are derived from the realizations by one function, ``compute``, used both by the
incremental ``refresh`` (called on every save of a counted value, in its transaction) and by the full
``rebuild``; ``check`` recomputes everything and reports the rows that differ.

The same for the budgets (``BudgetToDate``): each budget's figures to the end of every month, folded from
its month rows by ``budget_to_date``, refreshed on every change to a month (``refresh_budget``), rebuilt
(``rebuild_budgets``) and checked (``check_budgets``).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef

from kinerja.monitoring.choices import PeriodKind, RealizationState
from kinerja.monitoring.models import (
    Budget,
    BudgetMonth,
    BudgetToDate,
    Evidence,
    EvidenceFile,
    IndicatorYearTotal,
    Realization,
)
from kinerja.planning.models import Indicator

COUNTED = (RealizationState.VERIFIED, RealizationState.SUBMITTED)
QUARTER_FIELDS = [f"{name}_q{quarter}" for name in ("counted", "on_time") for quarter in range(1, 5)]
FIELDS = [
    *(f"{scope}_{part}" for scope in ("verified", "working") for part in ("sum", "count", "max", "last")),
    "verified_documented",
    *QUARTER_FIELDS,
]


@dataclass
class _Scope:
    sum: Decimal | None = None
    count: int = 0
    max: Decimal | None = None
    last: Decimal | None = None

    def add(self, value: Decimal) -> None:
        self.sum = value if self.sum is None else self.sum + value
        self.count += 1
        self.max = value if self.max is None or value > self.max else self.max
        self.last = value  # values arrive in period order


@dataclass
class _Totals:
    verified: _Scope = field(default_factory=_Scope)
    working: _Scope = field(default_factory=_Scope)
    documented: int = 0  # verified values with evidence
    counted: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    on_time: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    def values(self) -> dict:
        values = {
            f"{name}_{part}": getattr(getattr(self, name), part)
            for name in ("verified", "working")
            for part in ("sum", "count", "max", "last")
        }
        values["verified_documented"] = self.documented
        for quarter in range(4):
            values[f"counted_q{quarter + 1}"] = self.counted[quarter]
            values[f"on_time_q{quarter + 1}"] = self.on_time[quarter]
        return values


def quarter_of(kind: str, number: int) -> int:
    """The quarter (1 to 4) a reporting period falls in: a month in its quarter, a quarter in itself."""
    return (number - 1) // 3 + 1 if kind == PeriodKind.MONTH else number


def compute(rows: Iterable[tuple[int, int, str, Decimal, str, int, bool, bool]]) -> Iterator[tuple[int, int, dict]]:
    """Fold (indicator id, year, state, value, period kind, period number, late, has evidence) rows, sorted by
    indicator, year and period end, into totals."""
    key, totals = None, None
    for indicator_id, year, state, value, kind, number, late, documented in rows:
        if (indicator_id, year) != key:
            if key is not None:
                yield (*key, totals.values())
            key, totals = (indicator_id, year), _Totals()
        totals.working.add(value)
        quarter = quarter_of(kind, number) - 1
        totals.counted[quarter] += 1
        if not late:
            totals.on_time[quarter] += 1
        if state == RealizationState.VERIFIED:
            totals.verified.add(value)
            totals.documented += bool(documented)
    if key is not None:
        yield (*key, totals.values())


COUNTED_ROW = (
    "indicator_id", "period__year", "state", "value", "period__kind", "period__number", "is_late", "documented"
)  # fmt: skip


def counted_rows(realizations, evidence):
    """The rows ``compute`` folds, from ``realizations`` (and ``evidence``: the Evidence model, so that a
    migration can pass its historical one)."""
    return (
        realizations.filter(is_current=True, state__in=COUNTED)
        .annotate(documented=Exists(evidence.objects.filter(realization_id=OuterRef("pk"))))
        .order_by("indicator_id", "period__year", "period__ends")
        .values_list(*COUNTED_ROW)
    )


def _counted_rows(realizations):
    return counted_rows(realizations, Evidence)


def refresh(indicator_id: int, year: int) -> None:
    """Recompute the totals of one indicator and year, inside the caller's transaction.

    The indicator's row is locked first, so that two transactions changing values of the same indicator
    refresh one after the other, the second seeing the first's committed values.
    """
    with transaction.atomic():
        list(Indicator.objects.select_for_update().filter(pk=indicator_id).values_list("pk"))
        computed = list(
            compute(_counted_rows(Realization.objects.filter(indicator_id=indicator_id, period__year=year)))
        )
        if computed:
            IndicatorYearTotal.objects.update_or_create(indicator_id=indicator_id, year=year, defaults=computed[0][2])
        else:
            IndicatorYearTotal.objects.filter(indicator_id=indicator_id, year=year).delete()


def _all_totals(government_id: int | None) -> Iterator[tuple[int, int, dict]]:
    realizations = Realization.objects.all()
    if government_id is not None:
        realizations = realizations.filter(government_id=government_id)
    return compute(_counted_rows(realizations).iterator(chunk_size=5000))


@transaction.atomic
def rebuild(government_id: int | None = None) -> int:
    """Replace every total (of one government, or all) by one computed from the realizations."""
    stale = IndicatorYearTotal.objects.all()
    if government_id is not None:
        stale = stale.filter(indicator__government_id=government_id)
    stale.delete()
    batch, created = [], 0
    for indicator_id, year, values in _all_totals(government_id):
        batch.append(IndicatorYearTotal(indicator_id=indicator_id, year=year, **values))
        if len(batch) == 5000:
            created += len(IndicatorYearTotal.objects.bulk_create(batch))
            batch = []
    created += len(IndicatorYearTotal.objects.bulk_create(batch))
    return created


def check(government_id: int | None = None) -> list[str]:
    """Compare the stored totals with freshly computed ones; return a line per difference (empty: in step)."""
    stored_rows = IndicatorYearTotal.objects.all()
    if government_id is not None:
        stored_rows = stored_rows.filter(indicator__government_id=government_id)
    stored = {
        (row[0], row[1]): dict(zip(FIELDS, row[2:], strict=True))
        for row in stored_rows.values_list("indicator_id", "year", *FIELDS)
    }
    problems = []
    for indicator_id, year, values in _all_totals(government_id):
        have = stored.pop((indicator_id, year), None)
        if have is None:
            problems.append(f"indicator {indicator_id} year {year}: missing")
        elif any(_differs(have[name], values[name]) for name in FIELDS):
            problems.append(f"indicator {indicator_id} year {year}: stored {have}, computed {values}")
    problems += [f"indicator {i} year {y}: stored but has no counted value" for i, y in stored]
    return problems


def _differs(stored, computed) -> bool:
    if stored is None or computed is None:
        return stored is not computed
    return Decimal(stored) != Decimal(computed)


# --- budgets: the figures to the end of each month ---------------------------------------------------

BUDGET_FIELDS = ["cash_plan", "spent", "physical_plan", "physical_actual", "physical_entered"]
ZERO = Decimal(0)


def budget_to_date(rows: Iterable[tuple]) -> list[dict]:
    """Fold one budget's (month, cash plan, spent, physical plan, physical actual) rows into its 12 months to date.

    The sums of the cash plan and of the money spent (a month without spending adds nothing), the last
    physical percent planned and achieved entered up to the month, and the percent achieved entered for
    the month itself: the figures ``selectors._curve`` derives from the same rows.
    """
    by_month = {row[0]: row[1:] for row in rows}
    cash = spent = ZERO
    plan = actual = None
    months = []
    for month in range(1, 13):
        entered = None
        if month in by_month:
            cash_plan, month_spent, physical_plan, physical_actual = by_month[month]
            cash += cash_plan
            spent += month_spent if month_spent is not None else ZERO
            plan = physical_plan if physical_plan is not None else plan
            actual = physical_actual if physical_actual is not None else actual
            entered = physical_actual
        months.append(
            {
                "month": month,
                "cash_plan": cash,
                "spent": spent,
                "physical_plan": plan,
                "physical_actual": actual,
                "physical_entered": entered,
            }
        )
    return months


def _budget_rows(months) -> Iterator[tuple[int, list[dict]]]:
    """(budget id, its 12 months to date) from month rows ordered by budget."""
    current, rows = None, []
    for budget_id, *row in months:
        if budget_id != current:
            if current is not None:
                yield current, budget_to_date(rows)
            current, rows = budget_id, []
        rows.append(tuple(row))
    if current is not None:
        yield current, budget_to_date(rows)


def _month_rows(months):
    return months.order_by("budget_id", "month").values_list(
        "budget_id", "month", "cash_plan", "spent", "physical_plan", "physical_actual"
    )


def refresh_budget(budget_id: int) -> None:
    """Recompute one budget's months to date, inside the caller's transaction (the budget row locked first)."""
    with transaction.atomic():
        list(Budget.objects.select_for_update().filter(pk=budget_id).values_list("pk"))
        BudgetToDate.objects.filter(budget_id=budget_id).delete()
        for _pk, months in _budget_rows(_month_rows(BudgetMonth.objects.filter(budget_id=budget_id))):
            BudgetToDate.objects.bulk_create([BudgetToDate(budget_id=budget_id, **m) for m in months])


def _all_budgets(government_id: int | None) -> Iterator[tuple[int, list[dict]]]:
    months = BudgetMonth.objects.all()
    if government_id is not None:
        months = months.filter(budget__node__government_id=government_id)
    return _budget_rows(_month_rows(months).iterator(chunk_size=5000))


@transaction.atomic
def rebuild_budgets(government_id: int | None = None) -> int:
    """Replace every budget's months to date (of one government, or all) by those folded from its months."""
    stale = BudgetToDate.objects.all()
    if government_id is not None:
        stale = stale.filter(budget__node__government_id=government_id)
    stale.delete()
    batch, created = [], 0
    for budget_id, months in _all_budgets(government_id):
        batch += [BudgetToDate(budget_id=budget_id, **m) for m in months]
        if len(batch) >= 6000:
            created += len(BudgetToDate.objects.bulk_create(batch, batch_size=2000))
            batch = []
    created += len(BudgetToDate.objects.bulk_create(batch, batch_size=2000))
    return created


def check_budgets(government_id: int | None = None) -> list[str]:
    """Compare the stored months to date with freshly folded ones; a line per difference (empty: in step)."""
    stored_rows = BudgetToDate.objects.all()
    if government_id is not None:
        stored_rows = stored_rows.filter(budget__node__government_id=government_id)
    stored = {
        (row[0], row[1]): dict(zip(BUDGET_FIELDS, row[2:], strict=True))
        for row in stored_rows.values_list("budget_id", "month", *BUDGET_FIELDS).iterator(chunk_size=5000)
    }
    problems = []
    for budget_id, months in _all_budgets(government_id):
        for values in months:
            have = stored.pop((budget_id, values["month"]), None)
            if have is None:
                problems.append(f"budget {budget_id} month {values['month']}: missing")
            elif any(_differs(have[name], values[name]) for name in BUDGET_FIELDS):
                problems.append(f"budget {budget_id} month {values['month']}: stored {have}, computed {values}")
    problems += [f"budget {b} month {m}: stored but the budget has no month entered" for b, m in stored]
    return problems


# --- evidence files: how many evidence rows store each file ------------------------------------------


def count_file(sha256: str, delta: int) -> None:
    """Count one evidence row more (``delta`` 1) or fewer (-1) storing the file of ``sha256``.

    The increment is one UPDATE of the file's row, which locks it: two uploads of the same file at once
    count two (the row is created first when missing; a concurrent creation is caught by ``get_or_create``)."""
    files = EvidenceFile.objects.filter(sha256=sha256)
    if delta > 0:
        EvidenceFile.objects.get_or_create(sha256=sha256)
    else:
        # A count left at 0 by a bulk load (``--check`` reports it) must not make a removal fail.
        files = files.filter(uses__gte=-delta)
    files.update(uses=F("uses") + delta)


def _file_counts(evidence_model) -> Iterator[tuple[str, int]]:
    rows = evidence_model.objects.order_by().values("sha256").annotate(n=Count("id")).values_list("sha256", "n")
    return rows.iterator(chunk_size=5000)


@transaction.atomic
def rebuild_files(*, evidence_model=None, file_model=None) -> int:
    """Replace every file count by one counted from the evidence rows (after bulk loads; migration
    ``monitoring.0015``, which passes its historical models)."""
    evidence_model, file_model = evidence_model or Evidence, file_model or EvidenceFile
    file_model.objects.all().delete()
    batch, created = [], 0
    for sha256, uses in _file_counts(evidence_model):
        batch.append(file_model(sha256=sha256, uses=uses))
        if len(batch) == 5000:
            created += len(file_model.objects.bulk_create(batch))
            batch = []
    created += len(file_model.objects.bulk_create(batch))
    return created


def check_files() -> list[str]:
    """Compare the stored file counts with the evidence rows; a line per difference (empty: in step)."""
    stored = dict(EvidenceFile.objects.filter(uses__gt=0).values_list("sha256", "uses").iterator(chunk_size=5000))
    problems = []
    for sha256, uses in _file_counts(Evidence):
        have = stored.pop(sha256, 0)
        if have != uses:
            problems.append(f"file {sha256[:12]}: stored {have} uses, counted {uses}")
    problems += [f"file {sha256[:12]}: stored {uses} uses, counted 0" for sha256, uses in stored.items()]
    return problems
