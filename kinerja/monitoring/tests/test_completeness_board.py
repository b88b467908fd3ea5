"""The completeness board counts the submitted values per quarter, and those on time, from the year totals:
the figures follow every change of state (submitted, returned, verified) without counting the values again."""

import datetime
from decimal import Decimal

import time_machine

from kinerja.monitoring import selectors, services, totals
from kinerja.monitoring.models import IndicatorYearTotal
from kinerja.tests.versions import current_version, realization_version

NOW = datetime.datetime(2026, 7, 5, 9, tzinfo=datetime.UTC)
BOARD_DAY = datetime.date(2026, 7, 20)  # TW I and TW II have ended


def _dinkes(world) -> list[dict]:
    board = selectors.completeness_board(user=world.users["planner"], year=2026, today=BOARD_DAY)
    return next(row for row in board if row["agency"].pk == world.dinkes.pk)["cells"]


def _submit(world, indicator, period):
    value = services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=indicator,
        period=period,
        value="10",
        explanation="ok",
        today=datetime.date(2026, 7, 2),
        expected_version=realization_version(indicator, period),
    )
    return services.realization_submit(
        user=world.users["dinkes_head"], realization=value, now=NOW, expected_version=current_version(value)
    )


@time_machine.travel(NOW)
def test_board_counts_per_quarter_and_on_time_and_follows_a_return(world, periods, output_indicator):
    before = _dinkes(world)
    late = _submit(world, output_indicator, periods[("quarter", 1)])  # TW I's deadline passed in April
    on_time = _submit(world, output_indicator, periods[("quarter", 2)])
    assert late.is_late and not on_time.is_late
    cells = _dinkes(world)
    need = [cell["expected"] for cell in cells]
    assert [cell["submitted"] - old["submitted"] for cell, old in zip(cells, before, strict=True)] == [1, 1, 0, 0]
    # Timeliness counts only the value submitted before its deadline.
    on_time_share = [cell["timeliness"] * cell["expected"] / 100 for cell in cells[:2]]
    on_time_before = [(old["timeliness"] or Decimal(0)) * old["expected"] / 100 for old in before[:2]]
    assert [a - b for a, b in zip(on_time_share, on_time_before, strict=True)] == [0, 1]
    assert need[0] and cells[0]["completeness"] == Decimal(min(cells[0]["submitted"], need[0]) * 100) / need[0]
    row = IndicatorYearTotal.objects.get(indicator=output_indicator, year=2026)
    assert (row.counted_q1, row.on_time_q1, row.counted_q2, row.on_time_q2) == (1, 0, 1, 1)

    # A returned value leaves the board; verifying the other keeps it there.
    services.realization_return(
        user=world.users["planner"], realization=late, reason="Bukti kurang", expected_version=current_version(late)
    )
    services.realization_verify(
        user=world.users["planner"], realization=on_time, expected_version=current_version(on_time)
    )
    cells = _dinkes(world)
    assert [cell["submitted"] - old["submitted"] for cell, old in zip(cells, before, strict=True)] == [0, 1, 0, 0]
    assert totals.check() == []
