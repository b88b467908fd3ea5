"""Every portal page passes axe-core's WCAG 2.1 A and AA rules in Chromium, fits 390 px, and works without script."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from kinerja.portal.tests.test_portal import YEAR, published, standards  # noqa: F401  (the fixtures)

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


def _agreement_in_force(world):
    from kinerja.core.audit import audit_context
    from kinerja.integrity import services as integrity
    from kinerja.integrity.choices import DocumentKind, DocumentState
    from kinerja.integrity.models import SignedDocument

    with audit_context(username="test:setup"):
        document = integrity.document_prepare(
            user=world.users["planner"], kind=DocumentKind.PK_AGENCY, government=world.government, year=YEAR,
            agency=world.dinkes,
            first_party={"user": world.users["dinkes_head"], "name": "dr. Kepala", "position": "Kepala Dinas"},
            second_party={"user": world.users["leader"], "name": "Gubernur", "position": "Gubernur"},
        )  # fmt: skip
    SignedDocument.objects.filter(pk=document.pk).update(
        state=DocumentState.IN_FORCE, document_date=datetime.date(YEAR, 1, 21)
    )


def test_every_portal_page_has_no_accessibility_violation(page, world, standards):  # noqa: F811
    """With key indicators that have a national standard (one met, one without a verified value): the
    standard and its verdict are checked on the overview and the agency page, as is the agreement's table."""
    assert AXE.exists(), "axe-core is missing: run `make assets` (npm ci)"
    _agreement_in_force(world)
    cache.clear()
    found = {}
    shown = {"id": ("Standar nasional", "terpenuhi"), "en": ("National standard", "met")}
    for language in ("id", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
        for url in _portal_urls(world, standards):
            response = page.goto(page.base_url + url)
            assert response.status == 200, url
            if url.startswith((f"/publik/?year={YEAR}", f"/publik/opd/{world.dinkes.code}/")):
                label, verdict = shown[language]
                text = page.locator("main").inner_text()
                assert f"{label}: 4 dokumen (SPM 2024) · {verdict}" in text, (language, url)
            if url.startswith(f"/publik/opd/{world.dinkes.code}/"):
                assert page.locator("#agreement ~ div table td[rowspan]").count() > 0  # the annex's rows
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
