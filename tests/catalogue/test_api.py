"""The public catalogue API: anonymous, read-only, public fields only, bounded, throttled."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing

pytestmark = pytest.mark.django_db

LIST = "/api/v1/catalogue/products/"


def test_list_and_detail_without_login(client: Client, listing_x: Listing) -> None:
    data = client.get(LIST).json()
    assert data["count"] == 1
    card = data["results"][0]
    assert card["slug"] == "keripik-tenggiri-alfa"
    assert card["price_idr"] == 35_000
    assert card["url"] == "http://testserver/id/katalog/produk/keripik-tenggiri-alfa/"
    detail = client.get(LIST + "keripik-tenggiri-alfa/").json()
    assert detail["certificates"] == [
        {"kind": "halal", "name": "Sertifikat halal", "number": "ID00110012345", "expires_on": None}
    ]
    assert detail["whatsapp_url"] == ""
    assert set(detail) == {
        "slug",
        "name",
        "url",
        "category",
        "village",
        "village_code",
        "kecamatan",
        "price_idr",
        "unit",
        "stars",
        "photos",
        "story",
        "raw_material",
        "enterprise",
        "review_count",
        "review_average",
        "reviews",
        "whatsapp_url",
        "marketplace_links",
        "certificates",
        "verification_code",
    }


def test_search_and_filters(client: Client, listing_x: Listing) -> None:
    assert client.get(LIST, {"q": "keripiknya"}).json()["count"] == 1
    assert client.get(LIST, {"q": "rendang"}).json()["count"] == 0
    assert client.get(LIST, {"certificates": "halal"}).json()["count"] == 1
    assert client.get(LIST, {"price_min": "50 rb"}).json()["count"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 101},
        {"category": "weapons"},
        {"stars": "9"},
        {"price_min": "-5"},
        {"price_min": "2 M"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "100000"},
        {"certificates": "sni"},
    ],
)
def test_bad_parameters_are_400(client: Client, listing_x: Listing, params: dict[str, str]) -> None:
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert "error" in response.json()


def test_writes_are_refused(client: Client, officer: User, listing_x: Listing) -> None:
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(LIST + "keripik-tenggiri-alfa/").status_code == 405
    client.force_login(officer)
    assert client.post(LIST, {}).status_code == 405


def test_unpublished_is_404(client: Client, officer: User, listing_x: Listing) -> None:
    services.listing_unpublish(user=officer, listing=listing_x)
    assert client.get(LIST + "keripik-tenggiri-alfa/").status_code == 404
    assert client.get(LIST).json()["count"] == 0


def test_throttled(client: Client, listing_x: Listing, settings: Any) -> None:
    from rest_framework.settings import api_settings
    from rest_framework.throttling import ScopedRateThrottle

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "catalogue": "3/minute"}
    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        answers = [client.get(LIST).status_code for _ in range(4)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
    assert answers == [200, 200, 200, 429]
    assert api_settings.DEFAULT_THROTTLE_RATES["catalogue"] == "120/minute"


def test_cards_and_detail_name_the_village_and_kecamatan(
    client: Client, listing_x: Listing
) -> None:
    village = listing_x.product.enterprise.village
    assert village.parent is not None
    expected = ("Desa Alfa", "99.01.01.2001", village.parent.name)
    (card,) = client.get(LIST).json()["results"]
    detail = client.get(f"{LIST}{listing_x.slug}/").json()
    for body in (card, detail):
        assert (body["village"], body["village_code"], body["kecamatan"]) == expected
