import io
import logging
from decimal import Decimal

import pytest
from django.core import management
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from pypdf import PdfReader

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.integrity import demo_ca, services, signing
from kinerja.integrity.choices import DocumentKind, DocumentState
from kinerja.integrity.models import IssuedFile, Signature, SignedDocument
from kinerja.monitoring.models import Budget
from kinerja.planning import services as planning
from kinerja.tests.versions import current_version, target_version


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def prepare(world, **extra):
    head, leader = world.users["dinkes_head"], world.users["leader"]
    return services.document_prepare(
        user=world.users["planner"], kind=DocumentKind.PK_AGENCY, government=world.government, year=2026,
        agency=world.dinkes,
        first_party={"user": head, "name": "dr. Trisnawarman", "nip": "196801011995031001", "position": "Kepala Dinas Kesehatan"},
        second_party={"user": leader, "name": "H. Herman Deru", "position": "Gubernur Sumatera Selatan"},
        **extra,
    )  # fmt: skip


def credential(p12, name):
    return signing.Pkcs12Credential(p12(name), f"pw-{name}")


def signed_by_both(world, p12):
    document = prepare(world)
    services.document_mark_ready(
        user=world.users["planner"], document=document, expected_version=current_version(document)
    )
    services.document_sign(
        user=world.users["dinkes_head"], document=document, credential=credential(p12, "Kepala Dinkes")
    )
    return services.document_sign(user=world.users["leader"], document=document, credential=credential(p12, "Gubernur"))


def test_agreement_shows_every_indicator_target_and_budget_of_the_year(world):
    Budget.objects.create(node=world.dinkes_sub, year=2026, ceiling=Decimal("1250000000"))
    Budget.objects.create(node=world.dinkes_sub, year=2027, ceiling=Decimal("9"))  # another year: not shown
    extra = planning.indicator_create(
        user=SYSTEM,
        node=world.dinkes_program,
        name="Cakupan imunisasi dasar lengkap",
        unit="%",
        indicator_type="output",
    )
    planning.target_set(
        user=SYSTEM, indicator=extra, year=2026, value=Decimal("95.5"), expected_version=target_version(extra, 2026)
    )
    document = prepare(world)
    assert document.state == DocumentState.DRAFT and document.due_date.isoformat() == "2026-01-31"
    text = pdf_text(bytes(document.pdf))
    assert "PERJANJIAN KINERJA TAHUN 2026" in text.upper() and "dr. Trisnawarman" in text and "H. Herman Deru" in text
    assert "selaku atasan pihak pertama" in text
    # Every indicator of the agency's programs with its 2026 target, and the budgets summed from sub-activities.
    for name, target in (("Angka kematian ibu", "97"), ("Cakupan imunisasi dasar lengkap", "95,5")):
        assert name in text
        row = next(i for n in document.content["performance"] for i in n["indicators"] if i["name"] == name)
        assert target in text and row["target"] == target.replace(",", ".")
    assert "1.250.000.000" in text and "Program upaya kesehatan" in text and "Fasilitas kesehatan" in text
    assert document.code in text
    assert IssuedFile.objects.filter(document=document, sha256=document.pdf_sha256).exists()


def test_states_and_turns(world, trusted, p12):
    document = prepare(world)
    head, leader, operator = world.users["dinkes_head"], world.users["leader"], world.users["dinkes_operator"]
    with pytest.raises(ValidationError, match="cannot be signed"):
        services.document_sign(user=head, document=document, credential=credential(p12, "Kepala Dinkes"))
    with pytest.raises(PermissionDenied):
        services.document_mark_ready(user=operator, document=document, expected_version=current_version(document))
    services.document_mark_ready(
        user=world.users["planner"], document=document, expected_version=current_version(document)
    )
    with pytest.raises(PermissionDenied, match="first party"):
        services.document_sign(user=leader, document=document, credential=credential(p12, "Gubernur"))
    with pytest.raises(PermissionDenied):
        services.document_sign(user=operator, document=document, credential=credential(p12, "Operator"))
    document = services.document_sign(user=head, document=document, credential=credential(p12, "Kepala Dinkes"))
    assert document.state == DocumentState.FIRST_SIGNED
    with pytest.raises(PermissionDenied, match="second party"):
        services.document_sign(user=head, document=document, credential=credential(p12, "Kepala Dinkes"))
    document = services.document_sign(user=leader, document=document, credential=credential(p12, "Gubernur"))
    assert document.state == DocumentState.IN_FORCE
    assert list(document.signatures.values_list("party", flat=True)) == ["first", "second"]
    with pytest.raises(ValidationError):
        services.document_sign(user=leader, document=document, credential=credential(p12, "Gubernur"))
    assert AuditEvent.objects.filter(action="sign", object_id=str(document.pk)).count() == 2


def test_two_signatures_both_validate_and_a_changed_byte_is_detected(world, trusted, p12, tmp_path, capsys):
    document = signed_by_both(world, p12)
    check = signing.check_pdf(bytes(document.pdf))
    assert [s.ok for s in check.signatures] == [True, True]
    assert "Kepala Dinkes" in check.signatures[0].signer and "Gubernur" in check.signatures[1].signer
    assert check.signatures[1].covers_whole_file and not check.signatures[0].covers_whole_file
    good = tmp_path / "pk.pdf"
    good.write_bytes(bytes(document.pdf))
    management.call_command("verify_document", str(good))
    assert "Every signature is valid" in capsys.readouterr().out

    altered = bytearray(document.pdf)
    position = altered.find(b"/Type /Page") + 2  # inside the first revision, covered by both signatures
    altered[position] ^= 0x01
    bad = tmp_path / "altered.pdf"
    bad.write_bytes(bytes(altered))
    with pytest.raises(CommandError, match="not a file Kinerja issued.*not every signature verifies"):
        management.call_command("verify_document", str(bad))
    assert "ALTERED" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="verify").count() == 2


def test_a_certificate_outside_the_trust_roots_is_untrusted(world, trusted, p12, tmp_path, capsys):
    document = prepare(world)
    services.document_mark_ready(user=SYSTEM, document=document, expected_version=current_version(document))
    key, cert = demo_ca.make_ca("Some other CA")
    foreign = demo_ca.make_signer(key, cert, "Impostor", "pw")
    document = services.document_sign(
        user=world.users["dinkes_head"], document=document, credential=signing.Pkcs12Credential(foreign, "pw")
    )
    check = signing.check_pdf(bytes(document.pdf))
    assert check.signatures[0].intact and check.signatures[0].valid and not check.signatures[0].trusted
    path = tmp_path / "untrusted.pdf"
    path.write_bytes(bytes(document.pdf))
    with pytest.raises(CommandError, match="not every signature verifies"):
        management.call_command("verify_document", str(path))
    assert "UNTRUSTED CERTIFICATE" in capsys.readouterr().out


def test_a_wrong_passphrase_changes_nothing_and_no_passphrase_is_kept(world, trusted, p12, caplog):
    caplog.set_level(logging.DEBUG)
    document = prepare(world)
    services.document_mark_ready(user=SYSTEM, document=document, expected_version=current_version(document))
    secret = "pw-Kepala Dinkes"
    with pytest.raises(ValidationError, match="passphrase"):
        services.document_sign(
            user=world.users["dinkes_head"], document=document,
            credential=signing.Pkcs12Credential(p12("Kepala Dinkes"), "wrong-" + secret),
        )  # fmt: skip
    document.refresh_from_db()
    assert document.state == DocumentState.READY and not Signature.objects.exists()
    services.document_sign(
        user=world.users["dinkes_head"], document=document,
        credential=signing.Pkcs12Credential(p12("Kepala Dinkes"), secret),
    )  # fmt: skip
    out = io.StringIO()
    management.call_command("dumpdata", stdout=out)
    assert secret not in out.getvalue()
    assert all(secret not in record.getMessage() for record in caplog.records)
    assert "hidden" in repr(signing.Pkcs12Credential(b"", secret))


def test_revision_makes_a_new_version_and_keeps_the_old_readable(world, trusted, p12, client):
    old = signed_by_both(world, p12)
    new = services.document_revise(
        user=world.users["planner"],
        document=old,
        ground="official",
        note="Mutasi kepala dinas",
        expected_version=old.lock_version,
    )
    old.refresh_from_db()
    assert old.state == DocumentState.SUPERSEDED and new.version == 2 and new.previous == old
    assert new.state == DocumentState.DRAFT and new.code != old.code
    assert "Revisi ke-1" in pdf_text(bytes(new.pdf))
    page = client.get(f"/verifikasi/{old.code}/", HTTP_HOST="127.0.0.1")
    assert page.status_code == 200 and new.code in page.content.decode()
    with pytest.raises(ValidationError):
        services.document_revise(
            user=world.users["planner"], document=old, ground="official", expected_version=old.lock_version
        )
    with pytest.raises(ValidationError):
        services.document_revise(
            user=world.users["planner"], document=new, ground="because", expected_version=new.lock_version
        )
    assert AuditEvent.objects.filter(action="revise", object_id=str(new.pk)).exists()


def test_public_verification_page_and_upload(world, trusted, p12, client):
    document = signed_by_both(world, p12)
    page = client.get(f"/verifikasi/{document.code.lower()}/", HTTP_HOST="127.0.0.1")
    body = page.content.decode()
    assert page.status_code == 200 and "Kepala Dinkes" in body and "Gubernur" in body and document.pdf_sha256 in body
    assert client.get("/verifikasi/TIDAKADA99/", HTTP_HOST="127.0.0.1").status_code == 404

    def upload(data: bytes, name="pk.pdf"):
        return client.post("/verifikasi/", {"file": io.BytesIO(data)}, HTTP_HOST="127.0.0.1", format="multipart")

    from django.core.files.uploadedfile import SimpleUploadedFile

    good = client.post(
        "/verifikasi/", {"file": SimpleUploadedFile("pk.pdf", bytes(document.pdf))}, HTTP_HOST="127.0.0.1"
    )
    assert good.status_code == 200 and document.code in good.content.decode()
    altered = bytearray(document.pdf)
    altered[altered.find(b"/Type /Page") + 2] ^= 0x01
    bad = client.post("/verifikasi/", {"file": SimpleUploadedFile("pk.pdf", bytes(altered))}, HTTP_HOST="127.0.0.1")
    assert bad.status_code == 200
    assert (
        "bukan berkas yang diterbitkan Kinerja" in bad.content.decode()
        or "not one Kinerja issued" in bad.content.decode()
    )
    junk = client.post("/verifikasi/", {"file": SimpleUploadedFile("x.pdf", b"hello")}, HTTP_HOST="127.0.0.1")
    assert junk.status_code == 400
    from kinerja.core.tests.files import pdf_bytes

    scripted = pdf_bytes(catalog_extra=b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>")
    refused = client.post("/verifikasi/", {"file": SimpleUploadedFile("x.pdf", scripted)}, HTTP_HOST="127.0.0.1")
    assert refused.status_code == 400 and "JavaScript" in refused.content.decode()
    stored = client.get(f"/verifikasi/{document.code}/dokumen.pdf", HTTP_HOST="127.0.0.1")
    assert stored["Content-Disposition"].startswith("attachment") and stored["X-Content-Type-Options"] == "nosniff"
    assert stored["Content-Type"] == "application/pdf" and stored.content == bytes(document.pdf)
    assert SignedDocument.objects.get(pk=document.pk).state == DocumentState.IN_FORCE


def test_pages_follow_the_permission_matrix(world, trusted, p12, client, login):
    document = prepare(world)
    services.document_mark_ready(user=SYSTEM, document=document, expected_version=current_version(document))
    pages = ["/integritas/", f"/integritas/dokumen/{document.pk}/", f"/integritas/dokumen/{document.pk}/unduh.pdf"]
    for name in ("admin_user", "planner", "inspector", "leader", "dinkes_head", "dinkes_operator"):
        login(world.users[name])
        assert [client.get(p, HTTP_HOST="127.0.0.1").status_code for p in pages] == [200, 200, 200], name
    for name in ("disdik_operator", "stranger"):
        login(world.users[name])
        codes = [client.get(p, HTTP_HOST="127.0.0.1").status_code for p in pages]
        assert codes == [200, 404, 404], name
    client.logout()
    assert client.get(pages[0], HTTP_HOST="127.0.0.1").status_code == 302
    # Only the first party sees the signing form while it is the first party's turn.
    login(world.users["leader"])
    assert 'name="passphrase"' not in client.get(pages[1], HTTP_HOST="127.0.0.1").content.decode()
    login(world.users["dinkes_head"])
    body = client.get(pages[1], HTTP_HOST="127.0.0.1").content.decode()
    assert 'name="passphrase"' in body
    # Signing through the page: a wrong passphrase is refused with a message, nothing is stored.
    from django.core.files.uploadedfile import SimpleUploadedFile

    refused = client.post(pages[1], {"action": "sign", "certificate": SimpleUploadedFile("k.p12", p12("Kepala Dinkes")),
                                     "passphrase": "salah"}, HTTP_HOST="127.0.0.1")  # fmt: skip
    assert refused.status_code == 400 and not Signature.objects.exists()
    done = client.post(pages[1], {"action": "sign", "certificate": SimpleUploadedFile("k.p12", p12("Kepala Dinkes")),
                                  "passphrase": "pw-Kepala Dinkes"}, HTTP_HOST="127.0.0.1")  # fmt: skip
    assert done.status_code == 302
    assert SignedDocument.objects.get(pk=document.pk).state == DocumentState.FIRST_SIGNED
    # The overview lists the agency; the operator of another agency sees only their own.
    login(world.users["inspector"])
    overview = client.get("/integritas/?year=2026", HTTP_HOST="127.0.0.1").content.decode()
    assert "Dinas Kesehatan" in overview and "Dinas Pendidikan" in overview


def test_api_reads_documents_in_scope_gives_pdfs_and_verifies(world, trusted, p12):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    document = signed_by_both(world, p12)

    def api(name):
        client = APIClient(HTTP_HOST="127.0.0.1")
        client.force_authenticate(world.users[name])
        return client

    listed = api("inspector").get("/api/v1/signed-documents/?year=2026").json()
    assert [d["code"] for d in listed["results"]] == [document.code]
    row = listed["results"][0]
    assert row["state"] == "in_force" and [s["party"] for s in row["signatures"]] == ["first", "second"]
    assert row["verification_url"].endswith(f"/verifikasi/{document.code}/")
    assert api("disdik_operator").get("/api/v1/signed-documents/").json()["results"] == []
    assert api("disdik_operator").get(f"/api/v1/signed-documents/{document.pk}/pdf/").status_code == 404
    pdf = api("dinkes_operator").get(f"/api/v1/signed-documents/{document.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content == bytes(document.pdf)
    assert pdf["Content-Disposition"].startswith("attachment") and pdf["X-Content-Type-Options"] == "nosniff"
    # No signing and no writes through the API.
    assert api("dinkes_head").post("/api/v1/signed-documents/", {}, format="json").status_code == 405
    assert api("dinkes_head").patch(f"/api/v1/signed-documents/{document.pk}/", {}, format="json").status_code == 405

    anonymous = APIClient(HTTP_HOST="127.0.0.1")
    good = anonymous.post("/api/v1/verify/", {"file": SimpleUploadedFile("pk.pdf", bytes(document.pdf))})
    assert good.status_code == 200
    assert (
        good.json()["issued_by_kinerja"] and good.json()["all_signatures_ok"] and good.json()["code"] == document.code
    )
    altered = bytearray(document.pdf)
    altered[altered.find(b"/Type /Page") + 2] ^= 0x01
    bad = anonymous.post("/api/v1/verify/", {"file": SimpleUploadedFile("pk.pdf", bytes(altered))}).json()
    assert not bad["issued_by_kinerja"] and not bad["all_signatures_ok"]
    assert not any(s["intact"] for s in bad["signatures"])
    missing = anonymous.post("/api/v1/verify/", {})
    assert missing.status_code == 400 and "file" in missing.json()["extra"]["fields"]


def test_every_agency_prepared_in_the_background_with_progress(
    world, client, login, django_capture_on_commit_callbacks
):
    from kinerja.integrity.models import PreparationBatch

    prepare(world)  # Dinkes already has its agreement: only its pact is missing
    login(world.users["dinkes_head"])
    assert client.post("/integritas/siapkan/", {"year": "2026"}, HTTP_HOST="127.0.0.1").status_code == 403
    login(world.users["planner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/integritas/siapkan/", {"year": "2026"}, HTTP_HOST="127.0.0.1")
    batch = PreparationBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/integritas/siapkan/{batch.pk}/"
    assert batch.status == "done" and batch.total == 4 and batch.done == 4
    made = SignedDocument.objects.filter(year=2026)
    assert (
        made.filter(kind=DocumentKind.PK_AGENCY).count() == 4
        and made.filter(kind=DocumentKind.INTEGRITY_PACT).count() == 4
    )
    assert batch.documents == 7 and not made.filter(state=DocumentState.DRAFT).exclude(agency=world.dinkes).exists()
    page = client.get(f"/integritas/siapkan/{batch.pk}/", HTTP_HOST="127.0.0.1").content.decode()
    assert 'value="100"' in page
    # A second run makes nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_start(user=world.users["planner"], government=world.government, year=2026)
    assert PreparationBatch.objects.count() == 2
    assert SignedDocument.objects.filter(year=2026).count() == 8


def test_the_same_document_twice_is_refused_not_an_error(world):
    prepare(world)
    with pytest.raises(ValidationError, match="already exists"):
        prepare(world)
    # A new head does not start a second agreement: the change of official is a revision.
    with pytest.raises(ValidationError, match="revise it instead"):
        services.document_prepare(
            user=SYSTEM, kind=DocumentKind.PK_AGENCY, government=world.government, year=2026, agency=world.dinkes,
            first_party={"name": "dr. Baru", "nip": "197001012000031002", "position": "Kepala Dinas Kesehatan"},
            second_party={"name": "H. Herman Deru", "position": "Gubernur Sumatera Selatan"},
        )  # fmt: skip
    assert SignedDocument.objects.filter(kind=DocumentKind.PK_AGENCY).count() == 1
    # Integrity pacts are personal: the new head signs their own beside the former head's.
    for name, nip in (("dr. Lama", "1"), ("dr. Baru", "2")):
        services.document_prepare(
            user=SYSTEM, kind=DocumentKind.INTEGRITY_PACT, government=world.government, year=2026, agency=world.dinkes,
            first_party={"name": name, "nip": nip, "position": "Kepala Dinas Kesehatan"},
        )  # fmt: skip
    assert SignedDocument.objects.filter(kind=DocumentKind.INTEGRITY_PACT).count() == 2


def test_a_division_head_signs_an_agreement_of_the_division_with_the_agency_head(world, trusted, p12, client, login):
    from kinerja.core.choices import Role
    from kinerja.core.models import Membership, User

    kabid = User.objects.create_user(
        "kabid", password="test-password-1", first_name="Kabid Yankes", position="Kepala Bidang Pelayanan Kesehatan"
    )
    Membership.objects.create(user=kabid, government=world.government, role=Role.OPERATOR, agency=world.dinkes)
    login(world.users["dinkes_head"])
    page = f"/integritas/bidang/{world.dinkes.code}/?year=2026"
    refused = client.post(
        page,
        {"action": "division", "year": "2026", "name": "", "activities": [world.disdik_program.pk]},
        HTTP_HOST="127.0.0.1",
    )
    assert refused.status_code == 400
    saved = client.post(page, {"action": "division", "year": "2026", "name": "Bidang Pelayanan Kesehatan", "head": kabid.pk,
                               "activities": [world.dinkes_activity.pk]}, HTTP_HOST="127.0.0.1")  # fmt: skip
    assert saved.status_code == 302
    from kinerja.integrity.models import Division

    division = Division.objects.get()
    assert division.head_name == "Kabid Yankes" and list(division.activities.all()) == [world.dinkes_activity]
    made = client.post(page, {"action": "pk_division", "year": "2026", "division": division.pk}, HTTP_HOST="127.0.0.1")
    document = SignedDocument.objects.get(kind=DocumentKind.PK_DIVISION)
    assert made.status_code == 302 and document.division == "Bidang Pelayanan Kesehatan"
    assert document.second_party == world.users["dinkes_head"]
    assert "Fasilitas kesehatan" in pdf_text(bytes(document.pdf))
    services.document_mark_ready(
        user=world.users["dinkes_head"], document=document, expected_version=current_version(document)
    )
    services.document_sign(user=kabid, document=document, credential=credential(p12, "Kabid Yankes"))
    document = services.document_sign(
        user=world.users["dinkes_head"], document=document, credential=credential(p12, "Kepala Dinkes")
    )
    assert document.state == DocumentState.IN_FORCE and all(
        s.ok for s in signing.check_pdf(bytes(document.pdf)).signatures
    )
    pact = client.post(
        page, {"action": "integrity_pact", "year": "2026", "division": division.pk}, HTTP_HOST="127.0.0.1"
    )
    assert (
        pact.status_code == 302
        and SignedDocument.objects.filter(kind=DocumentKind.INTEGRITY_PACT, division=division.name).exists()
    )
    # Another agency's operator neither sees nor changes Dinkes' divisions.
    login(world.users["disdik_operator"])
    assert client.get(page, HTTP_HOST="127.0.0.1").status_code == 404
    login(world.users["dinkes_operator"])
    assert client.get(page, HTTP_HOST="127.0.0.1").status_code == 200
    assert client.post(page, {"action": "division", "name": "X"}, HTTP_HOST="127.0.0.1").status_code == 403


def test_an_agreement_signed_after_its_due_date_stays_signed_late_and_a_pact_is_signed_not_by_both(
    world, trusted, p12, client, login
):
    import datetime

    import time_machine
    from django.utils import timezone

    today = timezone.localdate()
    document = prepare(world, due_date=today - datetime.timedelta(days=10))
    services.document_mark_ready(
        user=world.users["planner"], document=document, expected_version=current_version(document)
    )
    services.document_sign(user=world.users["dinkes_head"], document=document, credential=credential(p12, "Kepala"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):  # still waiting: late, and growing
        row = next(
            r for r in login(world.users["planner"]).get("/integritas/?year=2026").context["rows"] if r["agreement"]
        )
        assert (row["late"], row["days_late"]) == (True, 13)
    document = services.document_sign(user=world.users["leader"], document=document, credential=credential(p12, "Gub"))
    pact = services.document_prepare(
        user=SYSTEM, kind=DocumentKind.INTEGRITY_PACT, government=world.government, year=2026, agency=world.dinkes,
        first_party={"user": world.users["dinkes_head"], "name": "dr. T", "nip": "1", "position": "Kepala"},
    )  # fmt: skip
    services.document_mark_ready(user=world.users["planner"], document=pact, expected_version=current_version(pact))
    pact = services.document_sign(user=world.users["dinkes_head"], document=pact, credential=credential(p12, "Kepala"))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=60)):  # lateness is history, not state
        overview = login(world.users["planner"]).get("/integritas/?year=2026")
        row = next(r for r in overview.context["rows"] if r["agreement"])
        assert (row["late"], row["days_late"], overview.context["late"]) == (False, 10, [])
        assert "terlambat 10 hari" in overview.content.decode()
        page = login(world.users["dinkes_head"]).get(f"/integritas/dokumen/{document.pk}/")
        assert page.context["days_late"] == 10
    assert document.state_label == DocumentState.IN_FORCE.label  # two parties: "signed by both"
    assert pact.state == DocumentState.IN_FORCE and pact.state_label != DocumentState.IN_FORCE.label
    assert (
        "Ditandatangani (berlaku)"
        in login(world.users["dinkes_head"]).get(f"/integritas/dokumen/{pact.pk}/").content.decode()
    )
