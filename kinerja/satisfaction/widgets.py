"""Satisfaction's widgets on the pages that combine apps (see kinerja.dashboards.registry)."""

from kinerja.core.widgets import Panel, WidgetContext

# --- the leader's home (slot "home") -------------------------------------------------------------------


def home_ikm(ctx: WidgetContext) -> Panel | None:
    """The IKM of the government, last year beside it, and of each SPM basic-service sector."""
    from kinerja.satisfaction import selectors

    data = selectors.leader_ikm(
        user=ctx.user, government=ctx.government, year=ctx.year, agency=ctx.agency, region=ctx.region
    )
    return Panel("satisfaction/_home_ikm.html", {"data": data, "year": ctx.year, "previous_year": ctx.year - 1})


HOME_WIDGETS = [home_ikm]

WIDGETS = {"home": HOME_WIDGETS}
