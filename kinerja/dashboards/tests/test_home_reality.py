"""The reality check as a tile of the leader's home: signals in scope by number and weight, per kind, the
agencies with the heaviest open signals and the heaviest signals, drilling down to the reality check
(filtered) and to each signal's facts; the agency filter narrows it; a fixed number of queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.widgets import WidgetContext
from kinerja.dashboards import reality
from kinerja.dashboards.models import SignalReview
from kinerja.dashboards.tests import reality_data
from kinerja.dashboards.widgets import home_reality

HOST = {"HTTP_HOST": "127.0.0.1"}
TILE = "dashboards/_home_reality.html"


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2026, 12, 2, 3, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def dinkes_data(world):
    return reality_data.first_agency(world)


def _tile(client, user, query="year=2026"):
    client.force_login(user)
    response = client.get(f"/?{query}", **HOST)
    assert response.status_code == 200
    panel = next((p.context for p in response.context["panels"] if p.template == TILE), None)
    return panel, response.content.decode()


def test_the_tile_counts_the_signals_in_scope_by_number_weight_and_kind(client, world, dinkes_data):
    signals = reality.compute(user=world.users["leader"], government=world.government, year=2026)
    assert signals  # the data produce signals of every kind for Dinkes
    panel, page = _tile(client, world.users["leader"])
    assert panel["count"] == len(signals) and panel["open"] == len(signals)
    assert panel["weight"] == sum(s.weight for s in signals) == panel["open_weight"]
    kinds = {k["code"]: k["count"] for k in panel["kinds"]}
    assert kinds == {kind: sum(1 for s in signals if s.kind == kind) for kind in {s.kind for s in signals}}
    assert set(kinds) == set(reality.KINDS)
    assert [row.agency.code for row in panel["agencies"]] == ["dinkes"]
    # Drill-downs: the reality check of the year, filtered by kind and by agency, and each signal's facts.
    assert 'href="/cek-realitas/?year=2026"' in page
    assert f'href="/cek-realitas/?year=2026&amp;kind={reality.YEAR_END_SURGE}"' in page
    assert f'href="/cek-realitas/?year=2026&amp;agency={world.dinkes.pk}"' in page
    heaviest = signals[0]
    assert panel["signals"][0].key == heaviest.key and len(panel["signals"]) == 5
    from urllib.parse import quote

    assert f'href="/cek-realitas/sinyal/?year=2026&amp;key={quote(heaviest.key)}"' in page


def test_every_drill_down_of_the_tile_opens(client, world, dinkes_data):
    panel, page = _tile(client, world.users["leader"])
    import re

    links = set(re.findall(r'href="(/cek-realitas/[^"]*)"', page))
    assert len(links) >= 1 + len(panel["kinds"]) + 1 + 5
    for link in links:
        response = client.get(link.replace("&amp;", "&"), **HOST)
        assert response.status_code == 200, link
    # The agency's link lists that agency's signals only.
    response = client.get(f"/cek-realitas/?year=2026&agency={world.dinkes.pk}", **HOST)
    assert {row.agency.code for row in response.context["rows"]} == {"dinkes"}


def test_a_reviewed_signal_leaves_the_open_count_and_the_list(client, world, dinkes_data):
    signals = reality.compute(user=world.users["leader"], government=world.government, year=2026)
    first = signals[0]
    SignalReview.objects.create(
        government=world.government, agency_id=first.agency_id, year=2026, kind=first.kind, key=first.key,
        note="Dicek di lapangan.", reviewer=world.users["inspector"], reviewed_at=datetime.datetime.now(datetime.UTC),
    )  # fmt: skip
    panel, _page = _tile(client, world.users["leader"])
    assert panel["count"] == len(signals) and panel["open"] == len(signals) - 1
    assert panel["open_weight"] == panel["weight"] - first.weight
    assert first.key not in [s.key for s in panel["signals"]]


def test_the_agency_filter_narrows_the_tile_and_its_links(client, world, dinkes_data):
    panel, page = _tile(client, world.users["leader"], "year=2026&agency=disdik")
    assert panel["count"] == 0 and panel["kinds"] == [] and panel["signals"] == []
    assert f'href="/cek-realitas/?year=2026&amp;agency={world.disdik.pk}"' in page
    panel, page = _tile(client, world.users["leader"], "year=2026&agency=dinkes")
    assert panel["count"] > 0
    assert f'href="/cek-realitas/?year=2026&amp;kind={reality.YEAR_END_SURGE}&amp;agency={world.dinkes.pk}"' in page


def test_the_year_filter_reads_that_years_signals(client, world, dinkes_data):
    panel, page = _tile(client, world.users["leader"], "year=2025")
    signals = reality.compute(user=world.users["leader"], government=world.government, year=2025)
    assert panel["count"] == len(signals)
    assert reality.YEAR_END_SURGE not in {k["code"] for k in panel["kinds"]}  # 2026's values only
    assert 'href="/cek-realitas/?year=2025"' in page


def test_no_tile_for_a_user_who_may_see_no_signal(world):
    from kinerja.conftest import make_user

    nobody = make_user("nobody-here", world.government, None)
    ctx = WidgetContext(user=nobody, government=world.government, year=2026, today=reality_data.TODAY)
    assert home_reality(ctx) is None


def _tile_queries(world):
    ctx = WidgetContext(user=world.users["leader"], government=world.government, year=2026, today=reality_data.TODAY)
    home_reality(ctx)  # grants and settings loaded once
    with CaptureQueriesContext(connection) as captured:
        panel = home_reality(ctx)
    return len(captured), panel.context


def test_the_tile_runs_a_fixed_number_of_queries(world, dinkes_data, django_assert_num_queries):
    one, panel = _tile_queries(world)
    assert [row.agency.code for row in panel["agencies"]] == ["dinkes"]
    reality_data.second_agency(world)
    two, panel = _tile_queries(world)
    assert {row.agency.code for row in panel["agencies"]} == {"dinkes", "disdik"}
    assert one == two
    ctx = WidgetContext(user=world.users["leader"], government=world.government, year=2026, today=reality_data.TODAY)
    with django_assert_num_queries(two):
        home_reality(ctx)
