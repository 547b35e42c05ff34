"""Programme fixtures: regency "Kabupaten Uji" (99.01) holding village A and B of the personas,
a programme starting in 2020, products in both villages, and village A taking part."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from ovop.enterprises.models import Enterprise, Product
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.factories import ProductFactory, ProgrammeFactory, ProgrammeVillageFactory, village


@pytest.fixture
def regency(village_a: Region, village_b: Region) -> Region:
    regency = village_a.parent.parent  # type: ignore[union-attr]
    assert regency is not None
    regency.name = "Kabupaten Uji"
    regency.save()
    return regency


@pytest.fixture
def programme(regency: Region) -> Programme:
    return ProgrammeFactory(  # type: ignore[no-any-return]
        name="OVOP Uji", regency=regency, start_year=2020
    )


@pytest.fixture
def product_x(enterprise_x: Enterprise) -> Product:
    return ProductFactory(enterprise=enterprise_x, name="Getas Alfa")  # type: ignore[no-any-return]


@pytest.fixture
def product_y(enterprise_y: Enterprise) -> Product:
    return ProductFactory(enterprise=enterprise_y, name="Rusip Beta")  # type: ignore[no-any-return]


@pytest.fixture
def membership_a(programme: Programme, village_a: Region) -> ProgrammeVillage:
    return ProgrammeVillageFactory(  # type: ignore[no-any-return]
        programme=programme, village=village_a, joined_year=2020
    )


@pytest.fixture
def other_regency_village(db: None) -> Region:
    return village("98.01.01.2001", "Desa Gamma")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are asserted in English, whatever the translators put in the .po files."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")
