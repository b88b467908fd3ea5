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


TOP_AGENCIES = 5  # agencies named on the home's reality tile, the heaviest open signals first
TOP_SIGNALS = 5  # signals named with a link to their facts


def home_reality(ctx: WidgetContext) -> Panel | None:
    """The reality check on the leader's home: the signals in scope by number and weight, per kind, the agencies
    with the heaviest open signals and the heaviest signals themselves, each linking to the reality check
    (filtered) or to the signal's facts. Signals belong to agencies, which have no region: the region filter
    does not apply. None for a user who may see no agency's signals."""
    from kinerja.dashboards import reality

    agencies = reality.visible_agencies(ctx.user, ctx.government)
    if not agencies:
        return None
    signals = reality.compute_kept(user=ctx.user, government=ctx.government, year=ctx.year, today=ctx.today)
    if ctx.agency is not None:
        signals = [s for s in signals if s.agency_id == ctx.agency.pk]
        agencies = [a for a in agencies if a.pk == ctx.agency.pk]
    by_kind = {}
    for signal in signals:
        by_kind.setdefault(signal.kind, []).append(signal)
    kinds = [
        {
            "code": code,
            "label": str(label),
            "severity": severity,
            "count": len(by_kind[code]),
            "open": sum(1 for s in by_kind[code] if not s.reviewed),
        }
        for code, (severity, label) in reality.KINDS.items()
        if code in by_kind
    ]
    open_signals = [s for s in signals if not s.reviewed]  # compute() orders them heaviest first
    return Panel(
        "dashboards/_home_reality.html",
        {
            "year": ctx.year,
            "agency": ctx.agency,
            "count": len(signals),
            "open": len(open_signals),
            "weight": sum(s.weight for s in signals),
            "open_weight": sum(s.weight for s in open_signals),
            "kinds": kinds,
            "agencies": reality.by_agency(signals, agencies)[:TOP_AGENCIES],
            "signals": open_signals[:TOP_SIGNALS],
        },
    )


# "Perlu keputusan Anda" is the leader home's "decisions" slot (what waits on the user looking).
WIDGETS = {"decisions": [supervision_waiting], "agency": [supervision_to_agency], "home": [home_reality]}
