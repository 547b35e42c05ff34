"""Money typed in a real browser: the page's script shows the amount it understood while the
user types, and what is stored is that amount."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.browser.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typed_amount_is_echoed_then_stored(page: Page, officer: User, village_a: Region) -> None:
    browser_login(page, officer.username)
    page.goto("/enterprises/new/")
    page.fill("#id_name", "Kerupuk Lestari")
    page.fill("#id_owner_name", "Bu Sari")
    page.select_option("#id_village", value=str(village_a.pk))
    sales = page.locator("#id_annual_sales_idr")
    expect(sales).to_have_attribute("inputmode", "decimal")
    echo = page.locator("#id_annual_sales_idr_money")

    sales.fill("1,5")
    expect(echo).to_have_text("Not a clear amount yet: write it like 60.000.000 or 1,5 juta")
    sales.fill("1,5 juta")
    expect(echo).to_have_text("Read as Rp 1.500.000")
    sales.fill("Rp 60.000.000")
    expect(echo).to_have_text("Read as Rp 60.000.000")
    page.fill("#id_investment_idr", "750 rb")
    expect(page.locator("#id_investment_idr_money")).to_have_text("Read as Rp 750.000")
    page.locator("form:has(#id_name) [type=submit]").first.click()

    expect(page.locator("h1")).to_have_text("Kerupuk Lestari")
    enterprise = Enterprise.objects.get()
    assert (enterprise.annual_sales_idr, enterprise.investment_idr) == (60_000_000, 750_000)
