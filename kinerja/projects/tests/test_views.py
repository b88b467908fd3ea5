"""Pages and API: who may do what, scope, clear errors, and query counts that do not grow with the data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.access import SYSTEM
from kinerja.projects import services
from kinerja.projects.choices import DirectiveStatus, Health, ObstacleCategory
from kinerja.projects.models import Obstacle, ProgressReport
from kinerja.projects.tests.conftest import TODAY, jpeg, make_project, report

HOST = {"HTTP_HOST": "127.0.0.1"}
ROLES = ["admin_user", "planner", "inspector", "leader", "service_quality", "dinkes_head", "dinkes_operator",
         "disdik_operator", "stranger", "no_role"]  # fmt: skip


@pytest.fixture
def meeting(world):
    meeting = services.meeting_save(
        user=SYSTEM, government=world.government,
        data={"title": "Rakor awal tahun", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
    )  # fmt: skip
    services.directive_save(user=SYSTEM, meeting=meeting, text="Selaraskan program", due=datetime.date(2026, 3, 31),
                            agencies=[world.dinkes, world.disdik])  # fmt: skip
    return meeting


def _status(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {}, **HOST)
    client.logout()
    return response.status_code


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("overview", {"no_role": 403}),
        ("detail", {"disdik_operator": 404, "stranger": 404, "no_role": 404}),
        ("report", {"inspector": 403, "leader": 403, "service_quality": 403, "disdik_operator": 404, "stranger": 404, "no_role": 404}),
        ("create", {"inspector": 403, "leader": 403, "service_quality": 403, "no_role": 403}),
        ("meeting_create", {"inspector": 403, "leader": 403, "service_quality": 403, "dinkes_head": 403,
                            "dinkes_operator": 403, "disdik_operator": 403, "no_role": 403}),
        ("obstacles", {"no_role": 403}),
        ("directives", {"no_role": 403}),
    ],
)  # fmt: skip
def test_permission_matrix_of_the_pages(client, world, project, page, expected):
    urls = {
        "overview": "/proyek/", "detail": f"/proyek/{project.pk}/", "report": f"/proyek/{project.pk}/laporan/",
        "create": "/proyek/baru/", "meeting_create": "/rapat/baru/", "obstacles": "/hambatan/", "directives": "/arahan/",
    }  # fmt: skip
    for role in ROLES:
        assert _status(client, world.users[role], urls[page]) == expected.get(role, 200), role


def test_only_those_who_may_report_on_a_directive_can(client, world, meeting):
    assignment = meeting.directives.get().assignments.get(agency=world.dinkes)
    data = {"status": DirectiveStatus.DONE, "text": "Sudah", "version": 1}
    assert _status(client, world.users["leader"], f"/arahan/{assignment.pk}/", "post", data) == 403
    assert _status(client, world.users["disdik_operator"], f"/arahan/{assignment.pk}/", "post", data) == 404
    assert _status(client, world.users["dinkes_operator"], f"/arahan/{assignment.pk}/", "post", data) == 302
    assignment.refresh_from_db()
    assert assignment.status == DirectiveStatus.DONE


def test_an_operator_reports_progress_with_a_photo_through_the_page(client, world, project):
    client.force_login(world.users["dinkes_operator"])
    response = client.post(
        f"/proyek/{project.pk}/laporan/",
        {"month": "2026-10", "physical_plan": "40", "physical_actual": "31", "financial": "1000000", "narrative": "Tiang",
         "caption": "Dermaga", "photos": [jpeg()]},
        **HOST,
    )  # fmt: skip
    assert response.status_code == 302
    saved = ProgressReport.objects.get(project=project)
    assert saved.photos.count() == 1
    project.refresh_from_db()
    assert project.health == Health.WARNING
    page = client.get(f"/proyek/{project.pk}/", **HOST).content.decode()
    assert "9,0 poin di belakang rencana" in page  # the page speaks Indonesian
    photo = saved.photos.get()
    assert client.get(f"/proyek/foto/{photo.pk}/", **HOST)["Content-Type"] == "image/jpeg"
    # A second report of the same month from a blank form does not silently replace the first.
    again = client.post(
        f"/proyek/{project.pk}/laporan/",
        {"month": "2026-10", "physical_plan": "40", "physical_actual": "39", "financial": "0"},
        **HOST,
    )
    assert again.status_code == 400 and "10-2026" in again.content.decode()
    assert ProgressReport.objects.get(project=project).physical_actual == 31
    corrected = client.post(
        f"/proyek/{project.pk}/laporan/?month=2026-10",
        {"month": "2026-10", "physical_plan": "40", "physical_actual": "39", "financial": "0", "version": 1},
        **HOST,
    )
    assert corrected.status_code == 302
    assert ProgressReport.objects.get(project=project).physical_actual == 39


def test_a_bad_report_gets_a_message_and_saves_nothing(client, world, project):
    client.force_login(world.users["dinkes_operator"])
    response = client.post(
        f"/proyek/{project.pk}/laporan/",
        {"month": "2030-01", "physical_plan": "140", "physical_actual": "x", "financial": "-1"},
        **HOST,
    )  # fmt: skip
    assert response.status_code == 400
    assert not ProgressReport.objects.exists()
    bad_photo = client.post(
        f"/proyek/{project.pk}/laporan/",
        {"month": "2026-10", "physical_plan": "40", "physical_actual": "31", "financial": "0",
         "photos": [jpeg("a.jpg").__class__("a.jpg", b"%PDF-1.4", content_type="image/jpeg")]},
        **HOST,
    )  # fmt: skip
    assert bad_photo.status_code == 400 and "photo" in bad_photo.content.decode().lower()
    assert not ProgressReport.objects.exists()


def test_an_operator_raises_an_obstacle_and_adds_a_follow_up(client, world, project):
    client.force_login(world.users["dinkes_operator"])
    response = client.post(
        "/hambatan/baru/",
        {"agency": world.dinkes.pk, "project": project.pk, "plan_node": world.dinkes_sub.pk, "title": "Izin lingkungan tertunda",
         "category": ObstacleCategory.PERMITS, "severity": "high", "raised_on": "2026-11-01", "owner": "Kabid"},
        **HOST,
    )  # fmt: skip
    assert response.status_code == 302
    obstacle = Obstacle.objects.get()
    assert obstacle.plan_node_id == world.dinkes_sub.pk  # the plan node chosen on the form is kept
    response = client.post(
        f"/hambatan/{obstacle.pk}/", {"op": "follow_up", "responsible": "Kabid", "due": "2026-11-20"}, **HOST
    )
    assert response.status_code == 400  # the action is missing
    assert obstacle.follow_ups.count() == 0
    response = client.post(
        f"/hambatan/{obstacle.pk}/",
        {"op": "follow_up", "action": "Rapat dengan DLHP", "responsible": "Kabid", "due": "2026-11-20"},
        **HOST,
    )
    assert response.status_code == 302
    follow_up = obstacle.follow_ups.get()
    client.post(
        f"/hambatan/{obstacle.pk}/",
        {"op": "done", "follow_up": follow_up.pk, "outcome": "Izin terbit", "version": 1},
        **HOST,
    )
    follow_up.refresh_from_db()
    assert follow_up.done_on is not None and follow_up.outcome == "Izin terbit"
    client.force_login(world.users["leader"])
    assert client.post(f"/hambatan/{obstacle.pk}/", {"op": "status", "status": "resolved"}, **HOST).status_code == 403


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **HOST).status_code == 200
    return len(captured)


def _grow(world, region, start, count):
    for number in range(start, start + count):
        project = make_project(world, code=f"p{number}", region=region)
        report(project, datetime.date(2026, 9, 1), "30", str(30 - number % 15))
        report(project, datetime.date(2026, 10, 1), "40", str(40 - number % 15))
        services.milestone_save(
            user=SYSTEM,
            project=project,
            title="Tonggak",
            planned=datetime.date(2026, 9, 1),
            today=TODAY,
            expected_version=None,
        )
        obstacle = services.obstacle_save(
            user=SYSTEM,
            agency=world.dinkes,
            today=TODAY,
            data={
                "project": project,
                "title": f"Hambatan {number}",
                "category": ObstacleCategory.LAND,
                "raised_on": TODAY,
                "owner": "x",
            },
            expected_version=None,
        )
        services.follow_up_save(
            user=SYSTEM, obstacle=obstacle, action="a", responsible="b", due=datetime.date(2026, 11, 1), today=TODAY
        )


def test_the_leadership_view_and_list_run_a_fixed_number_of_queries(
    client, world, region, meeting, django_assert_num_queries
):
    client.force_login(world.users["planner"])
    _grow(world, region, 0, 2)
    small = [
        _queries(client, "/proyek/"),
        _queries(client, "/proyek/daftar/?page=1"),
        _queries(client, "/proyek/?category=regional&health=critical"),
    ]
    _grow(world, region, 2, 30)
    large = [
        _queries(client, "/proyek/"),
        _queries(client, "/proyek/daftar/?page=2"),
        _queries(client, "/proyek/?category=regional&health=critical"),
    ]
    assert small == large
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get("/proyek/", **HOST)


def test_the_project_page_runs_a_fixed_number_of_queries(client, world, region, meeting, django_assert_num_queries):
    client.force_login(world.users["dinkes_operator"])
    project = make_project(world, code="utama", region=region)
    report(project, datetime.date(2026, 9, 1), "30", "25", photos=[(jpeg(), "a")])
    services.milestone_save(
        user=SYSTEM, project=project, title="T", planned=datetime.date(2026, 9, 1), today=TODAY, expected_version=None
    )
    obstacle = services.obstacle_save(
        user=SYSTEM,
        agency=world.dinkes,
        today=TODAY,
        data={"project": project, "title": "H", "category": ObstacleCategory.LAND, "raised_on": TODAY, "owner": "x"},
        expected_version=None,
    )
    services.follow_up_save(user=SYSTEM, obstacle=obstacle, action="a", responsible="b", due=TODAY, today=TODAY)
    small = _queries(client, f"/proyek/{project.pk}/")
    for month in range(1, 9):
        report(project, datetime.date(2026, month, 1), str(month), str(month), photos=[(jpeg(), "b")])
        services.milestone_save(
            user=SYSTEM,
            project=project,
            title=f"T{month}",
            planned=datetime.date(2026, month, 1),
            today=TODAY,
            expected_version=None,
        )
        obstacle = services.obstacle_save(
            user=SYSTEM,
            agency=world.dinkes,
            today=TODAY,
            data={
                "project": project,
                "title": f"H{month}",
                "category": ObstacleCategory.LAND,
                "raised_on": TODAY,
                "owner": "x",
            },
            expected_version=None,
        )
        services.follow_up_save(user=SYSTEM, obstacle=obstacle, action="a", responsible="b", due=TODAY, today=TODAY)
    assert _queries(client, f"/proyek/{project.pk}/") == small
    with django_assert_num_queries(PROJECT_PAGE_QUERIES):
        client.get(f"/proyek/{project.pk}/", **HOST)


OVERVIEW_QUERIES = 13  # + the overdue directives' assignments and the user's part of them
PROJECT_PAGE_QUERIES = 16


# --- API -------------------------------------------------------------------------------------------------


def test_api_scope_report_conflict_and_error_shape(client, world, project):
    client.force_login(world.users["disdik_operator"])
    assert client.get("/api/v1/projects/", **HOST).json()["count"] == 0
    assert client.get(f"/api/v1/projects/{project.pk}/", **HOST).status_code == 404
    client.force_login(world.users["dinkes_operator"])
    body = {
        "project": project.pk,
        "month": "2026-10-01",
        "physical_plan": "40",
        "physical_actual": "28",
        "financial": "0",
    }
    created = client.post("/api/v1/progress-reports/", body, content_type="application/json", **HOST)
    assert created.status_code == 201, created.content
    detail = client.get(f"/api/v1/projects/{project.pk}/", **HOST).json()
    assert detail["health"] == "critical" and "12,0 poin di belakang rencana" in detail["health_explanation"]
    stale = client.patch(f"/api/v1/progress-reports/{created.json()['id']}/", {"physical_actual": "39", "expected_version": 7},
                         content_type="application/json", **HOST)  # fmt: skip
    assert stale.status_code == 409 and Decimal(stale.json()["extra"]["current"]["physical_actual"]) == 28
    bad = client.post(
        "/api/v1/progress-reports/", {**body, "physical_plan": "140"}, content_type="application/json", **HOST
    )
    assert bad.status_code == 400 and "physical_plan" in bad.json()["extra"]["fields"]
    client.force_login(world.users["leader"])
    assert client.post("/api/v1/progress-reports/", body, content_type="application/json", **HOST).status_code == 403
    export = client.get(f"/api/v1/projects/{project.pk}/oc4ids/", **HOST).json()
    from kinerja.projects import oc4ids

    assert oc4ids.validate(export) == []


def test_api_obstacles_follow_ups_and_directives(client, world, project, meeting):
    client.force_login(world.users["dinkes_operator"])
    created = client.post(
        "/api/v1/obstacles/",
        {"agency": world.dinkes.pk, "project": project.pk, "title": "Lahan", "category": "land", "raised_on": "2026-11-01", "owner": "Kabid"},
        content_type="application/json", **HOST,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    obstacle_id = created.json()["id"]
    follow = client.post("/api/v1/follow-ups/", {"obstacle": obstacle_id, "action": "Musyawarah", "responsible": "Kabid", "due": "2026-11-30"},
                         content_type="application/json", **HOST)  # fmt: skip
    assert follow.status_code == 201, follow.content
    resolved = client.post(
        f"/api/v1/obstacles/{obstacle_id}/status/",
        {
            "status": "resolved",
            "expected_version": client.get(f"/api/v1/obstacles/{obstacle_id}/", **HOST).json()["version"],
        },
        content_type="application/json",
        **HOST,
    )
    assert resolved.json()["status"] == "resolved"
    assignment = client.get("/api/v1/directive-assignments/", **HOST).json()["results"]
    assert len(assignment) == 1  # only their agency's
    reported = client.post(f"/api/v1/directive-assignments/{assignment[0]['id']}/report/", {"status": "in_progress", "text": "Berjalan", "expected_version": assignment[0]["version"]},
                           content_type="application/json", **HOST)  # fmt: skip
    assert reported.status_code == 201
    assert client.post("/api/v1/directives/", {"meeting": meeting.pk, "text": "x", "due": "2026-12-31", "agencies": [world.dinkes.pk]},
                       content_type="application/json", **HOST).status_code == 403  # fmt: skip
    client.force_login(world.users["planner"])
    issued = client.post("/api/v1/directives/", {"meeting": meeting.pk, "text": "Percepat", "due": "2026-12-31", "agencies": [world.dinkes.pk]},
                         content_type="application/json", **HOST)  # fmt: skip
    assert issued.status_code == 201 and issued.json()["number"] == 2
    assert Decimal(client.get(f"/api/v1/projects/{project.pk}/", **HOST).json()["value"]) == Decimal("1000000000")


def test_a_planner_registers_a_project_with_its_funding_and_a_bad_one_is_refused(client, world, region):
    from kinerja.projects.models import Project

    client.force_login(world.users["planner"])
    data = {
        "code": "jalan-baru", "name": "Jalan Baru", "category": "regional", "sector": "transport", "agency": world.dinkes.pk,
        "region": region.pk, "value": "5000000000", "start": "2026-01-01", "planned_end": "2025-12-31", "phase": "implementation",
        "funding_apbd_province": "3000000000", "funding_private": "2000000000",
    }  # fmt: skip
    refused = client.post("/proyek/baru/", data, **HOST)
    assert refused.status_code == 400 and not Project.objects.exists()
    assert "Rencana selesai lebih awal dari tanggal mulai." in refused.content.decode()
    created = client.post("/proyek/baru/", {**data, "planned_end": "2027-12-31"}, **HOST)
    project = Project.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/proyek/{project.pk}/"
    assert sorted((f.source, f.amount) for f in project.fundings.all()) == [
        ("apbd_province", Decimal("3000000000")), ("private", Decimal("2000000000"))
    ]  # fmt: skip
    assert project.health == Health.NO_REPORT
    duplicate = client.post("/proyek/baru/", {**data, "planned_end": "2027-12-31"}, **HOST)
    assert duplicate.status_code == 400 and Project.objects.count() == 1


def test_a_planner_records_a_meeting_and_issues_a_directive_to_every_agency(client, world):
    from kinerja.projects.models import Assignment, Meeting

    client.force_login(world.users["planner"])
    response = client.post(
        "/rapat/baru/",
        {"title": "Rakor triwulan", "date": "2026-04-15", "place": "Griya Agung", "chair": "Sekda", "attendees": [world.dinkes.pk]},
        **HOST,
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    early = client.post(
        f"/rapat/{meeting.pk}/arahan/baru/", {"text": "Percepat", "due": "2026-04-01", "all_agencies": "on"}, **HOST
    )
    assert early.status_code == 400 and not Assignment.objects.exists()  # due before the meeting
    issued = client.post(
        f"/rapat/{meeting.pk}/arahan/baru/", {"text": "Percepat", "due": "2026-06-30", "all_agencies": "on"}, **HOST
    )
    assert issued.status_code == 302
    assert Assignment.objects.count() == world.government.agencies.count()
    page = client.get(f"/rapat/{meeting.pk}/", **HOST).content.decode()
    assert "Percepat" in page and f"0 dari {world.government.agencies.count()} perangkat daerah selesai" in page
