"""Variance alerts of the realisation report: pure functions of the report's figures.

- **Cost over plan**: an activity whose realised money is more than 10 % above its planned cost
  (realised > 1.10 × planned).
- **Overdue**: an activity whose end date has passed (before the as-at date, or today when that
  comes first) and that is neither done nor cancelled.
- **Slow absorption**: money unlikely to be absorbed by the end of the year at the current
  pace. The projection is linear: realised so far ÷ months elapsed × 12, where the months
  elapsed run from January to the month of the as-at date (or of today, when that comes
  first), the current month counted whole. A source — and the whole year — whose projection
  is below 90 % of its planned money is flagged with the projected shortfall in rupiah
  (planned − projected).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ovop.planning.choices import ActivityStatus
from ovop.planning.figures_realisation import ActivityFigures, Row, percent

#: Realised money above planned × 110 / 100 is "over plan".
OVER_PLAN_PCT = 110
#: A projection below planned × 90 / 100 is "unlikely to be absorbed".
PACE_PCT = 90


@dataclass(frozen=True)
class OverPlan:
    activity: ActivityFigures
    over_idr: int  # realised − planned
    over_pct: Decimal  # how far above the plan, in percent of the plan


@dataclass(frozen=True)
class Overdue:
    activity: ActivityFigures
    days_late: int  # days from the end date to the reference date


@dataclass(frozen=True)
class SlowAbsorption:
    key: str  # the source's id, or "total" for the whole year
    label: str
    planned_idr: int
    realised_idr: int
    months_elapsed: int
    projected_idr: int  # realised ÷ months elapsed × 12, rounded down to whole rupiah
    shortfall_idr: int  # planned − projected


@dataclass(frozen=True)
class Alerts:
    reference: dt.date  # the day overdue and elapsed months are counted to
    months_elapsed: int
    over_plan: list[OverPlan]
    overdue: list[Overdue]
    slow: list[SlowAbsorption]

    @property
    def count(self) -> int:
        return len(self.over_plan) + len(self.overdue) + len(self.slow)


def reference_day(as_at: dt.date, today: dt.date) -> dt.date:
    """The day alerts look from: the as-at date, or today when that comes first."""
    return min(as_at, today)


def months_elapsed(year: int, reference: dt.date) -> int:
    """Months of ``year`` begun by ``reference`` (0 before the year, 12 after it)."""
    if reference.year < year:
        return 0
    return 12 if reference.year > year else reference.month


def over_plan(activities: list[ActivityFigures]) -> list[OverPlan]:
    """Activities whose realised money exceeds 110 % of their plan, largest overrun first."""
    found = [
        OverPlan(
            a,
            a.realised_idr - a.planned_idr,
            percent(a.realised_idr - a.planned_idr, a.planned_idr),
        )
        for a in activities
        if a.realised_idr * 100 > a.planned_idr * OVER_PLAN_PCT
    ]
    return sorted(found, key=lambda o: (-o.over_idr, o.activity.pk))


def overdue(activities: list[ActivityFigures], reference: dt.date) -> list[Overdue]:
    """Activities past their end date and not done nor cancelled, longest late first."""
    finished = (ActivityStatus.DONE, ActivityStatus.CANCELLED)
    found = [
        Overdue(a, (reference - a.ends_on).days)
        for a in activities
        if a.ends_on < reference and a.status not in finished
    ]
    return sorted(found, key=lambda o: (-o.days_late, o.activity.pk))


def slow_absorption(rows: list[Row], months: int) -> list[SlowAbsorption]:
    """The rows (sources, the total) whose linear projection falls below 90 % of the plan."""
    if months <= 0:
        return []
    found = []
    for row in rows:
        projected = row.realised_idr * 12 // months
        if row.planned_idr and projected * 100 < row.planned_idr * PACE_PCT:
            found.append(
                SlowAbsorption(
                    key=row.key,
                    label=row.label,
                    planned_idr=row.planned_idr,
                    realised_idr=row.realised_idr,
                    months_elapsed=months,
                    projected_idr=projected,
                    shortfall_idr=row.planned_idr - projected,
                )
            )
    return found


def alerts_for(
    *,
    year: int,
    as_at: dt.date,
    today: dt.date,
    activities: list[ActivityFigures],
    sources: list[Row],
    total: Row,
) -> Alerts:
    """Every alert of the report: ``sources`` are its rows by source, ``total`` its total."""
    reference = reference_day(as_at, today)
    months = months_elapsed(year, reference)
    return Alerts(
        reference=reference,
        months_elapsed=months,
        over_plan=over_plan(activities),
        overdue=overdue(activities, reference),
        slow=slow_absorption([*sources, total], months),
    )
