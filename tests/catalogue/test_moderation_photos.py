"""An owner's proposal may remove and reorder the listing's present photos: the queue shows the
removed photos and the new order, approving leaves exactly the proposed photos in the proposed
order (the removed ones deleted with their resized copies), rejecting changes nothing, and a
photo of another page or a position out of bounds is refused on its field."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.models_moderation import ListingProposal, ProposalStatus
from ovop.catalogue.proposal_photos import PhotoPlan, order_from_positions
from ovop.catalogue.selectors_moderation import listing_of_proposal, proposal_photo_changes
from ovop.catalogue.services_moderation import (
    NewPhoto,
    ProposalValues,
    proposal_approve,
    proposal_reject,
    proposal_submit,
)
from ovop.enterprises.models import Product
from tests.catalogue.conftest import jpeg
from tests.refusals import rows

pytestmark = pytest.mark.django_db


def _same(listing: Listing) -> ProposalValues:
    return ProposalValues.of(listing)


@pytest.fixture
def three(officer: User, listing_x: Listing, media: Path) -> list[ListingPhoto]:
    """Photos A, B and C of listing X, in that order."""
    return [
        services.photo_add(user=officer, listing=listing_x, upload=jpeg((400, 300)), caption=c)
        for c in ("Foto A", "Foto B", "Foto C")
    ]


def _shown(listing: Listing) -> list[tuple[str, int]]:
    return [(p.caption, p.position) for p in listing.photos.order_by("position", "pk")]


def test_positions_sort_as_typed() -> None:
    assert order_from_positions([1, 2, 3], {}) == (1, 2, 3)
    assert order_from_positions([1, 2, 3], {1: 3, 2: 1, 3: 2}) == (2, 3, 1)
    assert order_from_positions([1, 2, 3], {3: 1}) == (3, 1, 2)  # moved up: before the one there
    assert order_from_positions([1, 2, 3], {1: 3}) == (2, 3, 1)  # moved down: after it


def test_remove_and_reorder_then_approve(
    owner: User, officer: User, listing_x: Listing, three: list[ListingPhoto], media: Path
) -> None:
    a, b, c = three
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        photos=[NewPhoto(jpeg((300, 300)), "Foto baru")],
        plan=PhotoPlan(order=(c.pk, a.pk), removed=(b.pk,)),
    )
    assert (proposal.photo_order, proposal.removed_photos) == ([c.pk, a.pk], [b.pk])
    assert _shown(listing_x) == [("Foto A", 0), ("Foto B", 1), ("Foto C", 2)]  # not yet

    changes = proposal_photo_changes(proposal, listing_of_proposal(proposal))
    assert [p.caption for p in changes.removed] == ["Foto B"]
    assert [p.caption for p in changes.kept] == ["Foto C", "Foto A"]
    assert changes.reordered is True
    assert [p.caption for p in changes.added] == ["Foto baru"]

    proposal_approve(user=officer, proposal=proposal)
    assert _shown(listing_x) == [("Foto C", 0), ("Foto A", 1), ("Foto baru", 2)]
    assert not ListingPhoto.objects.filter(pk=b.pk).exists()
    gone = ListingPhoto.history.filter(id=b.pk).first()
    assert gone is not None and gone.history_change_reason == "catalogue photo removed"
    assert gone.history_user == officer


def test_removed_photos_files_go_once_committed(
    owner: User,
    officer: User,
    listing_x: Listing,
    three: list[ListingPhoto],
    django_capture_on_commit_callbacks: object,
) -> None:
    b = three[1]
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        plan=PhotoPlan(removed=(b.pk,)),
    )
    names = list(b.variants.values())
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        proposal_approve(user=officer, proposal=proposal)
    assert names and not any(default_storage.exists(name) for name in names)
    assert _shown(listing_x) == [("Foto A", 0), ("Foto C", 1)]


def test_every_photo_may_be_removed(
    owner: User, officer: User, listing_x: Listing, three: list[ListingPhoto]
) -> None:
    """As an officer may leave a page without photos, so may an approved proposal."""
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        plan=PhotoPlan(removed=tuple(p.pk for p in three)),
    )
    assert proposal.photo_order == []
    proposal_approve(user=officer, proposal=proposal)
    assert not listing_x.photos.exists()


def test_reject_leaves_the_photos_as_they_were(
    owner: User, officer: User, listing_x: Listing, three: list[ListingPhoto]
) -> None:
    a, b, c = three
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        plan=PhotoPlan(order=(b.pk, c.pk), removed=(a.pk,)),
    )
    before = rows("catalogue")
    proposal_reject(user=officer, proposal=proposal, reason="Foto A justru yang terbaik.")
    after = rows("catalogue")
    for label in ("catalogue.ListingPhoto", "catalogue.HistoricalListingPhoto"):
        assert after[label] == before[label]
    assert _shown(listing_x) == [("Foto A", 0), ("Foto B", 1), ("Foto C", 2)]
    assert all(default_storage.exists(name) for name in a.variants.values())


def test_same_order_and_no_removal_is_nothing_to_propose(
    owner: User, listing_x: Listing, three: list[ListingPhoto], english: None
) -> None:
    plan = PhotoPlan(order=tuple(p.pk for p in three))
    with pytest.raises(ValidationError, match="Nothing to propose"):
        proposal_submit(user=owner, product=listing_x.product, values=_same(listing_x), plan=plan)


def test_another_pages_photo_is_refused_on_its_field(
    owner: User,
    owner2: User,
    officer: User,
    listing_x: Listing,
    product_y: Product,
    three: list[ListingPhoto],
    english: None,
) -> None:
    other = services.listing_create(
        user=officer, product=product_y, values=services.ListingValues(public_name="Rusip")
    )
    stranger = services.photo_add(user=officer, listing=other, upload=jpeg(), caption="Rusip")
    before = rows("catalogue")
    refused = f"Photo {stranger.pk} is not a photo of this page."
    for plan, field, message in (
        (PhotoPlan(removed=(stranger.pk,)), "remove_photos", refused),
        (PhotoPlan(order=(stranger.pk, three[0].pk)), "photo_order", refused),
        (PhotoPlan(order=(three[0].pk, three[0].pk)), "photo_order", "Name each photo once."),
        (
            PhotoPlan(order=(three[0].pk,), removed=(three[0].pk,)),
            "photo_order",
            "A photo to remove has no place in the order.",
        ),
    ):
        with pytest.raises(ValidationError) as caught:
            proposal_submit(
                user=owner, product=listing_x.product, values=_same(listing_x), plan=plan
            )
        assert caught.value.message_dict == {field: [message]}
    assert rows("catalogue") == before


def test_only_the_owner_proposes_and_officers_decide(
    owner: User,
    viewer: User,
    facilitator: User,
    officer: User,
    listing_x: Listing,
    three: list[ListingPhoto],
) -> None:
    plan = PhotoPlan(removed=(three[0].pk,))
    before = rows("catalogue")
    for user in (viewer, facilitator, officer):
        with pytest.raises(PermissionDenied):
            proposal_submit(
                user=user, product=listing_x.product, values=_same(listing_x), plan=plan
            )
    assert rows("catalogue") == before
    proposal = proposal_submit(
        user=owner, product=listing_x.product, values=_same(listing_x), plan=plan
    )
    before = rows("catalogue")
    for user in (viewer, facilitator, owner):
        with pytest.raises(PermissionDenied):
            proposal_approve(user=user, proposal=proposal)
    assert rows("catalogue") == before
    assert listing_x.photos.count() == 3


# --- the pages ------------------------------------------------------------------------------


def _form(listing: Listing, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "public_name": listing.public_name,
        "story": listing.story,
        "raw_material": listing.raw_material,
        "price_idr": "Rp 35.000",
        "unit": listing.unit,
        "marketplace_links": "\n".join(listing.marketplace_links),
    }
    data.update(extra)
    return data


def test_owner_reorders_and_removes_on_the_form_and_the_queue_shows_it(
    client: Client, owner: User, officer: User, listing_x: Listing, three: list[ListingPhoto]
) -> None:
    a, b, c = three
    client.force_login(owner)
    page = client.get(f"/catalogue/mine/{listing_x.product_id}/").content.decode()
    assert f'name="position_{a.pk}"' in page and 'name="remove_photos"' in page
    assert f"/files/catalogue-photos/{a.pk}/320.jpg" in page  # the thumbnail
    assert client.get(f"/files/catalogue-photos/{a.pk}/320.jpg").status_code == 200
    data = _form(
        listing_x,
        **{f"position_{a.pk}": 3, f"position_{b.pk}": 2, f"position_{c.pk}": 1},
        remove_photos=[str(b.pk)],
    )
    response = client.post(f"/catalogue/mine/{listing_x.product_id}/", data)
    assert response.status_code == 302
    proposal = ListingProposal.objects.get()
    assert (proposal.photo_order, proposal.removed_photos) == ([c.pk, a.pk], [b.pk])
    again = client.get(f"/catalogue/mine/{listing_x.product_id}/")
    assert again.context["form"][f"position_{c.pk}"].initial == 1  # starts from the proposal

    client.force_login(officer)
    queue = client.get("/catalogue/moderation/").content.decode()
    assert "1 foto dikeluarkan" in queue and "Urutan baru" in queue
    removed = queue.index(f"/files/catalogue-photos/{b.pk}/320.jpg")
    first, second = (queue.index(f"/files/catalogue-photos/{p.pk}/320.jpg") for p in (c, a))
    assert removed < first < second
    api = client.get("/api/v1/catalogue/moderation/").json()["proposals"][0]
    assert (api["removed_photos"], api["photo_order"]) == ([b.pk], [c.pk, a.pk])

    client.post(f"/catalogue/proposals/{proposal.pk}/approve/")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert _shown(listing_x) == [("Foto C", 0), ("Foto A", 1)]


def test_bad_photo_fields_are_shown_on_the_field(
    client: Client,
    owner: User,
    officer: User,
    listing_x: Listing,
    product_y: Product,
    three: list[ListingPhoto],
) -> None:
    other = services.listing_create(
        user=officer, product=product_y, values=services.ListingValues(public_name="Rusip")
    )
    stranger = services.photo_add(user=officer, listing=other, upload=jpeg(), caption="Rusip")
    client.force_login(owner)
    url = f"/catalogue/mine/{listing_x.product_id}/"
    response = client.post(url, _form(listing_x, remove_photos=[str(stranger.pk)]))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["remove_photos"] == [f"Keluarkan: foto {stranger.pk} bukan foto halaman ini."]
    response = client.post(url, _form(listing_x, **{f"position_{three[0].pk}": 4}))
    assert response.context["form"].errors[f"position_{three[0].pk}"] == [
        "Urutan: dari 1 sampai 3."
    ]
    assert not ListingProposal.objects.exists()
    # another owner does not see this page's photos before they are public
    listing_x.published = False
    listing_x.save()
    client.force_login(User.objects.get(username="owner2"))
    assert client.get(f"/files/catalogue-photos/{three[0].pk}/320.jpg").status_code == 404
