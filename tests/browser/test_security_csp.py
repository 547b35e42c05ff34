"""The Content-Security-Policy in a real browser: the pages' own scripts run, nothing is
refused, map tiles from OpenStreetMap may load, and the API docs work without inline script."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import ConsoleMessage, Page, Route, expect

from ovop.accounts.models import User
from ovop.regions.services import regions_load
from tests.browser.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: A 1×1 PNG standing in for a map tile (the tests never reach the internet).
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _tile(route: Route) -> None:
    route.fulfill(status=200, content_type="image/png", body=TILE)


def _violations(page: Page) -> list[str]:
    refused: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", listen)
    return refused


def test_pages_work_under_the_policy_and_nothing_is_refused(page: Page, officer: User) -> None:
    refused = _violations(page)
    regions_load(regency_code="19.04")
    page.route("https://tile.openstreetmap.org/**", _tile)
    browser_login(page, officer.username)

    page.goto("/regions/19.04/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(63)
    tiles = page.locator("img.leaflet-tile-loaded")
    expect(tiles.first).to_be_visible()

    # The language menu's script is a static file: choosing English reloads the page in it.
    page.select_option("#language-select", "id")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    # the menu's script is deferred: wait until the reloaded page has run it
    page.wait_for_load_state("load")
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("ovop API")
    assert refused == []
