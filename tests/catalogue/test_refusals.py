"""Who may not use the officers' catalogue pages: every refused role, every page, and no row
of the catalogue or the registry changed afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from ovop.catalogue.models import Listing, ListingPhoto
from ovop.regions.models import Region
from tests.refusals import LOGIN, Attempt, matrix, refused

pytestmark = pytest.mark.django_db


@dataclass
class Targets:
    listing: Listing
    photo: ListingPhoto
    village: Region


@pytest.fixture
def targets(listing_x: Listing, media: Any) -> Targets:
    from tests.catalogue.conftest import jpeg

    photo = ListingPhoto.objects.create(
        listing=listing_x, image=jpeg(), caption="Keripik di piring", variants={}
    )
    return Targets(listing_x, photo, listing_x.product.enterprise.village)


EDIT = {
    "name": "Diganti",
    "public_name": "Diganti",
    "story": "",
    "price_idr": "Rp 1.500.000",
}
ATTEMPTS = {
    "edit-get": Attempt("get", lambda t: f"/catalogue/products/{t.listing.product_id}/"),
    "edit-post": Attempt("post", lambda t: f"/catalogue/products/{t.listing.product_id}/", EDIT),
    "publish": Attempt("post", lambda t: f"/catalogue/listings/{t.listing.pk}/publish/"),
    "unpublish": Attempt("post", lambda t: f"/catalogue/listings/{t.listing.pk}/unpublish/"),
    "photo-remove": Attempt("post", lambda t: f"/catalogue/photos/{t.photo.pk}/remove/"),
    "story": Attempt(
        "post", lambda t: f"/catalogue/villages/{t.village.code}/story/", {"story": "Cerita"}
    ),
    "list": Attempt("get", "/catalogue/"),
}
ANSWERS = {
    "facilitator": 403,
    "owner": 403,
    "assessor": 403,
    "viewer": 403,
    "outsider": 403,
    "anonymous": LOGIN,
}
#: A viewer reads the officers' list (read-only), nothing else.
EXCEPTIONS = {("viewer", "list"): 200}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS, EXCEPTIONS))
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: Targets,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    refused(
        client,
        request,
        persona,
        ATTEMPTS[action],
        expected,
        records=targets,
        apps=("catalogue", "enterprises"),
    )


def test_viewer_list_has_no_edit_links(client: Client, viewer: Any, listing_x: Listing) -> None:
    client.force_login(viewer)
    html = client.get("/catalogue/").content.decode()
    assert listing_x.product.name in html
    assert f"/catalogue/products/{listing_x.product_id}/" not in html


@pytest.mark.parametrize("persona", ["facilitator", "owner", "assessor", "outsider"])
def test_history_refused(
    client: Client, request: pytest.FixtureRequest, listing_x: Listing, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/catalogue/listings/{listing_x.pk}/history/").status_code == 403
