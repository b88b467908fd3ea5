"""The leader's home: who lands where, what each tile counts, where it drills down, its filters and query count."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.choices import RegionKind, Role
from kinerja.core.models import Region
from kinerja.integrity.choices import DocumentKind, DocumentState
from kinerja.integrity.models import SignedDocument
from kinerja.monitoring import selectors as monitoring_selectors
from kinerja.monitoring import services as monitoring
from kinerja.planning import services as planning
from kinerja.planning.spm import agency_sectors
from kinerja.projects import services as projects
from kinerja.projects.choices import Health, ObstacleCategory
from kinerja.projects.tests.conftest import make_project, report
from kinerja.tests.versions import current_version, realization_version, target_version

TODAY = datetime.date(2026, 11, 28)
HOST = {"HTTP_HOST": "127.0.0.1"}


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(datetime.datetime(2026, 11, 28, 3, tzinfo=datetime.UTC), tick=True):
        yield


def _verified(world, indicator, period, value):
    r = monitoring.realization_save(
        user=SYSTEM,
        indicator=indicator,
        period=period,
        value=value,
        explanation="ok",
        today=TODAY,
        expected_version=realization_version(indicator, period),
    )
    monitoring.realization_submit(user=SYSTEM, realization=r, expected_version=current_version(r))
    monitoring.realization_verify(user=world.users["planner"], realization=r, expected_version=current_version(r))


@pytest.fixture
def region(world):
    return Region.objects.create(
        government=world.government, code="16.07", name="Kab. Banyuasin", kind=RegionKind.REGENCY
    )


@pytest.fixture
def achieved(world):
    """Dinkes on its annual target (100 %), Disdik at 60 % of it: behind; in 2025 both met theirs."""
    with audit_context(username="test:setup"):
        planning.indicator_update(
            user=SYSTEM,
            indicator=world.program_indicator,
            data={"final_target": Decimal(85)},
            expected_version=current_version(world.program_indicator),
        )
        planning.indicator_update(
            user=SYSTEM,
            indicator=world.disdik_indicator,
            data={"final_target": Decimal(90)},
            expected_version=current_version(world.disdik_indicator),
        )
        for year, value in ((2025, 80), (2026, 85)):
            planning.target_set(
                user=SYSTEM,
                indicator=world.disdik_indicator,
                year=year,
                value=Decimal(value),
                expected_version=target_version(world.disdik_indicator, year),
            )
        periods = {
            year: {(p.kind, p.number): p for p in monitoring.periods_ensure(government=world.government, year=year)}
            for year in (2025, 2026)
        }
        _verified(world, world.program_indicator, periods[2025][("quarter", 4)], "100")
        _verified(world, world.disdik_indicator, periods[2025][("quarter", 4)], "80")
        _verified(world, world.program_indicator, periods[2026][("quarter", 4)], "97")
        _verified(world, world.disdik_indicator, periods[2026][("quarter", 4)], "51")
    return periods


@pytest.fixture
def meeting(world):
    with audit_context(username="test:setup"):
        meeting = projects.meeting_save(
            user=SYSTEM,
            government=world.government,
            data={"title": "Rakor", "date": datetime.date(2026, 1, 21), "place": "Griya Agung", "chair": "Gubernur"},
        )
        projects.directive_save(
            user=SYSTEM,
            meeting=meeting,
            text="Selaraskan program dengan RPJMD",
            due=datetime.date(2026, 3, 31),
            agencies=[world.dinkes, world.disdik],
        )
    return meeting


def _obstacle(world, project, title, raised_on):
    with audit_context(username="test:setup"):
        return projects.obstacle_save(
            user=SYSTEM,
            agency=project.agency,
            today=TODAY,
            data={
                "project": project,
                "title": title,
                "category": ObstacleCategory.LAND,
                "raised_on": raised_on,
                "owner": "Kepala Dinas",
            },
            expected_version=None,
        )


def _critical_project(world, code, region=None, agency=None):
    project = make_project(world, code=code, region=region, agency=agency)
    with audit_context(username="test:setup"):
        report(project, datetime.date(2026, 10, 1), "60", "5")
    project.refresh_from_db()
    assert project.health == Health.CRITICAL
    return project


def _document(world, *, to_sign_by, state=DocumentState.FIRST_SIGNED, agency=None, nip="1970"):
    with audit_context(username="test:setup"):
        return SignedDocument.objects.create(
            government=world.government,
            kind=DocumentKind.PK_AGENCY,
            year=2026,
            agency=agency or world.dinkes,
            state=state,
            due_date=datetime.date(2026, 2, 28),
            first_party=world.users["dinkes_head"],
            first_party_name="Kepala Dinkes",
            first_party_nip=nip,
            first_party_position="Kepala Dinas Kesehatan",
            second_party=to_sign_by,
            second_party_name="Gubernur",
            second_party_position="Gubernur Sumatera Selatan",
        )


@pytest.fixture
def everything(world, achieved, meeting, region):
    project = _critical_project(world, "jembatan", region=region)
    governor_level = _obstacle(world, project, "Pembebasan lahan tertunda", TODAY - datetime.timedelta(days=70))
    fresh = _obstacle(world, project, "Izin baru diajukan", TODAY - datetime.timedelta(days=3))
    document = _document(world, to_sign_by=world.users["leader"])
    return {"project": project, "governor_level": governor_level, "fresh": fresh, "document": document}


def _get(client, user, url):
    client.force_login(user)
    return client.get(url, **HOST)


# --- who lands where ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["leader", "planner", "admin_user"])
def test_leaders_planners_and_admins_land_on_the_leaders_home(client, world, name):
    response = _get(client, world.users[name], "/")
    assert response.status_code == 200
    assert "dashboards/home.html" in [t.name for t in response.templates]


def test_an_agency_head_lands_on_the_agencys_dashboard(client, world):
    response = _get(client, world.users["dinkes_head"], "/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/agencies/dinkes/"


@pytest.mark.parametrize("name", ["dinkes_operator", "inspector", "service_quality", "no_role"])
def test_the_other_roles_keep_cores_home(client, world, name):
    response = _get(client, world.users[name], "/")
    assert response.status_code == 200
    names = [t.name for t in response.templates]
    assert "core/home.html" in names and "dashboards/home.html" not in names


@pytest.mark.parametrize(
    "name, status",
    [
        ("leader", 200),
        ("planner", 200),
        ("admin_user", 200),
        ("inspector", 403),
        ("service_quality", 403),
        ("dinkes_head", 403),
        ("dinkes_operator", 403),
        ("disdik_operator", 403),
        ("no_role", 403),
    ],
)
def test_the_leaders_home_page_is_for_leaders_planners_and_admins(client, world, name, status):
    assert _get(client, world.users[name], "/beranda/").status_code == status


def test_anonymous_is_sent_to_log_in(client, world):
    for url in ("/", "/beranda/"):
        response = client.get(url, **HOST)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "query, message",
    [
        ("year=abc", "year"),
        ("year=1800", "year"),
        ("year=2026.5", "year"),
        ("agency=nope", "nope"),
        ("agency=%00", "agency"),
        ("region=99.99", "99.99"),
    ],
)
def test_a_bad_filter_is_a_clear_400(client, world, query, message):
    for url in ("/", "/beranda/"):
        response = _get(client, world.users["leader"], f"{url}?{query}")
        assert response.status_code == 400
        assert message in response.content.decode()


def test_another_governments_agency_is_not_a_filter(client, world):
    # The other government has an agency with code "dinkes" too: the leader's own is meant, never the other.
    response = _get(client, world.users["stranger"], "/beranda/?agency=dinkes")
    assert response.status_code == 200 and response.context["agency"] == world.other_agency


# --- what the tiles count and where they drill down -----------------------------------------------------


def test_achievement_by_mission_and_agency_with_last_year_and_the_final_target(world, achieved):
    data = monitoring_selectors.leader_achievement(user=world.users["leader"], year=2026, as_of=TODAY)
    (mission,) = data.missions
    assert mission["node"] == world.mission and mission["count"] == 3
    # Dinkes 97 of 97 (lower is better): 100 %; Disdik 51 of 85: 60 %. The mean: 80 %.
    assert mission["achievement"] == Decimal(80) and mission["to_date"] == Decimal(80)
    assert mission["previous"] == Decimal(100)
    # Against the final targets: Dinkes (2 − 97/85) × 100, Disdik 51/90 × 100.
    dinkes_final = (2 - Decimal(97) / Decimal(85)) * 100
    disdik_final = Decimal(51) / Decimal(90) * 100
    assert mission["final"] == (dinkes_final + disdik_final) / 2
    rows = {row["agency"].code: row for row in data.agencies}
    assert rows["dinkes"]["to_date"] == Decimal(100) and rows["disdik"]["to_date"] == Decimal(60)
    assert rows["disdik"]["previous"] == Decimal(100)
    assert [row["agency"].code for row in data.behind] == ["disdik"]


def test_the_governor_sees_every_tile_and_its_drill_down(client, world, everything):
    page = _get(client, world.users["leader"], "/?year=2026").content.decode()
    # Missions drill down to their indicators; agencies behind to their dashboard's warnings.
    assert f'href="/dashboard/nodes/{world.mission.pk}/?year=2026"' in page
    assert f'href="/dashboard/nodes/{world.mission.pk}/?year=2025"' in page
    assert 'href="/dashboard/agencies/disdik/?year=2026#warnings"' in page
    # Critical projects, with why; the obstacles per level; the overdue directives.
    assert 'href="/proyek/daftar/?health=critical"' in page
    assert f'href="/proyek/{everything["project"].pk}/"' in page
    assert 'href="/hambatan/?level=3"' in page
    assert 'href="/arahan/?status=overdue"' in page
    meeting_directive = everything["project"].government.meetings.get().directives.get()
    assert f'#directive-{meeting_directive.pk}"' in page
    # Agreements and pacts not signed; IKM of the government and per SPM sector.
    assert 'href="/integritas/?year=2026"' in page
    assert 'id="home-spm"' in page and "Ketenteraman, ketertiban umum" in page
    # Waiting on the governor: the obstacle at his level, the document for his signature, the directive.
    decisions = page[page.index('id="decisions"') : page.index('id="home-achievement"')]
    assert f'href="/hambatan/{everything["governor_level"].pk}/"' in decisions
    assert f'href="/hambatan/{everything["fresh"].pk}/"' not in decisions
    assert f'href="/integritas/dokumen/{everything["document"].pk}/"' in decisions
    assert f"#directive-{meeting_directive.pk}" in decisions
    assert "Tidak ada yang menunggu keputusan Anda" not in decisions


def test_what_waits_is_the_users_own(client, world, everything):
    # The planner signs nothing here and is not the one obstacles and directives escalate to.
    page = _get(client, world.users["planner"], "/?year=2026").content.decode()
    decisions = page[page.index('id="decisions"') : page.index('id="home-achievement"')]
    assert "Tidak ada yang menunggu keputusan Anda" in decisions
    # Another leader (the vice-governor) sees the escalated obstacles but not the governor's document.
    from kinerja.conftest import make_user

    wagub = make_user("wagub", world.government, Role.LEADER)
    page = _get(client, wagub, "/?year=2026").content.decode()
    decisions = page[page.index('id="decisions"') : page.index('id="home-achievement"')]
    assert f'href="/hambatan/{everything["governor_level"].pk}/"' in decisions
    assert f'href="/integritas/dokumen/{everything["document"].pk}/"' not in decisions


def test_a_document_is_waiting_only_when_it_is_the_users_turn(client, world, achieved):
    ready = _document(world, to_sign_by=world.users["leader"], state=DocumentState.READY, agency=world.disdik)
    page = _get(client, world.users["leader"], "/?year=2026").content.decode()
    assert f'href="/integritas/dokumen/{ready.pk}/"' not in page.split('id="home-achievement"')[0]


def test_the_obstacle_list_drills_down_by_escalation_level(client, world, everything):
    page = _get(client, world.users["leader"], "/hambatan/?level=3").content.decode()
    assert "Pembebasan lahan tertunda" in page and "Izin baru diajukan" not in page
    page = _get(client, world.users["leader"], "/hambatan/?level=1").content.decode()
    assert "Izin baru diajukan" in page and "Pembebasan lahan tertunda" not in page
    assert _get(client, world.users["leader"], "/hambatan/?level=9").status_code == 400


def test_the_agency_filter_narrows_every_tile(client, world, everything):
    response = _get(client, world.users["leader"], "/?year=2026&agency=disdik")
    panels = {p.template: p.context for p in response.context["panels"]}
    (mission,) = panels["monitoring/_home_achievement.html"]["data"].missions
    assert mission["achievement"] == Decimal(60)
    assert panels["projects/_home_critical.html"]["count"] == 0  # the critical project is Dinkes'
    assert panels["projects/_home_directives.html"]["count"] == 1  # Disdik has not finished it either
    gaps = panels["integrity/_home_agreements.html"]["gaps"]
    assert gaps["agencies"] == 1 and [r["agency"].code for r in gaps["not_signed"]] == ["disdik"]
    page = response.content.decode()
    assert 'href="/proyek/daftar/?health=critical&amp;agency=disdik"' in page or (
        'href="/proyek/daftar/?health=critical&agency=disdik"' in page
    )


def test_the_region_filter_narrows_projects_and_obstacles(client, world, everything, region):
    elsewhere = Region.objects.create(government=world.government, code="16.71", name="Kota Palembang", kind="kota")
    response = _get(client, world.users["leader"], f"/?year=2026&region={region.code}")
    panels = {p.template: p.context for p in response.context["panels"]}
    assert panels["projects/_home_critical.html"]["count"] == 1
    response = _get(client, world.users["leader"], f"/?year=2026&region={elsewhere.code}")
    panels = {p.template: p.context for p in response.context["panels"]}
    assert panels["projects/_home_critical.html"]["count"] == 0
    levels = {level: n for level, _label, n in panels["projects/_home_obstacles.html"]["levels"]}
    assert levels[3] == 0


def test_spm_sectors_come_from_the_agencies_program_codes(world):
    assert agency_sectors(government_id=world.government.pk) == {world.dinkes.pk: {"1.02"}, world.disdik.pk: {"1.01"}}
    with audit_context(username="test:setup"):
        planning.node_create(
            user=SYSTEM,
            period=world.period,
            parent=world.objective,
            code="1.03.01",
            title="Penunjang PU",
            agency=world.dinkes,
        )
    assert agency_sectors(government_id=world.government.pk)[world.dinkes.pk] == {"1.02", "1.03"}


def test_ikm_of_the_government_and_per_spm_sector(client, world):
    from kinerja.core.models import ServiceUnit
    from kinerja.satisfaction import services as satisfaction
    from kinerja.satisfaction.method_data import install
    from kinerja.satisfaction.models import SurveyElement, SurveyMethod
    from kinerja.satisfaction.tests.test_surveys import data

    install(SurveyMethod, SurveyElement)
    survey = satisfaction.survey_create(
        user=world.users["service_quality"],
        service_unit=ServiceUnit.objects.get(code="rsud"),
        period_kind="semester",
        year=2026,
        number=2,
        population=1000,
        services=["Rawat jalan"],
    )
    for _ in range(3):
        satisfaction.response_submit(
            survey=survey, data=data(survey), channel="paper", user=world.users["service_quality"]
        )
    response = _get(client, world.users["leader"], "/?year=2026")
    panel = next(p.context for p in response.context["panels"] if p.template == "satisfaction/_home_ikm.html")
    assert panel["data"].government.index == Decimal(75) and panel["data"].government.respondents == 3
    sectors = {s.code: s for s in panel["data"].sectors}
    assert sectors["1.02"].ikm.index == Decimal(75) and sectors["1.01"].ikm.index is None
    assert [(a.code, n) for a, n in sectors["1.02"].agencies] == [("dinkes", 3)]
    assert 'href="/satisfaction/agencies/dinkes/"' in response.content.decode()


# --- the query count ------------------------------------------------------------------------------------

# Computed (the cache off, or after a write; the year and the one before in one query) and kept (the
# figures read from the cache).
# With the supervision requests waiting and the innovation widget (one query each), and the reality-check
# tile (12: the signals are computed, kept by no cache).
HOME_QUERIES = {0: 47, 300: 44}


@pytest.fixture
def cache_seconds(request, settings):
    from django.core.cache import cache

    settings.LEADER_HOME_CACHE_SECONDS = request.param
    cache.clear()
    yield request.param
    cache.clear()


def _count(client, user, url="/?year=2026"):
    client.force_login(user)
    client.get(url, **HOST)  # the first request after logging in also updates the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **HOST).status_code == 200
    return len(captured)


@pytest.mark.parametrize("cache_seconds", [0, 300], indirect=True)
def test_the_home_runs_a_fixed_number_of_queries(
    client, world, everything, region, cache_seconds, django_assert_num_queries
):
    leader = world.users["leader"]
    small = _count(client, leader)
    # Twice the data and more: projects, obstacles at every level, directives, documents, agencies' indicators.
    for number in range(4):
        project = _critical_project(world, f"p{number}", region=region, agency=world.disdik)
        _obstacle(world, project, f"Hambatan {number}", TODAY - datetime.timedelta(days=35 * number + 1))
        _document(world, to_sign_by=leader, agency=world.setda, nip=f"19{number}")
    with audit_context(username="test:setup"):
        meeting = world.government.meetings.get()
        for number in range(3):
            projects.directive_save(
                user=SYSTEM,
                meeting=meeting,
                text=f"Arahan {number}",
                due=datetime.date(2026, 5, 1),
                agencies=[world.disdik, world.setda],
            )
        for number in range(3):
            planning.indicator_create(
                user=SYSTEM, node=world.disdik_program, name=f"Indikator {number}", unit="%", indicator_type="output"
            )
    assert _count(client, leader) == small
    assert _count(client, leader, "/?year=2026&agency=disdik") == _count(client, leader, "/?year=2026&agency=dinkes")
    with django_assert_num_queries(HOME_QUERIES[cache_seconds]):
        client.get("/?year=2026", **HOST)


@pytest.mark.parametrize("cache_seconds", [300], indirect=True)
def test_kept_figures_are_recomputed_after_an_audited_write(client, world, achieved, cache_seconds):
    def mission():
        response = _get(client, world.users["leader"], "/?year=2026")
        panel = next(p.context for p in response.context["panels"] if p.template == "monitoring/_home_achievement.html")
        return panel["data"].missions[0]["achievement"]

    assert mission() == mission() == Decimal(80)
    with audit_context(username="test:setup"):
        # Disdik's 2026 target lowered to 60: 51 of 60 is 85 %, the mission (100 + 85) / 2.
        planning.target_set(
            user=SYSTEM,
            indicator=world.disdik_indicator,
            year=2026,
            value=Decimal(60),
            expected_version=target_version(world.disdik_indicator, 2026),
        )
    assert mission() == Decimal("92.5")


def test_the_final_target_takes_last_years_value_while_this_year_has_none(world):
    with audit_context(username="test:setup"):
        planning.indicator_update(
            user=SYSTEM,
            indicator=world.disdik_indicator,
            data={"final_target": Decimal(90)},
            expected_version=current_version(world.disdik_indicator),
        )
        for year, value in ((2025, 80), (2026, 85)):
            planning.target_set(
                user=SYSTEM,
                indicator=world.disdik_indicator,
                year=year,
                value=Decimal(value),
                expected_version=target_version(world.disdik_indicator, year),
            )
        periods = {(p.kind, p.number): p for p in monitoring.periods_ensure(government=world.government, year=2025)}
        _verified(world, world.disdik_indicator, periods[("quarter", 4)], "72")
    data = monitoring_selectors.leader_achievement(
        user=world.users["leader"], year=2026, as_of=TODAY, agency_ids=[world.disdik.pk]
    )
    (row,) = data.agencies
    assert row["achievement"] is None and row["previous"] == Decimal(90)
    assert row["final"] == Decimal(80)  # 72 of the final 90


# --- every tile honours the filters and drills down with them -------------------------------------------


def test_the_directives_tile_drills_down_with_the_agency_filter(client, world, everything):
    meeting_directive = everything["project"].government.meetings.get().directives.get()
    with audit_context(username="test:setup"):
        assignment = meeting_directive.assignments.get(agency=world.dinkes)
        projects.assignment_report(
            user=SYSTEM,
            assignment=assignment,
            status_value="done",
            text="Selesai",
            expected_version=current_version(assignment),
            today=TODAY,
        )
    response = _get(client, world.users["leader"], "/?year=2026&agency=dinkes")
    panels = {p.template: p.context for p in response.context["panels"]}
    assert panels["projects/_home_directives.html"]["count"] == 0  # Dinkes finished its part
    response = _get(client, world.users["leader"], "/?year=2026&agency=disdik")
    page = response.content.decode()
    assert "/arahan/?status=overdue&agency=disdik" in _hrefs(page)
    # The list it drills down to holds the records the tile counts: Disdik's unfinished assignment only.
    listed = _get(client, world.users["leader"], "/arahan/?status=overdue&agency=disdik").context["page_obj"]
    assert [a.agency.code for a in listed] == ["disdik"]
    listed = _get(client, world.users["leader"], "/arahan/?status=overdue&agency=dinkes").context["page_obj"]
    assert list(listed) == []
    # The region filter does not apply to directives (they have no region): the count stays.
    response = _get(client, world.users["leader"], f"/?year=2026&region={everything['project'].region.code}")
    panels = {p.template: p.context for p in response.context["panels"]}
    assert panels["projects/_home_directives.html"]["count"] == 1


def _hrefs(page) -> set[str]:
    import re

    # As a browser reads an attribute: "&amp;" is "&" ("&region" stays itself, no ";" follows "&reg").
    return {h.replace("&amp;", "&") for h in re.findall(r'href="([^"]*)"', page)}


def test_the_obstacle_tiles_drill_down_with_the_agency_and_region_filters(client, world, everything, region):
    page = _get(client, world.users["leader"], f"/?year=2026&agency=dinkes&region={region.code}").content.decode()
    link = f"/hambatan/?level=3&agency=dinkes&region={region.code}"
    assert link in _hrefs(page)
    listed = _get(client, world.users["leader"], link).content.decode()
    assert "Pembebasan lahan tertunda" in listed and "Izin baru diajukan" not in listed
    listed = _get(client, world.users["leader"], "/hambatan/?level=3&agency=disdik").content.decode()
    assert "Pembebasan lahan tertunda" not in listed


def test_the_critical_projects_tile_drills_down_with_its_filters(client, world, everything, region):
    page = _get(client, world.users["leader"], f"/?year=2026&region={region.code}").content.decode()
    link = f"/proyek/daftar/?health=critical&region={region.code}"
    assert link in _hrefs(page)
    listed = _get(client, world.users["leader"], link).content.decode()
    assert everything["project"].name in listed


def test_the_year_filter_reaches_the_achievement_agreements_and_ikm_tiles(client, world, everything):
    response = _get(client, world.users["leader"], "/?year=2025")
    panels = {p.template: p.context for p in response.context["panels"]}
    assert panels["monitoring/_home_achievement.html"]["year"] == 2025
    assert panels["monitoring/_home_achievement.html"]["previous_year"] == 2024
    assert panels["integrity/_home_agreements.html"]["year"] == 2025
    assert panels["satisfaction/_home_ikm.html"]["year"] == 2025
    page = response.content.decode()
    assert 'href="/integritas/?year=2025"' in page
    assert f'href="/dashboard/nodes/{world.mission.pk}/?year=2025"' in page
