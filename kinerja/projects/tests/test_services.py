"""Writes: validation, rights, stale edits, audit, the stored status, escalation and the digest."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.core.services import ConflictError
from kinerja.core.tests.files import pdf_bytes
from kinerja.monitoring import reminders as digest
from kinerja.projects import selectors, services
from kinerja.projects.choices import DirectiveStatus, Escalation, Health, ObstacleCategory, ObstacleStatus
from kinerja.projects.models import Obstacle, Photo, ProgressReport, Project
from kinerja.projects.tests.conftest import TODAY, jpeg, make_project, report
from kinerja.tests.versions import current_version

OCT = datetime.date(2026, 10, 1)


def test_a_report_sets_the_status_and_a_correction_moves_it(world, project):
    user = world.users["dinkes_operator"]
    report(project, OCT, "40", "36", user=user)
    project.refresh_from_db()
    assert (project.health, project.deviation, project.last_report_month) == (Health.ON_TRACK, Decimal("-4.00"), OCT)
    saved = report(project, OCT, "40", "32", user=user, expected_version=1)
    project.refresh_from_db()
    assert project.health == Health.WARNING and saved.lock_version == 2
    assert ProgressReport.objects.filter(project=project).count() == 1
    changes = AuditEvent.objects.filter(object_type="projects.progressreport", object_id=str(saved.pk))
    assert [e.action for e in changes.order_by("pk")] == ["create", "update"]


def test_a_stale_correction_is_refused_and_changes_nothing(world, project):
    user = world.users["dinkes_operator"]
    report(project, OCT, "40", "36", user=user)
    report(project, OCT, "40", "35", user=user, expected_version=1)
    with pytest.raises(ConflictError):
        report(project, OCT, "40", "20", user=user, expected_version=1)
    assert ProgressReport.objects.get(project=project).physical_actual == Decimal(35)


@pytest.mark.parametrize(
    ("month", "plan", "actual", "field"),
    [
        (datetime.date(2026, 12, 1), "10", "10", "month"),  # not begun
        (datetime.date(2025, 12, 1), "10", "10", "month"),  # before the start
        (OCT, "101", "10", "physical_plan"),
        (OCT, "10", "-1", "physical_actual"),
    ],
)
def test_bad_reports_are_refused_with_a_message_and_change_nothing(world, project, month, plan, actual, field):
    with pytest.raises(ValidationError) as error:
        report(project, month, plan, actual, user=world.users["dinkes_operator"])
    assert field in error.value.message_dict
    assert not ProgressReport.objects.exists()
    project.refresh_from_db()
    assert project.health == Health.NO_REPORT


def test_money_beyond_the_value_is_refused(world, project):
    with pytest.raises(ValidationError) as error:
        report(project, OCT, "10", "10", financial=Decimal("2000000000"))
    assert "financial" in error.value.message_dict


def test_photos_are_checked_by_content(world, project):
    user = world.users["dinkes_operator"]
    saved = report(project, OCT, "10", "10", user=user, photos=[(jpeg(), "Tiang pancang")])
    photo = Photo.objects.get(report=saved)
    assert photo.content_type == "image/jpeg" and photo.caption == "Tiang pancang" and len(photo.sha256) == 64
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        report(project, datetime.date(2026, 9, 1), "9", "9", user=user, photos=[(fake, "")])
    assert not ProgressReport.objects.filter(month=datetime.date(2026, 9, 1)).exists()  # the whole report rolled back


def test_only_the_owning_agency_and_planners_report(world, project):
    for name in ("disdik_operator", "leader", "inspector", "stranger", "no_role"):
        with pytest.raises(PermissionDenied):
            report(project, OCT, "10", "10", user=world.users[name])
    report(project, OCT, "10", "10", user=world.users["planner"])
    report(project, OCT, "10", "11", user=world.users["dinkes_head"], expected_version=1)


def test_a_milestone_late_by_more_than_30_days_turns_the_project_critical(world, project):
    services.milestone_save(
        user=SYSTEM,
        project=project,
        title="Serah terima lahan",
        planned=datetime.date(2026, 10, 14),
        today=TODAY,
        expected_version=None,
    )
    report(project, OCT, "40", "38")
    services.refresh_health(today=TODAY, project_ids=[project.pk])
    project.refresh_from_db()
    assert (project.health, project.late_milestone, project.late_days) == (Health.CRITICAL, "Serah terima lahan", 45)
    milestone = project.milestones.get()
    services.milestone_save(
        user=world.users["dinkes_operator"], project=project, milestone=milestone, title=milestone.title,
        planned=milestone.planned, actual=datetime.date(2026, 11, 20), expected_version=1, today=TODAY,
    )  # fmt: skip
    project.refresh_from_db()
    assert project.health == Health.ON_TRACK and project.late_count == 0
    with pytest.raises(ValidationError):
        services.milestone_save(
            user=SYSTEM,
            project=project,
            title="Besok",
            planned=TODAY,
            actual=TODAY + datetime.timedelta(days=1),
            today=TODAY,
            expected_version=None,
        )


def test_the_daily_refresh_catches_a_milestone_growing_late(world, project):
    services.milestone_save(
        user=SYSTEM,
        project=project,
        title="Groundbreaking",
        planned=datetime.date(2026, 11, 1),
        today=TODAY,
        expected_version=None,
    )
    report(project, OCT, "40", "40")
    project.refresh_from_db()
    assert project.health == Health.ON_TRACK
    assert services.refresh_health(today=datetime.date(2026, 12, 2)) == 1
    project.refresh_from_db()
    assert project.health == Health.CRITICAL and project.late_days == 31


def _obstacle(world, project, raised):
    return services.obstacle_save(
        user=world.users["dinkes_operator"], agency=world.dinkes, today=raised,
        data={"project": project, "title": "Lahan belum bebas", "category": ObstacleCategory.LAND, "raised_on": raised,
              "owner": "Kabid"}, expected_version=None)  # fmt: skip


def test_obstacles_escalate_one_level_per_age_and_stop_when_resolved(world, project, settings):
    settings.OBSTACLE_ESCALATION_DAYS = 30
    obstacle = _obstacle(world, project, datetime.date(2026, 9, 1))
    assert services.escalate_obstacles(today=datetime.date(2026, 9, 30)) == []  # 29 days
    assert services.escalate_obstacles(today=datetime.date(2026, 10, 1)) == [obstacle]  # 30 days
    obstacle.refresh_from_db()
    assert (obstacle.escalation, obstacle.escalated_on) == (Escalation.SEKDA, datetime.date(2026, 10, 1))
    assert services.escalate_obstacles(today=datetime.date(2026, 10, 2)) == []  # the clock restarts at the new level
    services.escalate_obstacles(today=datetime.date(2026, 10, 31))
    services.escalate_obstacles(today=datetime.date(2026, 11, 30))
    services.escalate_obstacles(today=datetime.date(2026, 12, 30))  # already at the top
    obstacle.refresh_from_db()
    assert obstacle.escalation == Escalation.CENTRAL
    events = AuditEvent.objects.filter(action="escalate", object_id=str(obstacle.pk))
    assert events.count() == 3
    other = _obstacle(world, project, datetime.date(2026, 9, 1))
    services.obstacle_set_status(
        user=world.users["dinkes_head"],
        obstacle=other,
        status_value=ObstacleStatus.RESOLVED,
        today=TODAY,
        expected_version=current_version(other),
    )
    assert other not in services.escalate_obstacles(today=datetime.date(2026, 12, 31))


def test_an_obstacle_from_the_future_or_another_agency_is_refused(world, project):
    with pytest.raises(ValidationError) as error:
        services.obstacle_save(
            user=world.users["dinkes_operator"], agency=world.dinkes, today=TODAY,
            data={"title": "x", "category": ObstacleCategory.LAND, "raised_on": datetime.date(2027, 1, 1), "owner": "x"}, expected_version=None)  # fmt: skip
    assert "raised_on" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.obstacle_save(
            user=world.users["disdik_operator"], agency=world.dinkes,
            data={"title": "x", "category": ObstacleCategory.LAND, "raised_on": TODAY, "owner": "x"}, expected_version=None)  # fmt: skip
    assert not Obstacle.objects.exists()


def test_a_follow_up_starts_the_obstacle_and_can_be_overdue(world, project):
    obstacle = _obstacle(world, project, datetime.date(2026, 9, 1))
    follow_up = services.follow_up_save(
        user=world.users["dinkes_operator"], obstacle=obstacle, action="Musyawarah", responsible="Kabid",
        due=datetime.date(2026, 10, 1), today=TODAY,
    )  # fmt: skip
    obstacle.refresh_from_db()
    assert obstacle.status == ObstacleStatus.IN_PROGRESS and follow_up.is_overdue(TODAY)
    with pytest.raises(ValidationError):
        services.follow_up_save(user=SYSTEM, obstacle=obstacle, action=" ", responsible="", due=TODAY, today=TODAY)


def _with_emails(world):
    for name in ("dinkes_operator", "dinkes_head", "planner", "leader", "disdik_operator"):
        user = world.users[name]
        user.email = f"{name}@example.org"
        user.save()


def test_the_digest_holds_due_follow_ups_late_reports_directives_and_escalations(world, project, settings):
    settings.OBSTACLE_ESCALATION_DAYS = 30
    _with_emails(world)
    obstacle = _obstacle(world, project, datetime.date(2026, 10, 20))
    services.follow_up_save(
        user=SYSTEM,
        obstacle=obstacle,
        action="Musyawarah",
        responsible="Kabid",
        due=datetime.date(2026, 11, 21),
        today=TODAY,
    )
    from kinerja.projects.models import Meeting

    meeting = services.meeting_save(
        user=SYSTEM, government=world.government,
        data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    services.directive_save(
        user=SYSTEM, meeting=meeting, text="Percepat", due=datetime.date(2026, 6, 30), agencies=[world.dinkes]
    )
    day = datetime.date(2026, 11, 19)  # 30 days after the obstacle was raised; October's report is due (10 Nov)
    lines = digest.collect(day)
    operator = lines[world.users["dinkes_operator"].pk]["lines"]
    assert any(
        "Follow-up overdue since" not in line and "Follow-up due 21-11-2026: Musyawarah" in line for line in operator
    )
    assert any("Progress report of 10-2026 is late: Proyek pelabuhan" in line for line in operator)
    assert any("Directive overdue since 30-06-2026: Percepat" in line for line in operator)
    assert world.users["disdik_operator"].pk not in lines
    sent = digest.send_digests(today=day)  # escalates first, then sends one e-mail per user
    obstacle.refresh_from_db()
    assert obstacle.escalation == Escalation.SEKDA
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert len(recipients) == len(set(recipients)) == sent
    head = next(m for m in mail.outbox if m.to == ["dinkes_head@example.org"])
    assert "Hambatan dieskalasi ke Sekretaris Daerah (Sekda): Lahan belum bebas" in head.body  # in Indonesian
    planner = next(m for m in mail.outbox if m.to == ["planner@example.org"])
    assert "1 hambatan dieskalasi ke tingkat Anda hari ini." in planner.body
    assert not any(m.to == ["leader@example.org"] for m in mail.outbox)  # the governor's level is not reached
    assert digest.send_digests(today=day) == 0  # one e-mail per user per day
    assert Meeting.objects.count() == 1


def test_directives_are_reported_per_agency(world):
    meeting = services.meeting_save(
        user=world.users["planner"], government=world.government,
        data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    directive = services.directive_save(
        user=world.users["planner"], meeting=meeting, text="Selaraskan program", due=datetime.date(2026, 3, 31),
        agencies=[world.dinkes, world.disdik],
    )  # fmt: skip
    mine = directive.assignments.get(agency=world.dinkes)
    with pytest.raises(PermissionDenied):
        services.assignment_report(
            user=world.users["disdik_operator"],
            assignment=mine,
            status_value=DirectiveStatus.DONE,
            text="x",
            expected_version=current_version(mine),
        )
    with pytest.raises(PermissionDenied):
        services.directive_save(
            user=world.users["dinkes_head"], meeting=meeting, text="x", due=TODAY, agencies=[world.dinkes]
        )
    with pytest.raises(ValidationError):
        services.assignment_report(
            user=world.users["dinkes_operator"],
            assignment=mine,
            status_value=DirectiveStatus.NOT_STARTED,
            text="x",
            expected_version=current_version(mine),
        )
    services.assignment_report(
        user=world.users["dinkes_operator"], assignment=mine, status_value=DirectiveStatus.DONE, text="Renja diselaraskan",
        evidence=SimpleUploadedFile("bukti.pdf", pdf_bytes()), expected_version=1,
    )  # fmt: skip
    progress = selectors.directive_progress(directive.assignments.all())
    assert (progress["finished"], progress["total"], progress["percent"]) == (1, 2, 50)
    with pytest.raises(ConflictError):
        services.assignment_report(
            user=world.users["dinkes_operator"],
            assignment=mine,
            status_value=DirectiveStatus.CONTINUING,
            text="x",
            expected_version=1,
        )
    with pytest.raises(ValidationError):  # an agency that already reported cannot be dropped
        services.directive_save(user=world.users["planner"], meeting=meeting, text="Selaraskan program",
                                due=datetime.date(2026, 3, 31), agencies=[world.disdik], directive=directive,
                                expected_version=current_version(directive))  # fmt: skip


def test_a_project_edit_is_refused_when_stale_and_audited_when_saved(world, project):
    user = world.users["dinkes_head"]
    services.project_save(
        user=user, government=world.government, project=project, data={"name": "Nama baru"}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.project_save(
            user=user, government=world.government, project=project, data={"name": "Lagi"}, expected_version=1
        )
    assert Project.objects.get(pk=project.pk).name == "Nama baru"
    assert AuditEvent.objects.filter(
        object_type="projects.project", object_id=str(project.pk), action="update"
    ).exists()
    with pytest.raises(PermissionDenied):  # an operator keeps the projects of their own agency only
        services.project_save(
            user=world.users["dinkes_operator"],
            government=world.government,
            data={"agency": world.disdik, "code": "x"},
            expected_version=None,
        )
    other = make_project(world, agency=world.disdik, code="lain")
    with pytest.raises(PermissionDenied):  # nor moves one of theirs to another agency
        services.project_save(user=world.users["disdik_operator"], government=world.government, project=other,
                              data={"agency": world.dinkes}, expected_version=current_version(other))  # fmt: skip


def test_a_duplicate_code_gets_a_message_and_links_are_audited(world, project):
    with pytest.raises(ValidationError) as error:
        make_project(world, code=project.code)
    assert "__all__" in error.value.message_dict or "code" in error.value.message_dict
    services.project_save(
        user=world.users["planner"], government=world.government, project=project, data={},
        partner_agencies=[world.disdik], funded_by=[world.dinkes_sub], expected_version=current_version(project))  # fmt: skip
    event = AuditEvent.objects.filter(object_type="projects.project", object_id=str(project.pk)).order_by("pk").last()
    assert event.after == {"partner_agencies": [world.disdik.pk], "funded_by": [world.dinkes_sub.pk]}


def test_a_step_that_runs_late_dates_each_level_on_the_day_it_was_reached(world, project, settings):
    settings.OBSTACLE_ESCALATION_DAYS = 30
    obstacle = _obstacle(world, project, datetime.date(2026, 6, 1))
    services.escalate_obstacles(today=datetime.date(2026, 7, 15))  # the first run, two weeks after the level was due
    obstacle.refresh_from_db()
    assert (obstacle.escalation, obstacle.escalated_on) == (Escalation.SEKDA, datetime.date(2026, 7, 1))
    services.escalate_obstacles(today=datetime.date(2026, 7, 31))  # 30 days after 1 July, not after 15 July
    obstacle.refresh_from_db()
    assert obstacle.escalated_on == datetime.date(2026, 7, 31) and obstacle.escalation == Escalation.SEKDA + 1
