"""The region pages run the same number of queries for 3 rows as for 30."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from ovop.accounts.models import Role, User
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, GroupKind, Membership, Person
from ovop.empowerment.models_actions import Action
from ovop.empowerment.models_cycle import Cycle
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingStatus
from ovop.regions.models import Kind, Level, Region
from tests.bangka_tengah import designate
from tests.conftest import login
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgrammeFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
#: Every page view starts with the session and the user.
SESSION = 2


def _tree(n: int) -> tuple[Region, Region, list[Region]]:
    """Regency 98.01 → kecamatan 98.01.01 → n villages, each with an enterprise, two products
    and a designated product; a second kecamatan with n villages of its own."""
    province = RegionFactory(
        code="98", name="Provinsi Uji", level=Level.PROVINCE, kind=Kind.PROVINSI
    )
    regency = RegionFactory(code="98.01", name="Kabupaten Uji", parent=province)
    programme = ProgrammeFactory(regency=regency)
    villages = []
    for k in (1, 2):
        kec = RegionFactory(
            code=f"98.01.0{k}",
            name=f"Kec {k}",
            level=Level.KECAMATAN,
            kind=Kind.KECAMATAN,
            parent=regency,
        )
        for i in range(n):
            village = RegionFactory(
                code=f"98.01.0{k}.{2001 + i}",
                name=f"Desa {k}-{i}",
                level=Level.VILLAGE,
                kind=Kind.DESA if i % 2 else Kind.KELURAHAN,
                parent=kec,
                lat=-2.3,
                lon=106.1,
            )
            enterprise = EnterpriseFactory(village=village)
            product = ProductFactory(enterprise=enterprise)
            ProductFactory(enterprise=enterprise)
            designate(programme, village, {2024: None, 2025: product})
            villages.append(village)
    return regency, kec, villages


def _viewers() -> dict[str, User]:
    facilitator = UserFactory(username="q-facilitator", role=Role.FACILITATOR)
    facilitator.villages.set(Region.objects.filter(level=Level.VILLAGE))
    return {
        "officer": UserFactory(username="q-officer", role=Role.OFFICER),
        "facilitator": facilitator,
        "owner": UserFactory(username="q-owner", role=Role.OWNER),
    }


def _count(client: Client, url: str, expected: int, check: DjangoAssertNumQueries) -> str:
    with check(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


#: Page → queries after the session's. Region pages: the region, markers (villages, their
#: enterprise counts), the children with the regions under them counted, enterprise counts,
#: product counts; the kecamatan page adds designations and which designated products may be
#: opened. Index: regencies with counts, enterprise counts, product counts.
PAGE_QUERIES = {"/regions/98.01/": 6, "/regions/98.01.01/": 8, "/regions/": 3}


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("role", ["officer", "facilitator", "owner"])
def test_region_pages_run_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, n: int, role: str
) -> None:
    _tree(n)
    login(client, _viewers()[role])
    pages = {
        url: _count(client, url, SESSION + queries, django_assert_num_queries)
        for url, queries in PAGE_QUERIES.items()
    }
    assert all("Kabupaten Uji" in page for page in pages.values())
    kecamatan = pages["/regions/98.01.01/"]
    assert kecamatan.count('href="/regions/98.01.01.') == n  # one row per village
    assert kecamatan.count('"url": "/regions/98.01.01.') == n  # one marker per village
    assert pages["/regions/98.01/"].count('"url": "/regions/98.01.0') == 2 * n


def _village(n: int) -> Region:
    """A village with n enterprises of `q-owner` with two products each; n designations; an
    empowerment group whose members run the enterprises, with a cycle, n meetings, n actions."""
    regency, _, villages = _tree(1)
    village = villages[0]
    owner = UserFactory(username="q-owner", role=Role.OWNER)
    products = []
    group = Group.objects.create(name="Kelompok Uji", kind=GroupKind.IKM, village=village)
    cycle = Cycle.objects.create(village=village, year=2026, number=1, stage=5)
    cycle.groups.add(group)
    for i in range(n):
        enterprise = EnterpriseFactory(village=village, name=f"IKM {i:02d}", account=owner)
        products.append(ProductFactory(enterprise=enterprise))
        ProductFactory(enterprise=enterprise)
        person = Person.objects.create(
            name=f"Anggota {i}", gender=Gender.FEMALE, village=village, enterprise=enterprise
        )
        Membership.objects.create(group=group, person=person)
        held = Meeting.objects.create(
            village=village,
            cycle=cycle,
            status=MeetingStatus.HELD,
            held_on=dt.date(2026, 1, 1),
            place="Balai",
            agenda="Agenda",
        )
        held.groups.add(group)
        Attendance.objects.create(meeting=held, person=person)
        Guest.objects.create(meeting=held, name="Tamu", gender=Gender.MALE)
        Action.objects.create(cycle=cycle, title="Aksi", due_on=dt.date(2026, 1, 2), cost_idr=1)
    programme = ProgrammeFactory(regency=regency, name="Another programme")
    designate(programme, village, {2000 + i: products[i] for i in range(n)})
    return village


#: A village page's own queries: region, markers (2), enterprises (count, page), products
#: (count, page), programmes, their designations, which designated products may be opened;
#: then its empowerment section: groups, cycles, meetings, held meetings, attendance, guests,
#: actions, and for a facilitator or an owner the meetings they may read (as a list) and
#: whether the village is theirs.
VILLAGE_QUERIES = {"officer": 10 + 7, "facilitator": 10 + 9, "owner": 10 + 9}


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("role", ["officer", "facilitator", "owner"])
def test_village_page_runs_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, n: int, role: str
) -> None:
    village = _village(n)
    user = _viewers()[role]
    url = village.get_absolute_url()
    queries = SESSION + VILLAGE_QUERIES[role]
    page = _count(login(client, user), url, queries, django_assert_num_queries)
    assert 'id="empowerment-title"' in page
    assert '<span class="stage-mark" aria-hidden="true">5</span>' in page
    assert f"IKM {n - 1:02d}" in page
    assert f'<td class="num">{2000 + n - 1}</td>' in page
