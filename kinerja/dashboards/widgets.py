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


WIDGETS = {"home": [supervision_waiting]}
