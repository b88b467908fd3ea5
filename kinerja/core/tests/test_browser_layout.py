"""Every main page in a real browser: usable on a 390 px phone, one navigation row at 1440 px, the API page.

Wide tables scroll inside their ``.table-responsive`` container; the page itself never scrolls sideways.
"""

import re

import pytest

from kinerja.browser import log_in
from kinerja.tests.everything import populate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
LAPTOP = {"width": 1280, "height": 800}  # the narrowest width the navigation is expanded at (Bootstrap xl)


@pytest.fixture(autouse=True)
def patient(page):
    """These tests load many pages (a PDF-rendering fixture included): allow a loaded machine more time."""
    page.set_default_navigation_timeout(60000)


def _main_pages(world, objects) -> list[str]:
    survey, document, project = objects["survey"], objects["document"], objects["project"]
    return [
        "/",
        "/plan/",
        "/plan/periods/",
        "/agencies/",
        f"/agencies/{world.dinkes.code}/",
        f"/plan/nodes/{world.dinkes_program.pk}/",
        f"/plan/indicators/{world.program_indicator.pk}/",
        f"/plan/nodes/{world.dinkes_program.pk}/edit/",
        "/reports/",
        "/reports/board/",
        "/reports/periods/",
        f"/reports/{objects['indicator'].pk}/{objects['quarter'].pk}/",
        f"/reports/indicators/{objects['indicator'].pk}/",
        f"/reports/budgets/{world.dinkes_sub.pk}/",
        "/dashboard/",
        f"/dashboard/agencies/{world.dinkes.code}/",
        "/satisfaction/",
        f"/satisfaction/{survey.pk}/",
        f"/satisfaction/agencies/{world.dinkes.code}/",
        "/integritas/",
        f"/integritas/dokumen/{document.pk}/",
        f"/integritas/bidang/{world.dinkes.code}/",
        "/proyek/",
        "/proyek/daftar/",
        f"/proyek/{project.pk}/",
        "/hambatan/",
        f"/hambatan/{objects['obstacle'].pk}/",
        "/rapat/",
        f"/rapat/{objects['meeting'].pk}/",
        "/arahan/",
        f"/arahan/{objects['assignment'].pk}/",
        "/audit/",
        "/users/",
    ]


def _public_pages(objects) -> list[str]:
    return [
        "/login/",
        f"/s/{objects['survey'].public_code}/",
        "/verifikasi/",
        f"/verifikasi/{objects['document'].code}/",
    ]


def _width(page) -> int:
    page.wait_for_load_state("networkidle")
    return page.evaluate("document.documentElement.scrollWidth")


def _widest(page) -> str:
    """Name the element that sticks out furthest on the right (for the failure message)."""
    return page.evaluate(
        """() => { let worst = null, right = 0;
        for (const el of document.querySelectorAll('body *')) {
          if (el.closest('.table-responsive')) continue;
          const r = el.getBoundingClientRect().right;
          if (r > right) { right = r; worst = el; }
        }
        return worst ? worst.tagName + '.' + worst.className + ' ' + Math.round(right) : ''; }"""
    )


def test_every_page_fits_a_390_px_phone_without_scrolling_sideways(world, page):
    objects = populate(world)
    page.set_viewport_size(PHONE)
    too_wide = {}
    for path in _public_pages(objects):
        page.goto(page.base_url + path)
        if _width(page) > PHONE["width"]:
            too_wide[path] = (_width(page), _widest(page))
    log_in(page, "admin_user", "test-password-1")
    for path in _main_pages(world, objects):
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        if _width(page) > PHONE["width"]:
            too_wide[path] = (_width(page), _widest(page))
    assert not too_wide, "\n".join(
        f"{path}: {width} px, widest {element}" for path, (width, element) in too_wide.items()
    )
    assert page.js_errors == []


def test_the_navigation_is_one_row_at_1440_px_for_the_user_with_the_most_entries(world, page):
    admin = world.users["admin_user"]
    admin.first_name, admin.last_name = "Administrator", "Kinerja"  # as the demo's administrator is named
    admin.save()
    log_in(page, "admin_user", "test-password-1")  # the administrator sees every entry (audit, users)
    for language, size in (("ID", DESKTOP), ("EN", DESKTOP), ("EN", LAPTOP)):  # the English labels are longer
        page.set_viewport_size(size)
        page.click(f"nav button[name=language] >> text={language}")
        page.wait_for_load_state("networkidle")
        for path in ("/", "/dashboard/"):
            page.goto(page.base_url + path)
            tops = page.eval_on_selector_all(
                "nav.navbar .navbar-nav > .nav-item, nav.navbar .navbar-brand, nav.navbar .navbar-text, nav.navbar form",
                "items => items.map(i => Math.round(i.getBoundingClientRect().top + i.getBoundingClientRect().height / 2))",
            )
            assert len(tops) > 8 and max(tops) - min(tops) <= 4, (language, path, tops)
            # No entry breaks over two lines either: every link is as tall as the shortest one.
            heights = page.eval_on_selector_all(
                "nav.navbar .navbar-nav > .nav-item > .nav-link",
                "links => links.map(l => [l.textContent.trim(), Math.round(l.getBoundingClientRect().height)])",
            )
            one_line = min(height for _text, height in heights)
            assert [text for text, height in heights if height > one_line + 2] == [], (language, path, heights)
            assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    assert page.js_errors == []


def test_the_regions_map_legend_shows_numbers(world, page):
    populate(world)
    log_in(page, "planner", "test-password-1")
    page.goto(page.base_url + "/proyek/")
    page.wait_for_selector(".chart-map svg text")
    texts = page.eval_on_selector_all(".chart-map svg text", "ts => ts.map(t => t.textContent)")
    counts = [t for t in texts if re.fullmatch(r"\d+(–\d+)? proyek", t.strip())]
    assert "0 proyek" in counts and "1 proyek" in counts, texts
    assert page.js_errors == []


def test_every_page_links_a_favicon_that_is_served(world, page, client):
    log_in(page, "planner", "test-password-1")
    icons = page.eval_on_selector_all("link[rel~=icon]", "ls => ls.map(l => l.href)")
    assert any(i.endswith("/favicon.ico") for i in icons) and any(i.endswith(".svg") for i in icons)
    for href in icons:
        response = page.request.get(href)
        assert response.status == 200 and response.headers["content-type"].startswith("image/"), href


def test_the_api_page_renders_its_operations_under_the_strict_csp_without_console_errors(world, page):
    log_in(page, "planner", "test-password-1")
    response = page.goto(page.base_url + "/api/v1/docs/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "nonce" not in csp
    # Swagger UI renders a long schema virtually (only the operations near the viewport are in the page), so
    # scroll through it and collect every operation path shown: all of the schema's, e.g. the plan nodes'.
    page.wait_for_selector(".opblock", timeout=30000)
    seen, still = set(), 0
    while still < 12:
        before = len(seen)
        seen.update(page.locator(".opblock-summary-path").all_inner_texts())
        still = still + 1 if len(seen) == before else 0
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(100)
    paths = {p.replace("\u200b", "") for p in seen}
    served = page.request.get(page.base_url + "/api/v1/schema/?format=json").json()["paths"]
    assert set(served) <= paths, sorted(set(served) - paths)[:5]
    assert "/api/v1/plan-nodes/" in paths
    assert page.js_errors == []
