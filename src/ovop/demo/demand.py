"""Demo demand: the twelve full months before the day the demo is loaded (loaded on 5 December
2026: December 2025 to November 2026) of simulated page views, WhatsApp and marketplace clicks
and buyers' inquiries with their outcomes on the published demo listings.

Food products peak in Ramadan and before Lebaran, placed from the real calendar of 1 Ramadan
(``ovop.demo.seasons``), with a smaller year-end bump; crafts are steadier. The inquiries of
the last month are partly left waiting for an answer. Every number comes from a random
generator seeded with the demo seed, the listing's address name and the month, so a run is
deterministic for a load date and a seed; a month a listing already has is not written again,
so a second run writes nothing (and a run a month later adds only the new month).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ovop.catalogue.models import DemandCount, DemandKind, Inquiry, InquiryStatus, Listing
from ovop.demo.seasons import season_factor
from ovop.enterprises.models import Category

#: How many full months the demo simulates, ending with the month before the load.
MONTHS_SIMULATED = 12
BUYER_NAMES = ("Rina", "Agus", "Dewi", "Hendra", "Sari", "Yusuf", "Maya", "Fajar", "Lina", "Andi")
QUESTIONS = (
    "Apakah bisa kirim ke Pangkalpinang? Berapa ongkos kirimnya?",
    "Untuk parsel Lebaran, bisa dikemas dalam kotak hadiah?",
    "Apakah tersedia dalam jumlah besar untuk toko oleh-oleh?",
    "Berapa lama pemesanan sampai barang siap?",
    "Apakah ada harga khusus untuk pembelian grosir?",
)


@dataclass(frozen=True)
class DemandSummary:
    counters: int
    inquiries: int
    waiting: int


def simulated_months(today: dt.date) -> list[dt.date]:
    """The first days of the ``MONTHS_SIMULATED`` full months before ``today``, oldest first."""
    first = today.replace(day=1)
    months = []
    for back in range(MONTHS_SIMULATED, 0, -1):
        index = first.year * 12 + first.month - 1 - back
        months.append(dt.date(index // 12, index % 12 + 1, 1))
    return months


def _month_rows(
    rng: random.Random, listing: Listing, month: dt.date, seed: int, waiting: bool
) -> tuple[list[DemandCount], list[Inquiry]]:
    food = listing.product.category == Category.FOOD_BEVERAGE
    factor = season_factor(month, food=food)
    base = rng.randint(40, 110)
    views = round(base * factor * rng.uniform(0.85, 1.15))
    counts = [DemandCount(listing=listing, month=month, kind=DemandKind.VIEW, n=views)]
    if listing.show_whatsapp:
        counts.append(
            DemandCount(
                listing=listing, month=month, kind=DemandKind.WHATSAPP, n=round(views * 0.09)
            )
        )
    if listing.marketplace_links:
        counts.append(
            DemandCount(
                listing=listing, month=month, kind=DemandKind.MARKETPLACE, n=round(views * 0.05)
            )
        )
    asked = round(views * 0.025 * rng.uniform(0.7, 1.3))
    inquiries = [_inquiry(rng, listing, month, i, seed, waiting) for i in range(asked)]
    return counts, inquiries


def _inquiry(
    rng: random.Random, listing: Listing, month: dt.date, i: int, seed: int, waiting: bool
) -> Inquiry:
    day = rng.randint(1, 28)
    when = dt.datetime.combine(
        month.replace(day=day), dt.time(rng.randint(7, 21), rng.randint(0, 59)),
        tzinfo=timezone.get_current_timezone(),
    )  # fmt: skip
    quantity = rng.choice((2, 5, 10, 10, 20, 25, 50, 100))
    inquiry = Inquiry(
        listing=listing,
        name=f"{rng.choice(BUYER_NAMES)} (contoh)",
        phone=f"+62812000{seed % 1000:03d}{i % 100:02d}"[:15],
        quantity=quantity,
        message=rng.choice(QUESTIONS),
        language="id",
        consent_at=when,
        created_at=when,
    )
    if waiting and day > 14:
        return inquiry  # waiting for an answer
    roll = rng.random()
    inquiry.answered_at = inquiry.outcome_at = when + dt.timedelta(hours=rng.randint(2, 60))
    if roll < 0.35:
        inquiry.status = InquiryStatus.ORDERED
        inquiry.ordered_quantity = max(1, round(quantity * rng.uniform(0.5, 1.0)))
        inquiry.ordered_value_idr = inquiry.ordered_quantity * (listing.price_idr or 25_000)
    elif roll < 0.55:
        inquiry.status = InquiryStatus.LOST
    else:
        inquiry.status = InquiryStatus.ANSWERED
    return inquiry


@transaction.atomic
def demo_demand_load(*, seed: int, today: dt.date | None = None) -> DemandSummary:
    """Load the demo's demand for the year before ``today`` (by default the local date; see
    the module's documentation); a month a listing already has is left as it is."""
    months = simulated_months(today or timezone.localdate())
    listings = list(
        Listing.objects.filter(published=True, product__is_sample=True)
        .select_related("product")
        .order_by("slug")
    )
    done = set(
        DemandCount.objects.filter(
            listing_id__in=[listing.pk for listing in listings], month__in=months
        ).values_list("listing_id", "month")
    )
    counters: list[DemandCount] = []
    inquiries: list[Inquiry] = []
    for listing in listings:
        for month in months:
            if (listing.pk, month) in done:
                continue
            rng = random.Random(f"{seed}:{listing.slug}:{month.isoformat()}")
            counts, asked = _month_rows(rng, listing, month, seed, month == months[-1])
            counters += counts
            inquiries += asked
    DemandCount.objects.bulk_create(counters, batch_size=500)
    Inquiry.objects.bulk_create(inquiries, batch_size=500)
    waiting = sum(1 for q in inquiries if q.status == InquiryStatus.NEW)
    return DemandSummary(counters=len(counters), inquiries=len(inquiries), waiting=waiting)
