"""No dead ends: every figure opens what it is made of; "what I must report" puts what is due first and
submits several values at once; the entry page shows the targets and the achievement a value gives."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.access import SYSTEM
from kinerja.core.models import AuditEvent
from kinerja.monitoring import formulas, services
from kinerja.monitoring.models import Realization
from kinerja.monitoring.tests import test_views
from kinerja.planning import services as planning
from kinerja.tests.panels import AGENCY_MONITORING, OVERVIEW_MONITORING, panel_context
from kinerja.tests.versions import current_version, realization_version, target_version

NOW = test_views.NOW
reported = test_views.reported  # the fixture: TW I verified (9), TW II submitted (10)

D = Decimal


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx)


def _quarterly(world, name="Cakupan imunisasi", node=None):
    indicator = planning.indicator_create(
        user=SYSTEM,
        node=node or world.dinkes_program,
        name=name,
        unit="%",
        indicator_type="output",
        frequency="quarterly",
        accumulation="sum",
    )
    planning.target_set(
        user=SYSTEM, indicator=indicator, year=2026, value=D(100), expected_version=target_version(indicator, 2026)
    )
    return indicator


def _draft(world, indicator, period, value="5", explanation="ok"):
    return services.realization_save(
        user=SYSTEM,
        indicator=indicator,
        period=period,
        value=value,
        explanation=explanation,
        today=datetime.date(2026, 7, 15),
        expected_version=realization_version(indicator, period),
    )


# --- every figure links to what it is made of ----------------------------------------------------


@time_machine.travel(NOW)
def test_mission_figure_on_the_overview_opens_a_page_with_the_figure_and_the_indicators_it_averages(
    world, reported, login, output_indicator
):
    client = login(world.users["leader"])
    overview = client.get("/dashboard/", {"year": 2026})
    mission = next(
        m for m in panel_context(overview, OVERVIEW_MONITORING)["missions"] if m["node"].pk == world.mission.pk
    )
    assert mission["achievement"] is not None
    url = f"/dashboard/nodes/{world.mission.pk}/?year=2026"
    assert url in overview.content.decode()

    page = client.get(url)
    data = page.context["data"]
    assert (data.subtree, data.subtree_to_date) == (mission["achievement"], mission["to_date"])
    assert output_indicator.pk in {r.indicator_id for r in data.results}
    # The parts: the mission's child (the goal) carries the same mean, and links on to its own page.
    assert [c["node"].pk for c in data.children] == [world.goal.pk]
    assert data.children[0]["achievement"] == mission["achievement"]
    html = page.content.decode()
    assert f"/dashboard/nodes/{world.goal.pk}/?year=2026" in html
    assert f"/reports/indicators/{output_indicator.pk}/?year=2026" in html


@time_machine.travel(NOW)
def test_program_and_objective_figures_of_an_agency_dashboard_open_the_same_figures_for_that_agency(
    world, reported, login
):
    client = login(world.users["dinkes_head"])
    dashboard = client.get("/dashboard/agencies/dinkes/", {"year": 2026})
    program = next(
        p
        for p in panel_context(dashboard, AGENCY_MONITORING)["program_rows"]
        if p["node"].pk == world.dinkes_program.pk
    )
    objective = panel_context(dashboard, AGENCY_MONITORING)["objective_rows"][0]
    html = dashboard.content.decode()
    program_url = f"/dashboard/nodes/{world.dinkes_program.pk}/?year=2026&agency=dinkes"
    assert program_url in html
    assert f"/dashboard/nodes/{world.objective.pk}/?year=2026&agency=dinkes" in html
    assert 'href="#indicators"' in html  # the agency's average opens the indicators it averages

    data = client.get(f"/dashboard/nodes/{world.dinkes_program.pk}/?year=2026&agency=dinkes").context["data"]
    assert (data.subtree, data.subtree_to_date) == (program["achievement"], program["to_date"])
    # An objective row is the mean of the objective's own indicators the agency reports.
    data = client.get(f"/dashboard/nodes/{world.objective.pk}/?year=2026&agency=dinkes").context["data"]
    assert (data.own, data.own_to_date) == (objective["achievement"], objective["to_date"])


@time_machine.travel(NOW)
def test_government_overview_figures_open_the_agency_its_board_row_and_its_warnings(world, reported, login):
    html = login(world.users["planner"]).get("/dashboard/", {"year": 2026}).content.decode()
    assert "/dashboard/agencies/dinkes/?year=2026#indicators" in html
    assert "/reports/board/?year=2026#board-dinkes" in html
    board = login(world.users["planner"]).get("/reports/board/", {"year": 2026}).content.decode()
    assert 'id="board-dinkes"' in board


def test_node_achievement_page_answers_only_in_scope(world, reported, login, client):
    url = f"/dashboard/nodes/{world.dinkes_program.pk}/"
    assert login(world.users["disdik_operator"]).get(url).status_code == 404
    assert login(world.users["stranger"]).get(url).status_code == 404
    assert (
        login(world.users["disdik_operator"]).get(f"/dashboard/nodes/{world.mission.pk}/?agency=dinkes").status_code
        == 404
    )
    assert login(world.users["dinkes_operator"]).get(url).status_code == 200
    assert login(world.users["inspector"]).get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


@time_machine.travel(NOW)
def test_plan_node_and_indicator_pages_show_the_achievement_and_open_its_parts(
    world, reported, login, output_indicator
):
    client = login(world.users["dinkes_operator"])
    node_page = client.get(f"/plan/nodes/{world.dinkes_program.pk}/")
    html = node_page.content.decode()
    assert 'id="achievement-panel"' in html
    assert f"/dashboard/nodes/{world.dinkes_program.pk}/?year=2026" in html
    panel = node_page.context["panels"][0].context
    expected = client.get(f"/dashboard/nodes/{world.dinkes_program.pk}/?year=2026").context["data"]
    assert (panel["achievement"], panel["to_date"]) == (expected.subtree, expected.subtree_to_date)

    html = client.get(f"/plan/indicators/{output_indicator.pk}/").content.decode()
    assert 'id="achievement-panel"' in html and f"/reports/indicators/{output_indicator.pk}/?year=2026" in html


def test_plan_pages_of_a_superseded_plan_show_no_achievement(world, login):
    world.period.status = "superseded"
    world.period.save(update_fields=["status"])
    page = login(world.users["planner"]).get(f"/plan/nodes/{world.dinkes_program.pk}/")
    assert page.status_code == 200 and page.context["panels"] == []


@time_machine.travel(NOW)
def test_node_achievement_page_query_count_is_pinned_and_does_not_grow(world, periods, output_indicator, login):
    url = f"/dashboard/nodes/{world.mission.pk}/?year=2026&agency=dinkes"
    client = login(world.users["dinkes_head"])
    client.get(url)  # warm the process-wide caches (content types) when this test runs alone
    small = _count(client, url)
    for n in range(3):
        indicator = _quarterly(world, name=f"Extra {n}")
        _draft(world, indicator, periods[("quarter", 1)])
    planning.node_create(user=SYSTEM, period=world.period, parent=world.goal, title="Sasaran lain")
    client = login(world.users["dinkes_head"])
    assert (small, _count(client, url)) == (14, 14)


@time_machine.travel(NOW)
def test_indicator_values_show_the_target_to_date_of_each_period(world, reported, login, output_indicator):
    rows = login(world.users["leader"]).get(f"/reports/indicators/{output_indicator.pk}/?year=2026").context["rows"]
    assert [r["target_to_date"] for r in rows] == [10, 20, 30, 40]


# --- the achievement a value gives ------------------------------------------------------------------


def test_achievement_to_period_prorates_a_summed_indicator_and_keeps_a_level_target():
    args = {"annual_target": D(40), "annual_target_high": None, "periods_in_year": 4, "polarity": "positive"}
    assert formulas.achievement_to_period(values=[D(9), D(10)], accumulation="sum", **args) == (D(20), D(19), D(95))
    assert formulas.achievement_to_period(values=[None, D(30)], accumulation="last", **args) == (D(40), D(30), D(75))
    assert formulas.achievement_to_period(values=[D(4)] * 4, accumulation="sum", **args) == (D(40), D(16), D(40))
    # Negative polarity: 12 cases against a target to date of 10 is (2 - 1,2) x 100.
    negative = args | {"polarity": "negative"}
    assert formulas.achievement_to_period(values=[D(12)], accumulation="sum", **negative)[2] == D(80)
    # A range keeps its band; no target or a zero target gives no achievement, not an error.
    band = {"annual_target": D(10), "annual_target_high": D(20), "periods_in_year": 4, "polarity": "range"}
    assert formulas.achievement_to_period(values=[D(15)], accumulation="last", **band) == (D(10), D(15), D(100))
    assert formulas.achievement_to_period(values=[D(1)], accumulation="sum", **args | {"annual_target": None}) == (
        None,
        D(1),
        None,
    )
    assert (
        formulas.achievement_to_period(values=[D(1)], accumulation="sum", **args | {"annual_target": D(0)})[2] is None
    )


@time_machine.travel(NOW)
def test_entry_and_verification_pages_show_the_target_and_the_achievement_the_value_gives(
    world, periods, reported, login, output_indicator
):
    planner = login(world.users["planner"])
    page = planner.get(f"/reports/{output_indicator.pk}/{periods[('quarter', 2)].pk}/")
    would = page.context["would_give"]
    # TW II submitted 10 after TW I's verified 9: 19 of the 20 due by mid-year (40 a year, summed).
    assert (would.annual.value, would.target_to_date, would.realization_to_date) == (40, 20, 19)
    assert would.achievement == 95 and would.rating == "sangat_tinggi"
    assert 'id="targets"' in page.content.decode()
    first = planner.get(f"/reports/{output_indicator.pk}/{periods[('quarter', 1)].pk}/").context["would_give"]
    assert (first.target_to_date, first.achievement) == (10, 90)
    # Not reported yet: the targets are shown, no achievement.
    empty = planner.get(f"/reports/{output_indicator.pk}/{periods[('quarter', 3)].pk}/").context["would_give"]
    assert (empty.target_to_date, empty.achievement) == (30, None)


@time_machine.travel(NOW)
def test_entry_page_query_count_is_pinned_and_does_not_grow(world, periods, reported, login, output_indicator):
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 2)].pk}/"
    small = _count(login(world.users["planner"]), url)
    for quarter in (3, 4):
        planning.target_set(
            user=SYSTEM,
            indicator=output_indicator,
            year=2027,
            value=D(quarter),
            expected_version=target_version(output_indicator, 2027),
        )
    services.realization_correct(
        user=SYSTEM,
        realization=Realization.objects.get(pk=reported[0].pk),
        value="8",
        explanation="",
        reason="salah",
        expected_version=current_version(Realization.objects.get(pk=reported[0].pk)),
    )
    assert (small, _count(login(world.users["planner"]), url)) == (
        11,
        11,
    )  # the page, and the files attached and removed (one query)


# --- what I must report -----------------------------------------------------------------------------


@time_machine.travel(NOW)
def test_what_i_must_report_puts_what_is_due_now_first(world, periods, reported, login):
    indicator = _quarterly(world)
    _draft(world, indicator, periods[("quarter", 1)])  # draft, due 10 April; TW II not reported, due 10 July
    items = login(world.users["dinkes_head"]).get("/reports/?year=2026").context["items"]
    assert [(i.indicator.pk, i.period.number, i.status) for i in items] == [
        (indicator.pk, 1, "draft"),
        (indicator.pk, 2, "late"),
        (reported[1].indicator_id, 2, "submitted"),
        (reported[0].indicator_id, 1, "verified"),
    ]
    assert items[1].days_late == 10


@time_machine.travel(NOW)
def test_agency_head_submits_several_values_at_once(world, periods, login):
    first, second = _quarterly(world, "A"), _quarterly(world, "B")
    values = [_draft(world, first, periods[("quarter", 2)]), _draft(world, second, periods[("quarter", 2)])]
    client = login(world.users["dinkes_head"])
    page = client.get("/reports/?year=2026")
    assert page.context["can_submit_some"] and f'value="{values[0].pk}"' in page.content.decode()
    events = AuditEvent.objects.filter(action="submitted").count()
    response = client.post(
        "/reports/submit/",
        {"realizations": [v.pk for v in values], **{f"version_{v.pk}": v.lock_version for v in values}, "year": 2026},
    )
    assert response.status_code == 302 and response["Location"] == "/reports/?year=2026"
    assert set(Realization.objects.filter(pk__in=[v.pk for v in values]).values_list("state", flat=True)) == {
        "submitted"
    }
    assert AuditEvent.objects.filter(action="submitted").count() == events + 2


@time_machine.travel(NOW)
def test_bulk_submit_changes_nothing_when_one_value_is_refused_and_says_why_for_each(world, periods, login):
    good = _draft(world, _quarterly(world, "Lengkap"), periods[("quarter", 2)])
    bare = _draft(world, _quarterly(world, "Tanpa bukti"), periods[("quarter", 2)], explanation="")
    changed = _draft(world, _quarterly(world, "Diubah"), periods[("quarter", 2)])
    seen = changed.lock_version
    _draft(world, changed.indicator, periods[("quarter", 2)], value="6")  # saved again after the page was loaded
    events = AuditEvent.objects.count()
    client = login(world.users["dinkes_head"])
    response = client.post(
        "/reports/submit/",
        {
            "realizations": [good.pk, bare.pk, changed.pk],
            f"version_{good.pk}": good.lock_version,
            f"version_{bare.pk}": bare.lock_version,
            f"version_{changed.pk}": seen,
        },
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert set(Realization.objects.filter(pk__in=[good.pk, bare.pk, changed.pk]).values_list("state", flat=True)) == {
        "draft"
    }
    assert AuditEvent.objects.count() == events  # the submitted events were rolled back with the states
    assert len(texts) == 3  # the summary, then one line per refused value
    assert any(t.startswith("Tanpa bukti") for t in texts) and any(t.startswith("Diubah") for t in texts)
    assert not any(t.startswith("Lengkap") for t in texts)


@time_machine.travel(NOW)
def test_operators_and_other_agencies_cannot_submit_in_bulk(world, periods, login):
    value = _draft(world, _quarterly(world), periods[("quarter", 2)])
    operator = login(world.users["dinkes_operator"])
    assert operator.get("/reports/?year=2026").context["can_submit_some"] is False
    operator.post("/reports/submit/", {"realizations": [value.pk]})
    login(world.users["disdik_operator"]).post("/reports/submit/", {"realizations": [value.pk]})
    assert Realization.objects.get(pk=value.pk).state == "draft"
    assert login(world.users["dinkes_head"]).get("/reports/submit/").status_code == 405
    nothing = login(world.users["dinkes_head"]).post("/reports/submit/", {}, follow=True)
    assert Realization.objects.get(pk=value.pk).state == "draft" and list(nothing.context["messages"])


@time_machine.travel(NOW)
def test_planner_verifies_several_values_at_once(world, periods, login):
    values = []
    for name in ("A", "B"):
        value = _draft(world, _quarterly(world, name), periods[("quarter", 2)])
        values.append(
            services.realization_submit(user=SYSTEM, realization=value, expected_version=current_version(value))
        )
    client = login(world.users["planner"])
    page = client.get("/reports/?year=2026")
    assert page.context["can_verify_some"]
    client.post(
        "/reports/verify/",
        {"realizations": [v.pk for v in values], **{f"version_{v.pk}": v.lock_version for v in values}},
    )
    assert set(Realization.objects.filter(pk__in=[v.pk for v in values]).values_list("state", flat=True)) == {
        "verified"
    }
    # A head cannot verify, in bulk either.
    draft = _draft(world, _quarterly(world, "C"), periods[("quarter", 2)])
    other = services.realization_submit(user=SYSTEM, realization=draft, expected_version=current_version(draft))
    login(world.users["dinkes_head"]).post("/reports/verify/", {"realizations": [other.pk]})
    assert Realization.objects.get(pk=other.pk).state == "submitted"


@pytest.mark.parametrize(("user", "expected"), [("dinkes_head", 12), ("planner", 5)])
@time_machine.travel(NOW)
def test_what_i_must_report_query_count_is_pinned_with_the_checkboxes(world, periods, login, user, expected):
    def count():
        return _count(login(world.users[user]), "/reports/?year=2026")

    small = count()
    for n in range(3):
        value = _draft(world, _quarterly(world, f"I{n}"), periods[("quarter", 2)])
        if n:
            services.realization_submit(user=SYSTEM, realization=value, expected_version=current_version(value))
    assert (small, count()) == (expected, expected)


@time_machine.travel(NOW)
def test_entry_page_shows_the_achievement_of_the_value_as_it_is_typed(
    world, periods, reported, login, output_indicator
):
    client = login(world.users["dinkes_operator"])
    url = f"/reports/{output_indicator.pk}/{periods[('quarter', 3)].pk}/"
    page = client.get(url).content.decode()
    assert f'hx-get="{url}achievement/"' in page and 'id="would-give"' in page
    preview = client.get(f"{url}achievement/", {"value": "11,0"}, HTTP_HX_REQUEST="true")
    # TW I's verified 9 (TW II is only submitted) and the 11 typed: 20 of the 30 due by the end of TW III.
    assert formulas.round_percent(preview.context["w"].achievement) == D("66.67")
    assert "66,67 %" in preview.content.decode()
    refused = client.get(f"{url}achievement/", {"value": "1.600"})
    assert refused.status_code == 200 and refused.context["error"] and "w" not in refused.context
    assert client.get(f"{url}achievement/", {"value": ""}).content == b""
    assert login(world.users["disdik_operator"]).get(f"{url}achievement/", {"value": "1"}).status_code == 404
