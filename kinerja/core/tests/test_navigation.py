"""The main menu comes from each app's navigation.py; every role keeps the links base.html used to hard-code."""

import pytest

from kinerja.core.navigation import menu_for
from kinerja.core.selectors import user_summary

COMMON = ["reports", "satisfaction", "agreements", "projects", "plan", "system"]
PLAN = ["tree", "agencies", "periods", "innovations"]
AGREEMENTS = ["agreements_overview", "lkjip"]

# What the hard-coded menu showed each role (the links, in order; the System group's children).
EXPECTED = {
    "admin_user": (["dashboard", "reports", "board", *COMMON[1:]], ["audit", "users", "api", "portal"], "/dashboard/"),
    "planner": (["dashboard", "reports", "board", *COMMON[1:]], ["api", "portal"], "/dashboard/"),
    "inspector": (["dashboard", "reports", "board", *COMMON[1:]], ["audit", "api", "portal"], "/dashboard/"),
    "leader": (["dashboard", "reports", "board", *COMMON[1:]], ["api", "portal"], "/dashboard/"),
    "service_quality": (["dashboard", "reports", "board", *COMMON[1:]], ["api", "portal"], "/dashboard/"),
    "dinkes_head": (["dashboard", *COMMON], ["api", "portal"], "/dashboard/agencies/dinkes/"),
    "dinkes_operator": (["dashboard", *COMMON], ["api", "portal"], "/dashboard/agencies/dinkes/"),
    "no_role": (COMMON, ["api", "portal"], None),
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_every_role_sees_the_links_it_saw_before(world, username):
    top, system, dashboard = EXPECTED[username]
    links = menu_for(user_summary(world.users[username]))
    assert [link.name for link in links] == top
    by_name = {link.name: link for link in links}
    assert [c.name for c in by_name["system"].children] == system
    assert [c.name for c in by_name["plan"].children] == PLAN
    assert [c.name for c in by_name["agreements"].children] == AGREEMENTS
    assert by_name.get("dashboard") and by_name["dashboard"].url == dashboard or dashboard is None
    assert by_name["reports"].url == "/reports/" and by_name["projects"].url == "/proyek/"


@pytest.mark.parametrize("username", ["planner", "dinkes_operator", "inspector"])
def test_the_page_renders_the_menu_of_the_user(world, login, username):
    html = login(world.users[username]).get("/plan/").content.decode()
    for link in menu_for(user_summary(world.users[username])):
        for entry in [link, *link.children]:
            assert f'href="{entry.url}"' in html and f'id="menu-{entry.name}"' in html
    assert ('id="menu-board"' in html) == (username != "dinkes_operator")
    assert ('id="menu-audit"' in html) == (username == "inspector")
