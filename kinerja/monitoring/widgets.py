"""Monitoring's widgets on the pages that combine apps (see kinerja.dashboards.registry)."""

from kinerja.core.widgets import Panel, WidgetContext

# --- the leader's home (slot "home") -------------------------------------------------------------------


def home_achievement(ctx: WidgetContext) -> Panel | None:
    """Achievement to date by mission and by agency, last year beside it, against the RPJMD final target;
    the agencies behind. Indicators have no region: the region filter does not apply here."""
    from kinerja.monitoring import selectors

    data = selectors.leader_achievement_cached(
        user=ctx.user,
        government_id=ctx.government.pk,
        year=ctx.year,
        as_of=selectors.as_of_date(ctx.year, ctx.today),
        agency_ids=[ctx.agency.pk] if ctx.agency else None,
    )
    return Panel(
        "monitoring/_home_achievement.html",
        {
            "data": data,
            "year": ctx.year,
            "previous_year": ctx.year - 1,
            "agency": ctx.agency,
            "region": ctx.region,
            "wide": True,
        },
    )


HOME_WIDGETS = [home_achievement]

WIDGETS = {"home": HOME_WIDGETS}
