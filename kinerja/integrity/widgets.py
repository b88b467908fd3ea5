"""Integrity's widgets on the pages that combine apps (see kinerja.dashboards.registry)."""

from kinerja.core.widgets import Panel, WidgetContext

# --- the leader's home (slots "home" and "decisions") --------------------------------------------------


def home_agreements(ctx: WidgetContext) -> Panel | None:
    """The agencies whose Perjanjian Kinerja or Pakta Integritas of the year is not signed, and those late."""
    from kinerja.integrity import selectors

    gaps = selectors.agreement_gaps(user=ctx.user, year=ctx.year, today=ctx.today, agency=ctx.agency)
    return Panel("integrity/_home_agreements.html", {"gaps": gaps, "year": ctx.year})


def decisions_awaiting_signature(ctx: WidgetContext) -> Panel | None:
    """Waiting on this user: the documents it is their turn to sign."""
    from kinerja.integrity import selectors

    count, documents = selectors.awaiting_signature(user=ctx.user, limit=5)
    if not count:
        return None
    return Panel("integrity/_decisions_signature.html", {"count": count, "documents": documents})


HOME_WIDGETS = [home_agreements]
DECISION_WIDGETS = [decisions_awaiting_signature]

WIDGETS = {"home": HOME_WIDGETS, "decisions": DECISION_WIDGETS}
