"""The process's long-lived objects kept out of the garbage collector's full passes.

A served process holds a few hundred thousand objects that live as long as it does: modules, compiled
templates, URL resolvers, translation catalogues, most of them made by the first requests. CPython's
full (generation 2) collection walks all of them: on the leadership pages at ten times a province it
ran every few requests and took 110–140 ms, which was most of those pages' p95. After the requests
counted in ``GC_FREEZE_AFTER_REQUESTS`` (1, 10 and 100 by default) the process collects once and
``gc.freeze()``s what is left: those objects are skipped by later collections, which then take 15–25
ms. Frozen objects are still freed when nothing refers to them; only a reference cycle among them would
stay, which the collection just before the freeze has removed. ``GC_FREEZE_AFTER_REQUESTS`` empty turns
it off.

``paused()`` holds the collector back while a loop makes tens of thousands of objects that refer to no
cycle (the achievement engine's results, one per indicator): each object made counts towards the next
collection, and a collection during such a loop walks every object the loop has made so far, over and
over (a quarter of the engine's time at ten times a province).
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.signals import request_finished

_lock = threading.Lock()
_served = 0
_UID = "kinerja.core.memory"
_paused = 0  # the paused() blocks running, in every thread
_resume = False  # whether the collector was on when the first of them began


def _after_request(**kwargs) -> None:
    global _served
    points = settings.GC_FREEZE_AFTER_REQUESTS
    with _lock:
        _served += 1
        served = _served
    if served in points:
        gc.collect()
        gc.freeze()
    if served >= max(points, default=0):
        request_finished.disconnect(dispatch_uid=_UID)


def connect() -> None:
    """Count the requests this process serves (at ``request_finished``: after the response is sent)."""
    if settings.GC_FREEZE_AFTER_REQUESTS:
        request_finished.connect(_after_request, dispatch_uid=_UID)


def reset() -> None:
    """Count again from zero (for tests)."""
    global _served
    with _lock:
        _served = 0


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the garbage collector off, and turn it back on after the last such block of any
    thread ends (unless it was off before the first began). Reference counting still frees what the block
    drops; only cycles wait for the next collection. For loops that make many objects and no cycles."""
    global _paused, _resume
    with _lock:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _resume:
                gc.enable()
