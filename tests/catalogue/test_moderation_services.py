"""Owners' proposals and officers' decisions, service by service: approving writes exactly the
proposed fields (and makes the public cache stale), rejecting or a refused proposal leaves every
row as it was, one pending proposal per product, photos checked as an officer's are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from ovop.accounts.models import User
from ovop.catalogue import public_cache, services
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.models_moderation import ListingProposal, ProposalStatus
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


def _values(listing: Listing, **changed: Any) -> ProposalValues:
    return ProposalValues.of(listing, **changed)


def test_a_proposal_changes_nothing_public(owner: User, listing_x: Listing) -> None:
    before = rows("catalogue")
    proposal = proposal_submit(
        user=owner, product=listing_x.product, values=_values(listing_x, story="Cerita baru.")
    )
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.changed_fields == ["story"]
    listing_x.refresh_from_db()
    assert listing_x.story.startswith("Keripiknya dibuat")
    after = rows("catalogue")
    assert after["catalogue.Listing"] == before["catalogue.Listing"]
    assert after["catalogue.HistoricalListing"] == before["catalogue.HistoricalListing"]


def test_approve_writes_exactly_the_proposed_fields(
    owner: User, officer: User, listing_x: Listing
) -> None:
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=_values(listing_x, story="Cerita baru dari pemilik.", price_idr=40_000),
    )
    # meanwhile an officer changes the unit: approving must not undo it
    services.listing_update(
        user=officer,
        listing=listing_x,
        values=services.ListingValues(
            public_name=listing_x.public_name,
            story=listing_x.story,
            raw_material=listing_x.raw_material,
            price_idr=listing_x.price_idr,
            unit="kotak 500 g",
            marketplace_links=list(listing_x.marketplace_links),
            slug=listing_x.slug,
            certification_ids=list(listing_x.certifications.values_list("pk", flat=True)),
        ),
    )
    generation = public_cache.generation()
    listing = proposal_approve(user=officer, proposal=proposal)
    listing.refresh_from_db()
    assert listing.story == "Cerita baru dari pemilik."
    assert listing.price_idr == 40_000
    assert listing.unit == "kotak 500 g"
    assert listing.public_name == "Keripik Tenggiri Alfa"
    assert listing.published is True
    assert public_cache.generation() > generation
    latest = listing.history.first()
    assert latest is not None and latest.history_user == officer
    assert latest.history_change_reason == "proposed catalogue change approved"
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (ProposalStatus.APPROVED, officer)


def test_reject_leaves_the_listing_unchanged(
    owner: User, officer: User, listing_x: Listing
) -> None:
    proposal = proposal_submit(
        user=owner, product=listing_x.product, values=_values(listing_x, unit="ton")
    )
    before = rows("catalogue")
    proposal_reject(user=officer, proposal=proposal, reason="Satuan tidak masuk akal.")
    after = rows("catalogue")
    for label in ("catalogue.Listing", "catalogue.HistoricalListing", "catalogue.ListingPhoto"):
        assert after[label] == before[label]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert proposal.reason == "Satuan tidak masuk akal."
    with pytest.raises(ValidationError):  # decided once
        proposal_approve(user=officer, proposal=proposal)


def test_reject_needs_a_bounded_reason(owner: User, officer: User, listing_x: Listing) -> None:
    proposal = proposal_submit(
        user=owner, product=listing_x.product, values=_values(listing_x, unit="ton")
    )
    before = rows("catalogue")
    for reason in ("  ", "x" * 501):
        with pytest.raises(ValidationError) as caught:
            proposal_reject(user=officer, proposal=proposal, reason=reason)
        assert "reason" in caught.value.message_dict
    assert rows("catalogue") == before


def test_one_pending_proposal_per_product(owner: User, listing_x: Listing) -> None:
    first = proposal_submit(
        user=owner, product=listing_x.product, values=_values(listing_x, unit="toples")
    )
    second = proposal_submit(
        user=owner, product=listing_x.product, values=_values(listing_x, unit="karton")
    )
    assert first.pk == second.pk
    assert ListingProposal.objects.filter(product=listing_x.product).count() == 1
    assert ListingProposal.objects.get().unit == "karton"


def test_bad_links_and_nothing_changed_are_refused(
    owner: User, listing_x: Listing, english: None
) -> None:
    before = rows("catalogue")
    with pytest.raises(ValidationError, match="not accepted"):
        proposal_submit(
            user=owner,
            product=listing_x.product,
            values=_values(listing_x, marketplace_links=["javascript:alert(1)"]),
        )
    with pytest.raises(ValidationError, match="Nothing to propose"):
        proposal_submit(user=owner, product=listing_x.product, values=_values(listing_x))
    assert rows("catalogue") == before


def test_only_the_products_owner_proposes(
    owner2: User, officer: User, facilitator: User, listing_x: Listing
) -> None:
    before = rows("catalogue")
    for user in (owner2, officer, facilitator):
        with pytest.raises(PermissionDenied):
            proposal_submit(
                user=user, product=listing_x.product, values=_values(listing_x, unit="x")
            )
    assert rows("catalogue") == before


def test_only_officers_and_admins_decide(
    owner: User, viewer: User, facilitator: User, listing_x: Listing
) -> None:
    proposal = proposal_submit(
        user=owner, product=listing_x.product, values=_values(listing_x, unit="toples")
    )
    before = rows("catalogue")
    for user in (owner, viewer, facilitator):
        with pytest.raises(PermissionDenied):
            proposal_approve(user=user, proposal=proposal)
        with pytest.raises(PermissionDenied):
            proposal_reject(user=user, proposal=proposal, reason="Tidak.")
    assert rows("catalogue") == before


def test_a_product_without_listing_gets_one_on_approval(
    owner: User, admin_user: User, product_x: Product, media: Path
) -> None:
    values = ProposalValues(public_name="Getas Alfa Renyah", story="Dari Desa Alfa.", unit="kg")
    proposal = proposal_submit(
        user=owner, product=product_x, values=values, photos=[NewPhoto(jpeg(), "Getas di piring")]
    )
    assert set(proposal.changed_fields) >= {"public_name", "story", "unit"}
    assert not Listing.objects.filter(product=product_x).exists()
    listing = proposal_approve(user=admin_user, proposal=proposal)
    assert (listing.public_name, listing.published, listing.slug) == (
        "Getas Alfa Renyah",
        False,
        "getas-alfa-renyah",
    )
    photo = ListingPhoto.objects.get(listing=listing)
    assert photo.caption == "Getas di piring" and photo.variants["320.webp"]
    assert not proposal.photos.exists()


def test_approve_and_publish(owner: User, officer: User, product_x: Product) -> None:
    values = ProposalValues(public_name="Getas Alfa Renyah")
    proposal = proposal_submit(user=owner, product=product_x, values=values)
    listing = proposal_approve(user=officer, proposal=proposal, publish=True)
    assert listing.published is True
    product_x.refresh_from_db()
    assert product_x.published is True


def test_a_fake_or_huge_image_is_refused_with_nothing_written(
    owner: User, listing_x: Listing, media: Path
) -> None:
    fake = SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>" * 10, content_type="image/jpeg")
    before = rows("catalogue")
    with pytest.raises(ValidationError) as caught:
        proposal_submit(
            user=owner,
            product=listing_x.product,
            values=_values(listing_x, unit="toples"),
            photos=[NewPhoto(fake, "Palsu")],
        )
    assert "photo" in caught.value.message_dict
    huge = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (6 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        proposal_submit(
            user=owner,
            product=listing_x.product,
            values=_values(listing_x, unit="toples"),
            photos=[NewPhoto(huge, "Besar")],
        )
    assert "photo" in caught.value.message_dict
    assert rows("catalogue") == before
    assert not any(media.rglob("*.webp"))


def test_too_many_photos_refused(
    owner: User, listing_x: Listing, media: Path, english: None
) -> None:
    photos = [NewPhoto(jpeg((400, 300)), f"Foto {n}") for n in range(services.MAX_PHOTOS + 1)]
    with pytest.raises(ValidationError, match="at most 8 photos"):
        proposal_submit(
            user=owner, product=listing_x.product, values=_values(listing_x), photos=photos
        )
    assert not ListingProposal.objects.exists()


def test_a_second_pending_proposal_is_refused_by_the_database(
    owner: User, listing_x: Listing
) -> None:
    """The database itself keeps one pending proposal per product (two sends at once: the
    service turns the clash into a refusal)."""
    proposal_submit(user=owner, product=listing_x.product, values=_values(listing_x, unit="a"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingProposal.objects.create(
            product=listing_x.product, proposed_by=owner, public_name="Dua"
        )
    assert ListingProposal.objects.filter(status=ProposalStatus.PENDING).count() == 1
