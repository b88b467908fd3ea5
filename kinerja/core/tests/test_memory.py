"""After the requests it is told, the process freezes its long-lived objects out of full collections."""

import gc

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished
from django.test import Client

from kinerja.core import memory
from kinerja.env import env_ints


@pytest.fixture
def counting(settings):
    settings.GC_FREEZE_AFTER_REQUESTS = (1, 3)
    gc.unfreeze()
    memory.reset()
    memory.connect()
    yield
    request_finished.disconnect(dispatch_uid="kinerja.core.memory")
    memory.reset()
    gc.unfreeze()


def _connected() -> bool:
    """Whether the counter listens (a receiver's lookup key starts with its dispatch_uid)."""
    return any(receiver[0][0] == "kinerja.core.memory" for receiver in request_finished.receivers)


@pytest.mark.django_db
def test_freezes_after_the_counted_requests_then_stops_counting(counting):
    client = Client()
    assert gc.get_freeze_count() == 0
    assert client.get("/login/").status_code == 200
    first = gc.get_freeze_count()
    assert first > 0  # the objects alive after the first request are frozen
    gc.unfreeze()
    client.get("/login/")
    assert gc.get_freeze_count() == 0  # the second request is not a point
    assert _connected()
    client.get("/login/")
    assert gc.get_freeze_count() > 0  # the third is, and the last one
    assert not _connected()  # no more counting once the last point is passed


def test_empty_setting_connects_nothing(settings):
    settings.GC_FREEZE_AFTER_REQUESTS = ()
    memory.connect()
    assert not _connected()


def test_bad_setting_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("GC_FREEZE_AFTER_REQUESTS", "1,ten")
    with pytest.raises(ImproperlyConfigured, match="GC_FREEZE_AFTER_REQUESTS must be whole numbers"):
        env_ints("GC_FREEZE_AFTER_REQUESTS", [1])
    monkeypatch.setenv("GC_FREEZE_AFTER_REQUESTS", " 2, 20 ,")
    assert env_ints("GC_FREEZE_AFTER_REQUESTS", [1]) == (2, 20)
    monkeypatch.setenv("GC_FREEZE_AFTER_REQUESTS", "")
    assert env_ints("GC_FREEZE_AFTER_REQUESTS", [1]) == ()


def test_paused_turns_the_collector_off_for_its_block_and_back_on_after_it():
    assert gc.isenabled()
    with memory.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_blocks_nested_or_in_threads_turn_it_on_only_after_the_last():
    outer = memory.paused()
    outer.__enter__()
    with memory.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the outer block (another thread's, say) still runs
    outer.__exit__(None, None, None)
    assert gc.isenabled()


def test_paused_turns_it_back_on_after_an_error():
    with pytest.raises(RuntimeError), memory.paused():
        raise RuntimeError("the block failed")
    assert gc.isenabled()


def test_paused_leaves_a_collector_that_was_off_off():
    gc.disable()
    try:
        with memory.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_achievement_engine_runs_with_the_collector_paused(monkeypatch):
    """indicator_results reads its rows and makes its results inside paused()."""
    from kinerja.monitoring import selectors

    seen = []

    def rows(queryset):
        seen.append(gc.isenabled())
        return [], [None] * 14

    monkeypatch.setattr(selectors, "fetch_raw", rows)
    monkeypatch.setattr(selectors, "_results", lambda *args: seen.append(gc.isenabled()) or {})
    assert selectors.indicator_results(indicators=selectors.Indicator.objects.none(), year=2026) == {}
    assert seen == [False, False]
    assert gc.isenabled()
