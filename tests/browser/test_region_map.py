"""The region map in a real browser: markers from the page itself, with no tile server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Route, expect

from ovop.accounts.models import User
from ovop.regions.models import Region
from ovop.regions.services import regions_load
from tests.browser.conftest import browser_login
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_tiles(route: Route) -> None:
    route.abort("internetdisconnected")


def test_markers_and_popups_work_without_the_tile_server(
    page: Page,
    officer: User,
) -> None:
    regions_load(regency_code="19.04")
    EnterpriseFactory(name="Rusip Namang", village=Region.objects.get(code="19.04.05.2001"))
    page.route("https://tile.openstreetmap.org/**", _no_tiles)
    browser_login(page, officer.username)

    page.goto("/regions/19.04.05/")

    expect(page.locator(".leaflet-marker-icon")).to_have_count(8)
    expect(page.locator("#map-note")).to_have_text(
        "The background map could not be loaded (no internet?); the village markers are still "
        "correct."
    )
    page.locator('.leaflet-marker-icon[title="Namang"]').click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("19.04.05.2001")
    expect(popup).to_contain_text("Enterprises (IKM): 1")
    popup.get_by_role("link", name="Namang").click()
    expect(page).to_have_url(re.compile(r"/regions/19\.04\.05\.2001/$"))
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)


def test_regency_map_has_all_63_villages(
    page: Page,
    viewer: User,
) -> None:
    regions_load(regency_code="19.04")
    page.route("https://tile.openstreetmap.org/**", _no_tiles)
    browser_login(page, viewer.username)

    page.goto("/regions/19.04/")

    expect(page.locator(".leaflet-marker-icon")).to_have_count(63)
    expect(page.locator("table tbody tr")).to_have_count(6)
