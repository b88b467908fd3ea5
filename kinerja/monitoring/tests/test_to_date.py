"""'To date' counts ended periods only, the same on every page, API and export (kinerja.core.periods).

The dinkes output indicator (quarterly, summed, 40 for 2026) has TW I verified at 10; its sub-activity
plans Rp50 a month and Rp650 in December (ceiling Rp1,200) and spends Rp50 a month up to November.
The day turns at midnight in Asia/Jakarta (UTC+7), not in UTC.
"""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook
from rest_framework.test import APIClient

from kinerja.core.access import SYSTEM
from kinerja.monitoring import services
from kinerja.monitoring.evaluation import _col
from kinerja.tests.panels import AGENCY_MONITORING, OVERVIEW_MONITORING, panel_context
from kinerja.tests.versions import budget_version, current_version, month_version, realization_version

UTC = datetime.UTC


@pytest.fixture
def first_quarter(world, periods, output_indicator):
    with time_machine.travel(datetime.datetime(2026, 4, 5, 3, tzinfo=UTC)):
        r = services.realization_save(
            user=SYSTEM,
            indicator=output_indicator,
            period=periods[("quarter", 1)],
            value="10",
            explanation="x",
            expected_version=realization_version(output_indicator, periods[("quarter", 1)]),
        )
        services.realization_submit(user=SYSTEM, realization=r, expected_version=current_version(r))
        services.realization_verify(user=SYSTEM, realization=r, expected_version=current_version(r))
    budget = services.budget_set(
        user=SYSTEM,
        node=world.dinkes_sub,
        year=2026,
        ceiling="1200",
        expected_version=budget_version(world.dinkes_sub, 2026),
    )
    for month in range(1, 13):
        services.budget_month_set(
            user=SYSTEM,
            budget=budget,
            month=month,
            cash_plan="650" if month == 12 else "50",
            spent=None if month == 12 else "50",
            expected_version=month_version(budget, month),
        )
    return output_indicator


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("moment", "months", "quarters"),
    [
        (datetime.datetime(2026, 6, 30, 10, tzinfo=UTC), 5, 1),  # 30 June in Jakarta: June still runs
        (datetime.datetime(2026, 6, 30, 17, 30, tzinfo=UTC), 6, 2),  # 1 July 00:30 in Jakarta: TW II has ended
        (datetime.datetime(2026, 12, 2, 3, tzinfo=UTC), 11, 3),  # the demo's day
        (datetime.datetime(2026, 12, 31, 16, 59, tzinfo=UTC), 11, 3),  # 31 December 23:59 in Jakarta
        (datetime.datetime(2026, 12, 31, 17, 0, tzinfo=UTC), 12, 4),  # 1 January 2027: 2026 is a past year
        (datetime.datetime(2027, 3, 1, 3, tzinfo=UTC), 12, 4),
    ],
)
def test_pages_api_and_board_measure_to_date_against_the_same_ended_periods(
    world, periods, first_quarter, login, moment, months, quarters
):
    indicator = first_quarter
    target_to_date = Decimal(10 * quarters)  # 40 pro rata to the ended quarters
    with time_machine.travel(moment, tick=False):
        dashboard = panel_context(
            login(world.users["dinkes_head"]).get("/dashboard/agencies/dinkes/", {"year": 2026}), AGENCY_MONITORING
        )
        page = next(r for r in dashboard["results"] if r.indicator_id == indicator.pk)
        api = _api(world.users["dinkes_head"])
        one = api.get(f"/api/v1/indicators/{indicator.pk}/achievement/", {"year": 2026}).json()
        agency = api.get(f"/api/v1/agencies/{world.dinkes.pk}/achievement/", {"year": 2026}).json()
        leader = login(world.users["leader"])
        overview = panel_context(leader.get("/dashboard/", {"year": 2026}), OVERVIEW_MONITORING)
        board = leader.get("/reports/board/", {"year": 2026}).context
        due = login(world.users["dinkes_operator"]).get("/reports/", {"year": 2026}).context["due"]

    assert (page.elapsed, page.target_to_date) == (quarters, target_to_date)
    assert (one["elapsed"], Decimal(one["target_to_date"])) == (quarters, target_to_date)
    assert Decimal(one["achievement_to_date"]) == page.achievement_to_date.quantize(Decimal("0.01"))
    assert Decimal(one["projected"]) == page.projected.quantize(Decimal("0.01"))
    row = next(r for r in overview["rows"] if r["agency"].code == "dinkes")
    assert row["to_date"] == dashboard["overall_to_date"]
    assert Decimal(agency["achievement_to_date"]) == dashboard["overall_to_date"].quantize(Decimal("0.01"))
    # The reporting board and the list of what is due count the same ended quarters.
    cells = next(r for r in board["rows"] if r["agency"].code == "dinkes")["cells"]
    assert [c["quarter"] for c in cells if c["expected"]] == list(range(1, quarters + 1))
    listed = {i.period.number for i in due.items if i.indicator.pk == indicator.pk}
    assert listed == set(range(1, quarters + 1))
    # The S-curve to date stops at the last ended month: the plan "sampai bulan 12" is due only once December ended.
    assert dashboard["month"] == months
    curve = dashboard["curve"]
    assert curve.financial_plan == Decimal(50 * months + 600 * (months == 12)) / 1200 * 100
    assert curve.financial_actual == Decimal(50 * min(months, 11)) / 1200 * 100
    flagged = [node.pk for node, _p in dashboard["early_warnings"].budgets]
    assert flagged == ([world.dinkes_sub.pk] if months == 12 else [])


@time_machine.travel(datetime.datetime(2026, 12, 2, 3, tzinfo=UTC))
def test_the_evaluation_export_agrees_with_the_dashboard(world, periods, first_quarter, login):
    client = login(world.users["dinkes_head"])
    page = next(
        r
        for r in panel_context(client.get("/dashboard/agencies/dinkes/", {"year": 2026}), AGENCY_MONITORING)["results"]
        if r.indicator_id == first_quarter.pk
    )
    response = client.get("/dashboard/evaluation.xlsx", {"agency": "dinkes", "year": 2026})
    sheet = load_workbook(io.BytesIO(response.content))["Evaluasi"]
    row = next(
        r for r in sheet.iter_rows(values_only=True) if isinstance(r[3], str) and r[3].startswith(first_quarter.name)
    )
    assert row[_col(12) - 1] == page.realization == 10
    assert Decimal(str(row[_col(13) - 1])) == page.achievement == 25  # against the annual target, as on the page


@time_machine.travel(datetime.datetime(2026, 1, 15, 3, tzinfo=UTC))
def test_before_any_month_has_ended_nothing_is_due_to_date(world, first_quarter, login):
    response = login(world.users["dinkes_head"]).get("/dashboard/agencies/dinkes/", {"year": 2026})
    panel = panel_context(response, AGENCY_MONITORING)
    assert panel["month"] == 0
    assert panel["curve"].financial_plan is None and not panel["early_warnings"].budgets
    assert "Belum ada bulan tahun ini yang berakhir" in response.content.decode()
