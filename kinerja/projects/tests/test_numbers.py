"""Numbers on the project pages: typed the Indonesian way, shown the Indonesian way, unchanged by a resubmit."""

import datetime
from decimal import Decimal

import pytest

from kinerja.core.tests.pages import resubmit_data
from kinerja.projects.models import ProgressReport, Project
from kinerja.projects.tests.conftest import make_project, report

HOST = {"HTTP_HOST": "127.0.0.1"}
OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture
def project(world, region):
    return make_project(world, region=region, value=Decimal("100000000000"))  # Rp 100 billion


def test_the_progress_form_reads_a_decimal_comma_and_thousands_dots(client, world, project):
    client.force_login(world.users["dinkes_operator"])
    response = client.post(
        f"/proyek/{project.pk}/laporan/",
        {"month": "2026-10", "physical_plan": "90", "physical_actual": "84,5", "financial": "70.000.000.000"},
        **HOST,
    )
    assert response.status_code == 302
    saved = ProgressReport.objects.get(project=project)
    assert (saved.physical_actual, saved.financial) == (Decimal("84.5"), Decimal("70000000000"))


def test_the_progress_form_refuses_an_ambiguous_amount_with_a_message_and_saves_nothing(client, world, project):
    client.force_login(world.users["dinkes_operator"])
    response = client.post(
        f"/proyek/{project.pk}/laporan/",
        {"month": "2026-10", "physical_plan": "90", "physical_actual": "84,5", "financial": "1.600"},
        **HOST,
    )
    assert response.status_code == 400
    assert "1.600 ambigu: tulis 1600 untuk bilangan bulat atau 1,6 untuk pecahan desimal." in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_a_progress_report_opened_and_saved_unchanged_stays_as_it_was(client, world, project):
    report(project, OCTOBER, "40.5", "31.25", financial=Decimal("825000000.50"))
    client.force_login(world.users["dinkes_operator"])
    page = client.get(f"/proyek/{project.pk}/laporan/?month=2026-10", **HOST)
    html = page.content.decode()
    assert 'value="825.000.000,5"' in html and 'value="40,5"' in html and 'value="31,25"' in html
    saved = client.post(f"/proyek/{project.pk}/laporan/?month=2026-10", resubmit_data(page, "financial"), **HOST)
    assert saved.status_code == 302, saved.content.decode()
    stored = ProgressReport.objects.get(project=project)
    assert (stored.physical_plan, stored.physical_actual, stored.financial) == (
        Decimal("40.5"),
        Decimal("31.25"),
        Decimal("825000000.50"),
    )


def test_a_project_opened_and_saved_unchanged_keeps_its_value_funding_and_position(client, world, region):
    project = make_project(
        world,
        region=region,
        value=Decimal("70000000000"),
        latitude=Decimal("-2.990934"),
        longitude=Decimal("104.756554"),
    )
    client.force_login(world.users["planner"])
    page = client.get(f"/proyek/{project.pk}/ubah/", **HOST)
    html = page.content.decode()
    assert 'value="70.000.000.000"' in html and 'value="-2,990934"' in html
    assert 'type="number"' not in html
    data = resubmit_data(page, "value")
    data["funding_apbn"] = ["12.500.000.000,75"]
    first = client.post(f"/proyek/{project.pk}/ubah/", data, **HOST)
    assert first.status_code == 302, first.content.decode()
    page = client.get(f"/proyek/{project.pk}/ubah/", **HOST)
    assert 'value="12.500.000.000,75"' in page.content.decode()
    second = client.post(f"/proyek/{project.pk}/ubah/", resubmit_data(page, "value"), **HOST)
    assert second.status_code == 302, second.content.decode()
    project = Project.objects.get(pk=project.pk)
    assert (project.value, project.latitude, project.longitude) == (
        Decimal("70000000000"),
        Decimal("-2.990934"),
        Decimal("104.756554"),
    )
    assert [(f.source, f.amount) for f in project.fundings.all()] == [("apbn", Decimal("12500000000.75"))]


def test_the_api_reads_text_amounts_as_the_forms_do_and_refuses_an_ambiguous_one(client, world, project):
    client.force_login(world.users["dinkes_operator"])
    body = {"project": project.pk, "month": "2026-10-01", "physical_plan": "90", "physical_actual": "84,5"}
    refused = client.post(
        "/api/v1/progress-reports/", {**body, "financial": "1.600"}, content_type="application/json", **HOST
    )
    assert refused.status_code == 400 and set(refused.json()["extra"]["fields"]) == {"financial"}
    assert not ProgressReport.objects.exists()
    created = client.post(
        "/api/v1/progress-reports/", {**body, "financial": "70.000.000.000"}, content_type="application/json", **HOST
    )
    assert created.status_code == 201, created.content
    assert created.json()["financial"] == "70000000000.00" and created.json()["physical_actual"] == "84.50"
    stored = ProgressReport.objects.get()
    assert (stored.physical_actual, stored.financial) == (Decimal("84.5"), Decimal("70000000000"))
