"""The registry's country rows (``RegistryLevel.COUNTRY``): moved by each write by what its
regency's rows moved, they must stay equal to a fresh count of the whole registry — after
creates, edits, moves between regencies, deletes, archives, restores and a registry import —
and be found again from the regency rows when they were written past ``refresh``."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps

from ovop.accounts.models import User
from ovop.enterprises import tallies
from ovop.enterprises.models import Category, Certification, Enterprise, Product, RegistryTally
from ovop.enterprises.models_tallies import RegistryLevel
from ovop.enterprises.registry_import import registry_write
from ovop.enterprises.selectors_counts import Area, registry_counts
from ovop.enterprises.services import (
    certification_archive,
    certification_create,
    certification_update,
    enterprise_archive,
    enterprise_restore,
    enterprise_update,
    product_archive,
    product_create,
    product_update,
)
from ovop.regions.models import Region
from tests.enterprises.registry_files import LADA, plan_of, xlsx
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory, village

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 5)
FOOD, BATIK = Category.FOOD_BEVERAGE, Category.BATIK
COUNTRY = Area(RegistryLevel.COUNTRY)


def _country(category: str = "") -> tuple[int, int, int]:
    found = registry_counts(area=COUNTRY, category=category, today=TODAY)
    return found.enterprises, found.products, found.certificates_valid


def _regencies(category: str = "") -> tuple[int, int, int]:
    """The same counts as the sum of every regency's rows."""
    found = registry_counts(area=Area(RegistryLevel.REGENCY), category=category, today=TODAY)
    return found.enterprises, found.products, found.certificates_valid


def _country_rows() -> dict[tuple[str, str, int], int]:
    rows = RegistryTally.objects.filter(level=RegistryLevel.COUNTRY, area_code="")
    return {(r.category, r.kind, r.bucket): r.n for r in rows}


def _recounted() -> dict[tuple[str, str, int], int]:
    """The country rows a fresh count of the registry gives (the stored ones left alone)."""
    found: dict[tuple[str, str, int], int] = {}
    for (_level, _code, category, kind, bucket), n in tallies.computed().items():
        key = (category, kind, bucket)
        found[key] = found.get(key, 0) + n
    return found


def _kept() -> None:
    assert _country_rows() == _recounted()
    assert tallies.differences() == []
    for category in ("", FOOD, BATIK):
        assert _country(category) == _regencies(category)


@pytest.fixture
def two_regencies(village_a: Region) -> dict[str, Any]:
    """An IKM in regency 99.01 and one in 98.02, each with a product and a certificate."""
    far = village("98.02.01.2001", "Desa Jauh")
    near_ikm, far_ikm = EnterpriseFactory(village=village_a), EnterpriseFactory(village=far)
    ProductFactory(enterprise=near_ikm, category=FOOD)
    ProductFactory(enterprise=far_ikm, category=BATIK)
    CertificationFactory(
        enterprise=near_ikm, issued_on=dt.date(2024, 1, 2), expires_on=dt.date(2026, 12, 20)
    )
    CertificationFactory(
        enterprise=far_ikm, issued_on=dt.date(2024, 1, 2), expires_on=dt.date(2028, 3, 1)
    )
    return {"near": near_ikm, "far": far_ikm, "far_village": far}


def test_the_country_adds_every_regency(two_regencies: dict[str, Any]) -> None:
    assert _country() == (2, 2, 2)
    assert _country(FOOD) == (1, 1, 1)
    assert _country(BATIK) == (1, 1, 1)
    rows = _country_rows()
    assert rows[("", "enterprises", 0)] == 2 and rows[("", "certificates", 202612)] == 1
    _kept()


def test_every_kind_of_write_keeps_the_country_rows_equal_to_a_recount(
    two_regencies: dict[str, Any], officer: User, village_a: Region
) -> None:
    near, far = two_regencies["near"], two_regencies["far"]
    product = product_create(
        user=officer,
        enterprise=near,
        data={"name": "Batik tulis", "category": BATIK, "unit": "lembar"},
    )
    assert _country() == (2, 3, 2) and _country(BATIK) == (2, 2, 2)
    _kept()
    product_update(user=officer, product=product, data={"category": Category.HERBAL})
    assert _country(BATIK) == (1, 1, 1)
    _kept()
    certificate = certification_create(
        user=officer,
        enterprise=far,
        data={"kind": "halal", "number": "ID-H-9", "issued_on": dt.date(2026, 1, 5)},
    )
    assert _country() == (2, 3, 3)
    _kept()
    certification_update(
        user=officer, certification=certificate, data={"expires_on": dt.date(2026, 12, 1)}
    )  # expired four days before TODAY: its month's row holds it, the live part leaves it out
    assert _country() == (2, 3, 2)
    _kept()
    enterprise_update(user=officer, enterprise=far, data={"village": village_a})  # moves regency
    assert _country() == (2, 3, 2)
    assert (
        registry_counts(
            area=Area(RegistryLevel.REGENCY, "98.02"), category="", today=TODAY
        ).enterprises
        == 0
    )
    _kept()
    certification_archive(user=officer, certification=certificate)
    product_archive(user=officer, product=product)
    enterprise_archive(user=officer, enterprise=near)  # its certificate expiring this month goes
    assert _country() == (1, 1, 1)
    _kept()
    enterprise_restore(user=officer, enterprise=near)
    assert _country() == (2, 2, 2)
    _kept()
    Product.objects.filter(enterprise=far).get().delete()
    Certification.objects.filter(enterprise=near).get().delete()
    assert _country() == (2, 1, 1)
    _kept()
    Certification.objects.filter(enterprise=far).delete()  # a queryset's delete
    Enterprise.objects.filter(pk=far.pk).get().delete()
    assert _country() == (1, 1, 0)
    assert not any(n == 0 for n in _country_rows().values())  # emptied rows are removed
    _kept()


def test_a_registry_import_moves_the_country_once(
    regions: dict[str, Region], officer: User, two_regencies: dict[str, Any]
) -> None:
    registry_write(plan_of(xlsx([LADA]), regions["19.04"]), user=officer)
    assert _country()[0] == 3
    _kept()


def test_country_rows_written_past_refresh_are_summed_again(
    two_regencies: dict[str, Any], officer: User
) -> None:
    RegistryTally.objects.filter(level=RegistryLevel.COUNTRY, kind="enterprises").update(n=0)
    # the next write would take the count below 0: every country row is summed afresh
    enterprise_archive(user=officer, enterprise=two_regencies["far"])
    assert _country() == (1, 1, 1)
    _kept()


def test_the_migration_fills_the_country_from_the_regency_rows(
    two_regencies: dict[str, Any],
) -> None:
    before = _country_rows()
    RegistryTally.objects.filter(level=RegistryLevel.COUNTRY).delete()
    migration = importlib.import_module("ovop.enterprises.migrations.0008_country_tallies")
    migration.country_rows(apps, None)
    assert _country_rows() == before == _recounted()
    migration.no_country_rows(apps, None)
    assert _country_rows() == {}
    migration.country_rows(apps, None)
    _kept()
