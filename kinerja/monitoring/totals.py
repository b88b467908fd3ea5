"""Per indicator and year, the aggregate of the current counted values (``IndicatorYearTotal``).

The achievement engine reads one row per indicator instead of aggregating every value of the year on
each request. The rows are derived from the realizations by one function, ``compute``, used both by the
incremental ``refresh`` (called on every save of a counted value, in its transaction) and by the full
``rebuild``; ``check`` recomputes everything and reports the rows that differ.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from kinerja.monitoring.choices import RealizationState
from kinerja.monitoring.models import IndicatorYearTotal, Realization
from kinerja.planning.models import Indicator

COUNTED = (RealizationState.VERIFIED, RealizationState.SUBMITTED)
FIELDS = [f"{scope}_{part}" for scope in ("verified", "working") for part in ("sum", "count", "max", "last")]


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

    def values(self) -> dict:
        return {
            f"{name}_{part}": getattr(getattr(self, name), part)
            for name in ("verified", "working")
            for part in ("sum", "count", "max", "last")
        }


def compute(rows: Iterable[tuple[int, int, str, Decimal]]) -> Iterator[tuple[int, int, dict]]:
    """Fold (indicator id, year, state, value) rows, sorted by indicator, year and period end, into totals."""
    key, totals = None, None
    for indicator_id, year, state, value in rows:
        if (indicator_id, year) != key:
            if key is not None:
                yield (*key, totals.values())
            key, totals = (indicator_id, year), _Totals()
        totals.working.add(value)
        if state == RealizationState.VERIFIED:
            totals.verified.add(value)
    if key is not None:
        yield (*key, totals.values())


def _counted_rows(realizations):
    return (
        realizations.filter(is_current=True, state__in=COUNTED)
        .order_by("indicator_id", "period__year", "period__ends")
        .values_list("indicator_id", "period__year", "state", "value")
    )


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
