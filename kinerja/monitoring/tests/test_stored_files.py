"""A stored file edited or lost on disk is refused and reported, never served as if intact."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinerja.monitoring import services
from kinerja.monitoring.tests.conftest import PDF, pdf
from kinerja.projects.tests.conftest import jpeg, report
from kinerja.tests.versions import realization_version


def _evidence(world, periods, output_indicator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    value = services.realization_save(
        user=world.users["dinkes_operator"],
        indicator=output_indicator,
        period=periods[("quarter", 1)],
        value="8",
        explanation="ok",
        today=datetime.date(2026, 7, 2),
        expected_version=realization_version(output_indicator, periods[("quarter", 1)]),
    )
    return services.evidence_add(user=world.users["dinkes_operator"], realization=value, upload=pdf())


def test_evidence_edited_on_disk_is_refused_and_the_administrators_told(
    world, periods, output_indicator, settings, tmp_path, login, mailoutbox
):
    settings.ADMINS = [("Admin", "admin@example.org")]
    evidence = _evidence(world, periods, output_indicator, settings, tmp_path)
    client = login(world.users["dinkes_operator"])
    intact = client.get(f"/evidence/{evidence.pk}/")
    assert intact.status_code == 200 and b"".join(intact.streaming_content) == PDF
    call_command("files_verify")

    path = Path(evidence.file.path)
    edited = PDF.replace(b"%%EOF", b"% edited\n%%EOF")
    assert edited != PDF
    path.write_bytes(edited)
    refused = client.get(f"/evidence/{evidence.pk}/")
    assert refused.status_code == 403
    assert "SHA-256" in refused.content.decode() and b"%PDF" not in refused.content
    assert len(mailoutbox) == 1 and evidence.file.name in mailoutbox[0].body
    with pytest.raises(CommandError, match=f"{evidence.file.name} was altered"):
        call_command("files_verify")


def test_evidence_missing_on_disk_is_reported(world, periods, output_indicator, settings, tmp_path, login, mailoutbox):
    settings.ADMINS = [("Admin", "admin@example.org")]
    evidence = _evidence(world, periods, output_indicator, settings, tmp_path)
    Path(evidence.file.path).unlink()  # e.g. a database restored without its files
    assert login(world.users["dinkes_operator"]).get(f"/evidence/{evidence.pk}/").status_code == 404
    assert "missing" in mailoutbox[0].subject
    with pytest.raises(CommandError, match=f"{evidence.file.name} is missing"):
        call_command("files_verify")


def test_project_photo_edited_on_disk_is_refused(world, settings, tmp_path, login):
    from kinerja.projects.tests.conftest import make_project

    settings.MEDIA_ROOT = tmp_path
    project = make_project(world)
    saved = report(project, datetime.date(2026, 10, 1), "10", "10", photos=[(jpeg(), "Dermaga")])
    photo = saved.photos.get()
    client = login(world.users["dinkes_operator"])
    url = f"/proyek/foto/{photo.pk}/"
    assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
    Path(photo.image.path).write_bytes(b"\xff\xd8\xff" + b"\x00" * 40)
    assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 403
