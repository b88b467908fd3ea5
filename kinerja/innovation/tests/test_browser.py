import pytest

from kinerja.browser import log_in
from kinerja.innovation.models import Claim, Innovation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESIGN = " ".join(["Pendaftaran pasien dilakukan daring melalui ponsel."] * 45)


def test_an_operator_registers_an_innovation_with_its_measures_and_a_reviewer_accepts_a_claim(world, page):
    log_in(page, "dinkes_operator", "test-password-1")
    page.goto(f"{page.base_url}/registri-inovasi/baru/")
    page.fill("#id_name", "Antrean Pasien Daring")
    page.select_option("#id_form", "public_service")
    page.select_option("#id_urusan", "1.02")
    page.select_option("#id_initiator", "asn")
    page.select_option("#id_stage", "implementation")
    page.fill("#id_initiated_on", "2024-02-01")
    page.fill("#id_trial_on", "2024-05-06")
    page.fill("#id_implemented_on", "2024-09-02")
    page.fill("#id_person_in_charge", "dr. Rina")
    page.fill("#id_design", DESIGN)
    page.click("button >> text=Simpan inovasi")
    page.wait_for_selector("#innovation-facts [data-stage=implementation]")
    innovation = Innovation.objects.get(name="Antrean Pasien Daring")

    page.click("a >> text=Ukur layanan yang berubah")
    page.fill("#id_service", "Pendaftaran rawat jalan")
    page.select_option("#id_time_unit", "hours")
    page.fill("#id_steps_before", "8")
    page.fill("#id_steps_after", "3")
    page.fill("#id_time_before", "3,5")
    page.fill("#id_time_after", "1")
    page.fill("#id_steps_link", "https://example.org/sop")
    page.click("button >> text=Simpan ukuran")
    table = page.locator(".measure-table[data-service='Pendaftaran rawat jalan']")
    assert table.locator("[data-kind=steps] [data-cut]").inner_text() == "62,50 %"
    assert table.locator("[data-kind=time] [data-cut]").inner_text() == "71,43 %"

    page.locator("#claims tr[data-indicator='16'] a").click()
    page.check("input[name=level][value='3']")
    page.fill("#id_evidence_link", "https://jdih.example.org/sk-antrean")
    page.click("button >> text=Simpan klaim")
    page.wait_for_selector("#claims tr[data-indicator='16'] [data-state=submitted]")
    assert page.locator("[data-score=claimed]").inner_text() == "9"
    assert page.js_errors == []

    page.context.clear_cookies()
    log_in(page, "service_quality", "test-password-1")
    page.goto(f"{page.base_url}/registri-inovasi/{innovation.pk}/")
    row = page.locator("#claims tr[data-indicator='16']")
    row.locator("button >> text=Terima").click()
    page.wait_for_selector("#claims tr[data-indicator='16'] [data-state=accepted]")
    assert page.locator("[data-score=verified]").inner_text() == "9"
    assert Claim.objects.get(innovation=innovation).state == "accepted"
    assert page.js_errors == []
