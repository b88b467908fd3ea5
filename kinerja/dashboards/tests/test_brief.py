import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.dashboards import brief as briefs
from kinerja.dashboards import supervision as services
from kinerja.dashboards.tests.conftest import send
from kinerja.tests.versions import current_version, realization_version, target_version

HOST = {"HTTP_HOST": "127.0.0.1"}
WEEK = briefs.Week(2026, 40)  # Monday 28 September – Sunday 4 October 2026
BEFORE = datetime.datetime(2026, 4, 20, 10, 0, tzinfo=datetime.UTC)
DURING = datetime.datetime(2026, 9, 30, 10, 0, tzinfo=datetime.UTC)
MADE = datetime.date(2026, 10, 5)


def _value(world, indicator, period, value, when):
    from kinerja.monitoring import services as monitoring

    with time_machine.travel(when, tick=False):
        draft = monitoring.realization_save(
            user=world.users["dinkes_operator"], indicator=indicator, period=period, value=Decimal(value),
            explanation="Laporan triwulan", today=timezone.localdate(), expected_version=realization_version(indicator, period))  # fmt: skip
        submitted = monitoring.realization_submit(
            user=world.users["dinkes_head"], realization=draft, expected_version=current_version(draft)
        )
        return monitoring.realization_verify(
            user=world.users["planner"], realization=submitted, expected_version=current_version(submitted)
        )


@pytest.fixture
def week_of_records(world, supervisors):
    """A quarterly indicator going from Rendah (60 %) to Tinggi (90 %) by a value verified in the week; a project
    moving from preparation to implementation in the week; an old obstacle escalated to the governor; an overdue
    and an answered supervision request of the vice-governor."""
    from kinerja.monitoring import services as monitoring
    from kinerja.planning import services as planning
    from kinerja.projects import services as projects
    from kinerja.projects.choices import ObstacleCategory, Phase
    from kinerja.projects.tests.conftest import make_project

    with audit_context(username="test:setup"):
        periods = {(p.kind, p.number): p for p in monitoring.periods_ensure(government=world.government, year=2026)}
        indicator = planning.indicator_create(
            user=SYSTEM, node=world.dinkes_program, name="Cakupan imunisasi dasar", unit="%", frequency="quarterly",
            accumulation="sum", indicator_type="outcome",
        )  # fmt: skip
        planning.target_set(
            user=SYSTEM,
            indicator=indicator,
            year=2026,
            value=Decimal("100"),
            expected_version=target_version(indicator, 2026),
        )
    _value(world, indicator, periods[("quarter", 1)], "60", BEFORE)
    q2 = _value(world, indicator, periods[("quarter", 2)], "30", DURING)
    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC), tick=False):
        project = make_project(world, code="rsud-baru", phase=Phase.PREPARATION)
    with time_machine.travel(DURING, tick=False), audit_context(username="test"):
        project = projects.project_save(
            user=SYSTEM, government=world.government, project=project,
            data={"phase": Phase.IMPLEMENTATION}, expected_version=project.lock_version,
        )  # fmt: skip
        obstacle = projects.obstacle_save(
            user=SYSTEM, agency=world.dinkes,
            data={"title": "Lahan belum bebas", "category": ObstacleCategory.LAND, "owner": "Kepala Dinkes",
                  "raised_on": datetime.date(2026, 6, 1)},
            today=datetime.date(2026, 9, 30), expected_version=None)  # fmt: skip
    projects.escalate_obstacles(today=MADE)
    with audit_context(username="test:setup"):
        meeting = projects.meeting_save(
            user=SYSTEM, government=world.government,
            data={"title": "Rakor", "date": datetime.date(2026, 9, 1), "place": "Griya Agung", "chair": "Gubernur"},
        )  # fmt: skip
        projects.directive_save(
            user=SYSTEM, meeting=meeting, text="Percepat imunisasi.", due=datetime.date(2026, 9, 15),
            agencies=[world.dinkes, world.disdik],
        )  # fmt: skip
    wagub = supervisors["wagub"]
    overdue = send(world, wagub, text="Laporkan progres RSUD.", today=datetime.date(2026, 9, 20), due_in=5)
    answered = send(world, wagub, text="Jelaskan capaian imunisasi.", today=datetime.date(2026, 9, 29), due_in=10)
    services.request_answer(
        user=world.users["dinkes_head"], request=answered, text="Terlampir.", expected_version=current_version(answered)
    )
    return {"indicator": indicator, "q2": q2, "project": project, "obstacle": obstacle, "overdue": overdue,
            "answered": answered, "meeting": meeting}  # fmt: skip


def test_weeks_are_read_strictly():
    assert briefs.parse_week("2026-W40") == WEEK
    assert (WEEK.monday, WEEK.sunday) == (datetime.date(2026, 9, 28), datetime.date(2026, 10, 4))
    assert str(WEEK.previous()) == "2026-W39" and str(briefs.Week(2026, 53).next()) == "2027-W01"
    assert briefs.last_week(datetime.date(2026, 10, 5)) == WEEK
    for bad in ("2026-40", "2026-W54", "2025-W53", "1999-W01", "W40", "", "2026-W4"):
        with pytest.raises(briefs.InvalidWeek):
            briefs.parse_week(bad)


def test_the_brief_of_a_seeded_week_lists_each_change_with_its_link(world, supervisors, week_of_records):
    records = week_of_records
    with time_machine.travel(datetime.datetime(2026, 10, 5, 7, tzinfo=datetime.UTC), tick=False):
        brief = briefs.build(government=world.government, leader=supervisors["wagub"], week=WEEK, today=MADE)
    base = "http://127.0.0.1:8000"
    verified = brief.section("verified").lines
    assert [(line.text, line.url) for line in verified] == [
        (f"Dinkes · Cakupan imunisasi dasar, {records['q2'].period}: 30 %",
         f"{base}/reports/{records['indicator'].pk}/{records['q2'].period_id}/"),
    ]  # fmt: skip
    assert [(line.text, line.url) for line in brief.section("ratings").lines] == [
        ("Cakupan imunisasi dasar (2026): Rendah → Tinggi", f"{base}/plan/indicators/{records['indicator'].pk}/")
    ]
    assert [(line.text, line.url) for line in brief.section("projects").lines] == [
        ("Proyek rsud-baru: Preparation → Implementation (30-09-2026)", f"{base}/proyek/{records['project'].pk}/")
    ]
    late = {line.url: line.text for line in brief.section("late").lines}
    assert late[f"{base}/pimpinan/supervisi/permintaan/{records['overdue'].pk}/"] == (
        "Your supervision request to Dinkes unanswered since 25-09-2026: Laporkan progres RSUD."
    )
    assert late[f"{base}/rapat/{records['meeting'].pk}/"] == (
        "Directive overdue since 15-09-2026 at 2 agencies (Dinkes, Disdik): Percepat imunisasi."
    )
    decisions = {line.url: line.text for line in brief.section("decisions").lines}
    assert "Lahan belum bebas" in decisions[f"{base}/hambatan/{records['obstacle'].pk}/"]
    assert decisions[f"{base}/pimpinan/supervisi/permintaan/{records['answered'].pk}/"].startswith("Dinkes answered")
    # Another leader's brief shares the week's changes but not the vice-governor's own requests.
    other = briefs.build(government=world.government, leader=supervisors["sekda"], week=WEEK, today=MADE)
    assert len(other.section("ratings").lines) == 1
    assert not [
        line for line in other.section("late").lines + other.section("decisions").lines if "supervisi" in line.url
    ]
    # The week before saw the first value verified in April: nothing of the seeded week.
    assert (
        briefs.build(government=world.government, leader=supervisors["wagub"], week=WEEK.previous())
        .section("ratings")
        .lines
        == []
    )


def test_the_brief_page_and_pdf_are_for_the_leadership(client, world, supervisors, week_of_records):
    from pypdf import PdfReader

    for name, status in (("planner", 403), ("dinkes_head", 403), ("inspector", 403), ("no_role", 403)):
        client.force_login(world.users[name])
        assert client.get("/pimpinan/ringkasan/2026-W40/", **HOST).status_code == status
        assert client.get("/pimpinan/ringkasan/2026-W40/ringkasan.pdf", **HOST).status_code == status
    client.force_login(supervisors["wagub"])
    page = client.get("/pimpinan/ringkasan/2026-W40/", **HOST)
    assert page.status_code == 200
    assert "Cakupan imunisasi dasar (2026): Rendah → Tinggi".encode() in page.content.replace(b"&rarr;", "→".encode())
    assert b"<svg" in page.content
    assert client.get("/pimpinan/ringkasan/2026-W99/", **HOST).status_code == 400
    assert client.get("/pimpinan/ringkasan/", **HOST).status_code == 302
    response = client.get("/pimpinan/ringkasan/2026-W40/ringkasan.pdf", **HOST)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "2026-W40" in text and "Cakupan imunisasi dasar" in text and "Lahan belum bebas" in text


def test_the_command_regenerates_a_week_and_sends_it(world, supervisors, week_of_records):
    out = io.StringIO()
    call_command("leadership_brief", "--week", "2026-W40", stdout=out)
    assert "Cakupan imunisasi dasar (2026): Rendah → Tinggi" in out.getvalue()
    assert "== 16 2026-W40 · wagub" in out.getvalue()
    with pytest.raises(CommandError, match="2026-40 is not a week"):
        call_command("leadership_brief", "--week", "2026-40")
    with pytest.raises(CommandError, match="has no week 53"):
        call_command("leadership_brief", "--week", "2025-W53")
    mail.outbox.clear()
    call_command("leadership_brief", "--week", "2026-W40", "--send", stdout=io.StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == ["sekda@example.test", "wagub@example.test"]
    message = next(m for m in mail.outbox if m.to == ["wagub@example.test"])
    assert "2026-W40" in message.subject and "Laporkan progres RSUD." in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.attachments[0][0] == "ringkasan-2026-W40.pdf" and message.attachments[0][1].startswith(b"%PDF")


def test_the_worker_task_sends_the_briefs(world, supervisors, week_of_records):
    from kinerja.dashboards.tasks import send_weekly_briefs

    mail.outbox.clear()
    result = send_weekly_briefs.enqueue("2026-W40")
    assert result.return_value == 2 and len(mail.outbox) == 2


def test_the_brief_runs_a_fixed_number_of_queries(world, supervisors, week_of_records, django_assert_num_queries):
    with django_assert_num_queries(BRIEF_QUERIES):
        briefs.build(government=world.government, leader=supervisors["wagub"], week=WEEK, today=MADE)


# three for the agencies' bands; one for the projects' health changes; two for the signals new or resolved (the
# agencies the leader may see and the sightings; the leader's grants are loaded already, else one more)
BRIEF_QUERIES = 17


def test_an_agencys_achievement_band_changing_in_the_week_is_a_line(world, supervisors, week_of_records):
    brief = briefs.build(government=world.government, leader=supervisors["wagub"], week=WEEK, today=MADE)
    # Dinkes' only indicator with a target and values went from 60 % to 90 % by the value verified in the week.
    assert [(line.text, line.url) for line in brief.section("agency_ratings").lines] == [
        (
            f"{world.dinkes.name} (2026): Rendah → Tinggi (achievement 60.0 → 90.0 %)",
            "http://127.0.0.1:8000/dashboard/agencies/dinkes/?year=2026",
        )
    ]
    # The week before changed no band (its value was verified in April); the page shows the line with its link.
    assert (
        briefs.build(government=world.government, leader=supervisors["wagub"], week=WEEK.previous(), today=MADE)
        .section("agency_ratings")
        .lines
        == []
    )


def test_a_rating_line_agrees_with_the_engine_when_a_correction_is_pending(world, supervisors, week_of_records):
    """A correction opened in the week takes its period out of the engine's verified figures until it is verified:
    the brief's rating at the end of the week is the engine's, not the one of the superseded value."""
    from kinerja.monitoring import selectors
    from kinerja.monitoring import services as monitoring

    records = week_of_records
    with time_machine.travel(DURING + datetime.timedelta(days=1), tick=False), audit_context(username="test"):
        monitoring.realization_correct(
            user=world.users["dinkes_operator"], realization=records["q2"], value=Decimal("35"),
            explanation="Koreksi", reason="Salah ketik", expected_version=current_version(records["q2"]),
        )  # fmt: skip
    indicator = records["indicator"]
    engine = selectors.indicator_results(
        indicators=type(indicator).objects.filter(pk=indicator.pk), year=2026, as_of=MADE
    )[indicator.pk]
    assert engine.rating == "rendah"  # Q1's 60 % only: the corrected Q2 is a draft
    brief = briefs.build(government=world.government, leader=supervisors["wagub"], week=WEEK, today=MADE)
    assert brief.section("verified").lines  # Q2 was verified in the week, and superseded since
    assert brief.section("ratings").lines == []  # Rendah at the start and, as the engine has it, at the end
    assert brief.section("agency_ratings").lines == []
    # A week that ended before the correction was opened still sees the verified Q2.
    assert briefs._rating_as_of(indicator, indicator.targets.get(year=2026, period_kind="year"),
                                list(briefs._values_until([indicator.pk], {2026}, DURING + datetime.timedelta(hours=1))),
                                DURING + datetime.timedelta(hours=1)) == "tinggi"  # fmt: skip
