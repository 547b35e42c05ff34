"""The read-only region API: GET /api/v1/regions/ (filters parent, level) and /<code>/."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from ovop.accounts.models import Role, User
from ovop.regions.models import Kind, Level
from tests.conftest import login
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

NAMANG_DESA = {
    "code": "19.04.05.2001",
    "name": "Namang",
    "level": 4,
    "kind": "desa",
    "parent_code": "19.04.05",
    "postal_code": "33683",
    "lat": -2.342693,
    "lon": 106.189622,
}


def _get(client: Client, user: User, url: str, status: int = 200) -> Any:
    response = login(client, user).get(url)
    assert response.status_code == status, response.content
    return response.json()


def test_list_is_paged_in_code_order(
    english_client: Client, bangka_tengah: None, owner: User
) -> None:
    body = _get(english_client, owner, "/api/v1/regions/")
    assert body["count"] == 71
    assert len(body["results"]) == 50
    assert [r["code"] for r in body["results"][:3]] == ["19", "19.04", "19.04.01"]
    assert body["next"] == "http://testserver/api/v1/regions/?page=2"


def test_list_filtered_by_parent(english_client: Client, bangka_tengah: None, viewer: User) -> None:
    body = _get(english_client, viewer, "/api/v1/regions/?parent=19.04.05")
    assert body["count"] == 8
    assert body["results"][0] == NAMANG_DESA
    assert {r["parent_code"] for r in body["results"]} == {"19.04.05"}


def test_list_filtered_by_level(english_client: Client, bangka_tengah: None, viewer: User) -> None:
    body = _get(english_client, viewer, "/api/v1/regions/?level=3")
    assert [(r["code"], r["name"]) for r in body["results"]] == [
        ("19.04.01", "Koba"),
        ("19.04.02", "Pangkalan Baru"),
        ("19.04.03", "Sungai Selan"),
        ("19.04.04", "Simpang Katis"),
        ("19.04.05", "Namang"),
        ("19.04.06", "Lubuk Besar"),
    ]
    assert {r["kind"] for r in body["results"]} == {"kecamatan"}


def test_list_filtered_by_parent_and_level(
    english_client: Client, bangka_tengah: None, viewer: User
) -> None:
    assert _get(english_client, viewer, "/api/v1/regions/?parent=19.04&level=3")["count"] == 6
    assert _get(english_client, viewer, "/api/v1/regions/?parent=19.04&level=4")["count"] == 0
    assert _get(english_client, viewer, "/api/v1/regions/?parent=77.77")["count"] == 0


def test_a_bad_level_is_refused_naming_the_field(
    english_client: Client, bangka_tengah: None, viewer: User
) -> None:
    body = _get(english_client, viewer, "/api/v1/regions/?level=9", status=400)
    assert body == {
        "error": "Invalid input.",
        "fields": {"level": ["Select a valid choice. 9 is not one of the available choices."]},
    }


def test_detail_of_a_village(english_client: Client, bangka_tengah: None, assessor: User) -> None:
    assert _get(english_client, assessor, "/api/v1/regions/19.04.05.2001/") == NAMANG_DESA


def test_detail_of_the_province_has_no_parent_nor_coordinates(
    english_client: Client, bangka_tengah: None, facilitator: User
) -> None:
    assert _get(english_client, facilitator, "/api/v1/regions/19/") == {
        "code": "19",
        "name": "Kepulauan Bangka Belitung",
        "level": 1,
        "kind": "provinsi",
        "parent_code": None,
        "postal_code": "",
        "lat": None,
        "lon": None,
    }


def test_unknown_code_is_404(english_client: Client, bangka_tengah: None, viewer: User) -> None:
    body = _get(english_client, viewer, "/api/v1/regions/19.99/", status=404)
    assert body == {"error": "No Region matches the given query.", "fields": {}}


def test_anonymous_is_refused(english_client: Client, bangka_tengah: None) -> None:
    response = english_client.get("/api/v1/regions/19.04/")
    assert response.status_code == 403
    assert response.json() == {
        "error": "Authentication credentials were not provided.",
        "fields": {},
    }


@pytest.mark.parametrize("url", ["/api/v1/regions/", "/api/v1/regions/19.04/"])
def test_api_is_read_only(
    english_client: Client, bangka_tengah: None, admin_user: User, url: str
) -> None:
    client = login(english_client, admin_user)
    response = client.post(url, {"code": "19.04", "name": "x"}, content_type="application/json")
    assert response.status_code == 405
    assert client.delete(url).status_code == 405
    assert (
        _get(english_client, admin_user, "/api/v1/regions/19.04/")["name"]
        == "Kabupaten Bangka Tengah"
    )


@pytest.mark.parametrize("n", [3, 30])
def test_api_runs_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, n: int
) -> None:
    """The session and the user, then one query for the page of regions (or the one region)."""
    kecamatan = RegionFactory(code="98.01.01", level=Level.KECAMATAN, kind=Kind.KECAMATAN)
    for i in range(n):
        RegionFactory(
            code=f"98.01.01.{2001 + i}", level=Level.VILLAGE, kind=Kind.DESA, parent=kecamatan
        )
    login(client, UserFactory(username="q-owner", role=Role.OWNER))
    for url, queries in [
        ("/api/v1/regions/?level=4", 2 + 2),
        ("/api/v1/regions/98.01.01.2001/", 2 + 1),
    ]:
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
    assert response.json()["code"] == "98.01.01.2001"
