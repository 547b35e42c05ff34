"""The demo's demand: a year (March 2025 to February 2026) of page views, clicks, inquiries and
outcomes on the published demo listings; food peaks in Ramadan; a few inquiries wait for an
answer; the same seed gives the same numbers and a second run writes nothing."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.db.models import Sum
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import selectors_demand
from ovop.catalogue.models import DemandCount, DemandKind, Inquiry, InquiryStatus, Listing
from ovop.catalogue.selectors_demand import DemandFilters
from ovop.demo.data import DEFAULT_SEED
from ovop.demo.demand import MONTHS, demo_demand_load
from ovop.enterprises.models import Category
from tests.conftest import login

pytestmark = pytest.mark.django_db

RAMADAN_2025 = dt.date(2025, 3, 1)


def _food_views_by_month() -> dict[dt.date, int]:
    rows = (
        DemandCount.objects.filter(
            kind=DemandKind.VIEW, listing__product__category=Category.FOOD_BEVERAGE
        )
        .values("month")
        .annotate(n=Sum("n"))
    )
    return {row["month"]: row["n"] for row in rows}


def test_a_year_of_demand_on_every_published_listing(demo: None) -> None:
    published = Listing.objects.filter(published=True, product__is_sample=True).count()
    assert published >= 5
    views = DemandCount.objects.filter(kind=DemandKind.VIEW)
    assert views.count() == published * 12
    assert sorted(set(views.values_list("month", flat=True))) == list(MONTHS)
    assert Inquiry.objects.count() > 50
    assert not DemandCount.objects.filter(listing__published=False).exists()


def test_food_peaks_in_ramadan(demo: None) -> None:
    months = _food_views_by_month()
    assert len(months) == 12
    mean = statistics.mean(months.values())
    assert months[RAMADAN_2025] > 1.5 * mean
    assert months[RAMADAN_2025] == max(months.values())
    food = DemandFilters(year=2025, category=Category.FOOD_BEVERAGE)
    by_month = {f.key: f for f in selectors_demand.figures_by_month(food)}
    asked = [f.inquiries for key, f in by_month.items() if key >= dt.date(2025, 3, 1)]
    assert by_month[RAMADAN_2025].inquiries > statistics.mean(asked)


def test_outcomes_and_a_few_waiting(demo: None) -> None:
    statuses = set(Inquiry.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in InquiryStatus}
    waiting = Inquiry.objects.filter(status=InquiryStatus.NEW)
    assert 1 <= waiting.count() <= 30
    assert {q.created_at.date().replace(day=1) for q in waiting} == {MONTHS[-1]}
    ordered = Inquiry.objects.filter(status=InquiryStatus.ORDERED)
    assert all(q.ordered_quantity and q.ordered_value_idr for q in ordered)


def test_second_run_writes_nothing_and_the_seed_decides(demo: None) -> None:
    before = (DemandCount.objects.count(), Inquiry.objects.count())
    summary = demo_demand_load(seed=DEFAULT_SEED)
    assert (summary.counters, summary.inquiries) == (0, 0)
    assert (DemandCount.objects.count(), Inquiry.objects.count()) == before
    total = DemandCount.objects.aggregate(n=Sum("n"))["n"]
    DemandCount.objects.all().delete()
    Inquiry.objects.all().delete()
    again = demo_demand_load(seed=DEFAULT_SEED)
    assert (again.counters, again.inquiries) == before
    assert DemandCount.objects.aggregate(n=Sum("n"))["n"] == total


def test_the_dashboard_shows_the_demo(client: Client, demo: None) -> None:
    login(client, User.objects.get(username="viewer"))
    html = client.get("/catalogue/demand/?year=2025").content.decode()
    assert "03/2025" in html
    # the inquiries still waiting are listed whatever the year shown
    waiting = Inquiry.objects.filter(status=InquiryStatus.NEW).order_by("created_at", "pk")
    assert 'id="demand-waiting"' in html
    assert waiting[0].listing.public_name in html
