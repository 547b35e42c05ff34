"""Star badges, certificates shown, cache and invalidation, sitemap and robots.txt."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
from ovop.enterprises.models import Certification, CertificationKind, Product
from ovop.rating.models import CoachingTier, RatingScheme, StarRating
from tests.factories import CertificationFactory

pytestmark = pytest.mark.django_db

PAGE = "/id/katalog/produk/keripik-tenggiri-alfa/"


def rate(product: Product, user: User, stars: int, code: str) -> StarRating:
    scheme = RatingScheme.objects.first() or RatingScheme.objects.create(
        code="uji", version=1, name="Uji", definition={}, created_by=user
    )
    return StarRating.objects.create(
        product=product,
        scheme=scheme,
        stars=stars,
        percent=stars * 20.0,
        result={},
        tier=CoachingTier.PROVINCE,
        verification_code=code,
        issued_by=user,
    )


def test_star_badge_links_to_verification(
    client: Client, officer: User, listing_x: Listing
) -> None:
    rate(listing_x.product, officer, 4, "ABC123")
    html = client.get(PAGE).content.decode()
    assert 'href="/verify/ABC123/"' in html
    assert "★★★★☆" in html


def test_only_chosen_valid_certificates_are_shown(
    client: Client, officer: User, listing_x: Listing, halal_x: Certification
) -> None:
    expired = CertificationFactory(
        enterprise=listing_x.product.enterprise,
        kind=CertificationKind.PIRT,
        number="P-IRT 0000EXP",
        issued_on=dt.date(2015, 1, 1),
        expires_on=dt.date(2020, 1, 1),
    )
    not_chosen = CertificationFactory(
        enterprise=listing_x.product.enterprise, kind=CertificationKind.SNI, number="SNI-HIDDEN"
    )
    values = services.ListingValues(
        public_name=listing_x.public_name, certification_ids=[halal_x.pk, expired.pk]
    )
    services.listing_update(user=officer, listing=listing_x, values=values)
    html = client.get(PAGE).content.decode()
    assert "ID00110012345" in html
    assert "P-IRT 0000EXP" not in html
    assert not_chosen.number not in html


def test_pages_are_cached_and_invalidated(
    client: Client, officer: User, listing_x: Listing
) -> None:
    first = client.get(PAGE)
    assert first["X-Catalogue-Cache"] == "miss"
    again = client.get(PAGE)
    assert again["X-Catalogue-Cache"] == "hit"
    # the same page but for the inquiry form's time stamp, put in on every answer
    stamp = re.compile(rb'name="started" value="[^"]*"')
    assert stamp.sub(b"", again.content) == stamp.sub(b"", first.content)
    assert stamp.search(again.content) is not None
    assert client.get("/en/catalogue/product/keripik-tenggiri-alfa/")["X-Catalogue-Cache"] == "miss"
    values = services.ListingValues(public_name=listing_x.public_name, story="Cerita baru.")
    services.listing_update(user=officer, listing=listing_x, values=values)
    changed = client.get(PAGE)
    assert changed["X-Catalogue-Cache"] == "miss"
    assert "Cerita baru." in changed.content.decode()


def test_registry_change_invalidates(client: Client, officer: User, listing_x: Listing) -> None:
    client.get(PAGE)
    product = listing_x.product
    product.category = "herbal"
    product.save()
    response = client.get(PAGE)
    assert response["X-Catalogue-Cache"] == "miss"
    assert "Produk herbal" in response.content.decode() or "herbal" in response.content.decode()


def test_unpublished_while_open_is_404_not_cached(
    client: Client, officer: User, listing_x: Listing
) -> None:
    assert client.get(PAGE).status_code == 200
    services.listing_unpublish(user=officer, listing=listing_x)
    assert client.get(PAGE).status_code == 404


def test_sitemap_lists_both_languages(client: Client, listing_x: Listing) -> None:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://testserver/id/katalog/produk/keripik-tenggiri-alfa/</loc>" in xml
    assert "<loc>http://testserver/en/catalogue/product/keripik-tenggiri-alfa/</loc>" in xml
    village = listing_x.product.enterprise.village.code
    assert f"<loc>http://testserver/id/katalog/desa/{village}/</loc>" in xml
    assert 'hreflang="x-default"' in xml
    assert xml.count("<url>") == 6  # home, product, village × 2 languages


def test_sitemap_leaves_out_unpublished(client: Client, officer: User, listing_x: Listing) -> None:
    services.listing_unpublish(user=officer, listing=listing_x)
    xml = client.get("/sitemap.xml").content.decode()
    assert "keripik" not in xml
    assert xml.count("<url>") == 2


def test_robots_txt(client: Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /id/katalog/",
        "Allow: /en/catalogue/",
        "Disallow: /",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_published_at_is_set_once(officer: User, listing_x: Listing) -> None:
    assert listing_x.published_at is not None
    assert listing_x.published_at <= timezone.now()
    assert listing_x.product.published is True


def test_registry_unpublishing_takes_the_page_down(
    client: Client, officer: User, listing_x: Listing
) -> None:
    client.force_login(officer)
    product = listing_x.product
    data = {
        "enterprise": product.enterprise_id,
        "name": product.name,
        "category": product.category,
        "unit": product.unit,
        "price_idr": "30.000",
        "monthly_capacity": "100",
        "local_material_pct": "80",
    }  # "published" left out: the box is not ticked
    response = client.post(f"/enterprises/products/{product.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert client.get(PAGE).status_code == 404
    listing_x.refresh_from_db()
    assert listing_x.published is False
    assert listing_x.history.first().history_change_reason == "taken off the catalogue"  # type: ignore[union-attr]


def test_archiving_after_caching_is_404(client: Client, officer: User, listing_x: Listing) -> None:
    from ovop.core.models import archive

    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE)["X-Catalogue-Cache"] == "hit"
    archive(listing_x.product.enterprise, user=officer)
    assert client.get(PAGE).status_code == 404
    assert "Keripik" not in client.get("/id/katalog/").content.decode()


def test_a_new_photo_shows_at_once(
    client: Client, officer: User, listing_x: Listing, media: object
) -> None:
    from tests.catalogue.conftest import jpeg

    assert "catalogue-photos" not in client.get(PAGE).content.decode()
    photo = services.photo_add(user=officer, listing=listing_x, upload=jpeg(), caption="Di piring")
    html = client.get(PAGE).content.decode()
    assert f"/files/catalogue-photos/{photo.pk}/640.webp 640w" in html
    assert 'alt="Di piring"' in html
