"""Panels other apps add to an agency's dashboard, so that the dashboard's app does not import them.

An app registers a function ``(user, agency, year) -> Panel | None`` in its ``AppConfig.ready``; the
dashboard renders every panel a function returns, in registration order. A panel's function must run a
fixed number of queries whatever the size of the data (the dashboard's query count is pinned in tests).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_AGENCY_PANELS: list[Callable] = []


def register_agency_panel(function: Callable) -> Callable:
    if function not in _AGENCY_PANELS:
        _AGENCY_PANELS.append(function)
    return function


def agency_panels(user, agency, year: int) -> list[Panel]:
    panels = []
    for function in _AGENCY_PANELS:
        panel = function(user, agency, year)
        if panel is not None:
            panels.append(panel)
    return panels
