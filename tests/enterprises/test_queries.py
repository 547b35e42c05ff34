"""The registry's other lists and reports cost the same number of queries for many rows as for
few: the product list, the CSV export, a detail page's products and certificates, and a record's
history page. (The enterprise list has its own test in test_enterprise_list.py.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises import services
from ovop.enterprises.models import Enterprise, ProductPhoto
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory

PERSONAS = ["officer", "facilitator", "owner", "assessor"]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return len(captured)


def _grows(client: Client, url: str, add: Callable[[int], None]) -> tuple[int, int]:
    """Queries of ``url`` with a few rows, then after ``add`` made many more."""
    add(3)
    few = _queries(client, url)
    add(30)
    return few, _queries(client, url)


def _rows(village: Region, owner: User) -> Callable[[int], None]:
    def add(n: int) -> None:
        for _ in range(n):
            enterprise = EnterpriseFactory(village=village, account=owner, phone="+628120000000")
            product = ProductFactory(enterprise=enterprise)
            ProductPhoto.objects.create(product=product, image="products/x.png")
            CertificationFactory(enterprise=enterprise)

    return add


@pytest.mark.parametrize("persona", PERSONAS)
def test_product_list_query_count_does_not_grow(
    client: Client, request: pytest.FixtureRequest, village_a: Region, owner: User, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    few, many = _grows(client, reverse("enterprises:product_list"), _rows(village_a, owner))
    assert many == few


@pytest.mark.parametrize("persona", PERSONAS)
def test_export_query_count_does_not_grow(
    client: Client, request: pytest.FixtureRequest, village_a: Region, owner: User, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    few, many = _grows(client, reverse("enterprises:export"), _rows(village_a, owner))
    assert many == few


def test_enterprise_detail_query_count_does_not_grow(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            product = ProductFactory(enterprise=enterprise_x)
            CertificationFactory(enterprise=enterprise_x, product=product)

    login(client, officer)
    url = reverse("enterprises:detail", args=[enterprise_x.pk])
    few, many = _grows(client, url, add)
    assert many == few


def test_product_detail_query_count_does_not_grow(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    product = ProductFactory(enterprise=enterprise_x)

    def add(n: int) -> None:
        for _ in range(n):
            ProductPhoto.objects.create(product=product, image="products/x.png")
            CertificationFactory(enterprise=enterprise_x, product=product)

    login(client, officer)
    url = reverse("enterprises:product_detail", args=[product.pk])
    few, many = _grows(client, url, add)
    assert many == few


@pytest.mark.parametrize("persona", ["officer", "assessor"])
def test_history_page_query_count_does_not_grow(
    client: Client,
    request: pytest.FixtureRequest,
    officer: User,
    enterprise_x: Enterprise,
    village_a: Region,
    village_a2: Region,
    persona: str,
) -> None:
    """Edits, moves between villages and changes of account: each version names the village
    and the account without a query of its own."""

    def add(n: int) -> None:
        for i in range(n):
            place = village_a if i % 2 else village_a2
            services.enterprise_update(
                user=officer,
                enterprise=enterprise_x,
                data={"workers_female": enterprise_x.history.count(), "village": place},
            )

    login(client, request.getfixturevalue(persona))
    url = reverse("enterprises:history", args=[enterprise_x.pk])
    few, many = _grows(client, url, add)
    assert many == few
