"""Core's home page shows the plan in force through the panel planning registers; core imports no app above it."""

import ast
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.access import SYSTEM


def test_home_shows_the_plan_in_force_from_planning_panel(world, login):
    response = login(world.users["inspector"]).get("/")
    assert response.status_code == 200
    panel = next(p for p in response.context["panels"] if p.template == "planning/_home_panel.html")
    assert panel.context["period"] == world.period
    assert panel.context["counts"]["program"] == 2 and panel.context["counts"]["indicators"] >= 3
    assert "/plan/" in response.content.decode()


def test_home_query_count_does_not_grow_with_the_plan(world, login):
    from kinerja.planning import services

    def count():
        client = login(world.users["inspector"])  # leaders, planners and heads land on the dashboards' pages
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx)

    small = count()
    for n in range(4):
        services.node_create(user=SYSTEM, period=world.period, parent=world.goal, title=f"Sasaran {n}")
    assert count() == small


def test_core_views_import_no_app_above_core():
    tree = ast.parse((Path(__file__).resolve().parents[1] / "views.py").read_text())
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert [m for m in modules if m.startswith("kinerja.") and not m.startswith("kinerja.core")] == []
