"""Issue 13: the dashboard in the browser — an officer on a phone narrows it to a kecamatan and
follows an indicator to its estimates; each role signs in on a desktop and finds the home page
meant for it (admins, officers and viewers the dashboard; facilitators, owners and assessors
their own smaller views, without it)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import Role
from ovop.monitoring.models import Indicator, Target
from ovop.programme.models import Programme
from tests.browser.conftest import SCREENSHOT_DIR, browser_login, screenshots_wanted
from tests.browser.test_evaluation_pages import _world
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _target(programme: Programme) -> None:
    Target.objects.create(
        indicator=Indicator.objects.get(code="omzet"),
        region=programme.regency,
        year=2025,
        target_value=Decimal(3_000_000),
    )


def test_an_officer_narrows_the_dashboard_on_a_phone(phone: Page) -> None:
    programme = _world()
    _target(programme)
    browser_login(phone, "petugas")
    expect(phone.locator("#dash-title")).to_contain_text("Dashboard: OVOP Uji")
    omzet = phone.locator('#dash-indicators tr[data-code="omzet"]')
    expect(omzet).to_contain_text("Rp\u00a03.300.000 (n=5)")
    expect(omzet).to_contain_text("110.0 %")
    expect(omzet).to_contain_text("very effective")
    expect(phone.locator("#dash-impacts")).to_contain_text("Monthly revenue")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.get_by_label("Kecamatan").select_option(value="99.01.02")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Show").click()
    expect(phone.locator('#dash-indicators tr[data-code="omzet"]')).to_contain_text(
        "Rp\u00a03.200.000 (n=5)"
    )
    if screenshots_wanted():
        phone.screenshot(path=SCREENSHOT_DIR / "dashboard-phone.png", full_page=True)
    with phone.expect_navigation():
        phone.locator('#dash-indicators tr[data-code="omzet"] a').click()
    expect(phone.locator("h1")).to_contain_text("Monthly revenue")


@pytest.mark.parametrize(
    ("role", "sees_dashboard"),
    [
        (Role.ADMIN, True),
        (Role.VIEWER, True),
        (Role.FACILITATOR, False),
        (Role.OWNER, False),
        (Role.ASSESSOR, False),
    ],
)
def test_each_role_opens_its_own_home(page: Page, role: str, sees_dashboard: bool) -> None:
    _world()
    UserFactory(username="orang", role=role)
    browser_login(page, "orang")
    if sees_dashboard:
        expect(page.locator("#dash-title")).to_contain_text("Dashboard: OVOP Uji")
        expect(page.locator("#dash-stages")).to_be_visible()
        if screenshots_wanted() and role == Role.VIEWER:
            page.screenshot(path=SCREENSHOT_DIR / "dashboard.png", full_page=True)
    else:
        expect(page.locator("h1")).to_contain_text("Welcome")
        expect(page.locator("#dashboard")).to_have_count(0)
