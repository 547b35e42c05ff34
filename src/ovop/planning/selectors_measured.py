"""Reads of the measured effects per rupiah (``models_measured``): the current figures, the
copy a measured run keeps on its scenario, and the activity types of a year's proposals that
have no figure.

A ``Figure`` is one activity type's figure as the pages show it, whether read from the current
rows (one query) or from a scenario's stored copy (no query): the extra monthly revenue per
rupiah spent with its 95 % interval, and where it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.dateparse import parse_datetime

from ovop.planning.choices import ActivityType, ProposalStatus
from ovop.planning.models import FiscalYear, MeasuredBenefit, Proposal

#: The figures are shown per this much money spent ("Rp 12.500 a month per Rp 1.000.000").
PER_IDR = 1_000_000


class PerMillion:
    """The figure and its interval per Rp 1.000.000 spent, in whole rupiah a month."""

    revenue_per_idr: float
    low: float
    high: float

    @property
    def per_million_idr(self) -> int:
        return round(self.revenue_per_idr * PER_IDR)

    @property
    def low_per_million_idr(self) -> int:
        return round(self.low * PER_IDR)

    @property
    def high_per_million_idr(self) -> int:
        return round(self.high * PER_IDR)


@dataclass(frozen=True)
class Figure(PerMillion):
    activity_type: str
    revenue_per_idr: float
    low: float
    high: float
    programme_id: int
    programme: str
    measured_year: int
    enterprises: int
    cost_idr: int
    adopted_by: str
    adopted_at: dt.datetime | None

    @property
    def label(self) -> str:
        known = self.activity_type in ActivityType.values
        return str(ActivityType(self.activity_type).label) if known else self.activity_type


def _figure(row: MeasuredBenefit) -> Figure:
    return Figure(
        activity_type=row.activity_type,
        revenue_per_idr=row.revenue_per_idr,
        low=row.revenue_per_idr_low,
        high=row.revenue_per_idr_high,
        programme_id=row.programme_id,
        programme=row.programme.name,
        measured_year=row.measured_year,
        enterprises=row.enterprises,
        cost_idr=row.cost_idr,
        adopted_by=str(row.adopted_by),
        adopted_at=row.adopted_at,
    )


def current_figures() -> list[Figure]:
    """The figures in force, by activity type (one query)."""
    rows = MeasuredBenefit.objects.select_related("programme", "adopted_by")
    return [_figure(row) for row in rows.order_by("activity_type")]


def rates(figures: Iterable[Figure]) -> dict[str, float]:
    """Activity type → extra monthly revenue per rupiah."""
    return {f.activity_type: f.revenue_per_idr for f in figures}


def snapshot(figures: Iterable[Figure]) -> list[dict[str, Any]]:
    """The figures as a scenario stores them (JSON)."""
    return [
        {
            "activity_type": f.activity_type,
            "revenue_per_idr": f.revenue_per_idr,
            "low": f.low,
            "high": f.high,
            "programme_id": f.programme_id,
            "programme": f.programme,
            "measured_year": f.measured_year,
            "enterprises": f.enterprises,
            "cost_idr": f.cost_idr,
            "adopted_by": f.adopted_by,
            "adopted_at": f.adopted_at.isoformat() if f.adopted_at else None,
        }
        for f in figures
    ]


def figures_of(stored: Sequence[Mapping[str, Any]]) -> list[Figure]:
    """A scenario's stored copy read back."""
    return [
        Figure(
            activity_type=str(row["activity_type"]),
            revenue_per_idr=float(row["revenue_per_idr"]),
            low=float(row["low"]),
            high=float(row["high"]),
            programme_id=int(row["programme_id"]),
            programme=str(row["programme"]),
            measured_year=int(row["measured_year"]),
            enterprises=int(row["enterprises"]),
            cost_idr=int(row.get("cost_idr", 0)),
            adopted_by=str(row.get("adopted_by", "")),
            adopted_at=parse_datetime(row["adopted_at"]) if row.get("adopted_at") else None,
        )
        for row in stored
    ]


def type_labels(types: Iterable[str]) -> list[str]:
    """The labels of activity types, in the order of the choice list."""
    wanted = set(types)
    return [str(label) for value, label in ActivityType.choices if value in wanted]


def missing_types(year: FiscalYear, known: Mapping[str, float]) -> list[str]:
    """Labels of the types of the year's standing proposals that have no figure in ``known``."""
    found = Proposal.objects.filter(fiscal_year=year, status=ProposalStatus.PROPOSED)
    types = set(found.values_list("activity_type", flat=True).distinct().order_by())
    return type_labels(types - set(known))
