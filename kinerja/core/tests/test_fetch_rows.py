"""fetch_raw gives the database's rows and, per column, what iterating the queryset would make of a value."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Case, F, Value, When

from kinerja.core.querysets import fetch_raw
from kinerja.planning.models import Indicator, Target


def _targets(world):
    indicator = world.dinkes_sub.indicators.get()
    values = [Decimal("40"), Decimal("12.3456"), Decimal("0.1"), Decimal("40"), Decimal("99999999.99")]
    Target.objects.bulk_create(
        [
            Target(indicator=indicator, year=2025 + i, value=v, value_high=None if i % 2 else v * 2)
            for i, v in enumerate(values)
        ]
    )
    return indicator


def _converted(queryset):
    rows, columns = fetch_raw(queryset)
    return [tuple(columns[i][value] for i, value in enumerate(row)) for row in rows]


def test_values_equal_plain_iteration_with_decimals_annotations_and_nulls(world):
    indicator = _targets(world)
    queryset = (
        Target.objects.filter(indicator=indicator)
        .annotate(either=Case(When(value_high__isnull=True, then=F("value")), default=F("value_high")))
        .order_by("year")
        .values_list("year", "value", "value_high", "indicator__name", "either")
    )
    expected = list(queryset)
    rows = _converted(queryset)
    assert rows == expected
    assert [type(v) for v in rows[1]] == [type(v) for v in expected[1]]
    assert rows[1][1] == Decimal("12.3456") and rows[1][2] is None and rows[0][4] == Decimal("80")
    if connection.vendor == "sqlite":  # SQLite gives floats, converted once each: the two 40s share one Decimal
        assert rows[0][1] is rows[3][1]


def test_refuses_a_column_order_it_cannot_follow_and_reads_empty_results(world):
    indicator = _targets(world)
    reordered = Target.objects.filter(indicator=indicator).annotate(one=Value(1)).values_list("one", "year")
    with pytest.raises(ValueError, match="annotations come after"):
        fetch_raw(reordered)
    with pytest.raises(ValueError):
        fetch_raw(Target.objects.filter(indicator=indicator))  # not a values_list
    assert fetch_raw(Target.objects.none().values_list("value"))[0] == []
    assert fetch_raw(Indicator.objects.filter(pk__in=[]).values_list("pk"))[0] == []
