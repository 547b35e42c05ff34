"""The moderation API: the queue for admins, officers and viewers; decisions for admins and
officers only; every refused role leaves every row as it was."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, ProposalStatus, Review, ReviewStatus
from ovop.catalogue.services_moderation import (
    NewPhoto,
    ProposalValues,
    proposal_approve,
    proposal_submit,
)
from ovop.catalogue.services_reviews import ReviewValues, review_submit
from tests.catalogue.conftest import jpeg
from tests.refusals import API_ANONYMOUS, Attempt, matrix, refused

pytestmark = pytest.mark.django_db

EMAIL = "rahasia@example.com"


@dataclass
class Targets:
    listing: Listing
    proposal: ListingProposal
    review: Review


@pytest.fixture
def targets(owner: User, listing_x: Listing) -> Targets:
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=ProposalValues(
            public_name=listing_x.public_name,
            story="Cerita dari API.",
            raw_material=listing_x.raw_material,
            price_idr=listing_x.price_idr,
            unit=listing_x.unit,
            marketplace_links=list(listing_x.marketplace_links),
        ),
    )
    review = review_submit(listing=listing_x, values=ReviewValues(5, "Enak.", "Budi", EMAIL))
    return Targets(listing_x, proposal, review)


ATTEMPTS = {
    "queue": Attempt("get", "/api/v1/catalogue/moderation/"),
    "approve": Attempt(
        "post",
        lambda t: f"/api/v1/catalogue/proposals/{t.proposal.pk}/approve/",
        {"publish": True},
        json=True,
    ),
    "reject": Attempt(
        "post",
        lambda t: f"/api/v1/catalogue/proposals/{t.proposal.pk}/reject/",
        {"reason": "Tidak."},
        json=True,
    ),
    "publish": Attempt(
        "post", lambda t: f"/api/v1/catalogue/reviews/{t.review.pk}/publish/", json=True
    ),
    "hide": Attempt("post", lambda t: f"/api/v1/catalogue/reviews/{t.review.pk}/hide/", json=True),
    "delete": Attempt("delete", lambda t: f"/api/v1/catalogue/reviews/{t.review.pk}/", json=True),
}
ANSWERS = {
    "viewer": 403,
    "owner": 403,
    "facilitator": 403,
    "assessor": 403,
    "outsider": 403,
    "anonymous": API_ANONYMOUS,
}
EXCEPTIONS = {("viewer", "queue"): 200}


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
        client, request, persona, ATTEMPTS[action], expected, records=targets, apps=("catalogue",)
    )


def test_queue_shows_the_changes_and_no_email(
    client: Client, officer: User, targets: Targets
) -> None:
    client.force_login(officer)
    data = client.get("/api/v1/catalogue/moderation/").json()
    [proposal] = data["proposals"]
    assert proposal["id"] == targets.proposal.pk and proposal["new_listing"] is False
    [change] = proposal["changes"]
    assert change["name"] == "story" and change["new"] == "Cerita dari API."
    assert change["old"].startswith("Keripiknya dibuat")
    [review] = data["reviews"]
    assert review == {**review, "stars": 5, "text": "Enak.", "name": "Budi", "status": "pending"}
    assert EMAIL not in str(data)


def test_officer_decides(client: Client, officer: User, targets: Targets) -> None:
    client.force_login(officer)
    approve = f"/api/v1/catalogue/proposals/{targets.proposal.pk}/approve/"
    response = client.post(approve, {"publish": False}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    targets.listing.refresh_from_db()
    assert targets.listing.story == "Cerita dari API."
    again = client.post(approve, {}, content_type="application/json")
    assert again.status_code == 400 and again.json()["error"]
    review = f"/api/v1/catalogue/reviews/{targets.review.pk}/"
    assert client.post(review + "publish/").json()["status"] == ReviewStatus.PUBLISHED
    assert client.post(review + "hide/").json()["status"] == ReviewStatus.HIDDEN
    assert client.delete(review).status_code == 204
    assert not Review.objects.exists()
    assert client.delete(review).status_code == 404


def test_reject_needs_a_reason(client: Client, admin_user: User, targets: Targets) -> None:
    client.force_login(admin_user)
    url = f"/api/v1/catalogue/proposals/{targets.proposal.pk}/reject/"
    response = client.post(url, {"reason": ""}, content_type="application/json")
    assert response.status_code == 400 and "reason" in response.json()["fields"]
    targets.proposal.refresh_from_db()
    assert targets.proposal.status == ProposalStatus.PENDING
    response = client.post(url, {"reason": "Foto buram."}, content_type="application/json")
    assert response.status_code == 200
    targets.proposal.refresh_from_db()
    assert (targets.proposal.status, targets.proposal.reason) == ("rejected", "Foto buram.")
    missing = client.post(
        "/api/v1/catalogue/proposals/999999/approve/", {}, content_type="application/json"
    )
    assert missing.status_code == 404


def test_queue_lists_the_added_photos(
    client: Client, owner: User, viewer: User, officer: User, listing_x: Listing, media: Path
) -> None:
    """Each new photo with its caption, the place approval gives it (the owner's place 8 among
    two photos becomes 3; none given: null, after the kept photos) and the address of the
    thumbnail the queue page shows, which the reader may open."""
    services.photo_add(user=officer, listing=listing_x, upload=jpeg((400, 300)), caption="Lama")
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=ProposalValues.of(listing_x),
        photos=[
            NewPhoto(jpeg(), "Kemasan baru", 1),
            NewPhoto(jpeg(), "Dapur produksi"),
            NewPhoto(jpeg(), "Panen ikan", 8),
        ],
    )
    kemasan, dapur, panen = proposal.photos.order_by("pk")
    client.force_login(viewer)
    [row] = client.get("/api/v1/catalogue/moderation/").json()["proposals"]
    base = "http://testserver/files/proposal-photos"
    assert row["new_photos"] == 3
    assert row["added_photos"] == [
        {
            "id": kemasan.pk,
            "caption": "Kemasan baru",
            "place": 1,
            "url": f"{base}/{kemasan.pk}/320.jpg",
        },
        {
            "id": dapur.pk,
            "caption": "Dapur produksi",
            "place": None,
            "url": f"{base}/{dapur.pk}/320.jpg",
        },
        {"id": panen.pk, "caption": "Panen ikan", "place": 3, "url": f"{base}/{panen.pk}/320.jpg"},
    ]
    thumbnail = client.get(row["added_photos"][0]["url"].removeprefix("http://testserver"))
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    proposal_approve(user=officer, proposal=proposal)
    shown = [p.caption for p in listing_x.photos.order_by("position", "pk")]
    assert shown == ["Kemasan baru", "Lama", "Panen ikan", "Dapur produksi"]
