import pytest

from kinerja.browser import log_in
from kinerja.core.access import SYSTEM
from kinerja.integrity import services
from kinerja.integrity.choices import DocumentState
from kinerja.integrity.models import SignedDocument
from kinerja.integrity.tests.test_documents import prepare
from kinerja.tests.versions import current_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agency_head_signs_and_opens_the_public_verification_page(world, trusted, p12, page, tmp_path):
    draft = prepare(world)
    document = services.document_mark_ready(user=SYSTEM, document=draft, expected_version=current_version(draft))
    certificate = tmp_path / "dinkes.kepala.p12"
    certificate.write_bytes(p12("Kepala Dinkes"))
    log_in(page, "dinkes_head", "test-password-1")
    page.goto(f"{page.base_url}/integritas/?year=2026")
    page.click(f"a[href='/integritas/dokumen/{document.pk}/']")
    page.wait_for_selector("h2 >> text=Tanda tangani dokumen ini")
    page.set_input_files("#id_certificate", str(certificate))
    page.fill("#id_passphrase", "pw-Kepala Dinkes")
    page.click("button >> text=Tanda tangani")
    page.wait_for_selector("text=Ditandatangani. Halaman verifikasi menampilkan tanda tangan Anda.")
    document.refresh_from_db()
    assert document.state == DocumentState.FIRST_SIGNED
    # The passphrase is not echoed back into the page.
    assert "pw-Kepala Dinkes" not in page.content()

    # Anyone (logged out) opens the verification page from the code printed on the PDF.
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/verifikasi/{document.code}/")
    page.wait_for_selector("h1 >> text=Verifikasi dokumen")
    assert page.locator(".alert-success").inner_text().startswith("Dokumen ini diterbitkan oleh Kinerja")
    assert page.locator("td >> text=Kepala Dinkes").count() == 1
    assert page.locator(".badge >> text=Sah").count() == 1
    assert SignedDocument.objects.get(pk=document.pk).signatures.count() == 1
    assert page.js_errors == []
