"""The budgets of the national data set: fiscal years 2024 (closed) and 2025 (open), one APBD
source per regency and year, 20-40 proposals per regency and year in its programme's
villages, four in five of them funded as activities, and the money realised on them.

2024's activities are done (progress 100 %, realised 85-100 % of the plan) or, one in ten,
cancelled; 2025's are done, under way (progress 20-90 %, realised about as far) or still
planned. No approved plan (``Scenario``) is written: the activities stand on their own, as
an office that records its delivery without the optimiser's plan does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ovop.core.bulk import db_value, rows_insert
from ovop.demo.national_regions import SYNTHETIC, Ints, Tree
from ovop.planning.choices import ActivityStatus, ActivityType, SourceKind, YearStatus
from ovop.planning.models import Activity, CostLine, FiscalYear, Proposal, Source

YEARS = (2024, 2025)
TYPES = tuple(t.value for t in ActivityType if t != ActivityType.OTHER)
#: The unit cost of every proposal (rupiah): its cost is units x unit cost.
UNIT_COST = 2_500_000
#: Activity titles (Indonesian, as an office types them).
TITLES = {
    "training": "Pelatihan", "equipment": "Bantuan peralatan", "packaging": "Klinik kemasan",
    "cert_halal": "Fasilitasi sertifikat halal", "cert_pirt": "Fasilitasi P-IRT",
    "cert_bpom": "Fasilitasi BPOM MD", "cert_trademark": "Fasilitasi merek",
    "promotion": "Promosi dan pameran", "mentoring": "Pendampingan",
    "market_access": "Akses pasar",
}  # fmt: skip
CANCELLED = "Dibatalkan: jadwal bentrok dengan kegiatan desa (data sintetis)"


@dataclass
class Budget:
    proposals: int = 0
    activities: int = 0
    cost_lines: int = 0
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


def _villages_of(tree: Tree, joined: Ints) -> list[list[int]]:
    """Per regency the indexes of its programme's villages."""
    regency = tree.kecamatan.parent[tree.villages.parent]
    found: list[list[int]] = [[] for _ in tree.regencies.codes]
    for v in np.flatnonzero(joined).tolist():
        found[int(regency[v])].append(v)
    return found


def _activity(
    year: int, rng: np.random.Generator, planned: int
) -> tuple[str, int, str, list[tuple[dt.date, int]], tuple[dt.date, dt.date]]:
    """(status, progress, cancel reason, cost lines, (start, end)) of one funded proposal."""
    start = dt.date(year, int(rng.integers(2, 10)), int(rng.integers(1, 28)))
    end = min(start + dt.timedelta(days=int(rng.integers(20, 100))), dt.date(year, 12, 31))
    draw = rng.random()
    if year == YEARS[0]:
        status = ActivityStatus.CANCELLED if draw < 0.1 else ActivityStatus.DONE
    else:
        status = (
            ActivityStatus.DONE if draw < 0.4
            else ActivityStatus.IN_PROGRESS if draw < 0.8
            else ActivityStatus.PLANNED
        )  # fmt: skip
    progress = {ActivityStatus.DONE: 100, ActivityStatus.IN_PROGRESS: int(rng.integers(20, 91))}
    pct = progress.get(status, 0)
    share = pct / 100 * rng.uniform(0.85, 1.0)
    parts = int(rng.integers(1, 4))
    lines = []
    for part in range(parts if pct else 0):
        day = start + (end - start) * (part + 1) // (parts + 1)
        lines.append((day, max(1, int(planned * share / parts) // 1000 * 1000)))
    reason = CANCELLED if status == ActivityStatus.CANCELLED else ""
    return status.value, pct, reason, lines, (start, end)


def budget_plan(
    tree: Tree, joined: Ints, village_ids: list[int], rng: np.random.Generator
) -> Budget:
    """The rows of every table, with their ids."""
    out = Budget(rows={"source": [], "proposal": [], "activity": [], "cost": []})
    villages = _villages_of(tree, joined)
    for y, year in enumerate(YEARS):
        for r, code in enumerate(tree.regencies.codes):
            source = len(out.rows["source"]) + 1
            ceiling = int(rng.integers(8, 30)) * 100_000_000
            out.rows["source"].append((source, y + 1, f"APBD {SYNTHETIC} {code} {year}", ceiling))
            for _ in range(int(rng.integers(20, 41))):
                _proposal(out, year, y + 1, source, village_ids[int(rng.choice(villages[r]))], rng)
    return out


def _proposal(
    out: Budget, year: int, year_id: int, source: int, village: int, rng: np.random.Generator
) -> None:
    kind = TYPES[int(rng.integers(0, len(TYPES)))]
    units = int(rng.integers(1, 21))
    cost = units * UNIT_COST
    women, men = int(rng.integers(0, 30)), int(rng.integers(0, 30))
    pk = len(out.rows["proposal"]) + 1
    title = f"{TITLES[kind]} ({SYNTHETIC} {pk})"
    out.rows["proposal"].append(
        (pk, year_id, title, kind, village, women, men, UNIT_COST, units, cost)
    )
    if rng.random() >= 0.8:
        return
    status, pct, reason, lines, (start, end) = _activity(year, rng, cost)
    activity = len(out.rows["activity"]) + 1
    out.rows["activity"].append(
        (activity, year_id, pk, title, kind, village, source, cost, start.isoformat(),
         end.isoformat(), status, reason, pct)
    )  # fmt: skip
    for day, amount in lines:
        out.rows["cost"].append((activity, day.isoformat(), f"Belanja {title}", amount))


def budget_write(plan: Budget, now: dt.datetime) -> Budget:
    stamp = db_value(FiscalYear, "created_at", now)
    years = [
        (
            k + 1,
            year,
            YearStatus.CLOSED.value if k == 0 else YearStatus.OPEN.value,
            stamp if k == 0 else None,
        )
        for k, year in enumerate(YEARS)
    ]
    rows_insert(
        FiscalYear, ("id", "year", "status", "closed_at"), years,
        {"closed_by_id": None, "weight_beneficiaries": 40, "weight_priority": 25,
         "weight_stars": 15, "weight_stage": 20, "weight_demand": 0, "is_sample": True,
         "created_at": stamp},
    )  # fmt: skip
    rows_insert(
        Source, ("id", "fiscal_year_id", "name", "ceiling_idr"), plan.rows["source"],
        {"kind": SourceKind.APBD_KAB.value, "allowed_types": "[]", "village_id": None,
         "rules_are_default": True, "notes": "", "is_sample": True, "created_at": stamp,
         "archived_at": None},
    )  # fmt: skip
    plan.proposals = rows_insert(
        Proposal,
        ("id", "fiscal_year_id", "title", "activity_type", "village_id", "beneficiaries_female",
         "beneficiaries_male", "unit_cost_idr", "units", "cost_idr"),
        plan.rows["proposal"],
        {"group_id": None, "price_item_id": None, "mandatory": False, "support_id": None,
         "notes": "", "status": "proposed", "created_by_id": None, "is_sample": True,
         "created_at": stamp, "updated_at": stamp},
    )  # fmt: skip
    plan.activities = rows_insert(
        Activity,
        ("id", "fiscal_year_id", "proposal_id", "title", "activity_type", "village_id",
         "source_id", "planned_cost_idr", "starts_on", "ends_on", "status", "cancel_reason",
         "progress_pct"),
        plan.rows["activity"],
        {"plan_item_id": None, "group_id": None, "is_sample": True, "created_at": stamp,
         "updated_at": stamp},
    )  # fmt: skip
    plan.cost_lines = rows_insert(
        CostLine, ("activity_id", "spent_on", "description", "amount_idr"), plan.rows["cost"],
        {"receipt": "", "recorded_by_id": None, "is_sample": True, "created_at": stamp},
    )  # fmt: skip
    return plan
