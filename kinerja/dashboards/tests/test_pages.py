"""The agency dashboard and the government overview: composed of the apps' widgets, same figures, pinned queries."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.access import SYSTEM
from kinerja.core.widgets import WidgetContext
from kinerja.dashboards import registry
from kinerja.integrity import widgets as integrity_widgets
from kinerja.monitoring import services
from kinerja.monitoring import widgets as monitoring_widgets
from kinerja.monitoring.tests.test_views import NOW, reported  # noqa: F401  (the fixture)
from kinerja.planning import services as planning
from kinerja.projects import widgets as projects_widgets
from kinerja.projects.tests.conftest import make_project
from kinerja.projects.tests.conftest import report as project_report
from kinerja.satisfaction import widgets as satisfaction_widgets
from kinerja.tests.panels import AGENCY_MONITORING, OVERVIEW_MONITORING, panel_context
from kinerja.tests.versions import (
    budget_version,
    current_version,
    month_version,
    realization_version,
    target_version,
)

TODAY = datetime.date(2026, 7, 20)


def _queries(client, url) -> int:
    # The session's first request records the login's second-factor step once; count a steady request.
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _budget(node, months=6):
    budget = services.budget_set(
        user=SYSTEM, node=node, year=2026, ceiling="1000", expected_version=budget_version(node, 2026)
    )
    for month in range(1, months + 1):
        services.budget_month_set(
            user=SYSTEM, budget=budget, month=month, cash_plan=100, spent=40, physical_plan=10 * month,
            physical_actual=12 * month, expected_version=month_version(budget, month),
        )  # fmt: skip
    return budget


SUB_CODES = ["0001", "0002", "0004", "0006", "0007", "0008", "0010"]  # in the sample SIPD nomenclature


def grow(world, periods, start: int, count: int) -> None:
    """``count`` more sub-activities of dinkes, each with its indicator, targets and verified values, a
    budget with six months, and a project of dinkes with two progress reports."""
    for number in range(start, start + count):
        sub = planning.node_create(
            user=SYSTEM, period=world.period, parent=world.dinkes_activity,
            code=f"{world.dinkes_activity.code}.{SUB_CODES[number]}", title=f"Sub kegiatan {number}",
            with_output_indicator=True,
        )  # fmt: skip
        indicator = sub.indicators.get()
        planning.target_set(
            user=SYSTEM, indicator=indicator, year=2026, value=Decimal(40),
            expected_version=target_version(indicator, 2026),
        )  # fmt: skip
        for quarter in (1, 2):
            period = periods[("quarter", quarter)]
            value = services.realization_save(
                user=SYSTEM, indicator=indicator, period=period, value=str(5 + number % 7), explanation="x",
                today=TODAY, expected_version=realization_version(indicator, period),
            )  # fmt: skip
            value = services.realization_submit(user=SYSTEM, realization=value, expected_version=current_version(value))
            services.realization_verify(user=SYSTEM, realization=value, expected_version=current_version(value))
        _budget(sub)
        project = make_project(world, agency=world.dinkes, code=f"p{number}")
        project_report(project, datetime.date(2026, 5, 1), "30", str(30 - number % 15), today=TODAY)
        project_report(project, datetime.date(2026, 6, 1), "40", str(40 - number % 15), today=TODAY)


@time_machine.travel(NOW)
def test_agency_dashboard_shows_achievement_ratings_and_the_s_curve(world, reported, login):  # noqa: F811
    _budget(world.dinkes_sub)
    client = login(world.users["dinkes_head"])
    response = client.get("/dashboard/agencies/dinkes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "s-curve-data" in html and ("Sangat" in html or "Tinggi" in html or "Rendah" in html)
    assert panel_context(response, AGENCY_MONITORING)["curve"].physical_actual == 72  # June's: July not yet
    assert client.get("/dashboard/").status_code == 403  # the overview is for government-wide roles
    overview = login(world.users["leader"]).get("/dashboard/")
    assert [row["agency"].code for row in panel_context(overview, OVERVIEW_MONITORING)["rows"]][0] == "dinkes"
    assert login(world.users["disdik_operator"]).get("/dashboard/agencies/dinkes/").status_code == 404


@time_machine.travel(NOW)
def test_overview_row_and_agency_dashboard_agree_on_early_warnings_and_achievement(world, reported, login):  # noqa: F811
    """The overview once counted indicator warnings only ('–' for an agency whose dashboard listed 11)."""
    _budget(world.dinkes_sub)  # physical progress far ahead of spending: a sub-activity warning
    client = login(world.users["leader"])
    overview = panel_context(client.get("/dashboard/"), OVERVIEW_MONITORING)
    row = next(r for r in overview["rows"] if r["agency"].code == "dinkes")
    response = client.get("/dashboard/agencies/dinkes/")
    dashboard = panel_context(response, AGENCY_MONITORING)
    warnings = dashboard["early_warnings"]
    assert (len(warnings.indicators), len(warnings.budgets)) == (1, 1)  # 9 of 20 to date; diverging by 48 points
    assert row["warnings"] == warnings.count == 2
    assert 'id="early-warning-count">2<' in response.content.decode()
    assert (row["to_date"], row["achievement"]) == (dashboard["overall_to_date"], dashboard["overall"])


@time_machine.travel(NOW)
def test_overview_is_ordered_as_asked_and_refuses_nothing(world, reported, login):  # noqa: F811
    client = login(world.users["planner"])
    for order in ("achievement", "completeness", "to_date", "nonsense"):
        response = client.get("/dashboard/", {"order": order})
        assert response.status_code == 200
        assert panel_context(response, OVERVIEW_MONITORING)["order"] == (order if order != "nonsense" else "to_date")


def test_every_app_registers_its_widgets_and_no_other_slot():
    agency = registry.registered(registry.AGENCY)
    overview = registry.registered(registry.OVERVIEW)
    assert {
        monitoring_widgets.agency_achievement,
        projects_widgets.agency_projects,
        satisfaction_widgets.agency_ikm,
        integrity_widgets.agency_documents,
    } <= set(agency)
    assert agency.index(monitoring_widgets.agency_achievement) < agency.index(satisfaction_widgets.agency_ikm)
    assert {
        monitoring_widgets.government_ranking,
        projects_widgets.government_projects,
        satisfaction_widgets.government_ikm,
        integrity_widgets.government_documents,
    } <= set(overview)
    with pytest.raises(ValueError):
        registry.register("sidebar", monitoring_widgets.agency_achievement)


def test_apps_do_not_import_dashboards_nor_each_other_for_their_widgets():
    """The widget modules import core and the apps below them only (see docs/design.md, Apps and layering)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    allowed = {
        "monitoring": {"core", "reports", "planning", "monitoring"},
        "projects": {"core", "reports", "planning", "monitoring", "projects"},
        "satisfaction": {"core", "reports", "planning", "monitoring", "satisfaction"},
        "integrity": {"core", "reports", "planning", "monitoring", "integrity"},
    }
    for app, may_import in allowed.items():
        for path in [root / app / "widgets.py", root / app / "selectors.py"]:
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                for name in names:
                    parts = name.split(".")
                    if parts[0] == "kinerja" and len(parts) > 1:
                        assert parts[1] in may_import, f"{path.relative_to(root)} imports {name}"


PAGES = [
    # session, user, grants, government + the widgets (monitoring 8, projects 1, satisfaction 1, integrity 1-2)
    ("planner", "/dashboard/?year=2026", 14),
    ("leader", "/dashboard/?year=2026&order=completeness", 14),
    ("planner", "/dashboard/agencies/dinkes/?year=2026", 22),  # + supervision requests, + innovation (one each)
    ("dinkes_head", "/dashboard/agencies/dinkes/?year=2026", 24),  # + the head's agency scope
]


@pytest.mark.parametrize(("user", "url", "expected"), PAGES)
def test_page_query_counts_are_pinned_and_do_not_grow(world, periods, login, user, url, expected):
    with time_machine.travel(NOW):
        grow(world, periods, 0, 2)
        small = _queries(login(world.users[user]), url)
        grow(world, periods, 2, 2)  # twice the programs, values, budgets and projects
        large = _queries(login(world.users[user]), url)
    assert (small, large) == (expected, expected)


WIDGET_QUERIES = [
    (monitoring_widgets.agency_achievement, True, 9),
    (projects_widgets.agency_projects, True, 1),
    (satisfaction_widgets.agency_ikm, True, 1),
    (integrity_widgets.agency_documents, True, 1),
    (monitoring_widgets.government_ranking, False, 6),
    (projects_widgets.government_projects, False, 1),
    (satisfaction_widgets.government_ikm, False, 1),
    (integrity_widgets.government_documents, False, 2),
]


@pytest.mark.parametrize(("widget", "for_agency", "expected"), WIDGET_QUERIES, ids=lambda w: getattr(w, "__name__", w))
def test_each_widget_runs_a_fixed_number_of_queries(world, periods, widget, for_agency, expected):
    user = world.users["planner"]

    def count() -> int:
        ctx = WidgetContext(
            user=user, government=world.government, year=2026, today=TODAY, agency=world.dinkes if for_agency else None
        )
        widget(ctx)  # the user's grants are read once per request, before any widget
        with CaptureQueriesContext(connection) as captured:
            widget(ctx)
        return len(captured)

    with time_machine.travel(NOW):
        grow(world, periods, 0, 2)
        small = count()
        grow(world, periods, 2, 2)
        large = count()
    assert (small, large) == (expected, expected)
