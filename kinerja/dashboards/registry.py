"""The widgets of the pages that combine apps: an agency's dashboard, the government overview, the leader's home.

Each app declares its widgets in its own ``widgets.py`` without importing this app (which sits above it):
a module-level ``WIDGETS`` maps a slot to functions ``(ctx: WidgetContext) -> Panel | None`` that read
through the app's own selectors. ``autodiscover`` (run when this app is ready) collects them in the order
of ``INSTALLED_APPS``; a page renders ``widgets(slot, ctx)``. A widget function runs a fixed number of
queries whatever the size of the data; the pages' query counts are pinned in tests.
"""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

from kinerja.core.widgets import Panel, WidgetContext

AGENCY = "agency"  # an agency's dashboard (and an agency head's home)
OVERVIEW = "overview"  # the government overview
HOME = "home"  # the leader's home
# "Perlu keputusan Anda" on the leader's home: what waits on the user looking (obstacles at the governor's
# level, documents for their signature, directives past due, supervision requests unanswered). A widget
# returns None when nothing waits; the section lists what the others return.
DECISIONS = "decisions"
SLOTS = (AGENCY, OVERVIEW, HOME, DECISIONS)

_REGISTRY: dict[str, list[Callable]] = {slot: [] for slot in SLOTS}


def register(slot: str, function: Callable) -> Callable:
    """Add ``function`` to ``slot`` (once); unknown slots are a programming error."""
    if slot not in _REGISTRY:
        raise ValueError(f"unknown widget slot {slot!r}; known: {', '.join(SLOTS)}")
    if function not in _REGISTRY[slot]:
        _REGISTRY[slot].append(function)
    return function


def autodiscover() -> None:
    """Import every installed app's ``widgets`` module and register what its ``WIDGETS`` declares."""
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "widgets"):
            continue
        module = import_module(f"{app_config.name}.widgets")
        for slot, functions in getattr(module, "WIDGETS", {}).items():
            for function in functions:
                register(slot, function)


def registered(slot: str) -> list[Callable]:
    return list(_REGISTRY[slot])


def widgets(slot: str, ctx: WidgetContext) -> list[Panel]:
    """Return the panels of ``slot`` for ``ctx``, in registration order, leaving out those that return None."""
    panels = []
    for function in _REGISTRY[slot]:
        panel = function(ctx)
        if panel is not None:
            panels.append(panel)
    return panels
