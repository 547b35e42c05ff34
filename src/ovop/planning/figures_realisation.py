"""The figures of the physical and financial realisation report (realisasi fisik dan keuangan),
computed from one row per activity: no database here (``selectors_realisation`` reads the rows,
``alerts`` and the reports read these figures).

- planned money: the activities' planned cost; cancelled activities are left out of the money
  and the physical progress and shown apart (their money spent before cancelling included);
- realised money: the activities' cost lines up to the end of the chosen month;
- absorption: realised ÷ planned, in percent with one decimal (0 when nothing is planned);
- physical progress: the mean of the activities' progress weighted by their planned cost
  (none when nothing is planned);
- the planned money by month follows each activity's schedule: its planned cost spread evenly
  over the days from its start to its end (the target curve of the monthly report).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ovop.planning.choices import ActivityStatus, ActivityType

MONTHS = tuple(range(1, 13))
ONE_DECIMAL = Decimal("0.1")
#: The groupings of the report besides the months and the activities themselves.
GROUPINGS = ("source", "kecamatan", "type")


def percent(part: int | Fraction, whole: int | Fraction) -> Decimal:
    """``part`` of ``whole`` in percent, one decimal, halves rounded up; 0 when whole is 0."""
    if not whole:
        return Decimal("0.0")
    value = Fraction(part) * 100 / Fraction(whole)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class ActivityFigures:
    """One activity as at the end of the chosen month."""

    pk: int
    title: str
    activity_type: str
    source_id: int
    source_name: str
    village_name: str
    kecamatan_id: int | None
    kecamatan_name: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    progress_pct: int
    cancel_reason: str
    planned_idr: int
    realised_by_month: tuple[int, ...]  # January to December; earlier spending in January

    @property
    def realised_idr(self) -> int:
        return sum(self.realised_by_month)

    @property
    def absorption_pct(self) -> Decimal:
        return percent(self.realised_idr, self.planned_idr)

    @property
    def cancelled(self) -> bool:
        return self.status == ActivityStatus.CANCELLED

    @property
    def type_label(self) -> str:
        return str(ActivityType(self.activity_type).label)

    @property
    def status_label(self) -> str:
        return str(ActivityStatus(self.status).label)

    def scheduled_share(self, on: dt.date) -> Fraction:
        """The part of the activity's schedule (days, both ends counted) past by ``on``."""
        days = (self.ends_on - self.starts_on).days + 1
        past = (min(on, self.ends_on) - self.starts_on).days + 1
        return Fraction(max(0, min(past, days)), max(days, 1))


@dataclass(frozen=True)
class Row:
    """The figures of one group of activities (a source, a kecamatan, a type, or all)."""

    key: str
    label: str
    planned_idr: int
    realised_idr: int
    progress_pct: Decimal | None
    by_status: dict[str, int]  # activities by status, cancelled ones included
    progress_points: int = 0  # Σ planned × progress: the weighted mean unrounded

    @property
    def progress_share(self) -> float | None:
        """The physical progress as a fraction, unrounded (for spreadsheets)."""
        return self.progress_points / self.planned_idr / 100 if self.planned_idr else None

    @property
    def absorption_pct(self) -> Decimal:
        return percent(self.realised_idr, self.planned_idr)

    @property
    def activities(self) -> int:
        """Activities counted in the money and progress (all but the cancelled)."""
        return sum(n for s, n in self.by_status.items() if s != ActivityStatus.CANCELLED)

    def count(self, status: str) -> int:
        return self.by_status.get(status, 0)


@dataclass(frozen=True)
class MonthFigures:
    month: int
    ends_on: dt.date
    planned_cumulative_idr: int  # by the activities' schedules
    realised_idr: int | None  # None after the chosen month
    realised_cumulative_idr: int | None
    target_pct: Decimal  # planned so far ÷ planned in the year
    absorption_pct: Decimal | None  # realised so far ÷ planned in the year


def row_of(key: str, label: str, activities: Iterable[ActivityFigures]) -> Row:
    """The figures of ``activities`` taken together."""
    planned = realised = weighted = 0
    by_status = {status: 0 for status in ActivityStatus.values}
    for activity in activities:
        by_status[activity.status] += 1
        if activity.cancelled:
            continue
        planned += activity.planned_idr
        realised += activity.realised_idr
        weighted += activity.planned_idr * activity.progress_pct
    progress = percent(weighted, planned * 100) if planned else None
    return Row(key, label, planned, realised, progress, by_status, weighted)


def _kecamatan(a: ActivityFigures) -> tuple[str, str]:
    return str(a.kecamatan_id or ""), a.kecamatan_name


def _source(a: ActivityFigures) -> tuple[str, str]:
    return str(a.source_id), a.source_name


def _type(a: ActivityFigures) -> tuple[str, str]:
    return a.activity_type, a.type_label


KEYS: dict[str, Callable[[ActivityFigures], tuple[str, str]]] = {
    "source": _source,
    "kecamatan": _kecamatan,
    "type": _type,
}


def rows_by(grouping: str, activities: list[ActivityFigures]) -> list[Row]:
    """One row per source, kecamatan or activity type (by name; types in the list's order)."""
    groups: dict[tuple[str, str], list[ActivityFigures]] = {}
    for activity in activities:
        groups.setdefault(KEYS[grouping](activity), []).append(activity)
    order = list(ActivityType.values)
    if grouping == "type":
        keys = sorted(groups, key=lambda k: order.index(k[0]))
    else:
        keys = sorted(groups, key=lambda k: (k[1].casefold(), k[0]))
    return [row_of(key, label, groups[(key, label)]) for key, label in keys]


def months_of(year: int, month: int, activities: list[ActivityFigures]) -> list[MonthFigures]:
    """January to December: planned money by schedule and realised money, both cumulative;
    realised figures stop at ``month``."""
    active = [a for a in activities if not a.cancelled]
    planned_year = sum(a.planned_idr for a in active)
    months, cumulative = [], 0
    for m in MONTHS:
        end = month_end(year, m)
        scheduled = sum((a.planned_idr * a.scheduled_share(end) for a in active), Fraction(0))
        planned_so_far = int(scheduled + Fraction(1, 2))  # whole rupiah, halves up
        realised: int | None = None
        so_far: int | None = None
        if m <= month:
            realised = sum(a.realised_by_month[m - 1] for a in active)
            cumulative += realised
            so_far = cumulative
        months.append(
            MonthFigures(
                month=m,
                ends_on=end,
                planned_cumulative_idr=planned_so_far,
                realised_idr=realised,
                realised_cumulative_idr=so_far,
                target_pct=percent(planned_so_far, planned_year),
                absorption_pct=None if so_far is None else percent(so_far, planned_year),
            )
        )
    return months
