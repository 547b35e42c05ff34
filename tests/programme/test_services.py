"""Programme services: what they write, the history they leave, what they refuse and why."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.programme import services
from ovop.programme.models import Designation, Programme, ProgrammeVillage, Scheme
from ovop.regions.models import Region
from tests.factories import village


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def _reasons(obj: Any) -> list[str | None]:
    return [h.history_change_reason for h in obj.history.order_by("history_date", "history_id")]


# --- programmes ------------------------------------------------------------------------------


def test_officer_creates_a_programme_recorded_in_history(officer: User, regency: Region) -> None:
    programme = services.programme_create(
        user=officer,
        name="  OVOP Kabupaten Uji ",
        scheme=Scheme.KEMENDES,
        regency=regency,
        start_year=2023,
        description="Desa wisata",
    )
    programme.refresh_from_db()
    assert (programme.name, programme.scheme, programme.regency_id, programme.start_year) == (
        "OVOP Kabupaten Uji",
        "kemendes",
        regency.pk,
        2023,
    )
    record = programme.history.get()
    assert (record.history_user, record.history_change_reason) == (officer, "created")


@pytest.mark.parametrize("persona", ["viewer", "assessor", "facilitator", "owner"])
def test_only_managers_create_programmes(
    persona: str, request: pytest.FixtureRequest, regency: Region
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.programme_create(
            user=user, name="X", scheme=Scheme.REGENCY, regency=regency, start_year=2024
        )
    assert Programme.objects.count() == 0


def test_a_programme_needs_a_regency(officer: User, village_a: Region) -> None:
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            user=officer, name="X", scheme=Scheme.REGENCY, regency=village_a, start_year=2024
        )
    assert _messages(error) == {"regency": ["Regency: Desa Alfa is not a regency."]}
    assert Programme.objects.count() == 0


def test_a_blank_name_is_refused_naming_the_field(officer: User, regency: Region) -> None:
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            user=officer, name="   ", scheme=Scheme.REGENCY, regency=regency, start_year=2024
        )
    assert list(_messages(error)) == ["name"]
    assert Programme.objects.count() == 0


def _update(user: User, programme: Programme, **changes: Any) -> Programme:
    values = {
        "name": programme.name,
        "scheme": programme.scheme,
        "regency": programme.regency,
        "start_year": programme.start_year,
        "description": programme.description,
    }
    return services.programme_update(user=user, programme=programme, **{**values, **changes})


def test_editing_records_old_and_new_values_once(officer: User, programme: Programme) -> None:
    _update(officer, programme, name="OVOP Uji Baru")
    _update(officer, programme, name="OVOP Uji Baru")  # nothing changes: no history row
    newest, before = programme.history.order_by("-history_date", "-history_id")[:2]
    assert (before.name, newest.name, newest.history_change_reason) == (
        "OVOP Uji",
        "OVOP Uji Baru",
        "edited",
    )
    assert programme.history.count() == 2


def test_start_year_cannot_move_after_a_designation(
    officer: User, programme: Programme, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    services.designation_set(user=officer, membership=membership_a, year=2021, product=product_x)
    with pytest.raises(ValidationError) as error:
        _update(officer, programme, start_year=2022)
    assert _messages(error) == {
        "start_year": [
            "Start year: the programme already has a village or designation in 2020, "
            "so it cannot start later than that."
        ]
    }
    programme.refresh_from_db()
    assert programme.start_year == 2020


def test_regency_cannot_change_once_villages_take_part(
    officer: User,
    programme: Programme,
    membership_a: ProgrammeVillage,
    other_regency_village: Region,
) -> None:
    other = other_regency_village.parent.parent  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as error:
        _update(officer, programme, regency=other)
    assert _messages(error) == {
        "regency": ["Regency: it cannot change while the programme has villages."]
    }


def test_archive_and_restore_are_recorded(officer: User, programme: Programme) -> None:
    services.programme_archive(user=officer, programme=programme)
    programme.refresh_from_db()
    assert programme.archived_at is not None
    services.programme_restore(user=officer, programme=programme)
    programme.refresh_from_db()
    assert programme.archived_at is None
    assert _reasons(programme) == [None, "archived", "restored"]
    assert programme.history.latest("history_date").history_user == officer


def test_an_archived_programme_is_not_changed(
    officer: User, programme: Programme, village_b: Region
) -> None:
    services.programme_archive(user=officer, programme=programme)
    with pytest.raises(ValidationError) as error:
        services.programme_villages_add(
            user=officer, programme=programme, villages=[village_b], joined_year=2020
        )
    assert error.value.messages == [
        "Programme “OVOP Uji” is archived; restore it before changing it."
    ]
    assert ProgrammeVillage.objects.count() == 0


# --- villages --------------------------------------------------------------------------------


def test_villages_are_added_with_their_year(
    officer: User, programme: Programme, village_a: Region, village_b: Region
) -> None:
    added = services.programme_villages_add(
        user=officer, programme=programme, villages=[village_b, village_a], joined_year=2021
    )
    assert [m.village.name for m in added] == ["Desa Alfa", "Desa Beta"]
    rows = ProgrammeVillage.objects.filter(programme=programme).values_list(
        "village__name", "joined_year"
    )
    assert sorted(rows) == [("Desa Alfa", 2021), ("Desa Beta", 2021)]
    assert _reasons(added[0]) == ["village added"]


def test_a_whole_kecamatan_is_added_skipping_members(
    officer: User, programme: Programme, membership_a: ProgrammeVillage, village_a: Region
) -> None:
    village("99.01.01.2002", "Desa Alfa Dua")
    village("99.01.01.2003", "Desa Alfa Tiga")
    added = services.programme_villages_add(
        user=officer, programme=programme, kecamatan=village_a.parent, joined_year=2022
    )
    assert [m.village.name for m in added] == ["Desa Alfa Dua", "Desa Alfa Tiga"]
    assert ProgrammeVillage.objects.filter(programme=programme).count() == 3
    membership_a.refresh_from_db()
    assert membership_a.joined_year == 2020


def test_a_removed_village_added_again_is_restored(
    officer: User, programme: Programme, membership_a: ProgrammeVillage, village_a: Region
) -> None:
    services.programme_village_remove(user=officer, membership=membership_a)
    membership_a.refresh_from_db()
    assert membership_a.archived_at is not None
    services.programme_villages_add(
        user=officer, programme=programme, villages=[village_a], joined_year=2024
    )
    membership_a.refresh_from_db()
    assert membership_a.archived_at is None
    assert _reasons(membership_a) == [None, "village removed", "village added again"]
    assert ProgrammeVillage.objects.count() == 1


def test_a_village_of_another_regency_is_refused(
    officer: User, programme: Programme, village_b: Region, other_regency_village: Region
) -> None:
    with pytest.raises(ValidationError) as error:
        services.programme_villages_add(
            user=officer,
            programme=programme,
            villages=[village_b, other_regency_village],
            joined_year=2021,
        )
    assert _messages(error) == {
        "villages": ["Villages: Desa Gamma is not a village of Kabupaten Uji."]
    }
    assert ProgrammeVillage.objects.count() == 0  # Desa Beta was not half-saved


def test_adding_needs_a_village_or_kecamatan(officer: User, programme: Programme) -> None:
    with pytest.raises(ValidationError) as error:
        services.programme_villages_add(user=officer, programme=programme, joined_year=2021)
    assert _messages(error) == {
        "villages": ["Villages: choose at least one village or a whole kecamatan."]
    }


def test_joined_year_must_fall_in_the_programme(
    officer: User, programme: Programme, village_b: Region
) -> None:
    with pytest.raises(ValidationError) as error:
        services.programme_villages_add(
            user=officer, programme=programme, villages=[village_b], joined_year=2019
        )
    assert _messages(error) == {
        "joined_year": ["Joined in: 2019 is outside the programme's years 2020–2040."]
    }
    assert ProgrammeVillage.objects.count() == 0


def test_a_village_is_removed_and_restored(officer: User, membership_a: ProgrammeVillage) -> None:
    services.programme_village_remove(user=officer, membership=membership_a)
    services.programme_village_restore(user=officer, membership=membership_a)
    membership_a.refresh_from_db()
    assert membership_a.archived_at is None
    assert _reasons(membership_a) == [None, "village removed", "village restored"]


# --- designations ----------------------------------------------------------------------------


def test_a_product_of_the_village_is_designated(
    officer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    designation = services.designation_set(
        user=officer, membership=membership_a, year=2024, product=product_x, note=" terpilih "
    )
    assert designation is not None
    designation.refresh_from_db()
    assert (designation.year, designation.product, designation.note) == (
        2024,
        product_x,
        "terpilih",
    )
    record = designation.history.get()
    assert (record.history_user, record.history_change_reason) == (officer, "designated")


def test_a_product_of_another_village_is_refused(
    officer: User, membership_a: ProgrammeVillage, product_y: Product
) -> None:
    with pytest.raises(ValidationError) as error:
        services.designation_set(
            user=officer, membership=membership_a, year=2024, product=product_y
        )
    assert _messages(error) == {
        "product": ["Product: “Rusip Beta Botol” is not made by an enterprise in Desa Alfa."]
    }
    assert Designation.objects.count() == 0


@pytest.mark.parametrize("year", [2019, 2041])
def test_the_year_must_fall_in_the_programme(
    year: int, officer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    with pytest.raises(ValidationError) as error:
        services.designation_set(
            user=officer, membership=membership_a, year=year, product=product_x
        )
    assert _messages(error) == {
        "year": [f"Year: {year} is outside the programme's years 2020–2040."]
    }
    assert Designation.objects.count() == 0


@pytest.mark.registry_written_directly
def test_an_archived_product_is_refused(
    officer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    Product.objects.filter(pk=product_x.pk).update(archived_at=datetime(2024, 1, 1, tzinfo=UTC))
    product_x.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.designation_set(
            user=officer, membership=membership_a, year=2024, product=product_x
        )
    assert _messages(error) == {
        "product": ["Product: “Getas Tenggiri Alfa” or its enterprise is archived."]
    }


def test_a_designation_is_cleared_and_kept_in_history(
    officer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    services.designation_set(user=officer, membership=membership_a, year=2024, product=product_x)
    services.designation_set(user=officer, membership=membership_a, year=2024, product=product_x)
    cleared = services.designation_set(
        user=officer, membership=membership_a, year=2024, product=None
    )
    assert cleared is not None
    cleared.refresh_from_db()
    assert cleared.product is None
    assert _reasons(cleared) == ["designated", "designation cleared"]


def test_clearing_a_year_never_designated_writes_nothing(
    officer: User, membership_a: ProgrammeVillage
) -> None:
    result = services.designation_set(
        user=officer, membership=membership_a, year=2024, product=None
    )
    assert result is None
    assert Designation.objects.count() == 0


def test_a_removed_village_gets_no_designation(
    officer: User, membership_a: ProgrammeVillage, product_x: Product
) -> None:
    services.programme_village_remove(user=officer, membership=membership_a)
    with pytest.raises(ValidationError) as error:
        services.designation_set(
            user=officer, membership=membership_a, year=2024, product=product_x
        )
    assert error.value.messages == [
        "Desa Alfa has been removed from this programme; restore it first."
    ]
    assert Designation.objects.count() == 0


@pytest.mark.parametrize("persona", ["viewer", "assessor", "facilitator", "owner"])
def test_only_managers_change_villages_and_designations(
    persona: str,
    request: pytest.FixtureRequest,
    programme: Programme,
    membership_a: ProgrammeVillage,
    product_x: Product,
    village_b: Region,
) -> None:
    user = request.getfixturevalue(persona)
    calls = [
        lambda: services.programme_villages_add(
            user=user, programme=programme, villages=[village_b], joined_year=2021
        ),
        lambda: services.programme_village_remove(user=user, membership=membership_a),
        lambda: services.designation_set(
            user=user, membership=membership_a, year=2024, product=product_x
        ),
        lambda: services.programme_archive(user=user, programme=programme),
        lambda: _update(user, programme, name="Changed"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    programme.refresh_from_db()
    membership_a.refresh_from_db()
    assert (programme.name, programme.archived_at, membership_a.archived_at) == (
        "OVOP Uji",
        None,
        None,
    )
    assert (ProgrammeVillage.objects.count(), Designation.objects.count()) == (1, 0)
