import datetime

import pytest
from django.utils import timezone

from kinerja.browser import log_in
from kinerja.core.tests.files import pdf_bytes
from kinerja.dashboards.models_supervision import RequestState, SupervisionRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_vice_governor_sends_a_request_and_the_agency_head_answers_it(world, supervisors, page, tmp_path):
    wagub = supervisors["wagub"]
    wagub.set_password("test-password-1")
    wagub.save()
    evidence = tmp_path / "rekap.pdf"
    evidence.write_bytes(pdf_bytes(text="Rekap kunjungan"))

    log_in(page, "wagub", "test-password-1")
    page.goto(f"{page.base_url}/pimpinan/supervisi/")
    row = page.locator("#supervised-agencies tr", has_text="Dinas Kesehatan")
    row.locator("a[data-agency=dinkes]").click()
    page.select_option("#id_kind", "instruction")
    page.fill("#id_text", "Kirim rencana aksi penurunan angka kematian ibu.")
    page.fill("#id_due", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.select_option("#id_indicator", label="Angka kematian ibu")
    page.click("main button[type=submit]")
    page.wait_for_selector("#request-state")
    assert "Kirim rencana aksi" in page.locator("#request-text").inner_text()
    sent = f"dikirim {timezone.localdate():%d-%m-%Y}"
    assert page.inner_text("#request-sent-on") == sent
    request = SupervisionRequest.objects.get()
    assert (request.supervisor, request.indicator, request.state) == (wagub, world.program_indicator, RequestState.OPEN)
    assert page.locator("#answer-form").count() == 0  # the supervisor does not answer his own request
    assert page.js_errors == []

    page.context.clear_cookies()
    log_in(page, "dinkes_head", "test-password-1")
    page.goto(f"{page.base_url}/pimpinan/supervisi/")
    assert (
        page.locator("#supervision-requests td.request-sent-on").first.inner_text()
        == f"{timezone.localdate():%d-%m-%Y}"
    )
    page.click("#supervision-requests a >> text=Kirim rencana aksi")
    assert page.inner_text("#request-sent-on") == sent  # the agency head sees the same day
    page.fill("#id_answer-text", "Rencana aksi terlampir: kunjungan rumah ibu hamil risiko tinggi.")
    page.set_input_files("#id_answer-evidence", str(evidence))
    page.click("#answer-form button[type=submit]")
    page.wait_for_selector("#answers a >> text=rekap.pdf")
    request.refresh_from_db()
    assert request.state == RequestState.ANSWERED
    assert "Rencana aksi terlampir" in page.locator("#answers").inner_text()
    assert page.locator("#answer-form").count() == 0
    assert page.js_errors == []
