"""Empowerment records shared by the app's tests.

village_a (the facilitator's village) has ``group_a``: Siti (chair, female, born 1980), Rina
(female, born 2001: youth), Budi (male, born 1975) and Pak Owner, the person who runs
enterprise_x (account ``owner``). village_b has ``group_b`` with Yanti, who runs enterprise_y
(account ``owner2``). ``cycle_a`` is group_a's first cycle of 2026, at stage 1.
"""

from __future__ import annotations

from typing import Any

import pytest

from ovop.empowerment.models import (
    Cycle,
    Gender,
    Group,
    GroupKind,
    MemberRole,
    Membership,
    Person,
    Stage,
    StageChange,
)
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.conftest import enterprise_x_create, enterprise_y_create, persona_create
from tests.factories import village


def _person(village: Region, name: str, gender: str, born: int | None, **extra: object) -> Person:
    return Person.objects.create(
        village=village, name=name, gender=gender, birth_year=born, **extra
    )


def group_a_create(village_a: Region, enterprise_x: Enterprise) -> Group:
    group = Group.objects.create(
        name="Kelompok Madu Pelawan", kind=GroupKind.IKM, village=village_a
    )
    people = [
        (_person(village_a, "Siti Aminah", Gender.FEMALE, 1980), MemberRole.CHAIR),
        (_person(village_a, "Rina Lestari", Gender.FEMALE, 2001), MemberRole.MEMBER),
        (_person(village_a, "Budi Santoso", Gender.MALE, 1975), MemberRole.TREASURER),
        (
            _person(village_a, "Pak Owner", Gender.MALE, 1970, enterprise=enterprise_x),
            MemberRole.MEMBER,
        ),
    ]
    for person, role in people:
        Membership.objects.create(group=group, person=person, role=role)
    return group


def group_b_create(village_b: Region, enterprise_y: Enterprise) -> Group:
    group = Group.objects.create(name="KWT Rusip Bahari", kind=GroupKind.WOMEN, village=village_b)
    yanti = _person(village_b, "Yanti", Gender.FEMALE, 1990, enterprise=enterprise_y)
    Membership.objects.create(group=group, person=yanti, role=MemberRole.CHAIR)
    return group


def cycle_create(group: Group) -> Cycle:
    """The group's first cycle of 2026, at stage 1."""
    cycle = Cycle.objects.create(village=group.village, year=2026, number=1)
    cycle.groups.add(group)
    StageChange.objects.create(cycle=cycle, from_stage=None, to_stage=Stage.EXPERIENCES)
    return cycle


@pytest.fixture
def group_a(village_a: Region, enterprise_x: Enterprise) -> Group:
    return group_a_create(village_a, enterprise_x)


@pytest.fixture
def group_b(village_b: Region, enterprise_y: Enterprise) -> Group:
    return group_b_create(village_b, enterprise_y)


@pytest.fixture
def cycle_a(group_a: Group) -> Cycle:
    return cycle_create(group_a)


@pytest.fixture
def cycle_b(group_b: Group) -> Cycle:
    return cycle_create(group_b)


#: The personas `records_create` makes.
PERSONAS = (
    "admin_user",
    "officer",
    "assessor",
    "viewer",
    "facilitator",
    "owner",
    "owner2",
    "outsider",
)


def records_create() -> dict[str, Any]:
    """What the fixtures of the same names make, at once, for the records a module builds
    once (tests/shared_records.py): villages A and B, the personas, enterprises X and Y, groups
    A and B."""
    village_a = village("99.01.01.2001", "Desa Alfa")
    village_b = village("99.01.02.2001", "Desa Beta")
    users = {
        name: persona_create(name, [village_a] if name == "facilitator" else [])
        for name in PERSONAS
    }
    enterprise_x = enterprise_x_create(village_a, users["owner"])
    enterprise_y = enterprise_y_create(village_b, users["owner2"])
    return {
        **users,
        "village_a": village_a,
        "village_b": village_b,
        "enterprise_x": enterprise_x,
        "enterprise_y": enterprise_y,
        "group_a": group_a_create(village_a, enterprise_x),
        "group_b": group_b_create(village_b, enterprise_y),
    }
