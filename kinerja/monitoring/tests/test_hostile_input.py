"""Attacks on monitoring's inputs, each refused with a clear message and nothing stored."""

import datetime
import io
import time

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from kinerja.core.models import AuditEvent
from kinerja.core.tests.files import odt_bomb, pdf_bytes
from kinerja.monitoring import services
from kinerja.monitoring.entry_excel import import_sheet
from kinerja.monitoring.models import Evidence, Realization
from kinerja.monitoring.tests.conftest import PDF
from kinerja.tests.versions import realization_version

NOW = datetime.datetime(2026, 7, 5, 9, tzinfo=datetime.UTC)
TW2 = ("quarter", 2)


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def draft(world, periods, output_indicator):
    return services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=output_indicator,
        period=periods[TW2],
        value="5",
        today=datetime.date(2026, 7, 2),
        expected_version=realization_version(output_indicator, periods[TW2]),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("laporan.odt", odt_bomb(), "would unpack to 1024.0 MB"),
        ("data.xlsx", None, "not XML"),  # an executable named xl/workbook.xml
        ("bukti.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF", "web page in disguise"),
        ("bukti.pdf", pdf_bytes(catalog_extra=b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"), "JavaScript"),
    ],
)
def test_hostile_evidence_is_refused_through_the_api_and_nothing_is_stored(
    world, draft, settings, tmp_path, name, content, message
):
    from kinerja.core.tests.files import ooxml_bytes
    from kinerja.core.tests.test_uploads import EXECUTABLE

    content = content if content is not None else ooxml_bytes(content=EXECUTABLE)
    settings.MEDIA_ROOT = tmp_path
    client = APIClient()
    client.force_authenticate(world.users["dinkes_operator"])
    client.cookies["django_language"] = "en"  # the messages below are the msgids
    events = AuditEvent.objects.count()
    response = client.post(
        f"/api/v1/realizations/{draft.pk}/evidence/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )
    assert response.status_code == 400 and message in response.json()["message"] + str(response.json()["extra"])
    assert Evidence.objects.count() == 0 and _stored_files(tmp_path) == []
    assert AuditEvent.objects.count() == events


def test_evidence_is_served_as_an_attachment_with_nosniff_and_its_stored_type(world, draft, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evidence = services.evidence_add(
        user=world.users["dinkes_operator"], realization=draft, upload=SimpleUploadedFile("b.pdf", PDF)
    )
    response = login(world.users["dinkes_operator"]).get(f"/evidence/{evidence.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"


def _sheet_with_rows(client, period, extra_rows: int) -> bytes:
    content = client.get(f"/reports/sheet/dinkes/{period.pk}/").content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Realisasi"]
    for number in range(extra_rows):
        sheet.append([900000 + number, "", "tambahan", "", None, "", 1, "x" * 100])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@time_machine.travel(NOW)
def test_an_entry_sheet_with_more_rows_than_indicators_is_refused_early_and_stores_nothing(
    world, periods, output_indicator, login
):
    client = login(world.users["dinkes_operator"])
    data = _sheet_with_rows(client, periods[TW2], 20000)
    events = AuditEvent.objects.count()
    started = time.process_time()
    result = import_sheet(user=world.users["dinkes_operator"], agency=world.dinkes, period=periods[TW2], data=data)
    assert time.process_time() - started < 2  # the cap stops reading: 20,000 rows are not parsed
    assert [message for _row, message in result.errors] == [
        "Sheet Realisasi has more than 101 rows to import; nothing was read beyond that."
    ]
    assert Realization.objects.count() == 0 and AuditEvent.objects.count() == events
    response = client.post(
        f"/reports/sheet/dinkes/{periods[TW2].pk}/upload/", {"file": SimpleUploadedFile("isi.xlsx", data)}
    )
    assert response.status_code == 200 and "lebih dari 101 baris" in response.content.decode()  # Indonesian page


@time_machine.travel(NOW)
def test_errors_of_an_entry_sheet_are_listed_up_to_the_limit_and_then_counted(
    world, periods, output_indicator, login, settings, monkeypatch
):
    from kinerja.monitoring import entry_excel

    settings.IMPORT_MAX_ERRORS = 5
    monkeypatch.setattr(entry_excel, "row_limit", lambda **_kwargs: 100)
    client = login(world.users["dinkes_operator"])
    data = _sheet_with_rows(client, periods[TW2], 40)
    result = import_sheet(user=world.users["dinkes_operator"], agency=world.dinkes, period=periods[TW2], data=data)
    assert len(result.errors) == 6 and result.errors[-1] == (0, "… and 35 more errors.")
    assert Realization.objects.count() == 0


@time_machine.travel(NOW)
def test_a_formula_in_the_entry_sheet_is_refused_naming_its_cell(world, periods, output_indicator, login):
    client = login(world.users["dinkes_operator"])
    workbook = load_workbook(io.BytesIO(client.get(f"/reports/sheet/dinkes/{periods[TW2].pk}/").content))
    workbook["Realisasi"]["G2"] = "=2*6"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_sheet(
        user=world.users["dinkes_operator"], agency=world.dinkes, period=periods[TW2], data=buffer.getvalue()
    )
    assert result.errors == [(0, "Sheet Realisasi, cell G2 holds a formula; type the value itself.")]
    assert Realization.objects.count() == 0


@time_machine.travel(NOW)
def test_an_explanation_starting_with_equals_is_text_in_the_sheet_and_survives_the_round_trip(
    world, periods, output_indicator, login
):
    hostile = '=HYPERLINK("http://evil.example","klik")'
    services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=output_indicator,
        period=periods[TW2],
        value="7",
        explanation=hostile,
        today=datetime.date(2026, 7, 2),
        expected_version=realization_version(output_indicator, periods[TW2]),
    )
    client = login(world.users["dinkes_operator"])
    content = client.get(f"/reports/sheet/dinkes/{periods[TW2].pk}/").content
    cell = load_workbook(io.BytesIO(content))["Realisasi"]["H2"]
    assert cell.data_type == "s" and cell.value == hostile
    response = client.post(
        f"/reports/sheet/dinkes/{periods[TW2].pk}/upload/", {"file": SimpleUploadedFile("isi.xlsx", content)}
    )
    assert response.status_code == 302
    assert (
        Realization.objects.get(indicator=output_indicator, period=periods[TW2], is_current=True).explanation == hostile
    )


def test_a_zip_bomb_posing_as_an_entry_sheet_is_refused_before_openpyxl_opens_it(world, periods, output_indicator):
    result = import_sheet(
        user=world.users["dinkes_operator"], agency=world.dinkes, period=periods[TW2], data=odt_bomb()
    )
    assert result.errors and "would unpack to 1024.0 MB" in result.errors[0][1]
