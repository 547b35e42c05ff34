"""An owner withdraws a new photo of their proposal while it waits for an officer: a "Remove"
button per waiting photo on the proposal page, a confirmation, then the photo's row and every
stored copy are gone and the proposal's history names who withdrew it. Refused: another
owner's proposal or photo (404), every other role (403), a decided proposal, and the photo
that is all the proposal changes (a message; nothing changes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, ProposalPhoto, ProposalStatus
from ovop.catalogue.services_moderation import (
    PHOTO_WITHDRAWN,
    NewPhoto,
    ProposalValues,
    proposal_approve,
    proposal_photo_withdraw,
    proposal_submit,
)
from tests.catalogue.conftest import PROPOSED_STORY as STORY
from tests.catalogue.conftest import Proposed, jpeg, stored_files
from tests.refusals import LOGIN, Attempt, matrix, refused, rows

pytestmark = pytest.mark.django_db


def _remove_url(proposal: ListingProposal, photo: ProposalPhoto) -> str:
    return f"/catalogue/proposals/{proposal.pk}/photos/{photo.pk}/remove/"


def _flash(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_owner_removes_a_waiting_photo_after_confirming(
    client: Client,
    owner: User,
    proposed: Proposed,
    django_capture_on_commit_callbacks: Any,
) -> None:
    kemasan, dapur = proposed.new
    page_url = f"/catalogue/mine/{proposed.listing.product_id}/"
    url = _remove_url(proposed.proposal, kemasan)
    client.force_login(owner)
    page = client.get(page_url).content.decode()
    assert f'<form id="withdraw-{kemasan.pk}" method="post" action="{url}" hidden>' in page
    assert f'<button type="submit" form="withdraw-{kemasan.pk}">Hapus' in page

    before = rows("catalogue")
    asked = client.post(url)  # the first POST only asks
    assert asked.status_code == 200
    assert [t.name for t in asked.templates][0] == "core/confirm.html"
    assert "Kemasan baru" in asked.content.decode()
    assert 'name="confirm"' in asked.content.decode()
    assert rows("catalogue") == before

    names = stored_files(kemasan)
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "1"})
    assert done.status_code == 302 and done["Location"] == page_url
    assert _flash(done) == ["Foto baru dihapus dari usulan Anda."]
    assert not ProposalPhoto.objects.filter(pk=kemasan.pk).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert all(default_storage.exists(name) for name in stored_files(dapur))
    proposal = ListingProposal.objects.get(pk=proposed.proposal.pk)
    assert (proposal.status, proposal.story) == (ProposalStatus.PENDING, STORY)
    assert [p.caption for p in proposal.photos.all()] == ["Dapur produksi"]
    newest = proposal.history.order_by("-history_id").first()
    assert newest is not None
    assert (newest.history_change_reason, newest.history_user) == (PHOTO_WITHDRAWN, owner)

    shown = client.get(page_url).content.decode()
    assert "Kemasan baru" not in shown and f"/files/proposal-photos/{kemasan.pk}/" not in shown
    assert "Dapur produksi" in shown


def test_the_queue_no_longer_shows_it(
    client: Client, owner: User, officer: User, proposed: Proposed
) -> None:
    kemasan, _dapur = proposed.new
    proposal_photo_withdraw(user=owner, proposal=proposed.proposal, photo_id=kemasan.pk)
    client.force_login(officer)
    queue = client.get("/catalogue/moderation/").content.decode()
    assert "Kemasan baru" not in queue and "Dapur produksi" in queue
    assert client.get(f"/files/proposal-photos/{kemasan.pk}/320.jpg").status_code == 404


def test_the_only_change_is_not_removed(
    client: Client, owner: User, listing_x: Listing, media: Path
) -> None:
    """A proposal that would change nothing is refused, as ``proposal_submit`` refuses one:
    the page offers no button for its only photo, and a POST is refused with a message."""
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=ProposalValues.of(listing_x),
        photos=[NewPhoto(jpeg(), "Satu-satunya")],
    )
    only = proposal.photos.get()
    client.force_login(owner)
    page = client.get(f"/catalogue/mine/{listing_x.product_id}/").content.decode()
    assert "withdraw-" not in page
    assert "Foto ini satu-satunya perubahan usulan Anda, jadi tidak dapat dihapus sendiri" in page
    before = rows("catalogue")
    response = client.post(_remove_url(proposal, only), {"confirm": "1"})
    assert response.status_code == 302
    assert _flash(response) == [
        "Foto ini satu-satunya perubahan yang dibuat usulan Anda, padahal usulan harus mengubah "
        "sesuatu: ubah hal lain lebih dulu, tarik kembali seluruh usulan, atau tunggu keputusan "
        "petugas."
    ]
    assert rows("catalogue") == before
    assert all(default_storage.exists(name) for name in stored_files(only))


def test_the_last_of_two_photos_is_kept(
    owner: User, listing_x: Listing, media: Path, english: None
) -> None:
    """Two new photos and no other change: the first may go, the second may not."""
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=ProposalValues.of(listing_x),
        photos=[NewPhoto(jpeg(), "Satu"), NewPhoto(jpeg(), "Dua")],
    )
    one, two = proposal.photos.order_by("pk")
    proposal_photo_withdraw(user=owner, proposal=proposal, photo_id=one.pk)
    with pytest.raises(ValidationError, match="only change"):
        proposal_photo_withdraw(user=owner, proposal=proposal, photo_id=two.pk)
    assert list(proposal.photos.values_list("caption", flat=True)) == ["Dua"]


def test_a_decided_proposal_is_refused_with_a_message(
    client: Client, owner: User, officer: User, proposed: Proposed
) -> None:
    """The officer approved while the owner's page was open: the photos are the listing's
    now, and the owner's "remove" says so and changes nothing."""
    kemasan, _dapur = proposed.new
    proposal_approve(user=officer, proposal=proposed.proposal)
    client.force_login(owner)
    before = rows("catalogue")
    response = client.post(_remove_url(proposed.proposal, kemasan), {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/catalogue/mine/{proposed.listing.product_id}/"
    assert _flash(response) == [
        "Petugas sudah memutuskan usulan ini: foto barunya tidak dapat dihapus lagi."
    ]
    assert rows("catalogue") == before
    assert "Kemasan baru" in [p.caption for p in proposed.listing.photos.all()]


def test_a_rejected_proposals_photo_is_not_removed(
    owner: User, proposed: Proposed, english: None
) -> None:
    """The service refuses a decided proposal even when its photo row is still there."""
    kemasan, _dapur = proposed.new
    ListingProposal.objects.filter(pk=proposed.proposal.pk).update(status=ProposalStatus.REJECTED)
    before = rows("catalogue")
    with pytest.raises(ValidationError, match="already decided"):
        proposal_photo_withdraw(user=owner, proposal=proposed.proposal, photo_id=kemasan.pk)
    assert rows("catalogue") == before


def _attempt(confirm: bool) -> Attempt:
    return Attempt(
        "post",
        lambda t: _remove_url(t.proposal, t.new[0]),
        {"confirm": "1"} if confirm else None,
    )


ATTEMPTS = {"ask": _attempt(False), "confirm": _attempt(True)}
ANSWERS = {
    "facilitator": 403,
    "assessor": 403,
    "viewer": 403,
    "officer": 403,  # officers decide the proposal instead
    "admin_user": 403,
    "owner2": 404,  # another owner's proposal
    "outsider": 404,
    "anonymous": LOGIN,
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
    assert all(default_storage.exists(name) for name in stored_files(proposed.new[0]))


@pytest.mark.parametrize("confirm", [False, True])
def test_another_proposals_photo_is_unknown(
    client: Client, request: pytest.FixtureRequest, proposed: Proposed, confirm: bool
) -> None:
    """The owner's own proposal with owner2's photo, and owner2's proposal with the owner's
    photo: both 404."""
    data = {"confirm": "1"} if confirm else None
    mixed = [
        Attempt("post", _remove_url(proposed.proposal, proposed.other_photo), data),
        Attempt("post", _remove_url(proposed.other, proposed.new[0]), data),
    ]
    for attempt in mixed:
        refused(client, request, "owner", attempt, 404, apps=("catalogue",))


def test_get_is_not_allowed(client: Client, owner: User, proposed: Proposed) -> None:
    client.force_login(owner)
    assert client.get(_remove_url(proposed.proposal, proposed.new[0])).status_code == 405
