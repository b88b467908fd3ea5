import datetime
import io

import time_machine
from openpyxl import load_workbook

from kinerja.core.access import SYSTEM
from kinerja.monitoring import services
from kinerja.monitoring.evaluation import _col
from kinerja.tests.versions import budget_version, current_version, month_version, realization_version


def _verified(world, periods, indicator, quarter, value):
    r = services.realization_save(
        user=SYSTEM,
        indicator=indicator,
        period=periods[("quarter", quarter)],
        value=value,
        explanation="x",
        expected_version=realization_version(indicator, periods[("quarter", quarter)]),
    )
    services.realization_submit(user=SYSTEM, realization=r, expected_version=current_version(r))
    services.realization_verify(user=SYSTEM, realization=r, expected_version=current_version(r))


@time_machine.travel(datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC))
def test_evaluation_form_follows_the_column_arithmetic(world, periods, output_indicator, login):
    for quarter, value in ((1, "10"), (2, "8"), (3, "6")):
        _verified(world, periods, output_indicator, quarter, value)
    budget = services.budget_set(
        user=SYSTEM,
        node=world.dinkes_sub,
        year=2026,
        ceiling="1000000",
        expected_version=budget_version(world.dinkes_sub, 2026),
    )
    for month, spent in ((2, "100000"), (5, "200000"), (8, "150000")):
        services.budget_month_set(
            user=SYSTEM,
            budget=budget,
            month=month,
            cash_plan="200000",
            spent=spent,
            expected_version=month_version(budget, month),
        )
    response = login(world.users["dinkes_head"]).get("/dashboard/evaluation.xlsx", {"agency": "dinkes", "year": 2026})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Evaluasi"]
    assert sheet["A1"].value == "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH DINAS KESEHATAN TAHUN 2026"
    numbering = next(r for r in sheet.iter_rows(values_only=True) if r[0] == 1 and r[1] == 2)
    assert [numbering[_col(n) - 1] for n in range(1, 18)] == list(range(1, 18))
    row = next(
        r for r in sheet.iter_rows(values_only=True) if isinstance(r[3], str) and r[3].startswith(output_indicator.name)
    )
    k = lambda n: row[_col(n) - 1]  # noqa: E731
    assert (k(7), k(8), k(9), k(10), k(11), k(12)) == (40, 10, 8, 6, None, 24)
    assert k(13) == 60.0  # 24 / 40 x 100
    assert k(14) == 24 and k(5) is None  # no final target was set for this indicator
    sub_row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == world.dinkes_sub.code)
    assert (
        sub_row[_col(7, 1) - 1] == 1000000 and sub_row[_col(8, 1) - 1] == 100000 and sub_row[_col(12, 1) - 1] == 450000
    )
    assert sub_row[_col(13, 1) - 1] == 45.0
    program_row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == world.dinkes_program.code)
    assert program_row[_col(12, 1) - 1] == 450000  # the program sums its sub-activities' spending
    labels = [r[2] for r in sheet.iter_rows(values_only=True)]
    assert "Rata-rata capaian kinerja (%)" in labels and "Faktor penghambat pencapaian kinerja" in labels
    average = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "Rata-rata capaian kinerja (%)")
    assert average[_col(13) - 1] == 60.0
    predikat = next(r for r in sheet.iter_rows(values_only=True) if r[2] == "Predikat kinerja")
    assert predikat[_col(13) - 1] == "Rendah"


def test_government_form_is_for_government_wide_roles(world, login):
    assert login(world.users["dinkes_operator"]).get("/dashboard/evaluation.xlsx").status_code == 403
    response = login(world.users["leader"]).get("/dashboard/evaluation.xlsx", {"year": 2026})
    sheet = load_workbook(io.BytesIO(response.content))["Evaluasi"]
    codes = {r[1] for r in sheet.iter_rows(values_only=True)}
    assert {world.dinkes_program.code, world.disdik_program.code} <= codes
    assert (
        login(world.users["disdik_operator"]).get("/dashboard/evaluation.xlsx", {"agency": "dinkes"}).status_code == 404
    )
