"""The read-only programme API: shape, who may call it, constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme import services
from ovop.programme.models import Programme, ProgrammeVillage
from tests.conftest import login
from tests.factories import ProductFactory, ProgrammeVillageFactory, village


def test_list_gives_programmes_with_village_counts(
    client: Client, viewer: User, programme: Programme, membership_a: ProgrammeVillage
) -> None:
    login(client, viewer)
    body = client.get("/api/v1/programmes/").json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": programme.pk,
            "name": "OVOP Uji",
            "scheme": "regency_desa_ovop",
            "scheme_label": "Regency desa OVOP",
            "regency": {"code": "99.01", "name": "Kabupaten Uji"},
            "start_year": 2020,
            "archived_at": None,
            "is_sample": False,
            "village_count": 1,
        }
    ]


def test_list_hides_archived_unless_asked(
    client: Client, officer: User, programme: Programme
) -> None:
    services.programme_archive(user=officer, programme=programme)
    login(client, officer)
    assert client.get("/api/v1/programmes/").json()["count"] == 0
    assert client.get("/api/v1/programmes/?archived=1").json()["count"] == 1


def test_detail_gives_villages_and_designations(
    client: Client,
    assessor: User,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
) -> None:
    services.designation_set(user=officer, membership=membership_a, year=2024, product=product_x)
    login(client, assessor)
    body = client.get(f"/api/v1/programmes/{programme.pk}/").json()
    assert body["villages"] == [
        {
            "id": membership_a.pk,
            "village": {"code": "99.01.01.2001", "name": "Desa Alfa"},
            "kecamatan": {"code": "99.01.01", "name": membership_a.village.parent.name},
            "joined_year": 2020,
            "archived_at": None,
            "designations": [
                {
                    "year": 2024,
                    "product": {
                        "id": product_x.pk,
                        "name": "Getas Tenggiri Alfa",
                        "enterprise": {"id": product_x.enterprise_id, "name": "Getas Alfa"},
                    },
                    "note": "",
                }
            ],
            "designations_hidden": 0,
        }
    ]


@pytest.mark.parametrize("persona", ["owner", "owner2"])
def test_owners_are_refused_with_the_error_shape(
    persona: str, request: pytest.FixtureRequest, client: Client, programme: Programme
) -> None:
    login(client, request.getfixturevalue(persona))
    for url in ("/api/v1/programmes/", f"/api/v1/programmes/{programme.pk}/"):
        response = client.get(url)
        assert response.status_code == 403
        assert set(response.json()) == {"error", "fields"}


def test_anonymous_is_refused(client: Client, programme: Programme) -> None:
    assert client.get("/api/v1/programmes/").status_code in (401, 403)


def test_the_api_is_read_only(client: Client, officer: User, programme: Programme) -> None:
    login(client, officer)
    response = client.post("/api/v1/programmes/", {"name": "X"})
    assert response.status_code == 405
    assert Programme.objects.count() == 1


def test_detail_query_count_does_not_grow(
    client: Client, viewer: User, officer: User, programme: Programme
) -> None:
    def grow(first: int, n: int) -> None:
        for i in range(first, first + n):
            place = village(f"99.01.05.20{i:02d}", f"Desa {i}")
            member = ProgrammeVillageFactory(programme=programme, village=place, joined_year=2020)
            product = ProductFactory(enterprise__village=place)
            services.designation_set(user=officer, membership=member, year=2024, product=product)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/programmes/{programme.pk}/").status_code == 200
        return len(ctx.captured_queries)

    login(client, viewer)
    grow(10, 2)
    small = count()
    grow(20, 5)
    assert count() == small
