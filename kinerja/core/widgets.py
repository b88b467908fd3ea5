"""Panels other apps add to a page of another app, so that the page's app does not import them.

An app registers a function in its ``AppConfig.ready``; the page renders every panel a function returns,
in registration order:
- on an agency's dashboard: ``(user, agency, year) -> Panel | None`` (``register_agency_panel``);
- on a plan node's page (planning): ``(user, node, year) -> Panel | None`` (``register_node_panel``),
  e.g. monitoring's achievement of the node's subtree, which planning may not import;
- on an indicator's page (planning): ``(user, indicator, year) -> Panel | None`` (``register_indicator_panel``).
A panel's function must run a fixed number of queries whatever the size of the data (the pages' query
counts are pinned in tests).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class WidgetContext:
    """What a dashboard widget is asked for: who looks, at which government, year and filters.

    ``agency`` is set on an agency's dashboard (and when a leader filters by agency), ``region`` when a
    leader filters by regency; ``today`` is the date the figures are computed to.
    """

    user: object
    government: object
    year: int
    today: object
    agency: object | None = None
    region: object | None = None


_AGENCY_PANELS: list[Callable] = []
_NODE_PANELS: list[Callable] = []
_INDICATOR_PANELS: list[Callable] = []


def _register(registry: list[Callable], function: Callable) -> Callable:
    if function not in registry:
        registry.append(function)
    return function


def _panels(registry: list[Callable], *args) -> list[Panel]:
    panels = []
    for function in registry:
        panel = function(*args)
        if panel is not None:
            panels.append(panel)
    return panels


def register_agency_panel(function: Callable) -> Callable:
    return _register(_AGENCY_PANELS, function)


def register_node_panel(function: Callable) -> Callable:
    return _register(_NODE_PANELS, function)


def register_indicator_panel(function: Callable) -> Callable:
    return _register(_INDICATOR_PANELS, function)


def agency_panels(user, agency, year: int) -> list[Panel]:
    return _panels(_AGENCY_PANELS, user, agency, year)


def node_panels(user, node, year: int) -> list[Panel]:
    return _panels(_NODE_PANELS, user, node, year)


def indicator_panels(user, indicator, year: int) -> list[Panel]:
    return _panels(_INDICATOR_PANELS, user, indicator, year)
