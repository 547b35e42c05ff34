"""Browser tests: Playwright for Python driving Debian's chromium against pytest-django's
live server.

The browser is Debian's /usr/bin/chromium (installed by scripts/ensure-system-packages), never
a downloaded one, so the tests run offline. A missing chromium fails the tests: it is not a
reason to skip them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

# Playwright's sync API keeps an asyncio loop running in this thread; Django would take the
# test's own ORM calls for calls from async code and refuse them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("OVOP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Offline: every host name but the live server's fails to resolve (map tiles included).
    # A route refusing them would do the same, but any route turns the browser's cache off,
    # and every page would fetch its stylesheets, scripts and fonts from the live server again.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
#: The password tests.factories.UserFactory gives every user.
PASSWORD = "pw-for-tests-only"
#: Where OVOP_SCREENSHOTS=1 makes the tests save pictures of the pages for the docs.
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMEOUT_MS = 15_000


def screenshots_wanted() -> bool:
    return os.environ.get("OVOP_SCREENSHOTS", "") == "1"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing or not executable. The browser tests need Debian's "
            "chromium: run scripts/ensure-system-packages (as root) to install it.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def english_cookie(context: BrowserContext, url: str) -> None:
    """Pages in English, as if the user had chosen English in the language menu."""
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": url}])


@pytest.fixture
def page(browser: Browser, transactional_db: None, live_server: LiveServer) -> Iterator[Page]:
    """A fresh browser tab (own cookies) whose relative URLs go to the live server.

    The database fixture is asked for before the live server, so the session-wide server
    stops before the test database is dropped and leaves no connection open.

    The browser holds the language menu's cookie for English (ovop ignores the browser's
    Accept-Language), so the assertions read the English messages.
    """
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    english_cookie(context, live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def browser_login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the real login form and wait for the home page."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("form:has(#id_username) [type=submit]").click()
    expect(page.locator(".topbar .who")).to_contain_text(username)


#: The screen the facilitators and owners work on.
PHONE_VIEWPORT = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, transactional_db: None, live_server: LiveServer) -> Iterator[Page]:
    """Like `page`, but a phone: 390×844 CSS pixels, a touch screen, the mobile viewport rules.

    Requests that leave the live server (map tiles) fail, so the tests stay offline: the
    browser resolves no other host (CHROMIUM_ARGS); no route, which would turn its cache off.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
    )
    english_cookie(context, live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()
