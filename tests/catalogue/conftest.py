"""Fixtures of the catalogue tests: uploads in a temporary folder, a published listing of
product X (enterprise X, village A) with private values that must never be public, and an
Indonesian-language test client (the catalogue's default)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
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
