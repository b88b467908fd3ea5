"""Every portal page passes axe-core's WCAG 2.1 A and AA rules in Chromium, fits 390 px, and works without script."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from kinerja.portal.tests.test_portal import YEAR, published  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _portal_urls(world, published) -> list[str]:  # noqa: F811
    return [
        f"/publik/?year={YEAR}",
        f"/publik/?year={YEAR - 1}",
        f"/publik/opd/?year={YEAR}",
        f"/publik/opd/{world.dinkes.code}/?year={YEAR}",
        "/publik/proyek/",
        f"/publik/proyek/{published['public'].pk}/",
        f"/publik/arahan/?year={YEAR}",
        f"/publik/data/?year={YEAR}",
    ]


def _violations(page) -> list[str]:
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (nothing is injected).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def test_every_portal_page_has_no_accessibility_violation(page, world, published):  # noqa: F811
    assert AXE.exists(), "axe-core is missing: run `make assets` (npm ci)"
    cache.clear()
    found = {}
    for language in ("id", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
        for url in _portal_urls(world, published):
            response = page.goto(page.base_url + url)
            assert response.status == 200, url
            violations = _violations(page)
            if violations:
                found[f"{language} {url}"] = violations
    assert found == {}
    assert page.js_errors == []


def test_portal_pages_fit_a_phone_and_work_without_script(page, world, published):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})
    for url in _portal_urls(world, published):
        page.goto(page.base_url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} is {overflow}px wider than a 390px screen"
    context = page.context.browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    bare = context.new_page()
    bare.goto(f"{page.base_url}/publik/proyek/")
    assert bare.locator("svg.portal-map path").count() > 0  # the map is drawn by the server
    assert bare.locator("table").count() >= 2  # and its numbers stand in a table
    bare.goto(f"{page.base_url}/publik/?year={YEAR}")
    bare.select_option("#portal-year", str(YEAR - 1))
    bare.click("form.portal-year button")
    assert f"year={YEAR - 1}" in bare.url and str(YEAR - 1) in bare.locator("h1").inner_text()
    context.close()


def test_the_accessibility_check_can_fail(page, world, published):  # noqa: F811
    """The check above is real: an image without a text alternative on the page is reported."""
    page.goto(f"{page.base_url}/publik/?year={YEAR}")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico\">')")
    assert any(v.startswith("image-alt") for v in _violations(page))
