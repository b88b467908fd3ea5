"""The database computation of achievements agrees with the pure formulas on the same data."""

import datetime
from decimal import Decimal

import pytest

from kinerja.monitoring import selectors, services
from kinerja.planning import services as planning
from kinerja.planning.models import Indicator


def _verified(indicator, period, value):
    r = services.realization_save(
        user=None, indicator=indicator, period=period, value=value, explanation="x", today=datetime.date(2026, 12, 1)
    )
    services.realization_submit(user=None, realization=r)
    services.realization_verify(user=None, realization=r)


@pytest.mark.parametrize("include_submitted", [False, True])
def test_database_and_pure_formulas_agree_for_every_polarity_and_accumulation(world, periods, include_submitted):
    cases = [
        ("positive", "sum", ["10", "8.5", "6"], "40", None),
        ("positive", "average", ["70", "80"], "75", None),
        ("positive", "max", ["3", "9", "4"], "8", None),
        ("negative", "sum", ["12", "11"], "30", None),
        ("negative", "max", ["4", "7"], "5", None),
        ("negative", "last", ["110", "90"], "100", None),
        ("range", "average", ["2", "4.5"], "1.5", "3.5"),
        ("range", "max", ["0.5", "1"], "1.5", "3.5"),
        ("range", "sum", ["1", "1"], "1.5", "3.5"),
        ("positive", "sum", ["5"], "0", None),  # zero target: not computable
    ]
    for number, (polarity, accumulation, values, target, high) in enumerate(cases):
        indicator = planning.indicator_create(
            user=None,
            node=world.dinkes_program,
            name=f"case {number}",
            unit="x",
            indicator_type="outcome",
            polarity=polarity,
            accumulation=accumulation,
            frequency="quarterly",
        )
        planning.target_set(
            user=None, indicator=indicator, year=2026, value=Decimal(target), value_high=Decimal(high) if high else None
        )
        for quarter, value in enumerate(values, start=1):
            _verified(indicator, periods[("quarter", quarter)], value)
    pending = services.realization_save(
        user=None,
        indicator=Indicator.objects.get(name="case 0"),
        period=periods[("quarter", 4)],
        value="20",
        explanation="x",
        today=datetime.date(2026, 12, 1),
    )
    services.realization_submit(user=None, realization=pending)

    indicators = Indicator.objects.filter(name__startswith="case")
    as_of = datetime.date(2026, 11, 1)
    pure = selectors.indicator_results(
        indicators=indicators, year=2026, include_submitted=include_submitted, as_of=as_of
    )
    database = {
        row.indicator_id: row
        for row in selectors.government_rows(
            indicators=indicators, year=2026, include_submitted=include_submitted, as_of=as_of
        )
    }
    for pk, result in pure.items():
        row = database.get(pk)
        for name, expected in (
            ("achievement", result.achievement),
            ("achievement_to_date", result.achievement_to_date),
        ):
            got = getattr(row, name) if row else None
            if expected is None:
                assert got is None, (result.name, name)
            else:
                assert got is not None and abs(Decimal(str(got)) - expected) < Decimal("0.01"), (
                    result.name,
                    name,
                    got,
                    expected,
                )
    # And the roll-up of the rows equals the mean of the pure results.
    means = selectors.rollup_rows(list(database.values()), key=lambda r: r.agency_id)[world.dinkes.pk]
    assert abs(means["achievement"] - selectors.mean(r.achievement for r in pure.values())) < Decimal("0.01")
