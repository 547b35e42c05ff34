"""A facilitator reads the realisation of their villages on a 390×844 phone: nothing scrolls
the page sideways, the grouped tables become cards, and the month selector works."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ovop.accounts.models import User
from tests.browser.conftest import PHONE_VIEWPORT, browser_login
from tests.planning.conftest_reports import Books, books

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["books"]


def test_facilitator_reads_the_realisation_on_a_phone(
    books: Books, facilitator: User, phone: Page
) -> None:
    browser_login(phone, "facilitator")
    phone.goto("/planning/2026/realisation/?month=6")
    expect(phone.locator("#total-planned")).to_have_text("Rp 150,000,000")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"]
    first_row = phone.locator("#by-source tbody tr").first
    assert first_row.evaluate("row => getComputedStyle(row).display") == "block"  # a card
    expect(phone.locator("#total-realised")).to_have_text("Rp 115,000,000")
    phone.select_option("#id_month", "2")
    phone.locator("#month-form [type=submit]").click()
    expect(phone).to_have_url(re.compile(r"month=2$"))
    expect(phone.locator("#total-realised")).to_have_text("Rp 60,000,000")
    phone.wait_for_load_state("load")  # the style sheet too, before measuring the layout
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
