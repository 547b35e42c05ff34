"""Fixtures of the catalogue tests: uploads in a temporary folder, a published listing of
product X (enterprise X, village A) with private values that must never be public, and an
Indonesian-language test client (the catalogue's default)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
from ovop.catalogue.models_moderation import ListingProposal, ProposalPhoto
from ovop.catalogue.services_moderation import NewPhoto, ProposalValues, proposal_submit
from ovop.enterprises.models import Certification, CertificationKind, Enterprise, Product
from tests.factories import CertificationFactory

#: Values of enterprise X that no public page or API answer may contain.
PRIVATE = {
    "owner_name": "Siti Rahmawati Privat",
    "address": "Jalan Rahasia 17",
    "email": "siti.privat@example.com",
    "phone": "+6281234567890",
    "nib": "1234567890123",
    "annual_sales_idr": 987_654_321,
    "investment_idr": 55_555_555,
}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(
    size: tuple[int, int] = (900, 600), colour: tuple[int, int, int] = (200, 120, 40)
) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def private_x(enterprise_x: Enterprise) -> Enterprise:
    for name, value in PRIVATE.items():
        setattr(enterprise_x, name, value)
    enterprise_x.owner_gender = "female"
    enterprise_x.save()
    return enterprise_x


@pytest.fixture
def halal_x(product_x: Product) -> Certification:
    return CertificationFactory(  # type: ignore[no-any-return]
        enterprise=product_x.enterprise,
        product=product_x,
        kind=CertificationKind.HALAL,
        number="ID00110012345",
    )


@pytest.fixture
def listing_x(
    officer: User, product_x: Product, private_x: Enterprise, halal_x: Certification
) -> Listing:
    values = services.ListingValues(
        public_name="Keripik Tenggiri Alfa",
        story="Keripiknya dibuat dari ikan tenggiri segar oleh ibu-ibu Desa Alfa.",
        raw_material="Ikan tenggiri dari nelayan Desa Alfa",
        price_idr=35_000,
        unit="bungkus 250 g",
        marketplace_links=["https://www.tokopedia.com/alfa/keripik"],
        certification_ids=[halal_x.pk],
    )
    listing = services.listing_create(user=officer, product=product_x, values=values)
    return services.listing_publish(user=officer, listing=listing)


#: The new story of the owner's proposal in ``proposed``.
PROPOSED_STORY = "Kini dikemas dalam kantong kertas."


@dataclass
class Proposed:
    listing: Listing
    #: The owner's pending proposal: a new story and two new photos.
    proposal: ListingProposal
    #: "Kemasan baru" (place 1) and "Dapur produksi" (after the present photo).
    new: list[ProposalPhoto]
    #: owner2's pending proposal about product Y, and its one new photo.
    other: ListingProposal
    other_photo: ProposalPhoto


def stored_files(photo: ProposalPhoto) -> list[str]:
    """The names of a proposed photo's upload and every resized copy of it."""
    return [photo.image.name, *photo.variants.values()]


@pytest.fixture
def proposed(
    owner: User, owner2: User, officer: User, listing_x: Listing, product_y: Product, media: Path
) -> Proposed:
    """Listing X with one present photo ("Lama"), the owner's pending proposal for it and
    owner2's pending proposal for product Y, each with new photos."""
    services.photo_add(user=officer, listing=listing_x, upload=jpeg((400, 300)), caption="Lama")
    proposal = proposal_submit(
        user=owner,
        product=listing_x.product,
        values=ProposalValues.of(listing_x, story=PROPOSED_STORY),
        photos=[
            NewPhoto(jpeg((800, 600)), "Kemasan baru", 1),
            NewPhoto(jpeg((200, 100)), "Dapur produksi"),
        ],
    )
    theirs = proposal_submit(
        user=owner2,
        product=product_y,
        values=ProposalValues(public_name="Rusip Beta"),
        photos=[NewPhoto(jpeg((300, 300)), "Rusip dalam botol")],
    )
    new = list(proposal.photos.order_by("pk"))
    return Proposed(listing_x, proposal, new, theirs, theirs.photos.get())
