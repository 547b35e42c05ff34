"""Programme scope: who reads and changes programmes, and what a programme shows of the registry.

Issue 8: the programme page and API told a facilitator about every IKM of every participating
village ("124 IKM aktif" where her home page said 41) and named the designated products and
enterprises of villages outside hers. Both now show what ``ovop.enterprises.scope`` lets her see.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, Product
from ovop.overview.selectors import home_stats
from ovop.programme import scope, selectors, services
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProgrammeVillageFactory, village


@pytest.fixture
def two_villages(
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    village_b: Region,
    product_x: Product,
    product_y: Product,
) -> ProgrammeVillage:
    """Village A (the facilitator's) and B take part; each has a designated product; B also
    has a second IKM, and A an archived one (counted by nobody)."""
    membership_b = ProgrammeVillageFactory(programme=programme, village=village_b, joined_year=2020)
    EnterpriseFactory(name="Kerupuk Beta", village=village_b)
    EnterpriseFactory(name="Tutup Alfa", village=membership_a.village, archived_at=timezone.now())
    services.designation_set(user=officer, membership=membership_a, year=2024, product=product_x)
    services.designation_set(user=officer, membership=membership_b, year=2023, product=product_y)
    services.designation_set(user=officer, membership=membership_b, year=2024, product=product_y)
    return membership_b  # type: ignore[no-any-return]


def _rows(user: User, programme: Programme) -> list[tuple[str, int, int, int, int | None]]:
    detail = selectors.programme_detail(user=user, programme=programme)
    return [
        (
            row.membership.village.name,
            row.enterprises,
            row.products,
            row.hidden,
            row.latest.product_id if row.latest else None,
        )
        for row in detail.rows
    ]


def test_facilitator_counts_and_sees_only_her_villages_records(
    facilitator: User, programme: Programme, two_villages: ProgrammeVillage, product_x: Product
) -> None:
    detail = selectors.programme_detail(user=facilitator, programme=programme)
    assert (detail.villages, detail.enterprises, detail.designated) == (2, 1, 1)
    assert detail.enterprises == home_stats(user=facilitator)["enterprises"] == 1
    assert _rows(facilitator, programme) == [
        ("Desa Alfa", 1, 1, 0, product_x.pk),
        ("Desa Beta", 0, 0, 2, None),
    ]


def test_officer_still_sees_everything(
    officer: User,
    programme: Programme,
    two_villages: ProgrammeVillage,
    product_x: Product,
    product_y: Product,
) -> None:
    detail = selectors.programme_detail(user=officer, programme=programme)
    assert (detail.villages, detail.enterprises, detail.designated) == (2, 3, 2)
    assert detail.enterprises == home_stats(user=officer)["enterprises"] == 3
    assert _rows(officer, programme) == [
        ("Desa Alfa", 1, 1, 0, product_x.pk),
        ("Desa Beta", 2, 1, 0, product_y.pk),
    ]


def test_programme_page_names_nothing_outside_her_villages(
    client: Client, facilitator: User, programme: Programme, two_villages: ProgrammeVillage
) -> None:
    login(client, facilitator)
    page = client.get(reverse("programme:detail", args=[programme.pk])).content.decode()
    assert "Getas Alfa" in page
    assert "Rusip Beta" not in page and "Kerupuk Beta" not in page
    assert "not shown: outside your villages" in page
    stats = [s.split("</div>")[0] for s in page.split('<div class="stat">')[1:]]
    assert stats == ["2", "2", "1", "1"]  # villages, kecamatan, designated, IKM


def test_programme_page_of_the_officer_names_every_designation(
    client: Client,
    officer: User,
    programme: Programme,
    two_villages: ProgrammeVillage,
    product_y: Product,
) -> None:
    login(client, officer)
    page = client.get(reverse("programme:detail", args=[programme.pk])).content.decode()
    assert "Rusip Beta" in page and f"2023: {product_y.name}" in page
    assert "not shown" not in page
    stats = [s.split("</div>")[0] for s in page.split('<div class="stat">')[1:]]
    assert stats == ["2", "2", "2", "3"]


def _api_villages(client: Client, user: User, programme: Programme) -> list[dict[str, Any]]:
    login(client, user)
    response = client.get(f"/api/v1/programmes/{programme.pk}/")
    assert response.status_code == 200
    villages: list[dict[str, Any]] = response.json()["villages"]
    return villages


def test_api_leaves_out_the_designations_she_may_not_see(
    client: Client,
    facilitator: User,
    programme: Programme,
    two_villages: ProgrammeVillage,
    product_x: Product,
) -> None:
    villages = _api_villages(client, facilitator, programme)
    shown = {
        v["village"]["name"]: (
            [d["product"]["name"] for d in v["designations"]],
            v["designations_hidden"],
        )
        for v in villages
    }
    assert shown == {"Desa Alfa": ([product_x.name], 0), "Desa Beta": ([], 2)}
    assert "Rusip Beta" not in str(villages)


def test_api_gives_the_officer_every_designation(
    client: Client, officer: User, programme: Programme, two_villages: ProgrammeVillage
) -> None:
    villages = _api_villages(client, officer, programme)
    shown = {
        v["village"]["name"]: ([d["year"] for d in v["designations"]], v["designations_hidden"])
        for v in villages
    }
    assert shown == {"Desa Alfa": ([2024], 0), "Desa Beta": ([2024, 2023], 0)}


def test_a_cleared_designation_names_nothing_and_is_shown(
    officer: User, facilitator: User, programme: Programme, two_villages: ProgrammeVillage
) -> None:
    services.designation_set(user=officer, membership=two_villages, year=2024, product=None)
    designations = selectors.designations_seen(facilitator).filter(membership=two_villages)
    assert [(d.year, d.product_id) for d in designations] == [(2024, None)]
    assert _rows(facilitator, programme)[1] == ("Desa Beta", 0, 0, 1, None)


@pytest.mark.parametrize(
    ("persona", "reads", "manages"),
    [
        ("admin_user", True, True),
        ("officer", True, True),
        ("viewer", True, False),
        ("assessor", True, False),
        ("facilitator", True, False),
        ("owner", False, False),
    ],
)
def test_who_reads_and_changes_programmes(
    persona: str, reads: bool, manages: bool, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    assert scope.can_read_programmes(user) is reads
    assert scope.can_manage_programmes(user) is manages
    if not manages:
        with pytest.raises(PermissionDenied):
            scope.require_programme_manager(user)


def test_an_inactive_officer_may_do_nothing(officer: User) -> None:
    officer.is_active = False
    assert not scope.can_read_programmes(officer)
    with pytest.raises(PermissionDenied):
        scope.require_programme_reader(officer)


def test_counts_take_the_same_queries_for_any_number_of_villages(
    facilitator: User,
    programme: Programme,
    two_villages: ProgrammeVillage,
    enterprise_x: Enterprise,
) -> None:
    with CaptureQueriesContext(connection) as few:
        selectors.programme_detail(user=facilitator, programme=programme)
    for i in range(3):
        EnterpriseFactory(village=enterprise_x.village)
        place = village(f"99.01.03.20{i:02d}", f"Desa {i}")
        ProgrammeVillageFactory(programme=programme, village=place, joined_year=2020)
    with CaptureQueriesContext(connection) as many:
        selectors.programme_detail(user=facilitator, programme=programme)
    assert len(few.captured_queries) == len(many.captured_queries) == 2
