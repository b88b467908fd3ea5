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
