"""The overview, a village's status page and the status selector run the same number of
queries for 2 villages as for 12, each with groups, cycles, meetings, attendance and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from ovop.accounts.models import Role, User
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, Membership, Person
from ovop.empowerment.selectors_overview import regency_overview, village_statuses
from ovop.regions.models import Kind, Level, Region
from tests.conftest import login
from tests.empowerment.overview_data import MALE, action, cycle_at, meeting
from tests.factories import RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

#: Every page view starts with the session and the user.
SESSION = 2
#: villages, groups, cycles, the scoped user's meetings (read as a list first), trend of
#: meetings, held meetings, attendance, guests, actions.
OVERVIEW_QUERIES = 9
#: the village, the status (8 for a facilitator), cycles and their groups (2), stage changes,
#: meetings, and whether the facilitator may change the village (the buttons).
VILLAGE_QUERIES = 1 + 8 + 2 + 1 + 1 + 1


def _villages(start: int, n: int, facilitator: User) -> list[Region]:
    kec = Region.objects.filter(level=Level.KECAMATAN).first() or RegionFactory(
        code="97.01.01", level=Level.KECAMATAN, kind=Kind.KECAMATAN
    )
    made = []
    for k in range(start, start + n):
        village = RegionFactory(
            code=f"97.01.01.{2001 + k}",
            name=f"Desa {k:02d}",
            level=Level.VILLAGE,
            kind=Kind.DESA,
            parent=kec,
            lat=-2.3,
            lon=106.1,
        )
        facilitator.villages.add(village)
        group = Group.objects.create(name=f"Kelompok {k}", kind="ikm", village=village)
        person = Person.objects.create(
            name=f"Ibu {k}", gender=Gender.FEMALE, birth_year=2000, village=village
        )
        Membership.objects.create(group=group, person=person)
        old = cycle_at(village, [group], number=1, stage=5, closed=True, year=2025)
        cycle = cycle_at(village, [group], number=2, stage=1 + k % 5)
        for day in range(1, 8):
            meeting(
                village, dt.date(2026, 1, day), cycle=cycle, people=[person], guests=[(MALE, 1990)]
            )
        meeting(village, dt.date(2025, 5, 1), cycle=old, people=[person])
        action(cycle, dt.date(2026, 1, 1))
        action(old, dt.date(2025, 1, 1))
        made.append(village)
    return made


@pytest.fixture
def pendamping(db: None) -> User:
    return UserFactory(username="q-facilitator", role=Role.FACILITATOR)  # type: ignore[no-any-return]


def _queries_of_statuses(user: User, villages: list[Region]) -> int:
    with CaptureQueriesContext(connection) as captured:
        statuses = village_statuses(user=user, villages=villages)
        assert all(s.cycle is not None for s in statuses)
    return len(captured)


def test_statuses_take_the_same_queries_for_2_and_12_villages(pendamping: User) -> None:
    few = _villages(0, 2, pendamping)
    many = few + _villages(2, 10, pendamping)
    assert _queries_of_statuses(pendamping, few) == _queries_of_statuses(pendamping, many) == 8


@pytest.mark.parametrize("role", [Role.OFFICER, Role.FACILITATOR, Role.OWNER])
def test_overview_queries_are_bounded(
    client: Client,
    pendamping: User,
    role: str,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    user = pendamping if role == Role.FACILITATOR else UserFactory(username=f"q-{role}", role=role)
    _villages(0, 12, pendamping)
    login(client, user)
    with django_assert_max_num_queries(SESSION + OVERVIEW_QUERIES):
        response = client.get("/empowerment/")
    assert response.status_code == 200
    overview = regency_overview(user=user)
    assert len(overview.statuses) == (0 if role == Role.OWNER else 12)


@pytest.mark.parametrize("n", [1, 12])
def test_village_page_queries_are_bounded(
    client: Client, pendamping: User, n: int, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    village = _villages(0, n, pendamping)[0]
    login(client, pendamping)
    with django_assert_num_queries(SESSION + VILLAGE_QUERIES):
        response = client.get(f"/empowerment/village/{village.pk}/")
    assert response.status_code == 200
