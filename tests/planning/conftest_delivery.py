"""Records of the delivery tests (imported by the test modules that use them).

Fiscal year 2026 with one source, APBD (any type, ceiling Rp 500 juta), and four proposals:

| proposal | type | village | cost |
|---|---|---|---|
| Bimtek Madu | training | A | Rp 40 juta |
| Sertifikasi Halal | cert_halal | A | Rp 25 juta |
| Mesin Rusip | equipment | B | Rp 60 juta |
| Pameran | promotion | B | Rp 10 juta (not funded) |

``approved`` is the approved plan (version 1) funding the first three, all from APBD. Village A
has group_a's people (Siti, Rina: female; Budi, Pak Owner: male — Pak Owner runs enterprise_x,
account ``owner``); village B has Yanti (runs enterprise_y, account ``owner2``).
``training_a`` is an activity made by hand in village A (Rp 40 juta, 1 Feb – 31 Mar 2026),
``training_b`` one in village B.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from ovop.accounts.models import Role, User
from ovop.empowerment.models import Group
from ovop.planning.choices import ActivityType, ScenarioStatus, SourceKind
from ovop.planning.models import (
    Activity,
    FiscalYear,
    Proposal,
    Scenario,
    ScenarioItem,
    Source,
)
from ovop.regions.models import Region
from tests.empowerment.conftest import group_a, group_b  # noqa: F401 - fixtures
from tests.empowerment.meeting_fixtures import media, png, real_pdf  # noqa: F401 - fixtures
from tests.factories import UserFactory

JT = 1_000_000


@dataclass
class Plan:
    year: FiscalYear
    apbd: Source
    proposals: dict[str, Proposal]
    scenario: Scenario


def proposal(year: FiscalYear, title: str, kind: str, place: Region, cost_jt: int) -> Proposal:
    return Proposal.objects.create(
        fiscal_year=year,
        title=title,
        activity_type=kind,
        village=place,
        unit_cost_idr=cost_jt * JT,
        units=1,
        cost_idr=cost_jt * JT,
    )


def approve(
    year: FiscalYear,
    funded: list[Proposal],
    unfunded: list[Proposal],
    source: Source,
    version: int = 1,
    revises: Scenario | None = None,
) -> Scenario:
    """An approved scenario funding ``funded`` from ``source`` (items written while a draft)."""
    scenario = Scenario.objects.create(fiscal_year=year, name=f"Rencana v{version}")
    for p in funded + unfunded:
        ScenarioItem.objects.create(
            scenario=scenario,
            proposal=p,
            benefit=10.0,
            cost_idr=p.cost_idr,
            funded=p in funded,
            source=source if p in funded else None,
        )
    if revises is not None:
        Scenario.objects.filter(pk=revises.pk).update(status=ScenarioStatus.SUPERSEDED)
    Scenario.objects.filter(pk=scenario.pk).update(
        status=ScenarioStatus.APPROVED, version=version, revises=revises
    )
    return Scenario.objects.get(pk=scenario.pk)


@pytest.fixture
def year() -> FiscalYear:
    return FiscalYear.objects.create(year=2026)


@pytest.fixture
def apbd(year: FiscalYear) -> Source:
    return Source.objects.create(
        fiscal_year=year, kind=SourceKind.APBD_KAB, name="APBD", ceiling_idr=500 * JT
    )


@pytest.fixture
def approved(year: FiscalYear, apbd: Source, village_a: Region, village_b: Region) -> Plan:
    rows = {
        "training": proposal(year, "Bimtek Madu", ActivityType.TRAINING, village_a, 40),
        "halal": proposal(year, "Sertifikasi Halal", ActivityType.CERT_HALAL, village_a, 25),
        "machine": proposal(year, "Mesin Rusip", ActivityType.EQUIPMENT, village_b, 60),
        "fair": proposal(year, "Pameran", ActivityType.PROMOTION, village_b, 10),
    }
    funded = [rows["training"], rows["halal"], rows["machine"]]
    scenario = approve(year, funded, [rows["fair"]], apbd)
    return Plan(year, apbd, rows, scenario)


def activity(
    year: FiscalYear,
    source: Source,
    place: Region,
    title: str = "Bimtek Pengemasan",
    kind: str = ActivityType.TRAINING,
    cost_jt: int = 40,
    group: Group | None = None,
) -> Activity:
    return Activity.objects.create(
        fiscal_year=year,
        title=title,
        activity_type=kind,
        village=place,
        group=group,
        source=source,
        planned_cost_idr=cost_jt * JT,
        starts_on=dt.date(2026, 2, 1),
        ends_on=dt.date(2026, 3, 31),
    )


@pytest.fixture
def training_a(year: FiscalYear, apbd: Source, village_a: Region) -> Activity:
    return activity(year, apbd, village_a)


@pytest.fixture
def training_b(year: FiscalYear, apbd: Source, village_b: Region) -> Activity:
    return activity(year, apbd, village_b, title="Bimtek Rusip")


@pytest.fixture
def other_facilitator(village_b: Region) -> User:
    user = UserFactory(username="other_facilitator", role=Role.FACILITATOR)
    user.villages.add(village_b)
    return user  # type: ignore[no-any-return]
