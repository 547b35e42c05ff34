"""Records of the realisation and plan report tests, built with the models directly.

Fiscal year 2026 in regency 99.01: village A ("Desa Alfa", kecamatan "Kecamatan Satu", the
facilitator's) and village B ("Desa Beta", "Kecamatan Dua"); sources APBD (Rp 750 juta) and
DAK (Rp 300 juta). Activities and their cost lines:

| activity | village | source | planned | schedule | status | progress | costs |
|---|---|---|---|---|---|---|---|
| Bimtek | A | APBD | 100 jt | 1 Jan–31 Mar | done | 100 | 60 jt 10 Feb, 55 jt 20 Mar |
| Alat | B | DAK | 200 jt | 1 Apr–30 Jun | in progress | 40 | 50 jt 5 May |
| Kemasan | A | APBD | 50 jt | 1 Jul–30 Sep | planned | 0 | — |
| Pameran | B | APBD | 30 jt | 1 Feb–28 Feb | cancelled | 0 | 5 jt 15 Jan |

The approved plan (version 2, revising version 1 for the APBD-P) funds the proposals behind
the first three; a fourth proposal was not funded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from ovop.accounts.models import User
from ovop.planning.choices import ActivityStatus, ActivityType, ScenarioStatus, SourceKind
from ovop.planning.models import (
    Activity,
    CostLine,
    FiscalYear,
    Proposal,
    Scenario,
    ScenarioItem,
    Source,
)
from ovop.regions.models import Region

JT = 1_000_000
APPROVED_AT = dt.datetime(2026, 4, 2, 9, 30, tzinfo=dt.UTC)


@dataclass
class Books:
    year: FiscalYear
    apbd: Source
    dak: Source
    bimtek: Activity
    alat: Activity
    kemasan: Activity
    pameran: Activity
    plan: Scenario


def activity(
    year: FiscalYear,
    source: Source,
    village: Region,
    title: str,
    kind: str,
    planned: int,
    days: tuple[dt.date, dt.date],
    status: str = ActivityStatus.PLANNED,
    progress: int = 0,
) -> Activity:
    return Activity.objects.create(
        fiscal_year=year,
        source=source,
        village=village,
        title=title,
        activity_type=kind,
        planned_cost_idr=planned,
        starts_on=days[0],
        ends_on=days[1],
        status=status,
        progress_pct=progress,
        cancel_reason="Pameran ditunda" if status == ActivityStatus.CANCELLED else "",
    )


def cost(target: Activity, day: dt.date, amount: int) -> CostLine:
    return CostLine.objects.create(
        activity=target, spent_on=day, description="Belanja", amount_idr=amount
    )


def _proposal(
    year: FiscalYear, village: Region, title: str, kind: str, amount: int, women: int, men: int
) -> Proposal:
    return Proposal.objects.create(
        fiscal_year=year,
        title=title,
        activity_type=kind,
        village=village,
        unit_cost_idr=amount,
        units=1,
        cost_idr=amount,
        beneficiaries_female=women,
        beneficiaries_male=men,
    )


def approved_plan(year: FiscalYear, apbd: Source, dak: Source, a: Region, b: Region) -> Scenario:
    """Version 1 (superseded) and version 2 (approved) of the plan; items made while draft."""
    first = Scenario.objects.create(fiscal_year=year, name="Rencana awal")
    plan = Scenario.objects.create(fiscal_year=year, name="Rencana APBD-P")
    lines = [
        (a, "Bimtek pengolahan", ActivityType.TRAINING, 100 * JT, 12, 8, apbd, True),
        (b, "Alat pengering", ActivityType.EQUIPMENT, 200 * JT, 5, 10, dak, True),
        (a, "Klinik kemasan", ActivityType.PACKAGING, 50 * JT, 6, 4, apbd, True),
        (b, "Pameran nasional", ActivityType.PROMOTION, 90 * JT, 3, 3, None, False),
    ]
    for village, title, kind, amount, women, men, source, funded in lines:
        proposal = _proposal(year, village, title, kind, amount, women, men)
        for scenario in (first, plan):
            ScenarioItem.objects.create(
                scenario=scenario,
                proposal=proposal,
                benefit=1.0,
                cost_idr=amount,
                funded=funded,
                source=source,
            )
    Scenario.objects.filter(pk=first.pk).update(
        status=ScenarioStatus.SUPERSEDED, version=1, approved_at=APPROVED_AT
    )
    Scenario.objects.filter(pk=plan.pk).update(
        status=ScenarioStatus.APPROVED,
        version=2,
        revises=first,
        revision_reason="APBD-P 2026",
        approved_at=APPROVED_AT + dt.timedelta(days=90),
    )
    return Scenario.objects.get(pk=plan.pk)


def _kecamatan(village: Region, name: str) -> None:
    Region.objects.filter(pk=village.parent_id).update(name=name)


@pytest.fixture
def books(village_a: Region, village_b: Region) -> Books:
    _kecamatan(village_a, "Kecamatan Satu")
    _kecamatan(village_b, "Kecamatan Dua")
    year = FiscalYear.objects.create(year=2026)
    apbd = Source.objects.create(
        fiscal_year=year, kind=SourceKind.APBD_KAB, name="APBD Kabupaten", ceiling_idr=750 * JT
    )
    dak = Source.objects.create(
        fiscal_year=year, kind=SourceKind.DAK, name="DAK Fisik", ceiling_idr=300 * JT
    )
    d = dt.date
    bimtek = activity(
        year, apbd, village_a, "Bimtek", ActivityType.TRAINING, 100 * JT,
        (d(2026, 1, 1), d(2026, 3, 31)), ActivityStatus.DONE, 100,
    )  # fmt: skip
    alat = activity(
        year, dak, village_b, "Alat", ActivityType.EQUIPMENT, 200 * JT,
        (d(2026, 4, 1), d(2026, 6, 30)), ActivityStatus.IN_PROGRESS, 40,
    )  # fmt: skip
    kemasan = activity(
        year, apbd, village_a, "Kemasan", ActivityType.PACKAGING, 50 * JT,
        (d(2026, 7, 1), d(2026, 9, 30)),
    )  # fmt: skip
    pameran = activity(
        year, apbd, village_b, "Pameran", ActivityType.PROMOTION, 30 * JT,
        (d(2026, 2, 1), d(2026, 2, 28)), ActivityStatus.CANCELLED,
    )  # fmt: skip
    cost(bimtek, d(2026, 2, 10), 60 * JT)
    cost(bimtek, d(2026, 3, 20), 55 * JT)
    cost(alat, d(2026, 5, 5), 50 * JT)
    cost(pameran, d(2026, 1, 15), 5 * JT)
    plan = approved_plan(year, apbd, dak, village_a, village_b)
    return Books(year, apbd, dak, bimtek, alat, kemasan, pameran, plan)


def set_history_date(target: Activity, when: dt.datetime) -> None:
    """Date every history row of ``target`` at ``when`` (as if recorded then)."""
    Activity.history.filter(id=target.pk).update(history_date=when)  # type: ignore[attr-defined]


def record_progress(target: Activity, when: dt.datetime, status: str, progress: int) -> None:
    """A change of ``target``'s status and progress, recorded at ``when``."""
    target.status = status
    target.progress_pct = progress
    target.save()
    latest = Activity.history.filter(id=target.pk).order_by("-history_id").first()  # type: ignore[attr-defined]
    Activity.history.filter(history_id=latest.history_id).update(history_date=when)  # type: ignore[attr-defined]


def local(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


__all__ = ["JT", "Books", "User", "books", "local", "record_progress", "set_history_date"]
