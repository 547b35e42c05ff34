"""The public catalogue in a real browser: axe-core on every public page template on a phone
and a desktop, the page weight of a product page on a phone, and a buyer's walk from search
to a product.

Page-weight budget (a rural 3G phone, about 50 KB/s in practice): the product page as first
shown — HTML, style sheets, scripts and the photos above the fold; photos further down are
lazy and not counted — transfers at most ``PRODUCT_PAGE_BUDGET_BYTES`` (150 KB), so it shows
in about three seconds. The live test server sends files uncompressed, so the measure is an
upper bound of what whitenoise's compressed files transfer in production.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from ovop.accounts.models import User
from ovop.catalogue import services, services_reviews
from ovop.catalogue.models import Listing
from ovop.enterprises.models import Certification, CertificationKind, Enterprise
from ovop.programme.models import Designation, ProgrammeVillage
from tests.browser.conftest import browser_login
from tests.factories import CertificationFactory, ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRODUCT_PAGE_BUDGET_BYTES = 150 * 1024
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
BAD = {"serious", "critical"}
#: The WhatsApp button goes through the counting redirect (``views_demand_public``).
WHATSAPP = re.compile(r"^/id/katalog/produk/keripik-tenggiri-alfa/go/whatsapp/$")


def _photo(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.effect_noise((1600, 1200), 60).convert("RGB").save(out, "JPEG", quality=85)
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def shop(
    settings: Any,
    tmp_path: Path,
    officer: User,
    enterprise_x: Enterprise,
    membership_a: ProgrammeVillage,
) -> Listing:
    """Two published products of village A (one its designated product) with three photos,
    a halal certificate, a star-less listing, the village's story and coordinates."""
    settings.MEDIA_ROOT = tmp_path
    village = enterprise_x.village
    village.lat, village.lon = Decimal("-2.300000"), Decimal("106.100000")
    village.save()
    enterprise_x.phone = "081234567890"
    enterprise_x.save()
    keripik = ProductFactory(enterprise=enterprise_x, name="Keripik Tenggiri")
    halal: Certification = CertificationFactory(
        enterprise=enterprise_x, product=keripik, kind=CertificationKind.HALAL, number="ID0011"
    )
    Designation.objects.create(membership=membership_a, year=2025, product=keripik)
    values = services.ListingValues(
        public_name="Keripik Tenggiri Alfa",
        story="Keripiknya renyah, dibuat dari ikan tenggiri segar oleh ibu-ibu Desa Alfa. " * 4,
        raw_material="Ikan tenggiri dari nelayan Desa Alfa",
        price_idr=35_000,
        unit="bungkus",
        marketplace_links=["https://shopee.co.id/alfa"],
        show_whatsapp=True,
        certification_ids=[halal.pk],
    )
    listing = services.listing_create(user=officer, product=keripik, values=values)
    for n in range(3):
        services.photo_add(
            user=officer, listing=listing, upload=_photo((n, 0, 0)), caption=f"Foto {n}"
        )
    services.listing_publish(user=officer, listing=listing)
    other = ProductFactory(enterprise=enterprise_x, name="Kerupuk Ikan")
    second = services.listing_create(
        user=officer, product=other, values=services.ListingValues(public_name="Kerupuk Ikan Alfa")
    )
    services.listing_publish(user=officer, listing=second)
    services.village_story_save(user=officer, village=village, story="Desa nelayan di pesisir.")
    review = services_reviews.review_submit(
        listing=listing,
        values=services_reviews.ReviewValues(5, "Renyah dan gurih.", "Rina Kartika", "r@x.id"),
    )
    services_reviews.review_publish(user=officer, review=review)
    return listing


@pytest.fixture
def visitor(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A visitor's tab (not signed in) of the size ``request.param`` names, offline but for
    the live server (map tiles are refused)."""
    viewport = VIEWPORTS[request.param]
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,  # type: ignore[arg-type]
        is_mobile=request.param == "phone",
        has_touch=request.param == "phone",
    )
    context.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    tab = context.new_page()
    yield tab
    context.close()


def _pages(listing: Listing) -> list[str]:
    village = listing.product.enterprise.village.code
    return [
        "/id/katalog/",
        "/en/catalogue/",
        "/id/katalog/cari/?q=keripik&certificates=halal",
        "/id/katalog/cari/?q=tidakada",
        f"/id/katalog/produk/{listing.slug}/",
        f"/en/catalogue/product/{listing.slug}/",
        f"/id/katalog/produk/{listing.slug}/ulasan/",  # the review form
        f"/id/katalog/desa/{village}/",
        "/id/katalog/produk/tidak-ada/",  # the catalogue's 404 page
        f"/id/katalog/produk/{listing.slug}/tanya/",  # the inquiry form on its own
        f"/en/catalogue/product/{listing.slug}/inquiry/thank-you/",
    ]


@pytest.mark.parametrize("visitor", list(VIEWPORTS), indirect=True)
def test_axe_finds_no_serious_violation(visitor: Page, shop: Listing) -> None:
    """Every public template (home, search with and without results, product, village) in
    both languages where the words differ: no serious or critical axe-core violation, and
    nothing wider than the screen."""
    axe = Axe()
    found: dict[str, list[str]] = {}
    blocked: list[str] = []
    visitor.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    for address in _pages(shop):
        response = visitor.goto(address)
        expected = 404 if "tidak-ada" in address else 200
        assert response is not None and response.status == expected, address
        width = visitor.evaluate("document.documentElement.scrollWidth")
        assert width <= visitor.viewport_size["width"], address  # type: ignore[index]
        results = axe.run(visitor)
        bad = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v.get("impact") in BAD
        ]
        if bad:
            found[address] = bad
    assert found == {}
    assert blocked == []  # the JSON-LD data block and the map run under the site's policy


@pytest.mark.parametrize("visitor", ["phone"], indirect=True)
def test_product_page_weight_on_a_phone(visitor: Page, shop: Listing) -> None:
    sizes: dict[str, int] = {}

    def seen(response: Any) -> None:
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
            sizes[response.url] = 0

    visitor.on("response", seen)
    visitor.goto(f"/id/katalog/produk/{shop.slug}/", wait_until="load")
    visitor.wait_for_load_state("networkidle")
    lazy = visitor.eval_on_selector_all(
        "img[loading=lazy]", "images => images.map(image => image.currentSrc)"
    )
    assert len(lazy) == 2  # the photos under "More photos", far below the fold
    first = visitor.eval_on_selector("img[fetchpriority=high]", "image => image.currentSrc")
    assert first.endswith("/640.webp")  # the phone took the WebP copy that fits its screen
    shown = {url: size for url, size in sizes.items() if url not in lazy}
    assert sum(shown.values()) <= PRODUCT_PAGE_BUDGET_BYTES, shown


@pytest.mark.parametrize("visitor", ["phone"], indirect=True)
def test_buyer_finds_a_product_by_search_on_a_phone(visitor: Page, shop: Listing) -> None:
    visitor.goto("/id/katalog/")
    visitor.get_by_label("Cari", exact=True).fill("keripiknya")
    visitor.get_by_role("button", name="Cari").click()
    visitor.get_by_role("link", name="Keripik Tenggiri Alfa").click()
    expect(visitor.locator("h1")).to_have_text("Keripik Tenggiri Alfa")
    whatsapp = visitor.get_by_role("link", name="Tanya lewat WhatsApp")
    expect(whatsapp).to_have_attribute("href", WHATSAPP)
    visitor.get_by_role("link", name="English").click()
    expect(visitor.locator("html")).to_have_attribute("lang", "en")
    expect(visitor).to_have_url(f"{visitor.url.split('/en/')[0]}/en/catalogue/product/{shop.slug}/")
    visitor.wait_for_load_state("load")  # the style sheets applied
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 390


def test_officer_pages_fit_a_phone(phone: Page, officer: User, shop: Listing) -> None:
    browser_login(phone, officer.username)
    for address in ("/catalogue/", f"/catalogue/products/{shop.product_id}/"):
        phone.goto(address)
        expect(phone.locator("h1")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, address
    phone.get_by_label("Price").fill("1,5 juta")
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator("h1")).to_contain_text("Catalogue page of")
    shop.refresh_from_db()
    assert shop.price_idr == 1_500_000


@pytest.mark.parametrize("visitor", list(VIEWPORTS), indirect=True)
def test_certificate_boxes_sit_beside_their_names(visitor: Page, shop: Listing) -> None:
    """The search form's certificate boxes are square and small, their names right after them
    (a rule for the office's filters once stretched each box to 160 px on a desktop)."""
    visitor.goto("/id/katalog/cari/?q=keripik")
    boxes = visitor.eval_on_selector_all(
        ".filters fieldset label",
        """labels => labels.map(label => {
            const box = label.querySelector('input').getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(label);
            range.setStartAfter(label.querySelector('input'));
            const text = range.getBoundingClientRect();
            return [box.width, box.height, text.left - box.right];
        })""",
    )
    assert len(boxes) == 3
    for width, height, gap in boxes:
        assert width == height <= 24
        assert 0 <= gap <= 16
