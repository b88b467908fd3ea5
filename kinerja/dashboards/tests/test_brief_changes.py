"""What changed in the week, recorded: projects' health changes and the reality check's signals new, back or
resolved (``SignalSighting``, recorded daily and before a current brief, never from a past week)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from kinerja.conftest import make_user
from kinerja.core.access import SYSTEM
from kinerja.core.audit import audit_context
from kinerja.core.choices import Role
from kinerja.dashboards import brief as briefs
from kinerja.dashboards import reality
from kinerja.dashboards.models import SignalSighting
from kinerja.planning.models import Indicator

WEEK = briefs.Week(2026, 40)  # Monday 28 September – Sunday 4 October 2026
MONDAY, SUNDAY = WEEK.monday, WEEK.sunday
BASE = "http://127.0.0.1:8000"


@pytest.fixture
def key_process(world):
    """A key indicator (IKU) of Dinkes of type process: the signal ``process_key_indicator`` while it is one."""
    from kinerja.planning import services as planning

    with audit_context(username="test:setup"):
        indicator = planning.indicator_create(
            user=SYSTEM, node=world.dinkes_program, name="Jumlah sosialisasi imunisasi", unit="kegiatan",
            frequency="quarterly", accumulation="sum", indicator_type="process", is_key=True,
        )  # fmt: skip
    return indicator


def _process(indicator, yes: bool) -> None:
    Indicator.objects.filter(pk=indicator.pk).update(indicator_type="process" if yes else "outcome")


def _sightings(indicator):
    return list(
        SignalSighting.objects.filter(key=f"process_key_indicator:indicator-{indicator.pk}")
        .order_by("pk")
        .values_list("first_seen", "last_seen", "resolved_on", "returned")
    )


def _signal_lines(world, user, week=WEEK):
    return [(line.text, line.url) for line in briefs.signal_changes(world.government, user, week).lines]


def test_a_signal_is_opened_seen_resolved_and_returns_as_a_new_sighting(world, key_process):
    day = datetime.date(2026, 9, 29)
    counts = reality.record_signals(world.government, 2026, day)
    assert counts["opened"] >= 1 and _sightings(key_process) == [(day, day, None, False)]
    reality.record_signals(world.government, 2026, day)  # twice the same day: still one open sighting
    reality.record_signals(world.government, 2026, day + datetime.timedelta(days=1))
    assert _sightings(key_process) == [(day, day + datetime.timedelta(days=1), None, False)]
    _process(key_process, False)
    reality.record_signals(world.government, 2026, datetime.date(2026, 10, 1))
    assert _sightings(key_process) == [(day, day + datetime.timedelta(days=1), datetime.date(2026, 10, 1), False)]
    _process(key_process, True)
    counts = reality.record_signals(world.government, 2026, datetime.date(2026, 10, 3))
    assert counts["returned"] == 1
    assert _sightings(key_process)[1] == (datetime.date(2026, 10, 3), datetime.date(2026, 10, 3), None, True)
    # An earlier day than one recorded, or another year than today's, writes nothing.
    before = list(SignalSighting.objects.values_list("pk", "last_seen", "resolved_on").order_by("pk"))
    _process(key_process, False)
    assert reality.record_signals(world.government, 2026, datetime.date(2026, 10, 2))["resolved"] == 0
    assert reality.record_signals(world.government, 2025, datetime.date(2026, 10, 4)) == {
        "opened": 0, "returned": 0, "seen": 0, "resolved": 0,
    }  # fmt: skip
    assert list(SignalSighting.objects.values_list("pk", "last_seen", "resolved_on").order_by("pk")) == before


def test_the_brief_lists_new_resolved_and_returned_signals_of_the_week(world, key_process):
    _process(key_process, False)
    reality.record_signals(world.government, 2026, datetime.date(2026, 9, 20))  # the week before: the other signals
    _process(key_process, True)
    reality.record_signals(world.government, 2026, datetime.date(2026, 9, 29))
    _process(key_process, False)
    reality.record_signals(world.government, 2026, datetime.date(2026, 10, 1))
    _process(key_process, True)
    reality.record_signals(world.government, 2026, datetime.date(2026, 10, 3))
    leader = world.users["leader"]
    lines = _signal_lines(world, leader)
    signal = f"process_key_indicator%3Aindicator-{key_process.pk}"
    listing = f"{BASE}/cek-realitas/?year=2026&agency={world.dinkes.pk}&kind=process_key_indicator"
    kind = "Key indicator measures a process"
    assert [text.split(". ")[0] for text, _url in lines] == [
        f"New signal at Dinkes on 29-09-2026: {kind}",
        f"Signal resolved at Dinkes on 01-10-2026: {kind}",
        f"Signal back at Dinkes on 03-10-2026, resolved before: {kind}",
    ]
    assert [url for _text, url in lines] == [listing, listing, f"{BASE}/cek-realitas/sinyal/?year=2026&key={signal}"]
    assert "Jumlah sosialisasi imunisasi is a key indicator (IKU) of type process" in lines[0][0]
    # The whole brief carries the section; the weeks around it have nothing of these.
    brief = briefs.build(government=world.government, leader=leader, week=WEEK, today=datetime.date(2026, 10, 5))
    assert brief.section("signals").title == "New and resolved signals" and len(brief.section("signals").lines) == 3
    assert _signal_lines(world, leader, WEEK.next()) == []
    assert all("Dinkes on 2" not in text for text, _url in _signal_lines(world, leader, WEEK.previous()))


def test_the_signals_section_is_scoped_to_the_agencies_the_reader_may_see(world, key_process):
    reality.record_signals(world.government, 2026, datetime.date(2026, 9, 29))
    with audit_context(username="test:setup"):
        disdik_head = make_user("disdik_head", world.government, Role.AGENCY_HEAD, world.disdik)
    assert any("Dinkes" in text for text, _url in _signal_lines(world, world.users["dinkes_head"]))
    assert not any("Dinkes" in text for text, _url in _signal_lines(world, disdik_head))
    assert _signal_lines(world, world.users["no_role"]) == []
    assert _signal_lines(world, world.users["stranger"]) == []  # another government's planner


def test_regenerating_a_past_week_writes_no_sighting(world, key_process, mailoutbox):
    with audit_context(username="test:setup"):
        leader = make_user("gubernur", world.government, Role.LEADER)
        leader.email = "gubernur@example.test"
        leader.save(update_fields=["email"])
    with time_machine.travel(datetime.datetime(2026, 12, 3, 8, tzinfo=datetime.UTC), tick=False):
        call_command("leadership_brief", "--week", "2026-W40", stdout=io.StringIO())
        call_command("leadership_brief", "--week", "2026-W40", "--send", stdout=io.StringIO())
        briefs.send(government=world.government, week=WEEK)
        assert SignalSighting.objects.count() == 0 and len(mailoutbox) == 2
        # The just-ended week (and the current one) record today's signals first.
        call_command("leadership_brief", stdout=io.StringIO())
    assert _sightings(key_process) == [(datetime.date(2026, 12, 3),) * 2 + (None, False)]
    with time_machine.travel(datetime.datetime(2026, 12, 4, 8, tzinfo=datetime.UTC), tick=False):
        briefs.send(government=world.government, week=briefs.week_of(datetime.date(2026, 12, 4)))
    assert _sightings(key_process) == [(datetime.date(2026, 12, 3), datetime.date(2026, 12, 4), None, False)]


def test_the_daily_digest_records_the_signals_first(world, key_process):
    from kinerja.monitoring import reminders

    reminders.send_digests(today=datetime.date(2026, 9, 29))
    assert _sightings(key_process) == [(datetime.date(2026, 9, 29),) * 2 + (None, False)]


def test_the_brief_merges_phase_and_health_changes_of_the_week(world):
    from kinerja.projects import services as projects
    from kinerja.projects.choices import Phase
    from kinerja.projects.tests.conftest import make_project, report

    with time_machine.travel(datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC), tick=False):
        project = make_project(world, code="jalan-tol")
        projects.refresh_health(project_ids=[project.pk], today=datetime.date(2026, 9, 1))
    with time_machine.travel(datetime.datetime(2026, 9, 29, 3, tzinfo=datetime.UTC), tick=False):
        report(project, datetime.date(2026, 8, 1), "50", "48", today=datetime.date(2026, 9, 29))
    with time_machine.travel(datetime.datetime(2026, 9, 30, 3, tzinfo=datetime.UTC), tick=False):
        project.refresh_from_db()
        with audit_context(username="test"):
            projects.project_save(
                user=SYSTEM, government=world.government, project=project, data={"phase": Phase.COMPLETION},
                expected_version=project.lock_version,
            )  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 10, 2, 3, tzinfo=datetime.UTC), tick=False):
        report(project, datetime.date(2026, 9, 1), "80", "40", today=datetime.date(2026, 10, 2))
    lines = [(line.text, line.url) for line in briefs.project_changes(world.government, WEEK).lines]
    url = f"{BASE}/proyek/{project.pk}/"
    assert lines == [
        ("Proyek jalan-tol: progress status No progress report → On track (29-09-2026)", url),
        ("Proyek jalan-tol: Implementation → Completion (30-09-2026)", url),
        ("Proyek jalan-tol: progress status On track → Critical (02-10-2026)", url),
    ]
    assert briefs.project_changes(world.government, WEEK.next()).lines == []
