"""Innovation panels of the agency dashboard and the leader's home (collected by kinerja.dashboards.registry)."""

from kinerja.core.widgets import Panel, WidgetContext
from kinerja.innovation import selectors


def agency_innovations(ctx: WidgetContext) -> Panel | None:
    """The agency's innovations by stage, with its claimed and verified IID scores (three queries)."""
    if ctx.agency is None:
        return None
    summary = selectors.agency_summary(user=ctx.user, agency=ctx.agency)
    if summary is None:
        return None
    return Panel("innovation/_widget_agency.html", {"innovation": summary})


def government_innovations(ctx: WidgetContext) -> Panel | None:
    """The government's innovations by stage, awaiting review, and the basic-service urusan still without one
    (one query)."""
    summary = selectors.government_summary(user=ctx.user, government=ctx.government)
    if summary is None:
        return None
    return Panel("innovation/_widget_home.html", {"innovation": summary})


WIDGETS = {"agency": [agency_innovations], "home": [government_innovations]}
