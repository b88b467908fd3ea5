"""The audit trail holds the values saved, never the text of the expression that computed them."""

import datetime
import json

from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.models import AuditEvent
from kinerja.core.tests.files import pdf_bytes
from kinerja.projects import services
from kinerja.projects.choices import DirectiveStatus, ObstacleCategory, ObstacleStatus
from kinerja.projects.tests.conftest import TODAY, report
from kinerja.tests.versions import current_version

OCT = datetime.date(2026, 10, 1)


def _events(object_type, pk):
    return list(AuditEvent.objects.filter(object_type=object_type, object_id=str(pk)).order_by("sequence"))


def test_every_versioned_save_of_the_projects_records_the_version_number_it_stored(world, project):
    """Each service that bumps ``lock_version`` with ``F()`` leaves a concrete number in the trail."""
    operator, head, planner = world.users["dinkes_operator"], world.users["dinkes_head"], world.users["planner"]
    services.project_save(
        user=operator, government=world.government, project=project, data={"name": "Pelabuhan baru"}, expected_version=1
    )
    progress = report(project, OCT, "40", "36", user=operator)
    report(project, OCT, "40", "30", user=operator, expected_version=1)
    milestone = services.milestone_save(
        user=operator, project=project, title="Lahan", planned=OCT, today=TODAY, expected_version=None
    )
    services.milestone_save(
        user=operator, project=project, title="Lahan", planned=OCT, actual=OCT, milestone=milestone, today=TODAY,
        expected_version=1,
    )  # fmt: skip
    data = {"title": "Lahan", "category": ObstacleCategory.LAND, "raised_on": OCT, "owner": "Kabid", "project": project}
    obstacle = services.obstacle_save(user=operator, agency=world.dinkes, data=data, today=TODAY, expected_version=None)
    services.follow_up_save(
        user=operator, obstacle=obstacle, action="Rapat", responsible="Kabid", due=TODAY, today=TODAY
    )
    services.obstacle_save(
        user=operator,
        agency=world.dinkes,
        obstacle=obstacle,
        data={**data, "title": "Lahan warga"},
        today=TODAY,
        expected_version=current_version(obstacle),
    )
    services.obstacle_set_status(
        user=head,
        obstacle=obstacle,
        status_value=ObstacleStatus.RESOLVED,
        today=TODAY,
        expected_version=current_version(obstacle),
    )
    meeting = services.meeting_save(
        user=planner, government=world.government,
        data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    directive = services.directive_save(
        user=planner, meeting=meeting, text="Percepat", due=TODAY, agencies=[world.dinkes]
    )
    assignment = directive.assignments.get()
    services.assignment_report(
        user=operator, assignment=assignment, status_value=DirectiveStatus.DONE, text="Selesai",
        evidence=SimpleUploadedFile("bukti.pdf", pdf_bytes()), today=TODAY, expected_version=current_version(assignment))  # fmt: skip

    expected = {
        ("projects.project", project.pk): [1, 2],
        ("projects.progressreport", progress.pk): [1, 2],
        ("projects.milestone", milestone.pk): [1, 2],
        ("projects.obstacle", obstacle.pk): [1, 2, 3, 4],
        ("projects.assignment", assignment.pk): [1, 2],
    }
    for (object_type, pk), versions in expected.items():
        recorded = [e.after["lock_version"] for e in _events(object_type, pk) if e.after and "lock_version" in e.after]
        assert recorded == versions, object_type
    for event in AuditEvent.objects.all():
        text = json.dumps([event.before, event.after])
        assert "F(" not in text and "Value(" not in text, event
