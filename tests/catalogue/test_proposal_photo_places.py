"""An owner places new photos among the kept ones: each new photo has a place (1 = first) among
the photos shown once the proposal is approved; the queue shows them there and approving puts
them there, the present photos after them moving down. Without a place a new photo comes last,
as before. A place out of bounds, or a photo that is not the proposal's, is refused on its
field and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.models_moderation import MAX_PLACE, ListingProposal, ProposalPhoto
from ovop.catalogue.proposal_photos import PhotoPlan, merged
from ovop.catalogue.selectors_moderation import listing_of_proposal, proposal_photo_changes
from ovop.catalogue.services_moderation import (
    NewPhoto,
    ProposalValues,
    proposal_approve,
    proposal_submit,
)
from tests.catalogue.conftest import jpeg
from tests.refusals import rows

pytestmark = pytest.mark.django_db


def test_new_photos_go_to_their_places() -> None:
    kept = ["A", "B", "C"]
    assert merged(kept, []) == ["A", "B", "C"]
    assert merged(kept, [("x", None), ("y", None)]) == ["A", "B", "C", "x", "y"]
    assert merged(kept, [("x", 1)]) == ["x", "A", "B", "C"]
    assert merged(kept, [("x", 3), ("y", 1)]) == ["y", "A", "x", "B", "C"]
    assert merged(kept, [("x", 2), ("y", 2)]) == ["A", "x", "y", "B", "C"]  # as given
    assert merged(kept, [("x", 8), ("y", 1), ("z", None)]) == ["y", "A", "B", "C", "x", "z"]
    assert merged([], [("x", 4), ("y", 2)]) == ["y", "x"]


def test_the_highest_place_is_the_most_photos_a_listing_shows() -> None:
    assert MAX_PLACE == services.MAX_PHOTOS


def _same(listing: Listing) -> ProposalValues:
    return ProposalValues.of(listing)


@pytest.fixture
def two(officer: User, listing_x: Listing, media: Path) -> list[ListingPhoto]:
    """Photos A and B of listing X, in that order."""
    return [
        services.photo_add(user=officer, listing=listing_x, upload=jpeg((400, 300)), caption=c)
        for c in ("Foto A", "Foto B")
    ]


def _shown(listing: Listing) -> list[tuple[str, int]]:
    return [(p.caption, p.position) for p in listing.photos.order_by("position", "pk")]


def test_a_placed_photo_is_shown_and_added_at_its_place(
    owner: User, officer: User, listing_x: Listing, two: list[ListingPhoto]
) -> None:
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        photos=[NewPhoto(jpeg(), "Foto baru", place=2)],
    )
    assert proposal.photos.get().place == 2
    changes = proposal_photo_changes(proposal, listing_of_proposal(proposal))
    assert [(s.photo.caption, s.new) for s in changes.after] == [
        ("Foto A", False),
        ("Foto baru", True),
        ("Foto B", False),
    ]
    assert changes.reordered is False  # the present photos keep their order

    proposal_approve(user=officer, proposal=proposal)
    assert _shown(listing_x) == [("Foto A", 0), ("Foto baru", 1), ("Foto B", 2)]
    moved = ListingPhoto.history.filter(id=two[1].pk).first()
    assert moved is not None and moved.position == 2
    assert moved.history_change_reason == "proposed catalogue change approved"
    assert moved.history_user == officer


def test_places_together_with_a_new_order_and_a_removal(
    owner: User, officer: User, listing_x: Listing, two: list[ListingPhoto]
) -> None:
    a, b = two
    proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        photos=[NewPhoto(jpeg(), "Foto pertama")],
    )
    waiting = ProposalPhoto.objects.get()
    assert waiting.place is None  # no place: after the present photos, as before
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        photos=[NewPhoto(jpeg(), "Foto kedua", place=1)],
        plan=PhotoPlan(order=(b.pk,), removed=(a.pk,), places=((waiting.pk, 3),)),
    )
    waiting.refresh_from_db()
    assert waiting.place == 3
    changes = proposal_photo_changes(proposal, listing_of_proposal(proposal))
    assert [s.photo.caption for s in changes.after] == ["Foto kedua", "Foto B", "Foto pertama"]
    proposal_approve(user=officer, proposal=proposal)
    assert _shown(listing_x) == [("Foto kedua", 0), ("Foto B", 1), ("Foto pertama", 2)]


def test_bad_places_are_refused_on_their_field(
    owner: User,
    owner2: User,
    officer: User,
    listing_x: Listing,
    two: list[ListingPhoto],
    product_y: object,
    english: None,
) -> None:
    proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        photos=[NewPhoto(jpeg(), "Foto baru")],
    )
    theirs = proposal_submit(
        user=owner2,
        product=product_y,  # type: ignore[arg-type]
        values=ProposalValues(public_name="Rusip Beta"),
        photos=[NewPhoto(jpeg(), "Rusip")],
    )
    stranger = theirs.photos.get()
    waiting = ProposalPhoto.objects.get(proposal__product=listing_x.product)
    before = rows("catalogue")
    for photos, plan, field, message in (
        ([NewPhoto(jpeg(), "Lagi", place=0)], None, "photo_place", "Position: from 1 to 8."),
        ([NewPhoto(jpeg(), "Lagi", place=9)], None, "photo_place", "Position: from 1 to 8."),
        (
            [],
            PhotoPlan(places=((stranger.pk, 1),)),
            "photo_order",
            f"Photo {stranger.pk} is not a photo of this page.",
        ),
        ([], PhotoPlan(places=((waiting.pk, 9),)), "photo_order", "Position: from 1 to 8."),
    ):
        with pytest.raises(ValidationError) as caught:
            proposal_submit(
                user=owner,
                product=listing_x.product,
                values=_same(listing_x),
                photos=photos,
                plan=plan,
            )
        assert caught.value.message_dict == {field: [message]}
    assert rows("catalogue") == before


# --- the owner's form -----------------------------------------------------------------------


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


def test_owner_places_new_photos_on_the_form(
    client: Client, owner: User, officer: User, listing_x: Listing, two: list[ListingPhoto]
) -> None:
    a, b = two
    url = f"/catalogue/mine/{listing_x.product_id}/"
    client.force_login(owner)
    page = client.get(url)
    assert 'name="photo_place"' in page.content.decode()
    assert page.context["form"].fields["photo_place"].max_value == 3  # before, between, after
    # the first new photo, first
    response = client.post(url, _form(listing_x, photo=jpeg(), caption="Baru 1", photo_place=1))
    assert response.status_code == 302
    first = ProposalPhoto.objects.get()
    assert first.place == 1

    # the page starts from the proposal: the new photo first, numbered with the others
    page = client.get(url)
    form = page.context["form"]
    assert [(row.photo.caption, row.new) for row in form.photo_rows()] == [
        ("Baru 1", True),
        ("Foto A", False),
        ("Foto B", False),
    ]
    assert form[f"new_position_{first.pk}"].initial == 1
    assert form.fields[f"position_{a.pk}"].max_value == 3

    # move it last, and add another between A and B
    data = _form(
        listing_x,
        **{f"new_position_{first.pk}": 3, f"position_{a.pk}": 1, f"position_{b.pk}": 2},
        photo=jpeg(),
        caption="Baru 2",
        photo_place=2,
    )
    assert client.post(url, data).status_code == 302
    second = ProposalPhoto.objects.exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert (second.place, first.place) == (2, 4)

    client.force_login(officer)
    queue = client.get("/catalogue/moderation/").content.decode()
    order = [
        queue.index(f"/files/catalogue-photos/{a.pk}/320.jpg"),
        queue.index(f"/files/proposal-photos/{second.pk}/320.jpg"),
        queue.index(f"/files/catalogue-photos/{b.pk}/320.jpg"),
        queue.index(f"/files/proposal-photos/{first.pk}/320.jpg"),
    ]
    assert order == sorted(order)
    proposal = ListingProposal.objects.get()
    client.post(f"/catalogue/proposals/{proposal.pk}/approve/")
    assert _shown(listing_x) == [("Foto A", 0), ("Baru 2", 1), ("Foto B", 2), ("Baru 1", 3)]


def test_a_place_out_of_bounds_is_shown_on_its_field(
    client: Client, owner: User, listing_x: Listing, two: list[ListingPhoto]
) -> None:
    url = f"/catalogue/mine/{listing_x.product_id}/"
    client.force_login(owner)
    before = rows("catalogue")
    response = client.post(url, _form(listing_x, photo=jpeg(), caption="Baru", photo_place=4))
    assert response.status_code == 200
    assert response.context["form"].errors["photo_place"] == ["Urutan: dari 1 sampai 3."]
    assert rows("catalogue") == before
