import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kinerja.core.access import SYSTEM
from kinerja.satisfaction import documents, formulas, services
from kinerja.satisfaction.models import KioskKey, Response, SurveyExport
from kinerja.satisfaction.tests.test_excel import _row, _sheet
from kinerja.satisfaction.tests.test_surveys import CODES, data
from kinerja.tests.versions import current_version

ROWS = [dict.fromkeys(CODES, 4), {**dict.fromkeys(CODES, 3), "U6": 1}, {**dict.fromkeys(CODES, 2), "U6": 1}]


@pytest.fixture
def answered(world, survey):
    for scores in ROWS:
        services.response_submit(survey=survey, data=data(survey, scores), channel="paper", user=SYSTEM)
    return survey


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_report_holds_the_results_of_the_data(answered):
    services.survey_update(
        user=SYSTEM,
        survey=answered,
        data={"follow_up_plan": "Tambah petugas loket pagi hari"},
        expected_version=current_version(answered),
    )
    answered.refresh_from_db()
    text = _text(documents.report_pdf(answered))
    expected = formulas.ikm(ROWS)
    assert str(expected.index).replace(".", ",") in text or str(expected.index) in text
    for heading in ("Metode", "Responden", "Hasil per unsur", "Analisis unsur terlemah", "Rencana tindak lanjut"):
        assert heading.lower() in text.lower(), heading
    assert "Kompetensi Pelaksana" in text  # U6, the weakest element, named in the analysis
    assert "Tambah petugas loket pagi hari" in text
    assert "278" in text  # the minimum sample, with the warning that the sample is short
    assert "belum representatif" in text


def test_poster_carries_the_short_link(answered):
    link = f"https://kinerja.example/s/{answered.public_code}/"
    text = _text(documents.poster_pdf(answered, link))
    assert answered.public_code in text and answered.service_unit.name in text


def test_report_and_data_pages_answer_at_once_for_small_surveys(answered, login, world):
    client = login(world.users["dinkes_operator"])
    report = client.get(f"/satisfaction/{answered.pk}/report.pdf")
    assert report.status_code == 200 and report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF")
    raw = client.get(f"/satisfaction/{answered.pk}/data.xlsx")
    rows = list(load_workbook(io.BytesIO(raw.content), read_only=True)["Data"].iter_rows(values_only=True))
    assert len(rows) == 1 + len(ROWS)
    poster = client.get(f"/satisfaction/{answered.pk}/poster.pdf")
    assert poster.status_code == 200 and poster.content.startswith(b"%PDF")
    for response in (report, raw, poster):
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    assert login(world.users["disdik_operator"]).get(f"/satisfaction/{answered.pk}/report.pdf").status_code == 404


def test_large_surveys_are_exported_by_the_worker(world, answered, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SURVEY_REPORT_BACKGROUND_RESPONSES = 1
    client = login(world.users["dinkes_operator"])
    response = client.get(f"/satisfaction/{answered.pk}/data.xlsx")
    export = SurveyExport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/satisfaction/exports/{export.pk}/"
    # the test task backend runs the task at once; the page then offers the file
    page = client.get(response["Location"])
    assert export.__class__.objects.get().status == "done" and b"download" in page.content.lower()
    download = client.get(f"/satisfaction/exports/{export.pk}/download/")
    assert download["Content-Disposition"].startswith("attachment") and download["X-Content-Type-Options"] == "nosniff"
    content = b"".join(download.streaming_content)
    assert len(list(load_workbook(io.BytesIO(content), read_only=True)["Data"].iter_rows())) == 1 + len(ROWS)
    # another user, even one who may see the survey, does not get someone else's export
    assert login(world.users["dinkes_head"]).get(f"/satisfaction/exports/{export.pk}/download/").status_code == 404


def test_paper_import_page_saves_all_or_lists_the_errors(world, survey, login):
    client = login(world.users["dinkes_operator"])
    template = client.get(f"/satisfaction/{survey.pk}/paper.xlsx")
    assert template.status_code == 200 and template.content.startswith(b"PK")
    bad = _sheet([_row(), _row(age=300)])
    response = client.post(f"/satisfaction/{survey.pk}/import/", {"file": io.BytesIO(bad)}, format="multipart")
    assert response.status_code == 200 and "umur" in response.content.decode() and Response.objects.count() == 0
    good = io.BytesIO(_sheet([_row(), _row(gender="L")]))
    good.name = "kuesioner.xlsx"
    response = client.post(f"/satisfaction/{survey.pk}/import/", {"file": good})
    assert response.status_code == 302 and Response.objects.filter(channel="paper").count() == 2
    assert login(world.users["planner"]).get(f"/satisfaction/{survey.pk}/import/").status_code == 403


def test_kiosk_key_is_shown_once_and_revocable_on_the_page(world, survey, login):
    client = login(world.users["dinkes_operator"])
    page = client.post(f"/satisfaction/{survey.pk}/", {"action": "kiosk_create", "name": "Loket 1"})
    key = re.search(r"kio_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    record = KioskKey.objects.get()
    assert services.kiosk_key_find(key) == record
    again = client.get(f"/satisfaction/{survey.pk}/").content.decode()
    assert key not in again and record.prefix in again
    client.post(f"/satisfaction/{survey.pk}/", {"action": "kiosk_revoke", "key": record.pk})
    assert services.kiosk_key_find(key) is None
    assert (
        login(world.users["planner"])
        .post(f"/satisfaction/{survey.pk}/", {"action": "kiosk_create", "name": "x"})
        .status_code
        == 403
    )
