"""The variance alerts, with exact numbers: the pure functions on hand-made figures, and the
alerts of the books in conftest_reports as at June and July 2026."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ovop.accounts.models import User
from ovop.planning import alerts
from ovop.planning.choices import ActivityStatus
from ovop.planning.figures_realisation import ActivityFigures, row_of
from ovop.planning.selectors_realisation import realisation_alerts, realisation_get
from tests.planning.conftest_reports import JT, Books, books

__all__ = ["books"]
TODAY = dt.date(2026, 12, 3)


def figures(
    pk: int, planned: int, realised: int, ends_on: dt.date, status: str = "in_progress"
) -> ActivityFigures:
    return ActivityFigures(
        pk=pk, title=f"A{pk}", activity_type="training", source_id=1, source_name="APBD",
        village_name="Desa", kecamatan_id=1, kecamatan_name="Kec", starts_on=dt.date(2026, 1, 1),
        ends_on=ends_on, status=status, progress_pct=50, cancel_reason="", planned_idr=planned,
        realised_by_month=(realised,) + (0,) * 11,
    )  # fmt: skip


def test_over_plan_is_strictly_more_than_ten_percent() -> None:
    end = dt.date(2026, 12, 31)
    found = alerts.over_plan(
        [
            figures(1, 100 * JT, 110 * JT, end),  # exactly 10 % over: no alert
            figures(2, 100 * JT, 110 * JT + 1, end),  # one rupiah more: alert
            figures(3, 40 * JT, 60 * JT, end),  # 50 % over, 20 jt
            figures(4, 0, 1, end),  # nothing planned, something spent
        ]
    )
    assert [(o.activity.pk, o.over_idr, o.over_pct) for o in found] == [
        (3, 20 * JT, Decimal("50.0")),
        (2, 10 * JT + 1, Decimal("10.0")),
        (4, 1, Decimal("0.0")),
    ]


def test_overdue_counts_days_past_the_end_and_skips_finished_work() -> None:
    reference = dt.date(2026, 7, 31)
    found = alerts.overdue(
        [
            figures(1, JT, 0, dt.date(2026, 6, 30)),
            figures(2, JT, 0, dt.date(2026, 7, 31)),  # ends on the day: not yet late
            figures(3, JT, 0, dt.date(2026, 3, 1), ActivityStatus.DONE),
            figures(4, JT, 0, dt.date(2026, 3, 1), ActivityStatus.CANCELLED),
            figures(5, JT, 0, dt.date(2026, 5, 1), ActivityStatus.PLANNED),
        ],
        reference,
    )
    assert [(o.activity.pk, o.days_late) for o in found] == [(5, 91), (1, 31)]


def test_slow_absorption_projects_linearly() -> None:
    rows = [
        row_of("1", "APBD", [figures(1, 120 * JT, 50 * JT, dt.date(2026, 12, 31))]),
        row_of("2", "DAK", [figures(2, 120 * JT, 54 * JT, dt.date(2026, 12, 31))]),
    ]
    # After 6 months: APBD projects 100 jt (< 108 jt, 90 %): shortfall 20 jt; DAK 108 jt: none.
    found = alerts.slow_absorption(rows, 6)
    assert [(s.label, s.projected_idr, s.shortfall_idr) for s in found] == [
        ("APBD", 100 * JT, 20 * JT)
    ]
    assert alerts.slow_absorption(rows, 0) == []


def test_reference_day_and_months_elapsed() -> None:
    assert alerts.reference_day(dt.date(2026, 12, 31), TODAY) == TODAY
    assert alerts.reference_day(dt.date(2026, 6, 30), TODAY) == dt.date(2026, 6, 30)
    assert [alerts.months_elapsed(2026, d) for d in (TODAY, dt.date(2025, 12, 31))] == [12, 0]
    assert alerts.months_elapsed(2025, TODAY) == 12


@pytest.mark.django_db
def test_books_as_at_june(books: Books, officer: User) -> None:
    found = realisation_alerts(
        realisation_get(user=officer, fiscal_year=books.year, month=6), today=TODAY
    )
    assert (found.reference, found.months_elapsed) == (dt.date(2026, 6, 30), 6)
    assert [(o.activity.title, o.over_idr, o.over_pct) for o in found.over_plan] == [
        ("Bimtek", 15 * JT, Decimal("15.0"))
    ]
    assert found.overdue == []  # Alat ends on 30 June itself
    # DAK: 50 jt in 6 months projects 100 jt, below 90 % of 200 jt. APBD projects 230 jt; the
    # year 330 jt of 350 jt (94 %).
    assert [(s.label, s.projected_idr, s.shortfall_idr) for s in found.slow] == [
        ("DAK Fisik", 100 * JT, 100 * JT)
    ]
    assert found.count == 2


@pytest.mark.django_db
def test_books_as_at_july(books: Books, officer: User) -> None:
    found = realisation_alerts(
        realisation_get(user=officer, fiscal_year=books.year, month=7), today=TODAY
    )
    assert [(o.activity.title, o.days_late) for o in found.overdue] == [("Alat", 31)]
    assert [(s.key, s.projected_idr, s.shortfall_idr) for s in found.slow] == [
        (str(books.dak.pk), 85_714_285, 114_285_715),  # 50 jt × 12 ÷ 7
        ("total", 282_857_142, 67_142_858),  # 165 jt × 12 ÷ 7, of 350 jt
    ]


@pytest.mark.django_db
def test_current_year_counts_months_to_today(books: Books, officer: User) -> None:
    """December chosen on 3 August: the months elapsed are eight, not twelve."""
    found = realisation_alerts(
        realisation_get(user=officer, fiscal_year=books.year, month=12),
        today=dt.date(2026, 8, 3),
    )
    assert (found.reference, found.months_elapsed) == (dt.date(2026, 8, 3), 8)
    assert [(o.activity.title, o.days_late) for o in found.overdue] == [("Alat", 34)]
