"""Projects services fail closed: no user is refused, an update needs the version it edits, and
meetings are the government's, decided on the government."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.services import ConflictError
from kinerja.projects import services
from kinerja.projects.models import Meeting, Project


def test_no_user_changes_nothing(world, project):
    with pytest.raises(PermissionDenied):
        services.project_save(
            user=None,
            government=world.government,
            data={"agency": world.dinkes, "name": "Diubah"},
            project=project,
            expected_version=project.lock_version,
        )
    with pytest.raises(PermissionDenied):
        services.meeting_save(
            user=None, government=world.government, data={"title": "Rakor", "date": datetime.date(2026, 2, 1)}
        )
    assert Project.objects.get(pk=project.pk).name == project.name
    assert not Meeting.objects.filter(title="Rakor").exists()


def test_meetings_are_recorded_by_a_government_role_only(world):
    data = {"title": "Rakor", "date": datetime.date(2026, 2, 1), "place": "Palembang", "chair": "Sekda"}
    for name in ("dinkes_head", "stranger"):
        with pytest.raises(PermissionDenied):
            services.meeting_save(user=world.users[name], government=world.government, data=data)
    assert not Meeting.objects.exists()
    services.meeting_save(user=world.users["planner"], government=world.government, data=data)
    assert Meeting.objects.filter(government=world.government).count() == 1


def test_an_update_without_the_current_version_is_a_conflict_and_changes_nothing(world, project):
    head = world.users["dinkes_head"]
    for version in (None, project.lock_version + 1):
        with pytest.raises(ConflictError):
            services.project_save(
                user=head,
                government=world.government,
                data={"agency": world.dinkes, "name": "Diubah"},
                project=project,
                expected_version=version,
            )
    assert Project.objects.get(pk=project.pk).name == project.name
    services.project_save(
        user=head,
        government=world.government,
        data={"agency": world.dinkes, "name": "Diubah"},
        project=project,
        expected_version=project.lock_version,
    )
    assert Project.objects.get(pk=project.pk).name == "Diubah"
