"""The governor logs in, sees the leader's home and drills from a mission down to its indicators."""

import pytest

from kinerja.browser import log_in
from kinerja.dashboards.tests.test_home import achieved  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_governor_drills_from_a_mission_to_its_indicators(world, achieved, page):  # noqa: F811
    log_in(page, "leader", "test-password-1")
    page.wait_for_selector("#home-missions")
    assert page.locator("#decisions").is_visible()
    assert page.locator("#home-ikm").is_visible() and page.locator("#home-agreements").is_visible()
    mission = page.locator("#home-missions a", has_text=world.mission.title).first
    mission.click()
    page.wait_for_url(f"**/dashboard/nodes/{world.mission.pk}/**")
    for indicator in (world.program_indicator, world.disdik_indicator):
        assert page.locator("main", has_text=indicator.name).count() == 1
    assert page.js_errors == []


def test_the_governor_drills_from_the_homes_reality_tile_to_a_signals_facts(world, page, settings, tmp_path):
    from kinerja.dashboards.tests import reality_data

    settings.MEDIA_ROOT = tmp_path
    reality_data.first_agency(world)
    log_in(page, "leader", "test-password-1")
    page.goto(f"{page.base_url}/?year=2026")
    page.wait_for_selector("#home-reality")
    assert "Dinkes" in page.inner_text("#home-reality-agencies")
    page.locator("#home-reality-signals a.reality-signal").first.click()
    page.wait_for_selector("p.reality-explanation")
    assert "/cek-realitas/sinyal/" in page.url and "year=2026" in page.url
    assert page.locator("table.reality-facts tr").count() > 0
    assert page.js_errors == []
