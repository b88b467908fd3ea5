import pytest

from kinerja.browser import log_in
from kinerja.monitoring.models import Realization
from kinerja.monitoring.tests.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_out(page):
    page.click("nav >> text=Keluar")
    page.wait_for_url("**/login/")


def test_operator_reports_a_value_with_evidence_and_a_planner_verifies_it(
    world, periods, output_indicator, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    evidence = tmp_path / "bukti-tw1.pdf"
    evidence.write_bytes(PDF)
    tw1 = periods[("quarter", 1)]

    log_in(page, "dinkes_operator", "test-password-1")
    page.click("nav >> text=Laporan")
    row = page.locator("tr", has_text=output_indicator.name[:40]).filter(has_text="TW I 2026")
    row.locator("a").click()
    page.wait_for_selector("h1")
    page.fill("#id_value", "12,5")
    page.fill("#id_explanation", "Tiga rumah sakit direhabilitasi")
    page.click("text=Simpan draf")
    page.wait_for_selector("text=Nilai disimpan sebagai draf.")
    page.set_input_files("#id_file", str(evidence))
    page.click("text=Lampirkan")
    page.wait_for_selector("a >> text=bukti-tw1.pdf")
    assert page.locator("text=Ajukan untuk verifikasi").count() == 0  # the head submits, not the operator
    _log_out(page)

    log_in(page, "dinkes_head", "test-password-1")
    page.goto(f"{page.base_url}/reports/{output_indicator.pk}/{tw1.pk}/")
    page.click("text=Ajukan untuk verifikasi")
    page.wait_for_selector("text=Diajukan untuk verifikasi.")
    _log_out(page)

    log_in(page, "planner", "test-password-1")
    page.click("nav >> text=Laporan")
    page.wait_for_selector("text=Menunggu verifikasi")
    page.click("text=Periksa")
    page.click("button >> text=Verifikasi")
    page.wait_for_selector("text=Nilai diverifikasi.")
    realization = Realization.objects.get(indicator=output_indicator, period=tw1, is_current=True)
    assert realization.state == "verified" and str(realization.value) == "12.5000"
    assert realization.evidence.get().name == "bukti-tw1.pdf"
    assert page.js_errors == []
