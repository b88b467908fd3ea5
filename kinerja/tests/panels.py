"""Test helper: the context of one panel of a dashboards page (pages render each app's widget as a panel)."""

AGENCY_MONITORING = "monitoring/_agency_dashboard.html"
OVERVIEW_MONITORING = "monitoring/_overview.html"


def panel_context(response, template: str) -> dict:
    """Return the context of the panel rendered from ``template`` on the page of ``response``."""
    panels = [p for p in response.context["panels"] if p.template == template]
    assert len(panels) == 1, f"{template} rendered {len(panels)} times"
    return panels[0].context
