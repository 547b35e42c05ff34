"""The realisation figures of the books in conftest_reports: money, absorption, physical progress
and counts by source, kecamatan, type and month, as at the end of a month, within scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.planning.choices import ActivityStatus, ActivityType
from ovop.planning.models import Activity
from ovop.planning.selectors_realisation import default_month, realisation_get, realisation_total
from tests.planning.conftest_reports import (
    JT,
    Books,
    activity,
    books,
    cost,
    local,
    record_progress,
    set_history_date,
)

pytestmark = pytest.mark.django_db
__all__ = ["books"]


def test_totals_as_at_june(books: Books, officer: User) -> None:
    figures = realisation_get(user=officer, fiscal_year=books.year, month=6)
    total = figures.total
    assert figures.as_at == dt.date(2026, 6, 30)
    assert (total.planned_idr, total.realised_idr) == (350 * JT, 165 * JT)
    assert total.absorption_pct == Decimal("47.1")  # 165 / 350
    assert total.progress_pct == Decimal("51.4")  # (100·100 + 200·40 + 50·0) / 350
    assert total.activities == 3
    assert [total.count(s) for s in ActivityStatus.values] == [1, 1, 1, 1]
    assert [a.title for a in figures.cancelled] == ["Pameran"]
    assert (figures.cancelled_planned_idr, figures.cancelled_realised_idr) == (30 * JT, 5 * JT)
    assert figures.realised_all_idr == 170 * JT


def test_rows_by_source_kecamatan_and_type(books: Books, officer: User) -> None:
    figures = realisation_get(user=officer, fiscal_year=books.year, month=6)
    sources = [
        (r.label, r.planned_idr, r.realised_idr, r.absorption_pct, r.progress_pct, r.activities)
        for r in figures.rows("source")
    ]
    assert sources == [
        ("APBD Kabupaten", 150 * JT, 115 * JT, Decimal("76.7"), Decimal("66.7"), 2),
        ("DAK Fisik", 200 * JT, 50 * JT, Decimal("25.0"), Decimal("40.0"), 1),
    ]
    apbd = figures.rows("source")[0]
    assert apbd.count(ActivityStatus.CANCELLED) == 1 and apbd.count(ActivityStatus.DONE) == 1
    kecamatan = [(r.label, r.planned_idr, r.realised_idr) for r in figures.rows("kecamatan")]
    assert kecamatan == [
        ("Kecamatan Dua", 200 * JT, 50 * JT),
        ("Kecamatan Satu", 150 * JT, 115 * JT),
    ]
    types = [(r.key, r.planned_idr, r.realised_idr) for r in figures.rows("type")]
    assert types == [
        (ActivityType.TRAINING, 100 * JT, 115 * JT),
        (ActivityType.EQUIPMENT, 200 * JT, 50 * JT),
        (ActivityType.PACKAGING, 50 * JT, 0),
        (ActivityType.PROMOTION, 0, 0),  # only the cancelled exhibition: counted, no money
    ]


def test_months_cumulative_with_the_schedule_as_target(books: Books, officer: User) -> None:
    months = realisation_get(user=officer, fiscal_year=books.year, month=6).months
    assert [m.realised_idr for m in months] == [0, 60 * JT, 55 * JT, 0, 50 * JT, 0] + [None] * 6
    assert [m.realised_cumulative_idr for m in months[:6]] == [
        0, 60 * JT, 115 * JT, 115 * JT, 165 * JT, 165 * JT,
    ]  # fmt: skip
    # Bimtek: 100 jt over the 90 days of January to March; Alat: 200 jt over 91 days.
    assert [m.planned_cumulative_idr for m in months[:4]] == [
        34_444_444, 65_555_556, 100 * JT, 165_934_066,
    ]  # fmt: skip
    assert months[5].planned_cumulative_idr == 300 * JT
    assert months[11].planned_cumulative_idr == 350 * JT
    assert (months[5].target_pct, months[5].absorption_pct) == (Decimal("85.7"), Decimal("47.1"))
    assert months[6].absorption_pct is None


def test_earlier_month_counts_only_money_spent_by_then(books: Books, officer: User) -> None:
    figures = realisation_get(user=officer, fiscal_year=books.year, month=2)
    assert figures.total.realised_idr == 60 * JT
    assert figures.cancelled_realised_idr == 5 * JT


def test_status_and_progress_as_at_the_month_come_from_history(books: Books, officer: User) -> None:
    """Alat was recorded on 1 April (planned, 0 %), at 40 % in progress on 20 May, and done
    on 10 July: June shows 40 %, March shows it not yet recorded (its values of today)."""
    set_history_date(books.alat, local(2026, 4, 1))
    Activity.history.filter(id=books.alat.pk).update(  # type: ignore[attr-defined]
        status=ActivityStatus.PLANNED, progress_pct=0
    )
    record_progress(books.alat, local(2026, 5, 20), ActivityStatus.IN_PROGRESS, 40)
    record_progress(books.alat, local(2026, 7, 10), ActivityStatus.DONE, 100)

    def alat(month: int) -> tuple[str, int]:
        figures = realisation_get(user=officer, fiscal_year=books.year, month=month)
        row = next(a for a in figures.activities if a.pk == books.alat.pk)
        return row.status, row.progress_pct

    assert alat(4) == (ActivityStatus.PLANNED, 0)
    assert alat(6) == (ActivityStatus.IN_PROGRESS, 40)
    assert alat(7) == (ActivityStatus.DONE, 100)
    assert alat(3) == (ActivityStatus.DONE, 100)
    # the dashboard's total added up by the database equals the report's, month by month
    for month in range(1, 13):
        figures = realisation_get(user=officer, fiscal_year=books.year, month=month)
        total = realisation_total(user=officer, fiscal_year=books.year, month=month)
        assert total == figures.total, month


def test_the_total_added_up_by_the_database_follows_the_readers_scope(
    books: Books, officer: User, facilitator: User
) -> None:
    for user in (officer, facilitator):
        figures = realisation_get(user=user, fiscal_year=books.year, month=6)
        assert realisation_total(user=user, fiscal_year=books.year, month=6) == figures.total
    total = realisation_total(user=facilitator, fiscal_year=books.year, month=12)
    assert (total.planned_idr, total.realised_idr) == (150 * JT, 115 * JT)
    assert total.by_status[ActivityStatus.CANCELLED] == 0


def test_facilitator_sees_only_their_villages(books: Books, facilitator: User) -> None:
    figures = realisation_get(user=facilitator, fiscal_year=books.year, month=12)
    assert sorted(a.title for a in figures.activities) == ["Bimtek", "Kemasan"]
    assert (figures.total.planned_idr, figures.total.realised_idr) == (150 * JT, 115 * JT)
    assert figures.cancelled == []


def test_default_month() -> None:
    today = dt.date(2026, 8, 14)
    assert [default_month(y, today) for y in (2025, 2026, 2027)] == [12, 8, 1]


def test_queries_do_not_grow_with_activities(books: Books, officer: User) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            figures = realisation_get(user=officer, fiscal_year=books.year, month=12)
            figures.rows("source")
            _ = figures.months
        return len(queries)

    before = count()
    for k in range(12):
        extra = activity(
            books.year, books.apbd, books.bimtek.village, f"Extra {k}", ActivityType.MENTORING,
            JT, (dt.date(2026, 5, 1), dt.date(2026, 5, 31)),
        )  # fmt: skip
        cost(extra, dt.date(2026, 5, 2), JT // 2)
        cost(extra, dt.date(2026, 6, 2), JT // 4)
    assert count() == before == 3  # activities, cost lines, the approved plan
