"""Government-wide figures kept in the cache (kinerja.core.cache) until the next audited write."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from kinerja.core.access import SYSTEM
from kinerja.core.cache import kept
from kinerja.planning import services as planning
from kinerja.tests.versions import target_version


@pytest.fixture
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _write(world, value):
    """An audited write to the government's performance data (a target)."""
    indicator = world.dinkes_sub.indicators.get()
    planning.target_set(
        user=SYSTEM,
        indicator=indicator,
        year=2026,
        value=Decimal(value),
        expected_version=target_version(indicator, 2026),
    )


def test_kept_until_an_audited_write_and_per_scope(world, fresh_cache):
    calls = []

    def figures(user):
        return kept(
            "test-figures",
            user=user,
            government_id=world.government.pk,
            parts=(2026,),
            seconds=300,
            compute=lambda: calls.append(user.username) or len(calls),
        )

    planner, leader, head = world.users["planner"], world.users["leader"], world.users["dinkes_head"]
    assert figures(planner) == 1 and figures(planner) == 1  # kept
    assert figures(head) == 2  # another scope: computed for it
    assert figures(leader) == 3  # a leader's grants differ from a planner's: not shared either
    _write(world, 41)
    assert figures(planner) == 4  # the write moved the audit stamp
    assert figures(planner) == 4
    assert calls == ["planner", "dinkes_head", "leader", "planner"]


def test_zero_seconds_computes_every_time(world, fresh_cache):
    calls = []
    for _ in range(2):
        kept("x", user=world.users["planner"], government_id=world.government.pk, parts=(), seconds=0,
             compute=lambda: calls.append(1))  # fmt: skip
    assert len(calls) == 2


@pytest.mark.parametrize("seconds", [300, 0])
def test_figures_are_computed_with_the_collector_paused(world, fresh_cache, seconds):
    """Kept or not, the computation runs inside kinerja.core.memory.paused, and the collector is on after it."""
    import gc

    during = []
    kept("paused", user=world.users["planner"], government_id=world.government.pk, parts=(), seconds=seconds,
         compute=lambda: during.append(gc.isenabled()) or 1)  # fmt: skip
    assert during == [False]
    assert gc.isenabled()


def test_the_overview_and_the_reality_check_show_a_write_at_once(world, login, settings, fresh_cache):
    """With the cache on, pages answer from it, and the next request after a write computes again."""
    settings.DASHBOARD_CACHE_SECONDS = 300
    client = login(world.users["planner"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for step, url in enumerate(
        ("/dashboard/?year=2026", "/cek-realitas/?year=2026", "/api/v1/reality-check/?year=2026")
    ):
        queries(url)  # computed (and the session's first reads)
        first_kept = queries(url)
        _write(world, 50 + step)
        recomputed = queries(url)  # the write moved the stamp: computed again
        assert first_kept < recomputed
        assert queries(url) == first_kept  # and kept again
