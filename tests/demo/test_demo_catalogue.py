"""The demo's public catalogue: the designated products published with stories and sample
photos, one left as a draft, and no private value of a demo enterprise on any public page or
API answer."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.utils import formats

from ovop.accounts.models import User
from ovop.catalogue.models import Listing, ListingPhoto, VillageStory
from ovop.demo.catalogue import DRAFT_VILLAGE, demo_catalogue_load
from ovop.enterprises.models import Enterprise
from ovop.programme.models import Programme

pytestmark = pytest.mark.django_db

NAMANG = "19.04.05.2001"


@pytest.fixture
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def test_designated_products_are_published_but_one(demo: None) -> None:
    designated = Listing.objects.filter(product__designations__isnull=False).distinct()
    states = dict(designated.values_list("product__enterprise__village__code", "published"))
    assert len(states) == 5
    assert states.pop(DRAFT_VILLAGE) is False
    assert set(states.values()) == {True}
    assert Listing.objects.filter(published=True).count() >= 4 + 1  # and some other products
    assert VillageStory.objects.count() == 4


def test_every_listing_has_a_sample_photo(demo: None) -> None:
    assert ListingPhoto.objects.count() == Listing.objects.count()
    assert all(p.caption.startswith("Foto contoh ") for p in ListingPhoto.objects.all())


def test_second_run_writes_nothing(demo: None, tmp_path: object) -> None:
    programme = Programme.objects.get(is_sample=True)
    officer = User.objects.get(username="officer")
    before = (Listing.history.count(), ListingPhoto.history.count(), VillageStory.history.count())
    started = time.perf_counter()
    summary = demo_catalogue_load(programme=programme, officer=officer)
    assert time.perf_counter() - started < 2.0
    assert summary.photos == 0
    after = (Listing.history.count(), ListingPhoto.history.count(), VillageStory.history.count())
    assert after == before


def test_namang_pages(client: Client, demo: None) -> None:
    html = client.get("/id/katalog/").content.decode()
    assert "Produk unggulan desa" in html  # the featured designated products
    village = client.get(f"/id/katalog/desa/{NAMANG}/").content.decode()
    assert "Hutan Pelawan" in village
    slug = Listing.objects.get(product__enterprise__village__code=NAMANG, published=True).slug
    page = client.get(f"/id/katalog/produk/{slug}/")
    assert page.status_code == 200
    assert "madu" in page.content.decode().lower()


def _private_values(enterprise: Enterprise) -> list[str]:
    values = [enterprise.owner_name, enterprise.address, enterprise.email, enterprise.nib or ""]
    for amount in (enterprise.annual_sales_idr, enterprise.investment_idr):
        values.append(formats.number_format(amount, force_grouping=True))
        values.append(str(amount))
    # A business named after its owner ("Kemplang Pak Ahmad") shows that name as its own
    # brand: the business name is public, so a private value inside it is not looked for.
    return [v for v in values if v and len(v) > 3 and v not in enterprise.name]


def test_no_private_value_of_a_demo_enterprise_is_public(client: Client, demo: None) -> None:
    listings = Listing.objects.filter(published=True).select_related("product__enterprise")
    for listing in listings:
        enterprise = listing.product.enterprise
        pages = [
            f"/id/katalog/produk/{listing.slug}/",
            f"/en/catalogue/product/{listing.slug}/",
            f"/api/v1/catalogue/products/{listing.slug}/",
            f"/id/katalog/desa/{enterprise.village.code}/",
        ]
        digits = re.sub(r"\D", "", enterprise.phone)
        for page in pages:
            body = client.get(page).content.decode()
            for value in _private_values(enterprise):
                assert value not in body, (page, value)
            if not listing.show_whatsapp and digits:
                assert digits[-8:] not in body, page
            assert enterprise.get_owner_gender_display() not in body or not enterprise.owner_gender
