"""The read-only API: scoped like the pages, private fields only for those allowed."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.enterprises import scope
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory


def get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_officer_sees_every_enterprise_with_private_fields(
    client: Client, officer: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, officer)
    body = get(client, "/api/v1/enterprises/")
    assert body["count"] == 2
    first = body["results"][0]
    assert first["name"] == "Getas Alfa"
    assert (first["phone"], first["nib"], first["village"]) == (
        "+6281234567890",
        "1234567890123",
        "99.01.01.2001",
    )
    assert first["size_class"] == "small"
    assert first["url"] == f"/enterprises/{enterprise_x.pk}/"


def test_assessor_gets_no_private_fields(
    client: Client, assessor: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, assessor)
    body = get(client, "/api/v1/enterprises/")
    assert [e["name"] for e in body["results"]] == ["Getas Alfa", "Rusip Beta"]
    for record in body["results"]:
        assert not set(scope.PRIVATE_FIELDS) & set(record)
    detail = get(client, f"/api/v1/enterprises/{enterprise_x.pk}/")
    assert "nib" not in detail and "phone" not in detail


def test_owner_sees_only_own_enterprise(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    body = get(client, "/api/v1/enterprises/?active=all")
    assert [e["name"] for e in body["results"]] == ["Getas Alfa"]
    assert body["results"][0]["nib"] == "1234567890123"
    assert client.get(f"/api/v1/enterprises/{enterprise_y.pk}/").status_code == 404


def test_enterprise_filters_by_village_code_and_search(
    client: Client, viewer: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, viewer)
    assert [
        e["name"] for e in get(client, "/api/v1/enterprises/?village=99.01.02.2001")["results"]
    ] == ["Rusip Beta"]
    assert [e["name"] for e in get(client, "/api/v1/enterprises/?q=getas")["results"]] == [
        "Getas Alfa"
    ]


def test_bad_filter_answers_400_naming_the_parameter(client: Client, viewer: User) -> None:
    login(client, viewer)
    response = client.get("/api/v1/enterprises/?village=nowhere&size=huge")
    assert response.status_code == 400
    assert response.json() == {
        "error": "Invalid input.",
        "fields": {
            "village": ["Village: choose one of the options offered."],
            "size": ["Size class: choose one of the options offered."],
        },
    }


def test_products_api(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    mine = ProductFactory(enterprise=enterprise_x, name="Getas", price_idr=45_000)
    other = ProductFactory(enterprise=enterprise_y, name="Rusip")
    login(client, owner)
    body = get(client, "/api/v1/products/")
    assert [(p["id"], p["name"], p["price_idr"]) for p in body["results"]] == [
        (mine.pk, "Getas", 45_000)
    ]
    assert body["results"][0]["village"] == "99.01.01.2001"
    assert body["results"][0]["category_label"] == "Food and beverage"
    assert get(client, f"/api/v1/products/{mine.pk}/")["enterprise_name"] == "Getas Alfa"
    assert client.get(f"/api/v1/products/{other.pk}/").status_code == 404


def test_api_refuses_incomplete_create_and_delete(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    login(client, officer)
    # POST registers an enterprise (tests/enterprises/test_duplicates.py); this one is incomplete
    assert client.post("/api/v1/enterprises/", {"name": "X"}).status_code == 400
    assert client.delete(f"/api/v1/enterprises/{enterprise_x.pk}/").status_code == 405
    assert Enterprise.objects.count() == 1


def test_anonymous_api_is_refused(client: Client, enterprise_x: Enterprise) -> None:
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 403  # DRF answers for itself (no login redirect)
    assert response.json() == {
        "error": "Authentication credentials were not provided.",
        "fields": {},
    }


@pytest.mark.parametrize("persona", ["officer", "facilitator"])
def test_api_list_query_count_does_not_grow(
    client: Client,
    django_assert_num_queries: Any,
    request: pytest.FixtureRequest,
    village_a: Region,
    persona: str,
) -> None:
    login(client, request.getfixturevalue(persona))
    for _ in range(3):
        ProductFactory(enterprise=EnterpriseFactory(village=village_a))
    with CaptureQueriesContext(connection) as few:
        get(client, "/api/v1/enterprises/")
        get(client, "/api/v1/products/")
    for _ in range(20):
        ProductFactory(enterprise=EnterpriseFactory(village=village_a))
    with django_assert_num_queries(len(few)):
        assert get(client, "/api/v1/enterprises/")["count"] == 23
        assert get(client, "/api/v1/products/")["count"] == 23
