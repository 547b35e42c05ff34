"""Empowerment records shared by the app's tests.

village_a (the facilitator's village) has ``group_a``: Siti (chair, female, born 1980), Rina
(female, born 2001: youth), Budi (male, born 1975) and Pak Owner, the person who runs
enterprise_x (account ``owner``). village_b has ``group_b`` with Yanti, who runs enterprise_y
(account ``owner2``). ``cycle_a`` is group_a's first cycle of 2026, at stage 1.
"""

from __future__ import annotations

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


def _person(village: Region, name: str, gender: str, born: int | None, **extra: object) -> Person:
    return Person.objects.create(
        village=village, name=name, gender=gender, birth_year=born, **extra
    )


@pytest.fixture
def group_a(village_a: Region, enterprise_x: Enterprise) -> Group:
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


@pytest.fixture
def group_b(village_b: Region, enterprise_y: Enterprise) -> Group:
    group = Group.objects.create(name="KWT Rusip Bahari", kind=GroupKind.WOMEN, village=village_b)
    yanti = _person(village_b, "Yanti", Gender.FEMALE, 1990, enterprise=enterprise_y)
    Membership.objects.create(group=group, person=yanti, role=MemberRole.CHAIR)
    return group


@pytest.fixture
def cycle_a(group_a: Group) -> Cycle:
    cycle = Cycle.objects.create(village=group_a.village, year=2026, number=1)
    cycle.groups.add(group_a)
    StageChange.objects.create(cycle=cycle, from_stage=None, to_stage=Stage.EXPERIENCES)
    return cycle


@pytest.fixture
def cycle_b(group_b: Group) -> Cycle:
    cycle = Cycle.objects.create(village=group_b.village, year=2026, number=1)
    cycle.groups.add(group_b)
    StageChange.objects.create(cycle=cycle, from_stage=None, to_stage=Stage.EXPERIENCES)
    return cycle
