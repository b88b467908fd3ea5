"""Projects' widgets on the pages of ``kinerja.dashboards``: the strategic and priority projects by status.

Read through ``kinerja.projects.selectors`` (one grouped query on the stored status), whatever the number
of projects. Projects does not import dashboards: the registry finds ``WIDGETS`` here.
"""

from kinerja.core.widgets import Panel, WidgetContext
from kinerja.projects import selectors
from kinerja.projects.choices import HEALTH_ORDER, Health


def _panel(summary, agency) -> Panel | None:
    if not summary.total:
        return None
    counts = [(value, Health(value).label, summary.by_health[value]) for value in HEALTH_ORDER]
    return Panel("projects/_dashboard_panel.html", {"agency": agency, "total": summary.total, "counts": counts})


def agency_projects(ctx: WidgetContext) -> Panel | None:
    """The agency's projects by status (critical first), linking to its list."""
    if ctx.agency is None:
        return None
    projects = selectors.projects_for(ctx.user, ctx.government.pk).filter(agency=ctx.agency)
    return _panel(selectors.summary(projects), ctx.agency)


def government_projects(ctx: WidgetContext) -> Panel | None:
    """The government's projects by status, linking to the leadership view."""
    return _panel(selectors.summary(selectors.projects_for(ctx.user, ctx.government.pk)), None)


# --- the leader's home (slots "home" and "decisions") --------------------------------------------------


def _is_leader(user) -> bool:
    """Whether the obstacles and directives that wait on the leadership wait on this user (a leader, an admin)."""
    from kinerja.core.choices import Role
    from kinerja.core.selectors import user_summary

    return user.is_superuser or Role.LEADER in user_summary(user).roles or Role.ADMIN in user_summary(user).roles


def _filters(ctx: WidgetContext, *, region: bool = True) -> str:
    """The home's agency and region filters as a query string for the lists the tiles drill down to."""
    parts = []
    if ctx.agency is not None:
        parts.append(f"agency={ctx.agency.code}")
    if region and ctx.region is not None:
        parts.append(f"region={ctx.region.code}")
    return "&".join(parts)


def home_critical_projects(ctx: WidgetContext) -> Panel | None:
    """The critical projects, worst first, each with the reason it is critical."""
    from kinerja.projects import selectors

    count, rows = selectors.critical_projects(
        ctx.user, ctx.government.pk, today=ctx.today, agency=ctx.agency, region=ctx.region
    )
    return Panel("projects/_home_critical.html", {"count": count, "rows": rows, "filters": _filters(ctx)})


def home_escalated_obstacles(ctx: WidgetContext) -> Panel | None:
    """The unresolved obstacles escalated above the agency: to the Sekda, the governor, the central government."""
    from kinerja.projects import selectors
    from kinerja.projects.choices import Escalation

    counts = selectors.escalated_obstacles(
        ctx.user, ctx.government.pk, today=ctx.today, agency=ctx.agency, region=ctx.region
    )
    levels = [(level, Escalation(level).label, n) for level, n in counts.items()]
    return Panel("projects/_home_obstacles.html", {"levels": levels, "filters": _filters(ctx)})


def home_overdue_directives(ctx: WidgetContext) -> Panel | None:
    """The leadership's directives past their due date that an agency (the filtered one) has not finished.
    Directives have no region: the region filter does not apply."""
    from kinerja.projects import selectors

    count = selectors.overdue_directive_count(ctx.user, ctx.government.pk, today=ctx.today, agency=ctx.agency)
    directives = selectors.overdue_directives(ctx.user, ctx.government.pk, today=ctx.today, limit=5, agency=ctx.agency)
    return Panel(
        "projects/_home_directives.html",
        {"count": count, "directives": directives, "today": ctx.today, "filters": _filters(ctx, region=False)},
    )


def decisions_governor_obstacles(ctx: WidgetContext) -> Panel | None:
    """Waiting on the leader: the obstacles that reached the governor's escalation level."""
    if not _is_leader(ctx.user):
        return None
    from kinerja.projects import selectors

    count, obstacles = selectors.governor_obstacles(
        ctx.user, ctx.government.pk, today=ctx.today, agency=ctx.agency, region=ctx.region
    )
    if not count:
        return None
    return Panel(
        "projects/_decisions_obstacles.html", {"count": count, "obstacles": obstacles, "filters": _filters(ctx)}
    )


def decisions_overdue_directives(ctx: WidgetContext) -> Panel | None:
    """Waiting on the leader: directives past due, to be pressed or given a new date."""
    if not _is_leader(ctx.user):
        return None
    from kinerja.projects import selectors

    directives = selectors.overdue_directives(ctx.user, ctx.government.pk, today=ctx.today, limit=5, agency=ctx.agency)
    if not directives:
        return None
    return Panel(
        "projects/_decisions_directives.html",
        {"directives": directives, "today": ctx.today, "filters": _filters(ctx, region=False)},
    )


HOME_WIDGETS = [home_critical_projects, home_escalated_obstacles, home_overdue_directives]
DECISION_WIDGETS = [decisions_governor_obstacles, decisions_overdue_directives]


WIDGETS = {
    "agency": [agency_projects],
    "overview": [government_projects],
    "home": HOME_WIDGETS,
    "decisions": DECISION_WIDGETS,
}
