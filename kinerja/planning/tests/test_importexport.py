import io

from openpyxl import load_workbook

from kinerja.core.models import AuditEvent
from kinerja.planning.importexport import INDICATORS_SHEET, NODES_SHEET, build_workbook, export_plan, import_plan
from kinerja.planning.models import Indicator, PlanNode, Target


def _workbook(world, node_rows, indicator_rows):
    workbook = load_workbook(io.BytesIO(build_workbook(period=world.period)))
    for row in node_rows:
        workbook[NODES_SHEET].append(row)
    header = [c.value for c in workbook[INDICATORS_SHEET][1]]
    for row in indicator_rows:
        workbook[INDICATORS_SHEET].append([row.get(column) for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _state():
    return (PlanNode.objects.count(), Indicator.objects.count(), Target.objects.count(), AuditEvent.objects.count())


GOOD_NODES = [
    ["kegiatan", "1.02.02.1.02", "1.02.02", "dinkes", "Penyediaan Layanan Kesehatan", ""],
    [
        "sub_kegiatan",
        "1.02.02.1.02.01",
        "1.02.02.1.02",
        "dinkes",
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
        "legacy 2-digit code",
    ],
]
GOOD_INDICATOR = {
    "kode_simpul": "1.02.02.1.02.0001",
    "opd": "dinkes",
    "indikator": "Jumlah ibu hamil yang mendapatkan pelayanan kesehatan",
    "satuan": "orang",
    "polaritas": "positif",
    "tipe": "output",
    "frekuensi": "triwulanan",
    "akumulasi": "jumlah",
    "baseline": "1200",
    "iku": "tidak",
    "target_2026": "1300",
    "target_2027": 1400,
    "target_akhir": "1600",
}


def test_template_has_the_sheets_and_columns_of_the_period(world, login):
    response = login(world.users["planner"]).get(f"/plan/periods/{world.period.pk}/template.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Simpul", "Indikator", "Petunjuk"]
    header = [c.value for c in workbook[INDICATORS_SHEET][1]]
    assert "target_2025" in header and "target_2029_atas" in header and "target_2030" not in header


def test_import_creates_nodes_indicators_and_targets(world):
    data = _workbook(world, GOOD_NODES, [GOOD_INDICATOR])
    result = import_plan(user=world.users["planner"], period=world.period, data=data, filename="rencana.xlsx")
    assert result.ok, result.errors
    assert result.nodes_created == 2 and result.indicators_created == 1 and result.targets_set == 2
    sub = PlanNode.objects.get(period=world.period, code="1.02.02.1.02.0001")
    assert sub.parent.code == "1.02.02.1.02" and sub.agency == world.dinkes
    indicator = sub.indicators.get()
    assert str(indicator.final_target) == "1600.0000" and indicator.targets.get(year=2027).value == 1400
    assert AuditEvent.objects.filter(action="import", object_id=str(world.period.pk)).exists()


def test_import_with_bad_rows_changes_nothing_and_lists_every_error(world):
    bad_nodes = GOOD_NODES + [
        ["kegiatan", "1.02.02.1.99", "1.02.02", "dinkes", "Kode tidak ada", ""],
        ["programm", "1.02.03", "", "dinkes", "Jenis salah", ""],
        ["program", "1.02.03", "S9", "dinkes", "Induk tidak ada", ""],
        ["kegiatan", "1.02.03.1.01", "1.02.03", "dinkez", "OPD tidak ada", ""],
    ]
    bad_indicator = dict(GOOD_INDICATOR, target_2026="banyak", polaritas="naik", satuan="")
    before = _state()
    result = import_plan(
        user=world.users["planner"],
        period=world.period,
        data=_workbook(world, bad_nodes, [bad_indicator]),
        filename="x.xlsx",
    )
    assert not result.ok
    rows = {(e.sheet, e.row) for e in result.errors}
    assert {("Simpul", 4), ("Simpul", 5), ("Simpul", 6), ("Simpul", 7), ("Indikator", 2)} <= rows
    messages = " ".join(e.message for e in result.errors)
    assert "not in the SIPD nomenclature" in messages and "banyak" in messages and "dinkez" in messages
    assert _state() == before


def test_import_page_shows_row_errors(world, login):
    client = login(world.users["planner"])
    data = _workbook(world, [["kegiatan", "1.02.02.1.99", "1.02.02", "dinkes", "Kode tidak ada", ""]], [])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/plan/periods/{world.period.pk}/import/", {"file": SimpleUploadedFile("rencana.xlsx", data)}
    )
    assert response.status_code == 200
    assert response.context["result"].errors[0].row == 2


def test_a_file_that_is_not_a_workbook_is_refused(world, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = _state()
    response = login(world.users["planner"]).post(
        f"/plan/periods/{world.period.pk}/import/",
        {"file": SimpleUploadedFile("rencana.xlsx", b"MZ\x90\x00 not excel")},
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert _state() == before


def test_export_then_import_changes_nothing(world):
    planner = world.users["planner"]
    data = export_plan(user=planner, period=world.period)
    before = _state()
    result = import_plan(user=planner, period=world.period, data=data, filename="export.xlsx")
    assert result.ok, result.errors
    assert result.nodes_created == 0 and result.nodes_updated == 0 and result.indicators_updated == 0
    # Only the import event itself is added.
    assert _state()[:3] == before[:3] and _state()[3] == before[3] + 1


def test_export_holds_only_what_the_user_may_see(world):
    data = export_plan(user=world.users["dinkes_operator"], period=world.period)
    workbook = load_workbook(io.BytesIO(data))
    codes = {row[1] for row in workbook[NODES_SHEET].iter_rows(min_row=2, values_only=True)}
    assert "1.02.02" in codes and "1.01.02" not in codes


def test_operator_cannot_import(world, login):
    assert login(world.users["dinkes_operator"]).get(f"/plan/periods/{world.period.pk}/import/").status_code == 403
