"""The demo's moderation: two owners' proposals waiting (and one rejected earlier, with its
reason), reviews on the published demo products — most published, a few waiting — and a second
run that writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue.models_moderation import ListingProposal, ProposalStatus, Review
from ovop.demo.catalogue_moderation import REVIEWS, demo_moderation_load, pending_counts

pytestmark = pytest.mark.django_db


def test_counts(demo: None) -> None:
    assert pending_counts() == (2, 8, 3)
    assert sum(1 for r in REVIEWS if r[4]) == 8
    rejected = ListingProposal.objects.get(status=ProposalStatus.REJECTED)
    assert "salah ketik" in rejected.reason
    owners = set(
        ListingProposal.objects.filter(status="pending").values_list(
            "proposed_by__username", flat=True
        )
    )
    assert owners == {"owner", "owner2"}


def test_second_run_writes_nothing(demo: None) -> None:
    officer = User.objects.get(username="officer")
    before = (ListingProposal.history.count(), Review.history.count())
    summary = demo_moderation_load(officer=officer)
    assert (summary.proposals, summary.reviews) == (0, 0)
    assert (ListingProposal.history.count(), Review.history.count()) == before


def test_pages_show_the_demo(client: Client, demo: None) -> None:
    client.force_login(User.objects.get(username="officer"))
    queue = client.get("/catalogue/moderation/").content.decode()
    assert "Hutan Pelawan Desa Namang tanpa" in queue  # Namang's proposed story
    assert "Rp 185.000" in queue
    client.force_login(User.objects.get(username="owner2"))
    mine = client.get("/catalogue/mine/").content.decode()
    assert "salah ketik" in mine and "menunggu persetujuan" in mine
    published = Review.objects.filter(status="published").select_related("listing").first()
    assert published is not None
    page = Client().get(f"/id/katalog/produk/{published.listing.slug}/").content.decode()
    assert published.text in page and "@example.com" not in page
