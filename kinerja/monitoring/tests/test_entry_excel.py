import datetime
import io

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.monitoring import services
from kinerja.monitoring.models import ImportJob, Realization
from kinerja.tests.versions import current_version, realization_version

NOW = datetime.datetime(2026, 7, 5, 9, tzinfo=datetime.UTC)


def _filled(content: bytes, values: dict[int, tuple]) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Realisasi"]
    for row in sheet.iter_rows(min_row=2):
        key = row[0].value
        if key in values:
            row[6].value, row[7].value = values[key]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@time_machine.travel(NOW)
def test_sheet_round_trip_saves_every_row(world, periods, output_indicator, login):
    client = login(world.users["dinkes_operator"])
    tw2 = periods[("quarter", 2)]
    sheet = client.get(f"/reports/sheet/dinkes/{tw2.pk}/")
    assert sheet.status_code == 200
    workbook = load_workbook(io.BytesIO(sheet.content))
    ids = [row[0] for row in workbook["Realisasi"].iter_rows(min_row=2, values_only=True)]
    assert ids == [output_indicator.pk]  # the quarterly indicators of the agency only
    data = _filled(sheet.content, {output_indicator.pk: ("12,5", "Tiga RS")})
    response = client.post(f"/reports/sheet/dinkes/{tw2.pk}/upload/", {"file": SimpleUploadedFile("isi.xlsx", data)})
    assert response.status_code == 302
    realization = Realization.objects.get(indicator=output_indicator, period=tw2)
    assert str(realization.value) == "12.5000" and realization.explanation == "Tiga RS" and realization.state == "draft"


@time_machine.travel(NOW)
def test_sheet_with_bad_rows_changes_nothing_and_lists_the_rows(world, periods, output_indicator, login):
    client = login(world.users["dinkes_operator"])
    tw2 = periods[("quarter", 2)]
    content = client.get(f"/reports/sheet/dinkes/{tw2.pk}/").content
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Realisasi"]
    sheet.append([world.disdik_indicator.pk, "", "other agency", "", None, "", 5, ""])
    sheet.append(["abc", "", "broken id", "", None, "", 5, ""])
    sheet.cell(row=2, column=7).value = "banyak"
    buffer = io.BytesIO()
    workbook.save(buffer)
    events = AuditEvent.objects.count()
    response = client.post(
        f"/reports/sheet/dinkes/{tw2.pk}/upload/", {"file": SimpleUploadedFile("isi.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 200
    rows = [row for row, _message in response.context["result"].errors]
    assert rows == [2, 3, 4]
    assert not Realization.objects.exists() and AuditEvent.objects.count() == events


@time_machine.travel(NOW)
def test_verified_values_in_the_sheet_cannot_be_changed(world, periods, output_indicator, login):
    tw1 = periods[("quarter", 1)]
    r = services.realization_save(
        user=SYSTEM,
        indicator=output_indicator,
        period=tw1,
        value="7",
        explanation="x",
        expected_version=realization_version(output_indicator, tw1),
    )
    services.realization_submit(user=SYSTEM, realization=r, expected_version=current_version(r))
    services.realization_verify(user=SYSTEM, realization=r, expected_version=current_version(r))
    client = login(world.users["dinkes_operator"])
    content = client.get(f"/reports/sheet/dinkes/{tw1.pk}/").content
    data = _filled(content, {output_indicator.pk: (8, "x")})
    response = client.post(f"/reports/sheet/dinkes/{tw1.pk}/upload/", {"file": SimpleUploadedFile("isi.xlsx", data)})
    assert response.context["result"].errors and Realization.objects.get(pk=r.pk).value == 7


@time_machine.travel(NOW)
def test_large_sheet_runs_as_a_job_with_progress(world, periods, output_indicator, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_ROWS = 0
    client = login(world.users["dinkes_operator"])
    tw2 = periods[("quarter", 2)]
    data = _filled(client.get(f"/reports/sheet/dinkes/{tw2.pk}/").content, {output_indicator.pk: (9, "")})
    response = client.post(f"/reports/sheet/dinkes/{tw2.pk}/upload/", {"file": SimpleUploadedFile("besar.xlsx", data)})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/imports/{job.pk}/"
    assert job.status == "done" and job.saved == 1 and job.percent == 100
    page = client.get(f"/reports/imports/{job.pk}/", HTTP_HX_REQUEST="true")
    assert "100" in page.content.decode() and "hx-trigger" not in page.content.decode()
    assert login(world.users["disdik_operator"]).get(f"/reports/imports/{job.pk}/").status_code == 404


def test_other_agency_cannot_download_or_upload(world, periods, login):
    client = login(world.users["disdik_operator"])
    assert client.get(f"/reports/sheet/dinkes/{periods[('quarter', 1)].pk}/").status_code == 404
    assert (
        login(world.users["inspector"]).get(f"/reports/sheet/dinkes/{periods[('quarter', 1)].pk}/upload/").status_code
        == 403
    )
