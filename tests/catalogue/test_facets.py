"""The listings' search facets follow every change of what they copy (product, enterprise,
village, star rating, publishing), by each path that changes it — and always equal a fresh
recount, so the search (which reads only the facets) never shows what the public may not see."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import facets, services
from ovop.catalogue.models import FACETS, Listing
from ovop.catalogue.selectors import CatalogueFilters, listing_search
from ovop.enterprises import services as registry
from ovop.enterprises.models import Category, Product
from ovop.enterprises.signals import announce
from ovop.regions.models import Region
from tests.catalogue.test_public_extras import rate

pytestmark = pytest.mark.django_db

PAGE = "/id/katalog/produk/keripik-tenggiri-alfa/"


def stored(listing: Listing) -> dict[str, Any]:
    return Listing.objects.filter(pk=listing.pk).values(*FACETS).get()


def recount_unchanged() -> None:
    """Recomputing every listing's facets from scratch changes nothing."""
    before = list(Listing.objects.order_by("pk").values_list(*FACETS))
    facets.refresh(Listing.objects.all())
    assert list(Listing.objects.order_by("pk").values_list(*FACETS)) == before


def found(**filters: Any) -> list[str]:
    return [x.public_name for x in listing_search("", CatalogueFilters(**filters))[:100]]


def test_published_listing_carries_its_places_category_and_no_stars(listing_x: Listing) -> None:
    assert stored(listing_x) == {
        "public": True,
        "category": Category.FOOD_BEVERAGE,
        "village_code": "99.01.01.2001",
        "kecamatan_code": "99.01.01",
        "regency_code": "99.01",
        "stars": None,
    }
    assert listing_x.public is True  # the saved instance too
    recount_unchanged()


def test_unpublish_and_publish_again(officer: User, listing_x: Listing, client: Client) -> None:
    services.listing_unpublish(user=officer, listing=listing_x)
    assert stored(listing_x)["public"] is False
    assert found(kecamatan="99.01.01") == []
    assert client.get(PAGE).status_code == 404
    services.listing_publish(user=officer, listing=listing_x)
    assert stored(listing_x)["public"] is True
    assert found(kecamatan="99.01.01") == ["Keripik Tenggiri Alfa"]
    recount_unchanged()


def test_archived_product_or_enterprise_leaves_the_search(
    officer: User, listing_x: Listing, client: Client
) -> None:
    product = listing_x.product
    registry.product_archive(user=officer, product=product)
    assert stored(listing_x)["public"] is False
    assert found() == [] and client.get(PAGE).status_code == 404
    registry.product_restore(user=officer, product=Product.objects.get(pk=product.pk))
    # the listing stayed published: restored, the product is shown again
    assert stored(listing_x)["public"] is True
    assert found() == ["Keripik Tenggiri Alfa"]
    registry.enterprise_archive(user=officer, enterprise=product.enterprise)
    assert stored(listing_x)["public"] is False
    assert found() == [] and client.get(PAGE).status_code == 404
    recount_unchanged()


def test_product_moved_to_another_category_and_village(
    officer: User, listing_x: Listing, village_b: Region
) -> None:
    product = listing_x.product
    registry.product_update(user=officer, product=product, data={"category": Category.WOOD_CRAFT})
    assert stored(listing_x)["category"] == Category.WOOD_CRAFT
    assert found(category=Category.FOOD_BEVERAGE) == []
    assert found(category=Category.WOOD_CRAFT) == ["Keripik Tenggiri Alfa"]
    registry.enterprise_update(
        user=officer, enterprise=product.enterprise, data={"village": village_b}
    )
    assert stored(listing_x)["village_code"] == "99.01.02.2001"
    assert stored(listing_x)["kecamatan_code"] == "99.01.02"
    assert found(kecamatan="99.01.01") == []
    assert found(kecamatan="99.01.02") == ["Keripik Tenggiri Alfa"]
    recount_unchanged()


@pytest.mark.registry_written_directly  # the registry's own counts are not this test's subject
def test_registry_import_bulk_recategorisation_is_followed(listing_x: Listing) -> None:
    # a registry import writes products in bulk (no post_save) and announces the enterprises
    Product.objects.filter(pk=listing_x.product_id).update(category=Category.HERBAL)
    assert stored(listing_x)["category"] == Category.FOOD_BEVERAGE
    announce([listing_x.product.enterprise_id])
    assert stored(listing_x)["category"] == Category.HERBAL
    recount_unchanged()


def test_latest_star_rating_is_the_facet(officer: User, listing_x: Listing) -> None:
    rate(listing_x.product, officer, 3, "FACET3")
    assert stored(listing_x)["stars"] == 3
    assert found(min_stars=3) == ["Keripik Tenggiri Alfa"] and found(min_stars=4) == []
    newer = rate(listing_x.product, officer, 5, "FACET5")
    assert stored(listing_x)["stars"] == 5
    cards = list(listing_search("", CatalogueFilters())[:100])
    assert [c.stars for c in cards] == [5]
    newer.delete()
    assert stored(listing_x)["stars"] == 3
    recount_unchanged()
