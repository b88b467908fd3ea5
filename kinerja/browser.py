"""Playwright driving Debian's Chromium for the browser tests (no browser is downloaded)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM)


@pytest.fixture
def page(live_server, monkeypatch):
    """A Chromium page; skipped where Chromium is absent, except in CI (CI set), where that is a failure."""
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI for the browser tests (apt-get install chromium chromium-driver)")
        pytest.skip("Chromium is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test itself are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: errors.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None,
        )
        page.js_errors = errors
        yield page
        browser.close()


def log_in(page, username: str, password: str) -> None:
    page.goto(f"{page.base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    # ``/`` routes by role: leaders and planners get the leader's home, an agency head his agency's dashboard,
    # the others core's home; a logged-in user is wherever the site left the login page for.
    page.wait_for_url(lambda url: url.startswith(page.base_url) and "/login/" not in url)
