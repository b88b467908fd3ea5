"""Integrity's widgets on the pages of ``kinerja.dashboards``: the Perjanjian Kinerja and Pakta Integritas.

Read through ``kinerja.integrity.selectors``, a fixed number of queries whatever the number of documents.
Integrity does not import dashboards: the registry finds ``WIDGETS`` here.
"""

from kinerja.core.widgets import Panel, WidgetContext
from kinerja.integrity import selectors
from kinerja.integrity.choices import DocumentKind, DocumentState


def agency_documents(ctx: WidgetContext) -> Panel | None:
    """The state of the agency's agreement and pact of the year."""
    if ctx.agency is None:
        return None
    kinds = selectors.agency_documents(user=ctx.user, year=ctx.year, agency_ids=[ctx.agency.pk]).get(ctx.agency.pk, {})
    rows = [
        (DocumentKind(kind).label, DocumentState(kinds[kind]).label if kind in kinds else None)
        for kind in selectors.AGENCY_KINDS
    ]
    return Panel("integrity/_agency_panel.html", {"agency": ctx.agency, "year": ctx.year, "rows": rows})


def government_documents(ctx: WidgetContext) -> Panel | None:
    """How many agencies have their agreement and pact of the year in force."""
    summary = selectors.signing_summary(user=ctx.user, government=ctx.government, year=ctx.year)
    if not summary["agencies"]:
        return None
    return Panel("integrity/_government_panel.html", {"year": ctx.year, **summary})


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


WIDGETS = {
    "agency": [agency_documents],
    "overview": [government_documents],
    "home": HOME_WIDGETS,
    "decisions": DECISION_WIDGETS,
}
