import datetime

import pytest
from django.utils import timezone

from kinerja.browser import log_in
from kinerja.projects.models import Obstacle, ProgressReport
from kinerja.projects.tests.conftest import make_project, report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_operator_reports_progress_with_a_photo_and_an_obstacle_and_the_leader_sees_the_warning(
    world, region, page, tmp_path
):
    from PIL import Image

    last = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    before = (last - datetime.timedelta(days=1)).replace(day=1)
    project = make_project(world, code="dermaga", region=region, start=before)
    report(project, before, "20", "19", today=timezone.localdate())
    photo = tmp_path / "dermaga.jpg"
    Image.new("RGB", (64, 48), (30, 90, 160)).save(photo, format="JPEG")

    log_in(page, "dinkes_operator", "test-password-1")
    page.goto(f"{page.base_url}/proyek/{project.pk}/")
    page.wait_for_selector("#project-status [data-health=on_track]")
    page.click("a >> text=Laporkan kemajuan bulanan")
    page.fill("#id_month", last.strftime("%Y-%m"))
    page.fill("#id_physical_plan", "40")
    page.fill("#id_physical_actual", "32")
    page.fill("#id_financial", "250000000")
    page.fill("#id_narrative", "Pemancangan tiang dermaga tertunda hujan.")
    page.set_input_files("#id_photos", str(photo))
    page.fill("#id_caption", "Lokasi dermaga")
    page.click("button >> text=Simpan laporan")
    page.wait_for_selector("#project-status [data-health=warning]")
    assert "8,0 poin di belakang rencana" in page.locator("#project-status").inner_text()
    assert page.locator("img[alt='Lokasi dermaga']").count() == 1
    page.wait_for_selector(".s-curve svg")

    page.click("a >> text=Laporkan hambatan")
    page.select_option("#id_category", "weather")
    page.fill("#id_title", "Curah hujan tinggi")
    page.fill("#id_owner", "PPK Dermaga")
    page.click("button >> text=Simpan hambatan")
    page.wait_for_selector("h1 >> text=Curah hujan tinggi")
    assert Obstacle.objects.get().project_id == project.pk
    assert ProgressReport.objects.get(project=project, month=last).photos.count() == 1
    assert page.js_errors == []

    page.context.clear_cookies()
    log_in(page, "leader", "test-password-1")
    page.goto(f"{page.base_url}/proyek/")
    row = page.locator("#project-table tr", has_text=project.name)
    assert row.locator("[data-health=warning]").count() == 1
    assert "8,0 poin di belakang rencana" in row.inner_text()
    assert page.locator("[data-count=warning]").inner_text() == "1"
    page.wait_for_selector(".chart-map svg path")  # the choropleth drawn from the bundled GeoJSON
    page.wait_for_selector("[data-kind=category-bars] svg")
    row.locator("a").click()
    page.wait_for_selector("#project-obstacles >> text=Curah hujan tinggi")
    assert page.locator("a >> text=Laporkan kemajuan bulanan").count() == 0  # the leader reads, does not report
    assert page.js_errors == []


def test_the_progress_form_stores_what_was_typed_the_indonesian_way_and_shows_it_again(world, region, page):
    from decimal import Decimal

    last = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    project = make_project(world, code="tol", region=region, start=last, value=Decimal("100000000000"))
    log_in(page, "dinkes_operator", "test-password-1")
    page.goto(f"{page.base_url}/proyek/{project.pk}/laporan/")
    assert page.get_attribute("#id_financial", "type") == "text"
    assert page.get_attribute("#id_physical_actual", "inputmode") == "decimal"
    page.fill("#id_month", last.strftime("%Y-%m"))
    page.fill("#id_physical_plan", "90")
    # Typed key by key, as a person does: a type=number input turned these into 845 and 70.000000000.
    page.locator("#id_physical_actual").press_sequentially("84,5")
    page.locator("#id_financial").press_sequentially("70.000.000.000")
    page.click("button >> text=Simpan laporan")
    page.wait_for_url(f"{page.base_url}/proyek/{project.pk}/")
    saved = ProgressReport.objects.get(project=project, month=last)
    assert (saved.physical_actual, saved.financial) == (Decimal("84.5"), Decimal("70000000000"))

    page.goto(f"{page.base_url}/proyek/{project.pk}/laporan/?month={last:%Y-%m}")
    assert page.input_value("#id_physical_actual") == "84,5"
    assert page.input_value("#id_financial") == "70.000.000.000"
    assert page.js_errors == []
    page.locator("#id_financial").fill("1.600")
    page.click("button >> text=Simpan laporan")  # refused with 400, which the console reports
    page.wait_for_selector("text=1.600 ambigu")
    assert page.input_value("#id_financial") == "1.600"  # what was typed stays, beside its message
    assert ProgressReport.objects.get(pk=saved.pk).financial == Decimal("70000000000")
