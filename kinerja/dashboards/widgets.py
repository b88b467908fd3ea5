"""The dashboards app's own widgets (registered through the same ``WIDGETS`` as every app's)."""

from kinerja.core.widgets import Panel, WidgetContext


def supervision_waiting(ctx: WidgetContext) -> Panel | None:
    """ "Perlu keputusan Anda": the leader's supervision requests answered (to close or reopen) or overdue."""
    from kinerja.dashboards.supervision_selectors import waiting_for_leader

    user = ctx.user
    if user is None or not getattr(user, "pk", None):
        return None
    rows, total = waiting_for_leader(user=user, today=ctx.today)
    if not rows:
        return None
    return Panel("dashboards/supervision_widget.html", {"rows": rows, "total": total})


def supervision_to_agency(ctx: WidgetContext) -> Panel | None:
    """On an agency's dashboard (and its head's home): the supervision requests waiting for its answer."""
    from kinerja.dashboards.supervision_selectors import open_for_agency

    if ctx.agency is None or ctx.user is None:
        return None
    rows, total = open_for_agency(user=ctx.user, agency=ctx.agency)
    if not rows:
        return None
    return Panel("dashboards/supervision_agency_widget.html", {"rows": rows, "total": total, "today": ctx.today})


# "Perlu keputusan Anda" is the leader home's "decisions" slot (what waits on the user looking).
WIDGETS = {"decisions": [supervision_waiting], "agency": [supervision_to_agency]}
