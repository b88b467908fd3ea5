"""Satisfaction's widgets on the pages of ``kinerja.dashboards``: the IKM beside the achievement.

Read through ``kinerja.satisfaction.selectors`` (the tallies the triggers keep), a fixed number of queries
whatever the number of responses. Satisfaction does not import dashboards: the registry finds ``WIDGETS``.
"""

from kinerja.core.widgets import Panel, WidgetContext
from kinerja.satisfaction.models import Survey
from kinerja.satisfaction.selectors import latest_ikm


def agency_ikm(ctx: WidgetContext) -> Panel | None:
    """The agency's IKM for its latest survey period of the year, beside its achievement."""
    if ctx.agency is None:
        return None
    surveys = Survey.objects.restrict(ctx.user, "view").filter(service_unit__agency=ctx.agency, year=ctx.year)
    found = latest_ikm(surveys)
    if found is None:
        return None
    return Panel("satisfaction/_agency_panel.html", {"agency": ctx.agency, **found})


def government_ikm(ctx: WidgetContext) -> Panel | None:
    """The government's IKM (every unit's responses pooled) for the latest survey period of the year."""
    surveys = Survey.objects.restrict(ctx.user, "view").filter(
        service_unit__agency__government=ctx.government, year=ctx.year
    )
    found = latest_ikm(surveys)
    if found is None:
        return None
    return Panel("satisfaction/_government_panel.html", found)


# --- the leader's home (slot "home") -------------------------------------------------------------------


def home_ikm(ctx: WidgetContext) -> Panel | None:
    """The IKM of the government, last year beside it, and of each SPM basic-service sector."""
    from kinerja.satisfaction import selectors

    data = selectors.leader_ikm(
        user=ctx.user, government=ctx.government, year=ctx.year, agency=ctx.agency, region=ctx.region
    )
    return Panel("satisfaction/_home_ikm.html", {"data": data, "year": ctx.year, "previous_year": ctx.year - 1})


HOME_WIDGETS = [home_ikm]


WIDGETS = {"agency": [agency_ikm], "overview": [government_ikm], "home": HOME_WIDGETS}
