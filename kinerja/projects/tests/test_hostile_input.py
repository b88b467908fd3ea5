"""Hostile project files are refused with nothing stored; every stored file is served as an attachment."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.tests.files import image_bytes, odt_bomb, pdf_bytes
from kinerja.projects import services
from kinerja.projects.choices import DirectiveStatus
from kinerja.projects.models import DirectiveReport, Milestone, Photo
from kinerja.projects.tests.conftest import TODAY, jpeg, report

HOST = {"HTTP_HOST": "127.0.0.1"}


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_milestone_with_a_zip_bomb_or_a_javascript_pdf_is_refused_and_nothing_is_stored(
    world, project, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    hostile = [
        ("serah-terima.odt", odt_bomb()),
        ("serah-terima.pdf", pdf_bytes(catalog_extra=b"/OpenAction<</S/Launch/F(cmd.exe)>>")),
    ]
    for name, content in hostile:
        with pytest.raises(ValidationError):
            services.milestone_save(
                user=world.users["dinkes_head"], project=project, title="Serah terima lahan",
                planned=datetime.date(2026, 3, 1), evidence=SimpleUploadedFile(name, content), today=TODAY, expected_version=None)  # fmt: skip
    assert Milestone.objects.count() == 0 and _files(tmp_path) == []


def test_a_photo_that_is_a_web_page_or_a_pixel_bomb_is_refused(world, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMAGE_MAX_PIXELS = 10_000
    page = SimpleUploadedFile("a.jpg", image_bytes("JPEG") + b"<html><script>alert(1)</script>")
    big = SimpleUploadedFile("b.png", image_bytes("PNG", size=(200, 200)))
    for photo in (page, big):
        with pytest.raises(ValidationError):
            report(
                project, datetime.date(2026, 10, 1), "10", "10", user=world.users["dinkes_head"], photos=[(photo, "")]
            )
    assert Photo.objects.count() == 0 and _files(tmp_path) == []


def test_photos_and_milestone_and_directive_evidence_are_served_as_attachments_with_nosniff(
    client, world, project, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report(project, datetime.date(2026, 10, 1), "10", "10", user=world.users["dinkes_head"], photos=[(jpeg(), "")])
    milestone = services.milestone_save(
        user=world.users["dinkes_head"], project=project, title="Serah terima lahan", planned=datetime.date(2026, 3, 1),
        evidence=SimpleUploadedFile("ba.pdf", pdf_bytes()), today=TODAY, expected_version=None)  # fmt: skip
    meeting = services.meeting_save(
        user=world.users["planner"], government=world.government,
        data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    directive = services.directive_save(
        user=world.users["planner"], meeting=meeting, text="Selaraskan", due=datetime.date(2026, 3, 31),
        agencies=[world.dinkes],
    )  # fmt: skip
    services.assignment_report(
        user=world.users["dinkes_operator"], assignment=directive.assignments.get(), status_value=DirectiveStatus.DONE,
        text="Selesai", evidence=SimpleUploadedFile("bukti.png", image_bytes("PNG")), expected_version=1,
    )  # fmt: skip
    client.force_login(world.users["dinkes_head"])
    served = {
        f"/proyek/foto/{Photo.objects.get().pk}/": "image/jpeg",
        f"/proyek/bukti-tonggak/{milestone.pk}/": "application/pdf",
        f"/arahan/bukti/{DirectiveReport.objects.get().pk}/": "image/png",
    }
    for url, content_type in served.items():
        response = client.get(url, **HOST)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == content_type, url
