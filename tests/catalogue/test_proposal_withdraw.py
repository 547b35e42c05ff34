"""An owner withdraws their whole proposal while it waits for an officer: a "Withdraw proposal"
button on the proposal page, a confirmation, then the proposal is marked withdrawn (its history
names the owner and the reason), its new photos' rows and stored files are gone, it leaves the
moderation queue (page and API) but stays in the owner's list, and the product may get a new
proposal. Refused: another owner's proposal (404), every other role (403), a visitor (login), a
proposal already decided or withdrawn (a message; nothing changes), GET (405)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, ProposalPhoto, ProposalStatus
from ovop.catalogue.services_moderation import (
    WITHDRAWN,
    NewPhoto,
    ProposalValues,
    proposal_approve,
    proposal_reject,
    proposal_submit,
    proposal_withdraw,
)
from tests.catalogue.conftest import PROPOSED_STORY as STORY
from tests.catalogue.conftest import Proposed, jpeg, stored_files
from tests.refusals import LOGIN, Attempt, matrix, refused, rows

pytestmark = pytest.mark.django_db


def _url(proposal: ListingProposal) -> str:
    return f"/catalogue/proposals/{proposal.pk}/withdraw/"


def _flash(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_owner_withdraws_after_confirming(
    client: Client,
    owner: User,
    proposed: Proposed,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page_url = f"/catalogue/mine/{proposed.listing.product_id}/"
    url = _url(proposed.proposal)
    client.force_login(owner)
    page = client.get(page_url).content.decode()
    assert f'<form method="post" action="{url}" id="proposal-withdraw">' in page
    assert '<button type="submit">Tarik kembali usulan</button>' in page

    before = rows("catalogue")
    asked = client.post(url)  # the first POST only asks
    assert asked.status_code == 200
    assert [t.name for t in asked.templates][0] == "core/confirm.html"
    shown = asked.content.decode()
    assert "Tarik kembali usulan Anda untuk Getas Tenggiri Alfa" in shown
    assert 'name="confirm"' in shown and f'href="{page_url}"' in shown
    assert rows("catalogue") == before

    names = [name for photo in proposed.new for name in stored_files(photo)]
    assert len(names) > 2 and all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"confirm": "1"})
    assert done.status_code == 302 and done["Location"] == "/catalogue/mine/"
    assert _flash(done) == ["Usulan Anda ditarik kembali; petugas tidak akan memutuskannya."]

    proposal = ListingProposal.objects.get(pk=proposed.proposal.pk)
    assert (proposal.status, proposal.decided_by, proposal.story) == (
        ProposalStatus.WITHDRAWN,
        owner,
        STORY,
    )
    assert proposal.decided_at is not None and proposal.reason == ""
    newest = proposal.history.order_by("-history_id").first()
    assert newest is not None
    assert (newest.history_change_reason, newest.history_user, newest.status) == (
        WITHDRAWN,
        owner,
        "withdrawn",
    )
    assert not ProposalPhoto.objects.filter(proposal=proposal).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert ProposalPhoto.objects.filter(proposal=proposed.other).count() == 1  # owner2's stays
    listing = Listing.objects.get(pk=proposed.listing.pk)
    assert listing.story != STORY and [p.caption for p in listing.photos.all()] == ["Lama"]

    mine = client.get("/catalogue/mine/").content.decode()
    assert '<td data-label="Status" class="status-withdrawn">ditarik kembali (' in mine
    again = client.get(page_url).content.decode()
    assert "proposal-withdraw" not in again and "menunggu persetujuan" not in again


def test_a_new_proposal_may_follow(
    owner: User, officer: User, proposed: Proposed, media: Path
) -> None:
    proposal_withdraw(user=owner, proposal=proposed.proposal)
    fresh = proposal_submit(
        user=owner,
        product=proposed.listing.product,
        values=ProposalValues.of(proposed.listing, price_idr=27_500),
    )
    assert fresh.pk != proposed.proposal.pk
    assert (fresh.status, fresh.changed_fields, fresh.photos.count()) == (
        ProposalStatus.PENDING,
        ["price_idr"],
        0,
    )
    statuses = ListingProposal.objects.filter(product=proposed.listing.product).order_by("pk")
    assert list(statuses.values_list("status", flat=True)) == ["withdrawn", "pending"]
    proposal_approve(user=officer, proposal=fresh)
    assert Listing.objects.get(pk=proposed.listing.pk).price_idr == 27_500


def test_the_queue_no_longer_lists_it(
    client: Client, owner: User, officer: User, proposed: Proposed
) -> None:
    proposal_withdraw(user=owner, proposal=proposed.proposal)
    client.force_login(officer)
    queue = client.get("/catalogue/moderation/").content.decode()
    assert f'id="proposal-{proposed.proposal.pk}"' not in queue
    assert f'id="proposal-{proposed.other.pk}"' in queue
    assert "Kemasan baru" not in queue and "Rusip dalam botol" in queue
    api = client.get("/api/v1/catalogue/moderation/").json()
    assert [p["id"] for p in api["proposals"]] == [proposed.other.pk]
    thumbnail = f"/files/proposal-photos/{proposed.new[0].pk}/320.jpg"
    assert client.get(thumbnail).status_code == 404


def test_the_officer_cannot_decide_it_any_more(
    client: Client, owner: User, officer: User, proposed: Proposed
) -> None:
    proposal_withdraw(user=owner, proposal=proposed.proposal)
    client.force_login(officer)
    before = rows("catalogue")
    response = client.post(f"/catalogue/proposals/{proposed.proposal.pk}/approve/")
    assert response.status_code == 302
    assert _flash(response) == [
        "Pemilik telah menarik kembali usulan ini; tidak ada lagi yang perlu diputuskan."
    ]
    api = client.post(
        f"/api/v1/catalogue/proposals/{proposed.proposal.pk}/reject/",
        {"reason": "Harga tidak wajar."},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert rows("catalogue") == before


DECIDED = "Petugas sudah memutuskan usulan ini: usulan tidak dapat ditarik kembali lagi."


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        ("approve", DECIDED),
        ("reject", DECIDED),
        ("withdraw", "Usulan ini sudah ditarik kembali."),
    ],
)
def test_a_decided_proposal_is_refused_with_a_message(
    client: Client, owner: User, officer: User, proposed: Proposed, decision: str, message: str
) -> None:
    """Decided (or withdrawn in another tab) while the owner's page was open: the confirmed
    POST says so and changes nothing."""
    if decision == "approve":
        proposal_approve(user=officer, proposal=proposed.proposal)
    elif decision == "reject":
        proposal_reject(user=officer, proposal=proposed.proposal, reason="Foto buram.")
    else:
        proposal_withdraw(user=owner, proposal=proposed.proposal)
    client.force_login(owner)
    before = rows("catalogue")
    response = client.post(_url(proposed.proposal), {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/mine/"
    assert _flash(response) == [message]
    assert rows("catalogue") == before


def test_the_service_refuses_a_decided_proposal(
    owner: User, officer: User, proposed: Proposed, english: None
) -> None:
    proposal_approve(user=officer, proposal=proposed.proposal)
    before = rows("catalogue")
    with pytest.raises(ValidationError, match="already decided"):
        proposal_withdraw(user=owner, proposal=proposed.proposal)
    assert rows("catalogue") == before


def test_the_only_photo_points_to_withdrawing(
    client: Client, owner: User, listing_x: Listing, media: Path
) -> None:
    """A new photo that is all the proposal changes cannot be removed alone: the page says
    to withdraw the proposal instead, and the refusal names it too."""
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=ProposalValues.of(listing_x),
        photos=[NewPhoto(jpeg(), "Satu-satunya")],
    )
    client.force_login(owner)
    page = client.get(f"/catalogue/mine/{listing_x.product_id}/").content.decode()
    assert (
        "Foto ini satu-satunya perubahan usulan Anda, jadi tidak dapat dihapus sendiri: untuk "
        "membatalkannya, tarik kembali seluruh usulan (“Tarik kembali usulan” di atas)."
    ) in page
    assert f'action="{_url(proposal)}" id="proposal-withdraw"' in page


ATTEMPTS = {
    "ask": Attempt("post", lambda t: _url(t.proposal)),
    "confirm": Attempt("post", lambda t: _url(t.proposal), {"confirm": "1"}),
}
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
def test_another_owners_proposal_is_unknown(
    client: Client, request: pytest.FixtureRequest, proposed: Proposed, confirm: bool
) -> None:
    attempt = Attempt("post", _url(proposed.other), {"confirm": "1"} if confirm else None)
    refused(client, request, "owner", attempt, 404, apps=("catalogue",))
    assert ListingProposal.objects.get(pk=proposed.other.pk).status == ProposalStatus.PENDING


def test_the_service_refuses_another_owner(owner2: User, proposed: Proposed) -> None:
    before = rows("catalogue")
    with pytest.raises(PermissionDenied):
        proposal_withdraw(user=owner2, proposal=proposed.proposal)
    assert rows("catalogue") == before


def test_get_is_not_allowed(client: Client, owner: User, proposed: Proposed) -> None:
    client.force_login(owner)
    assert client.get(_url(proposed.proposal)).status_code == 405
