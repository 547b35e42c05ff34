"""Records of the year, source, price list and proposal tests (imported by their modules).

Fiscal year 2026 (``fy``, default weights 40/25/15/20) in regency 99.01, with sources:

| source | kind | ceiling | rules |
|---|---|---|---|
| APBD Disperindag | apbd_kab | Rp 750 juta | any type (default) |
| DAK Fisik | dak | Rp 300 juta | equipment only (default) |
| Dana Desa Alfa | dana_desa | Rp 50 juta | any type, only in village A |

and price list items BT-01 "Bimtek pengolahan" (Rp 1.250.000 per person-day, training) and
AL-01 "Mesin pengering" (Rp 15.000.000 per unit, equipment). Villages, people and IKM are the
root conftest's (village A: facilitator's, enterprise_x; village B: enterprise_y).
"""

from __future__ import annotations

from typing import Any

import pytest

from ovop.accounts.models import User
from ovop.planning.choices import ActivityType, SourceKind
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source
from ovop.regions.models import Region

JT = 1_000_000


@pytest.fixture
def fy(db: None) -> FiscalYear:
    return FiscalYear.objects.create(year=2026)


@pytest.fixture
def apbd(fy: FiscalYear) -> Source:
    return Source.objects.create(
        fiscal_year=fy, kind=SourceKind.APBD_KAB, name="APBD Disperindag", ceiling_idr=750 * JT
    )


@pytest.fixture
def dak(fy: FiscalYear) -> Source:
    return Source.objects.create(
        fiscal_year=fy,
        kind=SourceKind.DAK,
        name="DAK Fisik",
        ceiling_idr=300 * JT,
        allowed_types=[ActivityType.EQUIPMENT],
    )


@pytest.fixture
def dana_desa_a(fy: FiscalYear, village_a: Region) -> Source:
    return Source.objects.create(
        fiscal_year=fy,
        kind=SourceKind.DANA_DESA,
        name="Dana Desa Alfa",
        ceiling_idr=50 * JT,
        village=village_a,
    )


@pytest.fixture
def bimtek(fy: FiscalYear) -> PriceItem:
    return PriceItem.objects.create(
        fiscal_year=fy,
        code="BT-01",
        name="Bimtek pengolahan",
        unit="person-day",
        unit_cost_idr=1_250_000,
        activity_type=ActivityType.TRAINING,
    )


@pytest.fixture
def mesin(fy: FiscalYear) -> PriceItem:
    return PriceItem.objects.create(
        fiscal_year=fy,
        code="AL-01",
        name="Mesin pengering",
        unit="unit",
        unit_cost_idr=15 * JT,
        activity_type=ActivityType.EQUIPMENT,
    )


def make_proposal(year: FiscalYear, village: Region, title: str, **extra: Any) -> Proposal:
    """A proposal written straight to the database (the cost worked out as the service does)."""
    values: dict[str, Any] = {
        "activity_type": ActivityType.TRAINING,
        "unit_cost_idr": 1 * JT,
        "units": 1,
        **extra,
    }
    values["cost_idr"] = values["unit_cost_idr"] * values["units"]
    return Proposal.objects.create(fiscal_year=year, village=village, title=title, **values)


def close(year: FiscalYear, by: User) -> None:
    """Close ``year`` the way the year-close service leaves it (status only matters here)."""
    FiscalYear.objects.filter(pk=year.pk).update(status="closed", closed_by=by)
