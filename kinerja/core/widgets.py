"""Panels: what an app shows on a page of another app, so that the page's app does not import it.

``Panel`` and ``WidgetContext`` are the contract of the dashboards' widgets: the pages that combine apps
(an agency's dashboard, the government overview, the leader's home) live in ``kinerja.dashboards``, and each
app declares its widgets in its own ``widgets.py`` (see ``kinerja/dashboards/registry.py``). Those pages are
above every app, so the registry lives there, not here.

Two pages of planning show panels of apps above planning, and planning cannot reach the dashboards'
registry (dashboards sits above it). Their registries stay here, in core, below every app; an app registers
a function in its ``AppConfig.ready`` and the page renders every panel a function returns, in order:
- on a plan node's page: ``(user, node, year) -> Panel | None`` (``register_node_panel``),
  e.g. monitoring's achievement of the node's subtree, which planning may not import;
- on an indicator's page: ``(user, indicator, year) -> Panel | None`` (``register_indicator_panel``).
Core's own home page (``/``) is below planning in the same way: planning adds the plan's figures to it
through ``register_home_panel`` (``(user) -> Panel | None``).
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
    include_submitted: bool = False  # the working view: submitted values count beside the verified ones
    order: str = ""  # how the page asked a ranking to be ordered (the overview's ?order=), "" for the default


_HOME_PANELS: list[Callable] = []
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


def register_home_panel(function: Callable) -> Callable:
    return _register(_HOME_PANELS, function)


def register_node_panel(function: Callable) -> Callable:
    return _register(_NODE_PANELS, function)


def register_indicator_panel(function: Callable) -> Callable:
    return _register(_INDICATOR_PANELS, function)


def home_panels(user) -> list[Panel]:
    return _panels(_HOME_PANELS, user)


def node_panels(user, node, year: int) -> list[Panel]:
    return _panels(_NODE_PANELS, user, node, year)


def indicator_panels(user, indicator, year: int) -> list[Panel]:
    return _panels(_INDICATOR_PANELS, user, indicator, year)
