"""The demo's demand: the twelve full months before the load day of page views, clicks,
inquiries and outcomes on the published demo listings; food peaks in the month of Ramadan
(from the real calendar, whatever the year); the last month's inquiries partly wait for an
answer; the same seed and day give the same numbers and a second run writes nothing."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.catalogue import selectors_demand
from ovop.catalogue.models import DemandCount, DemandKind, Inquiry, InquiryStatus, Listing
from ovop.catalogue.selectors_demand import DemandFilters
from ovop.demo.data import DEFAULT_SEED
from ovop.demo.demand import demo_demand_load, simulated_months
from ovop.demo.seasons import ramadan_starts, season_factor
from ovop.enterprises.models import Category
from tests.conftest import login

pytestmark = pytest.mark.django_db

#: Loaded on 5 December 2026: December 2025 to November 2026; Ramadan 1447 H from 19 February.
LOAD_DAY = dt.date(2026, 12, 5)
#: Loaded on 1 July 2028: July 2027 to June 2028; Ramadan 1449 H from ≈ 28 January 2028.
LATER_DAY = dt.date(2028, 7, 1)


def _food_views_by_month() -> dict[dt.date, int]:
    rows = (
        DemandCount.objects.filter(
            kind=DemandKind.VIEW, listing__product__category=Category.FOOD_BEVERAGE
        )
        .values("month")
        .annotate(n=Sum("n"))
    )
    return {row["month"]: row["n"] for row in rows}


def _reload(today: dt.date) -> tuple[int, int]:
    DemandCount.objects.all().delete()
    Inquiry.objects.all().delete()
    summary = demo_demand_load(seed=DEFAULT_SEED, today=today)
    return summary.counters, summary.inquiries


def test_the_months_are_the_full_year_before_the_load_day() -> None:
    months = simulated_months(LOAD_DAY)
    assert months[0] == dt.date(2025, 12, 1) and months[-1] == dt.date(2026, 11, 1)
    assert len(months) == len(set(months)) == 12
    assert simulated_months(dt.date(2027, 1, 31))[-1] == dt.date(2026, 12, 1)
    assert simulated_months(dt.date(2027, 1, 1))[0] == dt.date(2026, 1, 1)


def test_ramadan_calendar() -> None:
    assert ramadan_starts(2025) == [dt.date(2025, 3, 1)]
    assert ramadan_starts(2026) == [dt.date(2026, 2, 19)]
    assert ramadan_starts(2030) == [dt.date(2030, 1, 6), dt.date(2030, 12, 26)]
    (later,) = ramadan_starts(2033)  # past the table: estimated by lunar years
    assert dt.date(2033, 11, 21) <= later <= dt.date(2033, 11, 25)
    march_2025 = season_factor(dt.date(2025, 3, 1), food=True)
    assert 2.4 < march_2025 < 2.9  # the whole of Ramadan 1446 H and its last ten days
    assert season_factor(dt.date(2025, 4, 1), food=True) > 1.2  # Lebaran visits
    assert season_factor(dt.date(2025, 7, 1), food=True) == 1.0
    assert 1.0 < season_factor(dt.date(2025, 3, 1), food=False) < march_2025


def test_a_year_of_demand_on_every_published_listing(demo: None) -> None:
    published = Listing.objects.filter(published=True, product__is_sample=True).count()
    assert published >= 5
    views = DemandCount.objects.filter(kind=DemandKind.VIEW)
    assert views.count() == published * 12
    months = sorted(set(views.values_list("month", flat=True)))
    assert months == simulated_months(timezone.localdate())
    assert Inquiry.objects.count() > 50
    assert not DemandCount.objects.filter(listing__published=False).exists()


@pytest.mark.parametrize(
    ("today", "peak"), [(LOAD_DAY, dt.date(2026, 3, 1)), (LATER_DAY, dt.date(2028, 2, 1))]
)
def test_food_peaks_in_ramadan_of_the_year_shown(demo: None, today: dt.date, peak: dt.date) -> None:
    _reload(today)
    months = _food_views_by_month()
    assert sorted(months) == simulated_months(today)
    assert months[peak] == max(months.values())
    assert months[peak] > 1.5 * statistics.mean(months.values())
    food = DemandFilters(year=peak.year, category=Category.FOOD_BEVERAGE)
    by_month = {f.key: f for f in selectors_demand.figures_by_month(food)}
    asked = [by_month[m].inquiries for m in simulated_months(today) if m.year == peak.year]
    assert by_month[peak].inquiries > statistics.mean(asked)


def test_outcomes_and_a_few_waiting_in_the_last_month(demo: None) -> None:
    _reload(LOAD_DAY)
    statuses = set(Inquiry.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in InquiryStatus}
    waiting = Inquiry.objects.filter(status=InquiryStatus.NEW)
    assert 1 <= waiting.count() <= 30
    assert {q.created_at.date().replace(day=1) for q in waiting} == {dt.date(2026, 11, 1)}
    assert Inquiry.objects.filter(created_at__date__gte=LOAD_DAY.replace(day=1)).count() == 0
    ordered = Inquiry.objects.filter(status=InquiryStatus.ORDERED)
    assert all(q.ordered_quantity and q.ordered_value_idr for q in ordered)


def test_second_run_writes_nothing_and_the_seed_and_day_decide(demo: None) -> None:
    before = _reload(LOAD_DAY)
    total = DemandCount.objects.aggregate(n=Sum("n"))["n"]
    summary = demo_demand_load(seed=DEFAULT_SEED, today=LOAD_DAY)
    assert (summary.counters, summary.inquiries) == (0, 0)
    assert (DemandCount.objects.count(), Inquiry.objects.count()) == before
    assert _reload(LOAD_DAY) == before
    assert DemandCount.objects.aggregate(n=Sum("n"))["n"] == total
    # a month later only the new month is added (the listings' December 2026)
    published = Listing.objects.filter(published=True, product__is_sample=True).count()
    demo_demand_load(seed=DEFAULT_SEED, today=dt.date(2027, 1, 3))
    views = DemandCount.objects.filter(kind=DemandKind.VIEW)
    assert views.filter(month=dt.date(2026, 12, 1)).count() == published
    assert views.count() == published * 13


def test_the_dashboard_shows_the_demo(client: Client, demo: None) -> None:
    last = simulated_months(timezone.localdate())[-1]
    login(client, User.objects.get(username="viewer"))
    html = client.get(f"/catalogue/demand/?year={last.year}").content.decode()
    assert f"{last:%m/%Y}" in html
    # the inquiries still waiting are listed whatever the year shown
    waiting = Inquiry.objects.filter(status=InquiryStatus.NEW).order_by("created_at", "pk")
    assert 'id="demand-waiting"' in html
    assert waiting[0].listing.public_name in html


@pytest.mark.parametrize("day", ["5/12/2026", "2026-13-01", "1999-12-31"])
def test_the_command_refuses_a_bad_day(day: str) -> None:
    before = DemandCount.objects.count()
    with pytest.raises(CommandError, match="--today"):
        call_command("demo", "--today", day)
    assert DemandCount.objects.count() == before
