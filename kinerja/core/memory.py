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
"""

import gc
import threading

from django.conf import settings
from django.core.signals import request_finished

_lock = threading.Lock()
_served = 0
_UID = "kinerja.core.memory"


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
