"""Figures that must mean the same wherever and for whomever they are shown: a directive's progress,
lateness kept as history, and the escalation level reached by the dates."""

import datetime

import pytest
import time_machine

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.projects import selectors, services
from kinerja.projects.choices import DirectiveStatus, Escalation, ObstacleCategory, ObstacleStatus
from kinerja.projects.models import Assignment, Obstacle
from kinerja.tests.versions import current_version

HOST = {"HTTP_HOST": "127.0.0.1"}
NOW = datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def meeting(world):
    meeting = services.meeting_save(
        user=SYSTEM, government=world.government,
        data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    services.directive_save(
        user=SYSTEM, meeting=meeting, text="Selaraskan program", due=datetime.date(2026, 3, 31),
        agencies=[world.dinkes, world.disdik],
    )  # fmt: skip
    return meeting


def _get(client, user, url):
    client.force_login(user)
    response = client.get(url, **HOST)
    assert response.status_code == 200, url
    return response


@time_machine.travel(NOW)
def test_a_directive_shows_the_same_progress_to_the_governor_and_to_an_agency_with_its_own_part(client, world, meeting):
    """The governor read '44 of 45 not finished', the Dinkes operator '1 of 45' for the same directive."""
    leader = _get(client, world.users["leader"], "/proyek/").context["directives"][0].progress
    operator = _get(client, world.users["dinkes_operator"], "/proyek/").context["directives"][0].progress
    assert (leader["open"], leader["total"]) == (operator["open"], operator["total"]) == (2, 2)
    assert "mine" not in leader
    assert (operator["mine"]["open"], operator["mine"]["total"]) == (1, 1)
    directive = meeting.directives.get()
    on_meeting = _get(client, world.users["dinkes_operator"], f"/rapat/{meeting.pk}/").context["directives"][0][1]
    assert (on_meeting["finished"], on_meeting["total"], on_meeting["mine"]["total"]) == (0, 2, 1)
    listed = _get(client, world.users["dinkes_operator"], "/arahan/").context["page_obj"].object_list
    assert [(a.directive_id, a.progress["total"]) for a in listed] == [(directive.pk, 2)]


@time_machine.travel(NOW)
def test_a_directive_finished_after_its_due_date_stays_finished_late(client, world, meeting):
    assignment = Assignment.objects.get(agency=world.dinkes)
    for day, state in (
        (datetime.date(2026, 4, 10), DirectiveStatus.DONE),
        (datetime.date(2026, 5, 2), DirectiveStatus.CONTINUING),
    ):
        services.assignment_report(
            user=world.users["dinkes_operator"], assignment=Assignment.objects.get(pk=assignment.pk),
            status_value=state, text="Dilaksanakan", today=day, expected_version=current_version(Assignment.objects.get(pk=assignment.pk)))  # fmt: skip
    page = _get(client, world.users["dinkes_operator"], f"/arahan/{assignment.pk}/")
    shown = page.context["assignment"]
    assert (shown.finished_on, shown.days_late) == (datetime.date(2026, 4, 10), 10)  # not today's, not the last report
    assert "text-bg-warning" in page.content.decode()
    listed = _get(client, world.users["dinkes_operator"], "/arahan/?status=all").context["page_obj"].object_list
    assert [(a.finished_on, a.days_late) for a in listed] == [(datetime.date(2026, 4, 10), 10)]
    open_one = _get(client, world.users["disdik_operator"], "/arahan/").context["page_obj"].object_list[0]
    assert (open_one.finished_on, open_one.days_late) == (None, (TODAY - datetime.date(2026, 3, 31)).days)


def _obstacle(world, raised, title="Lahan"):
    return services.obstacle_save(
        user=SYSTEM, agency=world.dinkes, today=raised,
        data={"title": title, "category": ObstacleCategory.LAND, "raised_on": raised, "owner": "Kabid"}, expected_version=None)  # fmt: skip


@time_machine.travel(NOW)
def test_the_escalation_level_shown_is_the_one_the_dates_give_before_the_daily_step_runs(client, world, settings):
    """Obstacles open 104 and 182 days showed the agency level: escalation only ran in the daily digest."""
    settings.OBSTACLE_ESCALATION_DAYS = 30
    young = _obstacle(world, TODAY - datetime.timedelta(days=29), "Muda")
    sekda = _obstacle(world, TODAY - datetime.timedelta(days=45), "Sekda")
    central = _obstacle(world, TODAY - datetime.timedelta(days=104), "Pusat")
    expected = {young.pk: Escalation.AGENCY, sekda.pk: Escalation.SEKDA, central.pk: Escalation.CENTRAL}
    assert set(Obstacle.objects.values_list("escalation", flat=True)) == {Escalation.AGENCY}  # nothing recorded yet
    listed = _get(client, world.users["dinkes_operator"], "/hambatan/").context["page_obj"].object_list
    assert {o.pk: o.level for o in listed} == expected
    overview = _get(client, world.users["leader"], "/proyek/").context["obstacles"]
    assert {o.pk: o.level for o in overview} == expected
    detail = _get(client, world.users["leader"], f"/hambatan/{sekda.pk}/")
    assert detail.context["obstacle"].level_since == TODAY - datetime.timedelta(days=15)
    api = _get(client, world.users["leader"], "/api/v1/obstacles/").json()["results"]
    assert {o["id"]: o["escalation"] for o in api} == expected
    for level in Escalation.values:
        found = _get(client, world.users["leader"], f"/api/v1/obstacles/?escalation={level}").json()["results"]
        assert {o["id"] for o in found} == {pk for pk, value in expected.items() if value == level}, level
    # The daily step records the same levels at once (one audit event each), and nothing shown changes.
    assert {o.pk for o in services.escalate_obstacles(today=TODAY)} == {sekda.pk, central.pk}
    assert dict(Obstacle.objects.values_list("pk", "escalation")) == expected
    assert AuditEvent.objects.filter(action="escalate", object_id=str(central.pk)).count() == 1
    assert {o.pk: o.escalation_level(TODAY) for o in Obstacle.objects.all()} == expected
    api = _get(client, world.users["leader"], "/api/v1/obstacles/?escalation=2").json()["results"]
    assert [o["id"] for o in api] == [sekda.pk]


def test_an_obstacle_resolved_keeps_the_level_it_had_reached(world, settings):
    settings.OBSTACLE_ESCALATION_DAYS = 30
    obstacle = _obstacle(world, TODAY - datetime.timedelta(days=65))
    resolved = services.obstacle_set_status(
        user=SYSTEM,
        obstacle=obstacle,
        status_value=ObstacleStatus.RESOLVED,
        today=TODAY,
        expected_version=current_version(obstacle),
    )
    assert resolved.escalation == resolved.escalation_level(TODAY + datetime.timedelta(days=300)) == Escalation.GOVERNOR
    assert selectors.at_escalation_level(Obstacle.objects.all(), Escalation.GOVERNOR, TODAY).get() == resolved


def test_a_monthly_report_filed_after_its_due_day_stays_reported_late_after_a_correction(client, world, region):
    from kinerja.projects.tests.conftest import make_project, report

    project = make_project(world, region=region)
    with time_machine.travel(datetime.datetime(2026, 10, 20, 3, tzinfo=datetime.UTC)):  # due by 10-10
        report(project, datetime.date(2026, 9, 1), "30", "25", today=datetime.date(2026, 10, 20))
    with time_machine.travel(datetime.datetime(2026, 11, 5, 3, tzinfo=datetime.UTC)):  # on time, then a correction
        report(project, datetime.date(2026, 10, 1), "40", "35", today=datetime.date(2026, 11, 5))
        report(project, datetime.date(2026, 9, 1), "30", "26", today=datetime.date(2026, 11, 5))
    with time_machine.travel(NOW):
        rows = _get(client, world.users["dinkes_operator"], f"/proyek/{project.pk}/").context["reports"]
    assert [(r.month.month, days) for r, days in rows] == [(10, 0), (9, 10)]
