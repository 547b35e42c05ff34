"""A buyer's inquiry in a real browser on a phone (390 px): the buyer opens a product and sends
an inquiry; its owner sees it and marks it answered; the officers' demand dashboard shows it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Inquiry, InquiryStatus, Listing
from ovop.enterprises.models import Product
from tests.browser.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listing(officer: User, product_x: Product, settings: Any) -> Listing:
    settings.OVOP_INQUIRY_MIN_SECONDS = 0  # the test types faster than a person
    values = services.ListingValues(
        public_name="Keripik Tenggiri Alfa", story="Renyah dan gurih.", price_idr=35_000
    )
    made = services.listing_create(user=officer, product=product_x, values=values)
    return services.listing_publish(user=officer, listing=made)


def test_buyer_asks_owner_answers_dashboard_counts(
    phone: Page, listing: Listing, owner: User, officer: User
) -> None:
    phone.goto(f"/id/katalog/produk/{listing.slug}/")
    phone.get_by_label("Nama Anda").fill("Budi <b>Pembeli</b>")
    phone.get_by_label("Telepon atau WhatsApp").fill("0812-3456-7890")
    phone.get_by_label("Jumlah").fill("25")
    phone.get_by_label("Pesan").fill("Bisa kirim ke Pangkalpinang?")
    phone.get_by_label("Saya setuju data saya diteruskan untuk keperluan ini.").check()
    phone.get_by_role("button", name="Kirim pertanyaan").click()
    expect(phone.locator("h1")).to_have_text("Terima kasih atas pertanyaan Anda")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    inquiry = Inquiry.objects.get()
    assert (inquiry.phone, inquiry.quantity) == ("+6281234567890", 25)

    browser_login(phone, owner.username)
    phone.goto("/catalogue/inquiries/")
    expect(phone.locator("tbody")).to_contain_text("Budi <b>Pembeli</b>")  # shown as text
    phone.locator("tbody a").first.click()
    phone.get_by_label("answered", exact=True).check()
    phone.get_by_role("button", name="Save outcome").click()
    expect(phone.locator("#inquiry-status")).to_have_text("answered")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.ANSWERED

    phone.context.clear_cookies()
    browser_login(phone, officer.username)
    phone.goto(f"/catalogue/demand/?year={timezone.localdate().year}")
    expect(phone.locator("#total-inquiries")).to_have_text("1")
    expect(phone.locator("#demand-products")).to_contain_text("Keripik Tenggiri Alfa")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
