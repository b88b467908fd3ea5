"""Absolute links (QR codes, PDFs, e-mails, API fields) follow PUBLIC_BASE_URL, or the request in development."""

import io

import pytest
from django.core import mail
from django.test import RequestFactory
from pypdf import PdfReader
from rest_framework.test import APIClient

from kinerja.core import links
from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.integrity.models import SignedDocument
from kinerja.tests.everything import populate
from kinerja.tests.versions import target_version

PUBLIC = "https://kinerja.sumselprov.go.id"


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def unset(settings):
    settings.PUBLIC_BASE_URL = ""
    return settings


def test_without_public_base_url_documents_prepared_from_a_page_point_to_the_port_it_was_served_on(
    world, unset, client, django_capture_on_commit_callbacks
):
    # The demo served on port 9000 (make demo PORT=9000): the QR codes must not point to port 8000.
    client.force_login(world.users["planner"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/integritas/siapkan/", {"year": "2026"}, HTTP_HOST="127.0.0.1:9000")
    assert response.status_code == 302
    document = SignedDocument.objects.filter(agency=world.dinkes).first()
    text = _pdf_text(bytes(document.pdf))
    assert f"http://127.0.0.1:9000/verifikasi/{document.code}/" in text.replace(" ", "")
    assert ":8000" not in text
    page = client.get(f"/integritas/dokumen/{document.pk}/", HTTP_HOST="127.0.0.1:9000").content.decode()
    assert f"http://127.0.0.1:9000/verifikasi/{document.code}/" in page


def test_a_batch_run_by_the_worker_uses_the_address_of_the_request_that_started_it(
    world, unset, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    from kinerja.integrity import services, tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    request = RequestFactory().get("/integritas/", HTTP_HOST="127.0.0.1:9000")
    with audit_context(request=request), django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_start(user=world.users["planner"], government=world.government, year=2026)
    (queued,) = default_task_backend.results
    assert queued.args == [batch.pk, "http://127.0.0.1:9000"]
    tasks.prepare_batch.func(*queued.args)  # as the worker runs it: no request at all
    document = SignedDocument.objects.filter(agency=world.dinkes).first()
    assert f"http://127.0.0.1:9000/verifikasi/{document.code}/" in _pdf_text(bytes(document.pdf)).replace(" ", "")


def test_public_base_url_when_set_is_used_for_every_link_whatever_the_request(world, settings):
    settings.PUBLIC_BASE_URL = PUBLIC + "/"
    objects = populate(world)
    survey, document = objects["survey"], objects["document"]
    assert f"{PUBLIC}/verifikasi/{document.code}/" in _pdf_text(bytes(document.pdf)).replace(" ", "")
    client = APIClient()
    client.force_authenticate(world.users["admin_user"])
    api_survey = client.get(f"/api/v1/surveys/{survey.pk}/", HTTP_HOST="127.0.0.1:9000").json()
    assert api_survey["public_url"] == f"{PUBLIC}/s/{survey.public_code}/"
    api_document = client.get(f"/api/v1/signed-documents/{document.pk}/", HTTP_HOST="127.0.0.1:9000").json()
    assert api_document["verification_url"] == f"{PUBLIC}/verifikasi/{document.code}/"
    assert api_document["pdf_url"] == f"{PUBLIC}/api/v1/signed-documents/{document.pk}/pdf/"
    oc4ids = client.get(f"/api/v1/projects/{objects['project'].pk}/oc4ids/", HTTP_HOST="127.0.0.1:9000")
    assert "127.0.0.1:9000" not in oc4ids.content.decode() and PUBLIC in oc4ids.content.decode()
    client.logout()
    client.force_login(world.users["service_quality"])
    page = client.get(f"/satisfaction/{survey.pk}/", HTTP_HOST="127.0.0.1:9000").content.decode()
    assert f"{PUBLIC}/s/{survey.public_code}/" in page


def test_without_public_base_url_api_links_follow_the_request(world, unset):
    objects = populate(world)
    client = APIClient()
    client.force_authenticate(world.users["admin_user"])
    survey = client.get(f"/api/v1/surveys/{objects['survey'].pk}/", HTTP_HOST="localhost:9100").json()
    assert survey["public_url"] == f"http://localhost:9100/s/{objects['survey'].public_code}/"


def test_the_digest_links_to_what_i_must_report_under_the_public_address(world, settings):
    import datetime

    from kinerja.monitoring import reminders
    from kinerja.monitoring import services as monitoring
    from kinerja.planning import services as planning

    settings.PUBLIC_BASE_URL = PUBLIC
    planning.target_set(
        user=SYSTEM,
        indicator=world.dinkes_sub.indicators.get(),
        year=2026,
        value=40,
        expected_version=target_version(world.dinkes_sub.indicators.get(), 2026),
    )
    monitoring.periods_ensure(government=world.government, year=2026)
    world.users["dinkes_operator"].email = "operator@sumselprov.go.id"
    world.users["dinkes_operator"].save()
    assert reminders.send_digests(today=datetime.date(2026, 8, 3)) >= 1
    (message,) = [m for m in mail.outbox if m.to == ["operator@sumselprov.go.id"]]
    assert f"{PUBLIC}/reports/" in message.body


def test_production_requires_public_base_url(settings):
    settings.DEBUG = False
    settings.PUBLIC_BASE_URL = ""
    assert [e.id for e in links.check_public_base_url()] == ["kinerja.E001"]
    settings.PUBLIC_BASE_URL = "kinerja.sumselprov.go.id"  # no scheme
    assert [e.id for e in links.check_public_base_url()] == ["kinerja.E002"]
    settings.PUBLIC_BASE_URL = PUBLIC
    assert links.check_public_base_url() == []
    settings.DEBUG = True
    settings.PUBLIC_BASE_URL = ""
    assert links.check_public_base_url() == []  # development derives links from the request


def test_the_check_is_registered_and_stops_a_production_start(settings):
    from django.core.checks import run_checks

    settings.DEBUG = False
    settings.PUBLIC_BASE_URL = ""
    assert "kinerja.E001" in [e.id for e in run_checks()]
