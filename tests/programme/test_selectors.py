"""Programme selectors: what they return, who may read, and query counts that do not grow."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme import scope, selectors, services
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgrammeFactory,
    ProgrammeVillageFactory,
    village,
)


def _grow(programme: Programme, n: int, officer: User, start: int = 10) -> None:
    """Add ``n`` villages, each with an enterprise, a product and a designation."""
    for i in range(start, start + n):
        place = village(f"99.01.03.20{i:02d}", f"Desa {i}")
        product = ProductFactory(enterprise=EnterpriseFactory(village=place))
        membership = ProgrammeVillageFactory(programme=programme, village=place, joined_year=2020)
        services.designation_set(user=officer, membership=membership, year=2024, product=product)


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
def test_who_reads_and_manages(
    persona: str, reads: bool, manages: bool, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(persona)
    assert scope.can_read_programmes(user) is reads
    assert scope.can_manage_programmes(user) is manages


def test_owner_is_refused_by_every_read(owner: User, programme: Programme) -> None:
    for read in (
        lambda: selectors.programme_list(user=owner),
        lambda: selectors.programme_get(user=owner, pk=programme.pk),
        lambda: selectors.programme_detail(user=owner, programme=programme),
        lambda: selectors.programme_history(user=owner, programme=programme),
    ):
        with pytest.raises(PermissionDenied):
            read()


def test_list_counts_active_villages_and_hides_archived(
    viewer: User,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    regency: Region,
) -> None:
    gone = ProgrammeFactory(name="Lama", regency=regency)
    services.programme_archive(user=officer, programme=gone)
    services.programme_village_remove(user=officer, membership=membership_a)
    rows = list(selectors.programme_list(user=viewer))
    assert [(p.name, p.n_villages) for p in rows] == [("OVOP Uji", 0)]
    everything = selectors.programme_list(user=viewer, archived=True)
    assert sorted(p.name for p in everything) == ["Lama", "OVOP Uji"]
    assert [p.name for p in selectors.programme_list(user=viewer, q="lam", archived=True)] == [
        "Lama"
    ]


def test_list_query_count_does_not_grow(
    viewer: User, officer: User, regency: Region, django_assert_num_queries: Any
) -> None:
    first = ProgrammeFactory(regency=regency)
    for size in (2, 5):
        _grow(first, size, officer, start=10 * size)
        ProgrammeFactory(regency=regency)
        with django_assert_num_queries(1):
            rows = [(p.regency.name, p.n_villages) for p in selectors.programme_list(user=viewer)]
        villages = 2 if size == 2 else 7
        assert (len(rows), sum(n for _name, n in rows)) == (2 if size == 2 else 3, villages)


def test_detail_rows_latest_designation_and_counts(
    viewer: User,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
    village_b: Region,
) -> None:
    services.designation_set(user=officer, membership=membership_a, year=2023, product=product_x)
    services.designation_set(user=officer, membership=membership_a, year=2024, product=product_x)
    services.designation_set(user=officer, membership=membership_a, year=2024, product=None)
    ProductFactory(enterprise=product_x.enterprise, name="Kemplang Alfa")
    removed = ProgrammeVillageFactory(programme=programme, village=village_b, joined_year=2021)
    services.programme_village_remove(user=officer, membership=removed)
    detail = selectors.programme_detail(user=viewer, programme=programme)
    (row,) = detail.rows
    assert [a.membership.village.name for a in detail.archived_rows] == ["Desa Beta"]
    assert (row.enterprises, row.products) == (1, 2)
    assert [(d.year, d.product_id) for d in row.designations] == [
        (2024, None),
        (2023, product_x.pk),
    ]
    assert row.latest is not None and row.latest.year == 2024
    assert (detail.villages, detail.kecamatan, detail.designated, detail.enterprises) == (
        1,
        1,
        0,
        1,
    )


def test_detail_query_count_does_not_grow(
    viewer: User, officer: User, programme: Programme, django_assert_num_queries: Any
) -> None:
    for size in (2, 5):
        _grow(programme, size, officer, start=10 * size)
        with django_assert_num_queries(2):
            detail = selectors.programme_detail(user=viewer, programme=programme)
            names = [
                (row.membership.village.parent, row.latest.product.enterprise.name)  # type: ignore[union-attr]
                for row in detail.rows
            ]
        assert len(names) == (2 if size == 2 else 7)


def test_history_shows_who_changed_what(
    viewer: User,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
) -> None:
    services.designation_set(user=officer, membership=membership_a, year=2024, product=product_x)
    services.programme_archive(user=officer, programme=programme)
    entries = selectors.programme_history(user=viewer, programme=programme)
    newest = entries[0]
    assert (newest.record, newest.kind, newest.reason, newest.who) == (
        "Programme",
        "changed",
        "archived",
        str(officer),
    )
    assert [c.label for c in newest.changes] == ["Archived at"]
    assert newest.changes[0].old == "—"
    pick = next(e for e in entries if e.record == "Designation Desa Alfa 2024")
    assert [(c.label, c.old, c.new) for c in pick.changes] == [
        ("Year", "", "2024"),
        ("Designated product", "", "Getas Tenggiri Alfa (Getas Alfa)"),
    ]
    assert len(entries) == 4  # programme created + archived, village created, designation


def test_history_query_count_does_not_grow(
    viewer: User, officer: User, programme: Programme, django_assert_num_queries: Any
) -> None:
    for size in (2, 5):
        _grow(programme, size, officer, start=10 * size)
        with django_assert_num_queries(5):
            entries = selectors.programme_history(user=viewer, programme=programme)
        assert len(entries) == 1 + (2 if size == 2 else 7) * 2


def test_available_villages_exclude_active_members(
    programme: Programme,
    membership_a: ProgrammeVillage,
    village_b: Region,
    other_regency_village: Region,
) -> None:
    assert list(selectors.villages_available(programme=programme)) == [village_b]


@pytest.mark.registry_written_directly
def test_products_for_a_village_are_its_active_ones(
    membership_a: ProgrammeVillage, product_x: Product, product_y: Product
) -> None:
    archived = ProductFactory(enterprise=product_x.enterprise, name="Lama")
    Product.objects.filter(pk=archived.pk).update(archived_at=product_x.created_at)
    assert list(selectors.products_for_membership(membership=membership_a)) == [product_x]


def test_history_hides_designations_outside_the_facilitators_villages(
    facilitator: User,
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
    product_y: Product,
    village_b: Region,
) -> None:
    (membership_b,) = services.programme_villages_add(
        user=officer, programme=programme, villages=[village_b], joined_year=2024
    )
    services.designation_set(user=officer, membership=membership_a, year=2024, product=product_x)
    services.designation_set(user=officer, membership=membership_b, year=2024, product=product_y)
    seen = [e.record for e in selectors.programme_history(user=facilitator, programme=programme)]
    assert "Designation Desa Alfa 2024" in seen
    assert "Designation Desa Beta 2024" not in seen
    every = [e.record for e in selectors.programme_history(user=officer, programme=programme)]
    assert "Designation Desa Beta 2024" in every
