"""Every panel of the pages that combine apps reads its figures through ``panel``, as the pages include it;
the innovation tiles, which read a name of their own, came out empty on the leader's home and the dashboard."""

import pytest

from kinerja.innovation.tests.conftest import make_innovation
from kinerja.tests.panel_templates import free_names

pytestmark = pytest.mark.django_db

PAGES = [
    ("leader", "/beranda/?year=2026"),
    ("planner", "/dashboard/agencies/dinkes/?year=2026"),
    ("leader", "/dashboard/?year=2026"),
]


def _templates(response) -> set[str]:
    panels = [*response.context.get("panels", []), *response.context.get("decisions", [])]
    return {p.template for p in panels}


def test_every_panel_on_the_pages_reads_only_the_panel(world, login):
    make_innovation(world)
    seen = set()
    for user, url in PAGES:
        response = login(world.users[user]).get(url)
        assert response.status_code == 200, url
        seen |= _templates(response)
    assert {"innovation/_widget_home.html", "innovation/_widget_agency.html"} <= seen
    assert {template: free_names(template) for template in seen if free_names(template)} == {}


def test_the_innovation_tiles_show_their_figures_on_the_home_and_the_dashboard(world, login):
    make_innovation(world)
    make_innovation(world, name="Uji coba rapor daring", agency=world.disdik, urusan="1.01", stage="trial",
                    service_unit=None)  # fmt: skip
    home = login(world.users["leader"]).get("/beranda/?year=2026").content.decode()
    tile = home[home.index('id="innovation-home-widget"') :].split("</section>")[0]
    # Pelaksanaan 1, Uji coba 1 (the stages in Indonesian) and the basic-service urusan still without one.
    assert "Pelaksanaan: <strong>1</strong>" in tile and "Uji coba: <strong>1</strong>" in tile
    assert "Pendidikan" in tile and "Kesehatan" not in tile  # Dinkes implements one
    dashboard = login(world.users["planner"]).get("/dashboard/agencies/dinkes/?year=2026").content.decode()
    tile = dashboard[dashboard.index('id="innovation-widget"') :].split("</section>")[0]
    assert "Pelaksanaan: <strong>1</strong>" in tile and "Uji coba: <strong>0</strong>" in tile
    assert f"?agency={world.dinkes.pk}" in tile
