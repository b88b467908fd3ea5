"""The governor opens the reality check, clicks a signal and lands on its facts (real clock: the records are
built for the day the suite runs, as the browser judges its cookies by that clock)."""

import pytest

from kinerja.browser import log_in
from kinerja.dashboards.tests import reality_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_governor_drills_from_a_signal_to_its_facts(world, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = reality_data.first_agency(world)
    log_in(page, "leader", "test-password-1")
    page.goto(f"{page.base_url}/cek-realitas/")
    page.wait_for_selector("h1 >> text=Cek realitas")
    page.fill("#year", "2026")
    page.click("text=Tampilkan")
    row = page.locator("table.reality-agencies tr", has_text="Dinkes")
    row.locator("a.reality-signal", has_text="Lonjakan akhir tahun").click()
    page.wait_for_selector("p.reality-explanation")
    assert "dilaporkan pada periode terakhirnya" in page.inner_text("p.reality-explanation")
    facts = page.inner_text("table.reality-facts")
    assert "Porsi (%)" in facts and "72,73" in facts and "72.73" not in facts
    page.click(f"ul.reality-links a[href*='/reports/indicators/{data['indicator'].pk}/']")
    page.wait_for_selector("h1")
    assert f"/reports/indicators/{data['indicator'].pk}/" in page.url


def test_the_reality_pages_fit_a_phone(world, page, settings, tmp_path):
    """The list, each signal's page (a SHA-256 among the facts) and the values without evidence, at 390 px."""
    from kinerja.dashboards import reality

    settings.MEDIA_ROOT = tmp_path
    reality_data.first_agency(world)
    signals = reality.compute(user=world.users["leader"], government=world.government, year=2026)
    assert {s.kind for s in signals} == set(reality.KINDS)
    log_in(page, "leader", "test-password-1")
    page.set_viewport_size({"width": 390, "height": 844})
    paths = [
        "/cek-realitas/?year=2026",
        f"/reports/without-evidence/?agency={world.dinkes.code}&year=2026",
        *(f"/cek-realitas/sinyal/?year=2026&key={s.key}" for s in signals),
    ]
    too_wide = {}
    for path in paths:
        assert page.goto(page.base_url + path).status == 200, path
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            too_wide[path] = width
    assert not too_wide, too_wide
