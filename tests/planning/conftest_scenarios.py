"""Records of the scenario tests: fiscal year 2026 with two sources and six proposals.

Sources: APBD (kind apbd_kab, any type, ceiling Rp 400 juta) and DAK (equipment only, ceiling
Rp 250 juta); the scenario spends Rp 300 juta of APBD and Rp 200 juta of DAK. Village A is in
kecamatan 99.01.01, village B in 99.01.02. Benefits are the rubric totals; the year weighs
beneficiaries only (100, 0, 0, 0), so a proposal's benefit is its beneficiaries over the
largest count (100) times 100: exactly its count.

| proposal | type | village | cost | benefit |
|---|---|---|---|---|
| E1 Mesin | equipment | A | 200 jt | 100 |
| T1 Bimtek A | training | A | 100 jt | 80 |
| T2 Bimtek B | training | B | 100 jt | 70 |
| T3 Bimtek B2 | training | B | 100 jt | 60 |
| E2 Alat | equipment | B | 150 jt | 50 |
| P1 Pameran | promotion | A | 50 jt | 40 |

Rank and fund (benefit down, first allowed source with money, APBD before DAK): E1 from APBD
(100 jt left), T1 from APBD (0 left), T2 and T3 skipped (training: APBD only), E2 from DAK
(50 jt left), P1 skipped: 3 activities, benefit 230, cost 450 jt.
The optimum puts E1 on DAK and the three trainings on APBD: 4 activities, benefit 310, cost
500 jt, nothing left — one activity and 80 benefit more for the same money.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from ovop.accounts.models import User
from ovop.planning import services_scenarios
from ovop.planning.choices import ActivityType, SourceKind
from ovop.planning.models import FiscalYear, Proposal, Scenario, Source
from ovop.regions.models import Region
from tests.factories import village

JT = 1_000_000


@dataclass
class Plan:
    year: FiscalYear
    apbd: Source
    dak: Source
    village_a: Region
    village_b: Region
    p: dict[str, Proposal]

    def budgets(self, apbd: int = 300 * JT, dak: int = 200 * JT) -> dict[str, int]:
        return {str(self.apbd.pk): apbd, str(self.dak.pk): dak}

    def scenario(self, user: User, name: str = "Pagu indikatif", **rules: Any) -> Scenario:
        return services_scenarios.scenario_create(
            user=user, year=self.year, name=name, budgets=self.budgets(), **rules
        )


ROWS = [
    ("E1", "Mesin", ActivityType.EQUIPMENT, "a", 200, 100),
    ("T1", "Bimtek A", ActivityType.TRAINING, "a", 100, 80),
    ("T2", "Bimtek B", ActivityType.TRAINING, "b", 100, 70),
    ("T3", "Bimtek B2", ActivityType.TRAINING, "b", 100, 60),
    ("E2", "Alat", ActivityType.EQUIPMENT, "b", 150, 50),
    ("P1", "Pameran", ActivityType.PROMOTION, "a", 50, 40),
]


def add_proposal(
    year: FiscalYear, key: str, title: str, kind: str, place: Region, cost_jt: int, people: int
) -> Proposal:
    return Proposal.objects.create(
        fiscal_year=year,
        title=f"{key} {title}",
        activity_type=kind,
        village=place,
        unit_cost_idr=cost_jt * JT,
        units=1,
        cost_idr=cost_jt * JT,
        beneficiaries_female=people,
    )


@pytest.fixture
def plan(village_a: Region, village_b: Region) -> Plan:
    year = FiscalYear.objects.create(
        year=2026, weight_beneficiaries=100, weight_priority=0, weight_stars=0, weight_stage=0
    )
    apbd = Source.objects.create(
        fiscal_year=year, kind=SourceKind.APBD_KAB, name="APBD", ceiling_idr=400 * JT
    )
    dak = Source.objects.create(
        fiscal_year=year,
        kind=SourceKind.DAK,
        name="DAK",
        ceiling_idr=250 * JT,
        allowed_types=[ActivityType.EQUIPMENT],
    )
    places = {"a": village_a, "b": village_b}
    proposals = {
        key: add_proposal(year, key, title, kind, places[where], cost, people)
        for key, title, kind, where, cost, people in ROWS
    }
    return Plan(year, apbd, dak, village_a, village_b, proposals)


def village_c() -> Region:
    """A village in a third kecamatan (99.01.03)."""
    return village("99.01.03.2001", "Desa Gama")


def titles(plan: Plan, keys: str) -> set[str]:
    return {plan.p[k].title for k in keys.split()}
