"""The public catalogue pages: no login, the language from the address, 404 for what is not
public, old addresses redirected, nothing private shown, text escaped."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
from ovop.core.models import archive
from tests.catalogue.conftest import PRIVATE

pytestmark = pytest.mark.django_db


def test_product_page_in_indonesian_without_login(client: Client, listing_x: Listing) -> None:
    response = client.get("/id/katalog/produk/keripik-tenggiri-alfa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Keripik Tenggiri Alfa" in html
    assert "Rp 35.000 / bungkus 250 g" in html
    assert "ID00110012345" in html
    assert (
        'hreflang="en" href="http://testserver/en/catalogue/product/keripik-tenggiri-alfa/"' in html
    )
    assert response["Content-Language"] == "id"


def test_product_page_in_english(client: Client, listing_x: Listing) -> None:
    response = client.get("/en/catalogue/product/keripik-tenggiri-alfa/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Price and how to buy" in html
    assert 'href="http://testserver/id/katalog/produk/keripik-tenggiri-alfa/"' in html


def test_nothing_private_is_public(client: Client, listing_x: Listing) -> None:
    pages = [
        "/id/katalog/",
        "/id/katalog/produk/keripik-tenggiri-alfa/",
        "/en/catalogue/product/keripik-tenggiri-alfa/",
        "/id/katalog/cari/?q=keripik",
        f"/id/katalog/desa/{listing_x.product.enterprise.village.code}/",
        "/api/v1/catalogue/products/",
        "/api/v1/catalogue/products/keripik-tenggiri-alfa/",
        "/sitemap.xml",
    ]
    private = [str(v) for v in PRIVATE.values()] + ["6281234567890", "987.654.321", "55.555.555"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert "Keripik Tenggiri Alfa" in body or page == "/sitemap.xml", page
        for value in private:
            assert value not in body, (page, value)
        assert "female" not in body and "Perempuan" not in body, page


def test_whatsapp_button_only_with_consent(
    client: Client, officer: User, listing_x: Listing
) -> None:
    page = "/id/katalog/produk/keripik-tenggiri-alfa/"
    assert "wa.me" not in client.get(page).content.decode()
    values = services.ListingValues(
        public_name=listing_x.public_name, show_whatsapp=True, price_idr=35_000
    )
    services.listing_update(user=officer, listing=listing_x, values=values)
    html = client.get(page).content.decode()
    # the button goes through the counting redirect (``views_demand_public.go_whatsapp``)
    match = re.search(r'href="([^"]+/go/whatsapp/)"', html)
    assert match is not None
    location = client.get(match.group(1))["Location"]
    assert location.startswith("https://wa.me/6281234567890?text=Halo%2C%20saya%20tertarik")


@pytest.mark.parametrize("state", ["unpublished", "product_archived", "enterprise_archived"])
def test_not_public_is_404(client: Client, officer: User, listing_x: Listing, state: str) -> None:
    if state == "unpublished":
        services.listing_unpublish(user=officer, listing=listing_x)
    elif state == "product_archived":
        archive(listing_x.product, user=officer)
    else:
        archive(listing_x.product.enterprise, user=officer)
    for page in (
        "/id/katalog/produk/keripik-tenggiri-alfa/",
        "/api/v1/catalogue/products/keripik-tenggiri-alfa/",
        f"/id/katalog/desa/{listing_x.product.enterprise.village.code}/",
    ):
        assert client.get(page).status_code == 404, page
    assert "Keripik" not in client.get("/id/katalog/").content.decode()


def test_unknown_addresses_are_404(client: Client, listing_x: Listing) -> None:
    page = client.get("/id/katalog/produk/tidak-ada/")
    assert page.status_code == 404
    assert "Produk ini tidak (lagi) ada di katalog." in page.content.decode()
    english = client.get("/en/catalogue/product/nothing/")
    assert "This product is not (or no longer) in the catalogue." in english.content.decode()
    assert client.get("/id/katalog/desa/99.99.99.9999/").status_code == 404
    assert client.get("/en/catalogue/village/1/").status_code == 404


def test_old_slug_redirects_permanently(client: Client, officer: User, listing_x: Listing) -> None:
    values = services.ListingValues(public_name="Keripik Tenggiri Alfa", slug="keripik-alfa")
    services.listing_update(user=officer, listing=listing_x, values=values)
    old = client.get("/id/katalog/produk/keripik-tenggiri-alfa/")
    assert old.status_code == 301
    assert old["Location"] == "/id/katalog/produk/keripik-alfa/"
    english = client.get("/en/catalogue/product/keripik-tenggiri-alfa/")
    assert english["Location"] == "/en/catalogue/product/keripik-alfa/"
    assert client.get("/id/katalog/produk/keripik-alfa/").status_code == 200


def test_html_in_text_is_escaped(client: Client, officer: User, listing_x: Listing) -> None:
    values = services.ListingValues(
        public_name="Keripik <b>Alfa</b>",
        story="</script><script>alert(1)</script> & enak",
        slug="keripik-alfa",
    )
    services.listing_update(user=officer, listing=listing_x, values=values)
    html = client.get("/id/katalog/produk/keripik-alfa/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html
    assert "Keripik &lt;b&gt;Alfa&lt;/b&gt;" in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld is not None
    data = json.loads(ld.group(1))
    assert data["@type"] == "Product"
    assert data["name"] == "Keripik <b>Alfa</b>"
    assert "</" not in ld.group(1)


def test_json_ld_describes_the_offer(client: Client, listing_x: Listing) -> None:
    html = client.get("/id/katalog/produk/keripik-tenggiri-alfa/").content.decode()
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld is not None
    data = json.loads(ld.group(1))
    assert data["offers"] == {
        "@type": "Offer",
        "availability": "https://schema.org/InStock",
        "price": 35000,
        "priceCurrency": "IDR",
        "url": "http://testserver/id/katalog/produk/keripik-tenggiri-alfa/",
    }
    assert '<meta property="og:title" content="Keripik Tenggiri Alfa">' in html
    assert '<meta property="og:type" content="product">' in html


def test_catalogue_root_redirects_to_indonesian(client: Client) -> None:
    response = client.get("/katalog/")
    assert response.status_code == 301
    assert response["Location"] == "/id/katalog/"


def test_home_lists_by_village_and_category(client: Client, listing_x: Listing) -> None:
    html = client.get("/id/katalog/").content.decode()
    assert "Desa Alfa" in html
    assert "?category=food_beverage" in html
    assert "/id/katalog/produk/keripik-tenggiri-alfa/" in html


def test_search_page_lists_everything_until_asked(client: Client, listing_x: Listing) -> None:
    html = client.get("/id/katalog/cari/").content.decode()
    assert "1 produk ditemukan" in html
    assert "/id/katalog/produk/keripik-tenggiri-alfa/" in html
    bad = client.get("/id/katalog/cari/", {"price_min": "2 M", "stars": "9"})
    assert bad.status_code == 200
    assert "produk ditemukan" not in bad.content.decode()
    assert "Paling banyak Rp 1.000.000.000." in bad.content.decode()
    none = client.get("/en/catalogue/search/", {"q": "rendang"}).content.decode()
    assert "0 products found" in none
    assert "No product matches. Try fewer words or fewer filters." in none


def test_head_is_answered_and_post_refused(client: Client, listing_x: Listing) -> None:
    assert client.head("/id/katalog/produk/keripik-tenggiri-alfa/").status_code == 200
    assert client.head("/sitemap.xml").status_code == 200
    assert client.post("/id/katalog/produk/keripik-tenggiri-alfa/").status_code == 405
    assert client.post("/sitemap.xml").status_code == 405


def test_village_page(client: Client, officer: User, listing_x: Listing) -> None:
    village = listing_x.product.enterprise.village
    services.village_story_save(user=officer, village=village, story="Desa <i>nelayan</i>.")
    html = client.get(f"/id/katalog/desa/{village.code}/").content.decode()
    assert "<h1>Desa Alfa" in html  # the village is named "Desa Alfa": no "Desa Desa Alfa"
    assert "Desa &lt;i&gt;nelayan&lt;/i&gt;." in html
    assert "Keripik Tenggiri Alfa" in html
    assert "Produk unggulan OVOP" not in html  # village A has no designated product here
