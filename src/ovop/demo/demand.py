"""Demo demand: a year (March 2025 to February 2026) of simulated page views, WhatsApp and
marketplace clicks and buyers' inquiries with their outcomes on the published demo listings.

Food products peak in Ramadan and before Lebaran, when families buy for the fast-breaking
meals, hampers and the trip home (Ramadan 1446 H ≈ 1–30 March 2025, Idul Fitri 31 March 2025;
Ramadan 1447 H from ≈ 18 February 2026), with a smaller year-end bump; crafts are steadier.
The last inquiries (February 2026) are left waiting for an answer. Every number comes from a
random generator seeded with the demo seed and the listing's address name, so a run is
deterministic; a second run finds the rows and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ovop.catalogue.models import DemandCount, DemandKind, Inquiry, InquiryStatus, Listing
from ovop.enterprises.models import Category

#: The simulated months, oldest first.
MONTHS = tuple(dt.date(2025, m, 1) for m in range(3, 13)) + (
    dt.date(2026, 1, 1),
    dt.date(2026, 2, 1),
)
#: Month → how much more food is looked at and asked for than in an ordinary month.
FOOD_SEASON = {
    dt.date(2025, 3, 1): 2.6,  # Ramadan, Lebaran on 31 March
    dt.date(2025, 4, 1): 1.5,  # Lebaran visits and the week after
    dt.date(2025, 12, 1): 1.3,  # year-end holidays
    dt.date(2026, 2, 1): 1.8,  # Ramadan begins on 18 February
}
OTHER_SEASON = {dt.date(2025, 12, 1): 1.2, dt.date(2025, 4, 1): 1.1}
#: Inquiries of the last month left waiting for an answer.
WAITING_MONTH = MONTHS[-1]
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


def _month_rows(
    rng: random.Random, listing: Listing, month: dt.date, seed: int
) -> tuple[list[DemandCount], list[Inquiry]]:
    food = listing.product.category == Category.FOOD_BEVERAGE
    factor = (FOOD_SEASON if food else OTHER_SEASON).get(month, 1.0)
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
    inquiries = [_inquiry(rng, listing, month, i, seed) for i in range(asked)]
    return counts, inquiries


def _inquiry(rng: random.Random, listing: Listing, month: dt.date, i: int, seed: int) -> Inquiry:
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
    if month == WAITING_MONTH and day > 14:
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
def demo_demand_load(*, seed: int) -> DemandSummary:
    """Load the demo's demand (see the module's documentation); nothing when already there."""
    listings = list(
        Listing.objects.filter(published=True, product__is_sample=True)
        .select_related("product")
        .order_by("slug")
    )
    ids = [listing.pk for listing in listings]
    if DemandCount.objects.filter(listing_id__in=ids, month__in=MONTHS).exists():
        return DemandSummary(counters=0, inquiries=0, waiting=0)
    counters: list[DemandCount] = []
    inquiries: list[Inquiry] = []
    for listing in listings:
        rng = random.Random(f"{seed}:{listing.slug}")
        for month in MONTHS:
            counts, asked = _month_rows(rng, listing, month, seed)
            counters += counts
            inquiries += asked
    DemandCount.objects.bulk_create(counters, batch_size=500)
    Inquiry.objects.bulk_create(inquiries, batch_size=500)
    waiting = sum(1 for q in inquiries if q.status == InquiryStatus.NEW)
    return DemandSummary(counters=len(counters), inquiries=len(inquiries), waiting=waiting)
