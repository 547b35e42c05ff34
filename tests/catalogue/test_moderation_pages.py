"""The moderation pages: an owner proposes on a phone-sized form and follows the decision; the
queue shows what changes field by field; every role that may not act is refused and no row
changes (403 for a wrong role, 404 for another owner's product)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, ProposalStatus, Review
from ovop.catalogue.services_moderation import ProposalValues, proposal_submit
from ovop.catalogue.services_reviews import ReviewValues, review_submit
from ovop.enterprises.models import Product
from tests.refusals import LOGIN, Attempt, matrix, refused

pytestmark = pytest.mark.django_db

PROPOSE = {
    "public_name": "Keripik Tenggiri Alfa",
    "story": "Cerita baru: kini dengan resep nenek.",
    "raw_material": "Ikan tenggiri dari nelayan Desa Alfa",
    "price_idr": "Rp 1.500.000",
    "unit": "bungkus 250 g",
    "marketplace_links": "https://www.tokopedia.com/alfa/keripik",
}


@dataclass
class Targets:
    listing: Listing
    proposal: ListingProposal
    review: Review
    product_y: Product


@pytest.fixture
def targets(owner: User, listing_x: Listing, product_y: Product) -> Targets:
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=ProposalValues(public_name=listing_x.public_name, story="Cerita lain."),
    )
    review = review_submit(
        listing=listing_x,
        values=ReviewValues(5, "Enak sekali, renyah.", "Budi Santoso", "budi@example.com"),
    )
    return Targets(listing_x, proposal, review, product_y)


ATTEMPTS = {
    "queue": Attempt("get", "/catalogue/moderation/"),
    "approve": Attempt("post", lambda t: f"/catalogue/proposals/{t.proposal.pk}/approve/"),
    "reject": Attempt(
        "post", lambda t: f"/catalogue/proposals/{t.proposal.pk}/reject/", {"reason": "Tidak."}
    ),
    "review-publish": Attempt("post", lambda t: f"/catalogue/reviews/{t.review.pk}/publish/"),
    "review-hide": Attempt("post", lambda t: f"/catalogue/reviews/{t.review.pk}/hide/"),
    "review-delete": Attempt("post", lambda t: f"/catalogue/reviews/{t.review.pk}/delete/"),
    "mine": Attempt("get", "/catalogue/mine/"),
    "propose-get": Attempt("get", lambda t: f"/catalogue/mine/{t.listing.product_id}/"),
    "propose-post": Attempt("post", lambda t: f"/catalogue/mine/{t.listing.product_id}/", PROPOSE),
}
#: The owner of enterprise X on enterprise Y's product.
OTHERS = {
    "other-propose-get": Attempt("get", lambda t: f"/catalogue/mine/{t.product_y.pk}/"),
    "other-propose-post": Attempt("post", lambda t: f"/catalogue/mine/{t.product_y.pk}/", PROPOSE),
}
OFFICE = ("queue", "approve", "reject", "review-publish", "review-hide", "review-delete")
OWNER_PAGES = ("mine", "propose-get", "propose-post")
ANSWERS = {
    "facilitator": 403,
    "assessor": 403,
    "viewer": 403,
    "owner2": 403,
    "outsider": 403,
    "anonymous": LOGIN,
}
EXCEPTIONS: dict[tuple[str, str], Any] = {
    ("viewer", "queue"): 200,  # reads the queue, acts on nothing
    ("owner2", "mine"): 200,  # their own (empty) list
    ("owner2", "propose-get"): 404,  # another owner's product
    ("owner2", "propose-post"): 404,
    ("outsider", "mine"): 200,  # an owner of no enterprise: an empty list
    ("outsider", "propose-get"): 404,
    ("outsider", "propose-post"): 404,
}
#: The officer and the admin may not propose (owners only); the owner may not moderate.
STAFF_ANSWERS = {"officer": 403, "admin_user": 403}


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


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(STAFF_ANSWERS, OWNER_PAGES))
def test_staff_do_not_propose(
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


@pytest.mark.parametrize("action", sorted(OTHERS))
def test_another_owners_product_is_unknown(
    client: Client, request: pytest.FixtureRequest, targets: Targets, action: str
) -> None:
    refused(client, request, "owner", OTHERS[action], 404, records=targets, apps=("catalogue",))


@pytest.mark.parametrize("action", OFFICE[1:])
def test_owner_does_not_moderate(
    client: Client, request: pytest.FixtureRequest, targets: Targets, action: str
) -> None:
    refused(client, request, "owner", ATTEMPTS[action], 403, records=targets, apps=("catalogue",))


def test_owner_proposes_and_reads_the_decision(
    client: Client, owner: User, officer: User, listing_x: Listing
) -> None:
    client.force_login(owner)
    page = client.get(f"/catalogue/mine/{listing_x.product_id}/").content.decode()
    assert "Keripiknya dibuat dari ikan tenggiri" in page  # starts from the listing
    response = client.post(f"/catalogue/mine/{listing_x.product_id}/", PROPOSE)
    assert response.status_code == 302
    proposal = ListingProposal.objects.get()
    assert proposal.price_idr == 1_500_000
    assert sorted(proposal.changed_fields) == ["price_idr", "story"]
    listing_x.refresh_from_db()
    assert listing_x.story.startswith("Keripiknya dibuat")  # not yet public

    client.force_login(officer)
    queue = client.get("/catalogue/moderation/").content.decode()
    assert "Rp 35.000" in queue and "Rp 1.500.000" in queue  # old → new
    assert "Cerita baru: kini dengan resep nenek." in queue
    client.post(f"/catalogue/proposals/{proposal.pk}/reject/", {"reason": "Harga terlalu tinggi."})

    client.force_login(owner)
    mine = client.get("/catalogue/mine/").content.decode()
    assert "ditolak" in mine and "Harga terlalu tinggi." in mine


def test_bad_price_and_link_shown_on_the_field(
    client: Client, owner: User, listing_x: Listing
) -> None:
    client.force_login(owner)
    data = {**PROPOSE, "price_idr": "sejuta rupiah", "marketplace_links": "ftp://x.example"}
    response = client.post(f"/catalogue/mine/{listing_x.product_id}/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "price_idr" in form.errors
    assert not ListingProposal.objects.exists()
    data = {**PROPOSE, "marketplace_links": "javascript:alert(1)"}
    response = client.post(f"/catalogue/mine/{listing_x.product_id}/", data)
    assert "marketplace_links" in response.context["form"].errors
    assert not ListingProposal.objects.exists()


def test_owner_refused_fake_photo_with_a_clear_message(
    client: Client, owner: User, listing_x: Listing, media: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(owner)
    fake = SimpleUploadedFile("x.jpg", b"GIF89a not really", content_type="image/jpeg")
    response = client.post(
        f"/catalogue/mine/{listing_x.product_id}/", {**PROPOSE, "photo": fake, "caption": "Foto"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert not ListingProposal.objects.exists()


def test_approve_from_the_queue_publishes_the_story(
    client: Client, officer: User, targets: Targets
) -> None:
    client.force_login(officer)
    response = client.post(f"/catalogue/proposals/{targets.proposal.pk}/approve/")
    assert response.status_code == 302
    targets.proposal.refresh_from_db()
    assert targets.proposal.status == ProposalStatus.APPROVED
    page = Client().get(f"/id/katalog/produk/{targets.listing.slug}/").content.decode()
    assert "Cerita lain." in page


def test_viewer_reads_the_queue_without_buttons(
    client: Client, viewer: User, targets: Targets
) -> None:
    client.force_login(viewer)
    html = client.get("/catalogue/moderation/").content.decode()
    assert "Cerita lain." in html and "Enak sekali, renyah." in html
    assert "/approve/" not in html and "/publish/" not in html
    assert "budi@example.com" not in html  # the e-mail only for those who moderate


def test_queue_reads_in_a_constant_number_of_queries(
    client: Client, officer: User, targets: Targets, django_assert_max_num_queries: Any
) -> None:
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        assert client.get("/catalogue/moderation/").status_code == 200


def test_officers_edit_page_points_to_a_pending_proposal(
    client: Client, officer: User, targets: Targets
) -> None:
    client.force_login(officer)
    html = client.get(f"/catalogue/products/{targets.listing.product_id}/").content.decode()
    assert f"/catalogue/moderation/#proposal-{targets.proposal.pk}" in html
    assert "menunggu di antrean pemeriksaan" in html
