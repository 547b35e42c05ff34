"""The registry's running counts (``ovop.enterprises.tallies``) against the registry: exact
counts by kecamatan, regency and category after each kind of write, certificates valid on a
day, a move between kecamatans, a batch, a write past the models' save found and mended."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ovop.accounts.models import User
from ovop.enterprises import tallies
from ovop.enterprises.models import Category, Enterprise, Product, RegistryTally
from ovop.enterprises.models_tallies import RegistryLevel
from ovop.enterprises.selectors_counts import Area, registry_counts
from ovop.enterprises.services import (
    certification_create,
    enterprise_archive,
    enterprise_update,
    product_archive,
    product_create,
)
from ovop.regions.models import Region
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)
KEC_A, KEC_B, REGENCY = "99.01.01", "99.01.02", "99.01"


def _counts(level: str, code: str | None, category: str = "") -> tuple[int, int, int]:
    found = registry_counts(area=Area(level, code), category=category, today=TODAY)
    return found.enterprises, found.products, found.certificates_valid


@pytest.fixture
def registry(village_a: Region, village_b: Region, officer: User) -> dict[str, Any]:
    a1 = EnterpriseFactory(village=village_a)
    a2 = EnterpriseFactory(village=village_a)
    b1 = EnterpriseFactory(village=village_b)
    ProductFactory(enterprise=a1, category=Category.FOOD_BEVERAGE)
    ProductFactory(enterprise=a1, category=Category.FOOD_BEVERAGE)
    ProductFactory(enterprise=a2, category=Category.BATIK)
    ProductFactory(enterprise=b1, category=Category.FOOD_BEVERAGE)
    for enterprise, expires in (
        (a1, None),  # no expiry: valid
        (a1, dt.date(2026, 12, 31)),  # later this month: valid
        (a2, dt.date(2026, 12, 4)),  # earlier this month: expired yesterday
        (b1, dt.date(2027, 1, 1)),  # next month: valid
        (b1, dt.date(2025, 6, 30)),  # last year: expired
    ):
        CertificationFactory(
            enterprise=enterprise, issued_on=dt.date(2024, 1, 2), expires_on=expires
        )
    return {"a1": a1, "a2": a2, "b1": b1}


def test_counts_by_kecamatan_regency_country_and_category(registry: dict[str, Any]) -> None:
    assert _counts(RegistryLevel.KECAMATAN, KEC_A) == (2, 3, 2)
    assert _counts(RegistryLevel.KECAMATAN, KEC_B) == (1, 1, 1)
    assert _counts(RegistryLevel.REGENCY, REGENCY) == (3, 4, 3)
    assert _counts(RegistryLevel.REGENCY, None) == (3, 4, 3)
    # with a category: the IKM holding such a product, those products, their certificates
    assert _counts(RegistryLevel.REGENCY, REGENCY, Category.FOOD_BEVERAGE) == (2, 3, 3)
    assert _counts(RegistryLevel.KECAMATAN, KEC_A, Category.BATIK) == (1, 1, 0)
    assert _counts(RegistryLevel.REGENCY, REGENCY, Category.HERBAL) == (0, 0, 0)
    # the month buckets: 2026-12 holds two certificates, only the one not yet expired counts
    buckets = RegistryTally.objects.filter(
        level=RegistryLevel.REGENCY, category="", kind="certificates"
    ).values_list("bucket", "n")
    assert sorted(buckets) == [(0, 1), (202506, 1), (202612, 2), (202701, 1)]
    assert tallies.differences() == []


def test_services_keep_them_current(
    registry: dict[str, Any], officer: User, village_b: Region
) -> None:
    a1, a2 = registry["a1"], registry["a2"]
    product_create(
        user=officer,
        enterprise=a2,
        data={"name": "Kerupuk", "category": Category.FOOD_BEVERAGE, "unit": "kg"},
    )
    # a2 now holds a food product too: its (expired) certificate is of no use to the count
    assert _counts(RegistryLevel.KECAMATAN, KEC_A, Category.FOOD_BEVERAGE) == (2, 3, 2)
    certification_create(
        user=officer,
        enterprise=a2,
        data={"kind": "halal", "number": "ID-H-1", "issued_on": dt.date(2026, 1, 5)},
    )
    assert _counts(RegistryLevel.REGENCY, REGENCY) == (3, 5, 4)
    enterprise_update(user=officer, enterprise=a1, data={"village": village_b})  # moves
    assert _counts(RegistryLevel.KECAMATAN, KEC_A) == (1, 2, 1)
    assert _counts(RegistryLevel.KECAMATAN, KEC_B) == (2, 3, 3)
    product_archive(user=officer, product=Product.objects.filter(enterprise=a1).first())
    enterprise_archive(user=officer, enterprise=a2)
    assert _counts(RegistryLevel.REGENCY, REGENCY) == (2, 2, 3)
    assert tallies.differences() == []


def test_a_batch_counts_each_kecamatan_once_at_its_end(
    registry: dict[str, Any], village_a: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    real = tallies.refresh
    monkeypatch.setattr(tallies, "refresh", lambda codes: calls.append(set(codes)))
    with tallies.batch():
        EnterpriseFactory(village=village_a)
        ProductFactory(enterprise=registry["b1"])
        assert calls == []
    assert calls == [{KEC_A, KEC_B}]
    monkeypatch.setattr(tallies, "refresh", real)
    tallies.refresh({KEC_A, KEC_B})
    assert _counts(RegistryLevel.REGENCY, REGENCY) == (4, 5, 3)


@pytest.mark.registry_written_directly
def test_the_command_finds_a_write_past_the_models_save_and_rebuilds(
    registry: dict[str, Any],
) -> None:
    Enterprise.objects.filter(pk=registry["b1"].pk).update(
        archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    with pytest.raises(
        CommandError, match="0 tallies differ from the values and 24 counts from the registry"
    ):
        call_command("tallies", "--check", stdout=StringIO())
    out = StringIO()
    call_command("tallies", "--rebuild", stdout=out)
    assert "registry counts" in out.getvalue()
    assert _counts(RegistryLevel.REGENCY, REGENCY) == (2, 3, 2)
    assert tallies.differences() == []
