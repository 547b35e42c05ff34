"""The new photos of an owner's proposal are shown as thumbnails: in the moderation queue, in
the order approving will leave them, and on the owner's proposal page. Their resized copies
are served only to those who read the queue (officers, admins, viewers) and to the owner of
the product, never kept by a cache; anyone else gets 404, signed in or not. Approving and
rejecting do what they did: the copies become the listing's or are deleted."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.models_moderation import ListingProposal, ProposalPhoto, ProposalStatus
from ovop.catalogue.services_moderation import (
    NewPhoto,
    ProposalValues,
    proposal_approve,
    proposal_reject,
    proposal_submit,
)
from ovop.enterprises.models import Product
from tests.catalogue.conftest import jpeg
from tests.refusals import Attempt, matrix, refused

pytestmark = pytest.mark.django_db


def _same(listing: Listing) -> ProposalValues:
    return ProposalValues.of(listing)


@dataclass
class Proposed:
    listing: Listing
    present: ListingPhoto
    proposal: ListingProposal
    new: list[ProposalPhoto]


@pytest.fixture
def proposed(owner: User, officer: User, listing_x: Listing, media: Path) -> Proposed:
    """Listing X with one photo; the owner proposes two new ones (800×600 and 200×100)."""
    present = services.photo_add(
        user=officer, listing=listing_x, upload=jpeg((400, 300)), caption="Foto lama"
    )
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        photos=[NewPhoto(jpeg((800, 600)), "Kemasan baru")],
    )
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_same(listing_x),
        photos=[NewPhoto(jpeg((200, 100)), "Dapur produksi")],
    )
    return Proposed(listing_x, present, proposal, list(proposal.photos.order_by("pk")))


def _url(photo: ProposalPhoto, variant: str = "320.jpg") -> str:
    return f"/files/proposal-photos/{photo.pk}/{variant}"


def _size(response: Any) -> tuple[int, int]:
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
        return picture.size


@pytest.mark.parametrize("persona", ["owner", "officer", "admin_user", "viewer"])
def test_the_copy_is_served_to_the_owner_and_the_office(
    client: Client, request: pytest.FixtureRequest, proposed: Proposed, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    big, small = proposed.new
    response = client.get(_url(big))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert _size(response) == (320, 240)  # resized as a listing's photo is
    webp = client.get(_url(big, "640.webp"))
    assert webp["Content-Type"] == "image/webp" and _size(webp) == (640, 480)
    assert _size(client.get(_url(small, "1280.jpg"))) == (200, 100)  # never enlarged
    assert client.get(_url(big, "999.jpg")).status_code == 404
    assert client.get(_url(big, "image")).status_code == 404  # the original is not a variant


#: Who may not see the new photos of owner X's proposal: 404 for a look (existence does not
#: leak), 405 for a write.
ATTEMPTS = {
    "look": Attempt("get", lambda p: _url(p.new[0])),
    "look-webp": Attempt("get", lambda p: _url(p.new[1], "640.webp")),
}
ANSWERS = {
    "owner2": 404,  # another owner
    "outsider": 404,  # an owner of no enterprise
    "facilitator": 404,
    "assessor": 404,
    "anonymous": 404,  # not the login page: the address tells nothing
}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    proposed: Proposed,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, records=proposed, apps=("catalogue",)
    )


@pytest.mark.parametrize("persona", ["owner", "officer", "viewer", "anonymous"])
def test_only_reading_is_allowed(
    client: Client, request: pytest.FixtureRequest, proposed: Proposed, persona: str
) -> None:
    attempt = Attempt("post", lambda p: _url(p.new[0]), {"caption": "x"})
    refused(client, request, persona, attempt, 405, records=proposed, apps=("catalogue",))


def test_each_owner_sees_only_their_own_proposals_photos(
    client: Client, owner2: User, officer: User, product_y: Product, proposed: Proposed
) -> None:
    """Owner Y's own proposal is theirs to see, owner X's is not."""
    theirs = proposal_submit(
        user=owner2,
        product=product_y,
        values=ProposalValues(public_name="Rusip Beta"),
        photos=[NewPhoto(jpeg(), "Rusip dalam botol")],
    )
    client.force_login(owner2)
    assert client.get(_url(theirs.photos.get())).status_code == 200
    assert client.get(_url(proposed.new[0])).status_code == 404


def test_the_queue_shows_the_new_photos_after_the_kept_ones(
    client: Client, officer: User, proposed: Proposed
) -> None:
    client.force_login(officer)
    html = client.get("/catalogue/moderation/").content.decode()
    big, small = proposed.new
    kept = html.index(f"/files/catalogue-photos/{proposed.present.pk}/320.jpg")
    first, second = (html.index(_url(p)) for p in (big, small))
    assert kept < first < second
    assert (
        f'<img src="{_url(big)}" alt="Kemasan baru" width="96" height="72" loading="lazy">' in html
    )
    assert "2 foto baru" in html and "Foto setelah disetujui:" in html
    assert "1 foto, tidak ada yang dihapus" in html  # what is there now, kept whole
    assert "foto baru setelahnya" not in html  # the captions-only line is gone


def test_the_queue_in_english(client: Client, officer: User, proposed: Proposed) -> None:
    officer.language = "en"
    officer.save()
    client.force_login(officer)
    html = client.get("/catalogue/moderation/").content.decode()
    assert "2 new photos" in html and "Photos once approved:" in html
    assert "1 photo, none removed" in html


def test_the_owner_sees_the_waiting_photos_on_the_proposal_page(
    client: Client, owner: User, proposed: Proposed
) -> None:
    client.force_login(owner)
    page = client.get(f"/catalogue/mine/{proposed.listing.product_id}/")
    html = page.content.decode()
    assert "Foto di halaman dan foto baru yang menunggu persetujuan" in html
    kept = html.index(f"/files/catalogue-photos/{proposed.present.pk}/320.jpg")
    first, second = (html.index(f'src="{_url(p)}" alt="{p.caption}"') for p in proposed.new)
    assert kept < first < second
    form = page.context["form"]
    assert [form[f"new_position_{p.pk}"].initial for p in proposed.new] == [2, 3]
    assert form[f"position_{proposed.present.pk}"].initial == 1


def test_approving_makes_them_the_listings_photos(
    client: Client, officer: User, proposed: Proposed
) -> None:
    big, small = proposed.new
    names = dict(big.variants)
    proposal_approve(user=officer, proposal=proposed.proposal)
    proposed.proposal.refresh_from_db()
    assert proposed.proposal.status == ProposalStatus.APPROVED
    shown = list(proposed.listing.photos.order_by("position", "pk"))
    assert [(p.caption, p.position) for p in shown] == [
        ("Foto lama", 0),
        ("Kemasan baru", 1),
        ("Dapur produksi", 2),
    ]
    assert shown[1].variants == names and default_storage.exists(names["320.jpg"])
    client.force_login(officer)
    assert client.get(_url(big)).status_code == 404  # no longer a proposal's photo
    assert client.get(f"/files/catalogue-photos/{shown[1].pk}/320.jpg").status_code == 200


def test_rejecting_deletes_them(
    client: Client,
    officer: User,
    proposed: Proposed,
    django_capture_on_commit_callbacks: Any,
) -> None:
    names = [name for p in proposed.new for name in p.variants.values()]
    with django_capture_on_commit_callbacks(execute=True):
        proposal_reject(user=officer, proposal=proposed.proposal, reason="Fotonya buram.")
    assert names and not any(default_storage.exists(name) for name in names)
    assert not ProposalPhoto.objects.exists()
    assert [p.caption for p in proposed.listing.photos.all()] == ["Foto lama"]
    client.force_login(officer)
    assert client.get(_url(proposed.new[0])).status_code == 404
