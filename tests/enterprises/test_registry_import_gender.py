"""The owner's gender in a registry file: read from what offices type (L/P, Laki-laki/
Perempuan, pria/wanita, M/F, male/female, any case), a blank cell leaving the registered value,
anything else refused naming its row and column in the user's language, and the registry left
as it was when a file is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.enterprises.registry_import import registry_write
from ovop.regions.models import Region
from tests.enterprises.registry_files import (
    HEADER,
    NAMANG,
    counts,
    line,
    plan_of,
    problem,
    registered,
    table_sizes,
    windows_csv,
    xlsx,
)

#: What an office may type → what is stored ("": not recorded).
SPELLINGS = {
    "P": "female",
    "L": "male",
    "Perempuan": "female",
    "Laki-laki": "male",
    "perempuan": "female",
    "LAKI-LAKI": "male",
    "wanita": "female",
    "pria": "male",
    "F": "female",
    "M": "male",
    "female": "female",
    "Male": "male",
    " p ": "female",
    "": "",
}


@pytest.fixture
def bangka(regions: dict[str, Region]) -> Region:
    return regions["19.04"]


def test_every_usual_spelling_is_read_and_stored(bangka: Region, officer: User) -> None:
    rows = [
        line(name=f"IKM {n}", owner_name=f"Pemilik {n}", owner_gender=typed, village="Namang")
        for n, typed in enumerate(SPELLINGS)
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert (plan.counts, plan.problems) == (counts(created=len(SPELLINGS)), [])
    registry_write(plan, user=officer)
    stored = dict(Enterprise.objects.values_list("name", "owner_gender"))
    assert stored == {f"IKM {n}": kept for n, kept in enumerate(SPELLINGS.values())}


@pytest.mark.parametrize("header", ["Jenis kelamin", "L/P", "Owner gender", "Gender"])
def test_the_column_is_found_under_the_names_offices_give_it(
    bangka: Region, officer: User, header: str
) -> None:
    names = [header if name == "Jenis kelamin pemilik" else name for name in HEADER]
    row = line(name="Getas Alfa", owner_name="Bu Siti", owner_gender="P", village="Namang")
    plan = plan_of(windows_csv([row], header=names), bangka, "ikm.csv")
    registry_write(plan, user=officer)
    assert Enterprise.objects.get().owner_gender == "female"


def test_a_filled_cell_records_the_gender_and_a_blank_one_keeps_it(
    bangka: Region, regions: dict[str, Region], officer: User
) -> None:
    siti = registered(name="Getas Alfa", owner_name="Bu Siti", village=regions[NAMANG])
    amin = registered(
        name="Lada Namang", owner_name="Pak Amin", owner_gender="male", village=regions[NAMANG]
    )
    rows = [
        line(name="Getas Alfa", owner_name="Bu Siti", owner_gender="Perempuan", village="Namang"),
        line(name="Lada Namang", owner_name="Pak Amin", village="Namang"),
    ]
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(updated=1, unchanged=1)
    assert plan.changes == [
        {"sheet": "IKM", "row": 2, "enterprise": "Getas Alfa", "fields": ["Owner's gender"]}
    ]
    registry_write(plan, user=officer)
    siti.refresh_from_db()
    amin.refresh_from_db()
    assert (siti.owner_gender, amin.owner_gender) == ("female", "male")
    assert siti.history.latest().owner_gender == "female"


def test_another_value_is_refused_naming_row_and_column_and_nothing_changes(
    bangka: Region, regions: dict[str, Region], officer: User
) -> None:
    siti = registered(
        name="Getas Alfa",
        owner_name="Bu Siti",
        owner_gender="female",
        phone="+6281234567890",
        village=regions[NAMANG],
    )
    rows = [
        line(name="Lada Koba", owner_name="Pak Amin", owner_gender="L", village="Kel. Koba"),
        line(
            name="Getas Alfa",
            owner_name="Bu Siti",
            owner_gender="Ibu",
            phone="0812-0000-0000",
            village="Namang",
        ),
    ]
    before = table_sizes()
    plan = plan_of(xlsx(rows), bangka)
    assert plan.counts == counts(created=1, bad=1)
    assert plan.problems == [
        problem(
            3,
            "Jenis kelamin pemilik",
            "Jenis kelamin pemilik: “Ibu” is not L (laki-laki) or P (perempuan).",
        )
    ]
    with pytest.raises(ValidationError):
        registry_write(plan, user=officer)
    assert table_sizes() == before
    stored = Enterprise.objects.get(pk=siti.pk)
    assert (stored.owner_gender, stored.phone, stored.updated_at) == (
        "female",
        "+6281234567890",
        siti.updated_at,
    )


def test_the_refusal_is_written_in_indonesian_for_an_indonesian_user(bangka: Region) -> None:
    rows = [line(name="Getas Alfa", owner_name="Bu Siti", owner_gender="X", village="Namang")]
    with translation.override("id"):
        plan = plan_of(xlsx(rows), bangka)
    assert plan.problems == [
        problem(
            2,
            "Jenis kelamin pemilik",
            "Jenis kelamin pemilik: “X” bukan L (laki-laki) atau P (perempuan).",
        )
    ]
