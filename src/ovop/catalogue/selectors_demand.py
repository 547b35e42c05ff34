"""Reads of demand: the figures of page views, clicks, inquiries and their outcomes per
product, category, village, kecamatan and month, the inquiries waiting for an answer, and one
product's demand of the last twelve months (shown where decisions are made: selection rounds,
the budget plan's proposals, the evaluation report), and each village's buyers' interest in a
period, which the budget plan's rubric weighs (``village_interest``).

Each grouping is two aggregate queries (the counters and the inquiries), merged here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from ovop.catalogue.models import DemandCount, DemandKind, Inquiry, InquiryStatus
from ovop.catalogue.scope import public_listings

#: Grouping → (the key's path from a counter or an inquiry, the label's path).
GROUPS = {
    "product": ("listing__product_id", "listing__public_name"),
    "category": ("listing__product__category", "listing__product__category"),
    "village": (
        "listing__product__enterprise__village__code",
        "listing__product__enterprise__village__name",
    ),
    "kecamatan": (
        "listing__product__enterprise__village__parent__code",
        "listing__product__enterprise__village__parent__name",
    ),
}
TOP_SIZE = 10
#: The counters that show a buyer's interest: a click to write to the enterprise or to buy.
INTEREST_KINDS = (DemandKind.WHATSAPP, DemandKind.MARKETPLACE)


@dataclass
class Figures:
    """Demand of one group: counters and inquiries (with their outcomes)."""

    key: object = None
    label: str = ""
    views: int = 0
    whatsapp: int = 0
    marketplace: int = 0
    inquiries: int = 0
    waiting: int = 0
    answered: int = 0
    ordered: int = 0
    lost: int = 0
    ordered_quantity: int = 0
    ordered_value_idr: int = 0

    @property
    def clicks(self) -> int:
        return self.whatsapp + self.marketplace

    def add(self, other: Figures) -> None:
        for f in fields(self):
            if f.name not in ("key", "label"):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(frozen=True)
class DemandFilters:
    year: int | None = None
    category: str = ""
    since: dt.date | None = None  # the first month counted
    until: dt.date | None = None  # the first month no longer counted
    product_ids: tuple[int, ...] | None = None
    village_code: str = ""
    #: Only the listings published now (as ``village_interest`` counts).
    published_now: bool = False


def _counters(filters: DemandFilters) -> QuerySet[DemandCount]:
    rows = DemandCount.objects.all()
    if filters.year:
        rows = rows.filter(month__year=filters.year)
    if filters.since:
        rows = rows.filter(month__gte=filters.since)
    if filters.until:
        rows = rows.filter(month__lt=filters.until)
    return rows.filter(_common(filters))


def _inquiries(filters: DemandFilters) -> QuerySet[Inquiry]:
    rows = Inquiry.objects.all()
    if filters.year:
        start = dt.datetime(filters.year, 1, 1, tzinfo=timezone.get_current_timezone())
        rows = rows.filter(
            created_at__gte=start, created_at__lt=start.replace(year=filters.year + 1)
        )
    if filters.since:
        since = dt.datetime.combine(
            filters.since, dt.time(), tzinfo=timezone.get_current_timezone()
        )
        rows = rows.filter(created_at__gte=since)
    if filters.until:
        until = dt.datetime.combine(
            filters.until, dt.time(), tzinfo=timezone.get_current_timezone()
        )
        rows = rows.filter(created_at__lt=until)
    return rows.filter(_common(filters))


def _common(filters: DemandFilters) -> Q:
    condition = Q()
    if filters.category:
        condition &= Q(listing__product__category=filters.category)
    if filters.product_ids is not None:
        condition &= Q(listing__product_id__in=filters.product_ids)
    if filters.village_code:
        condition &= Q(listing__product__enterprise__village__code=filters.village_code)
    if filters.published_now:
        condition &= Q(listing__in=public_listings().values("pk"))
    return condition


_COUNTER_SUMS = {
    "views": Sum("n", filter=Q(kind=DemandKind.VIEW)),
    "whatsapp": Sum("n", filter=Q(kind=DemandKind.WHATSAPP)),
    "marketplace": Sum("n", filter=Q(kind=DemandKind.MARKETPLACE)),
}
_INQUIRY_SUMS = {
    "inquiries": Count("pk"),
    "waiting": Count("pk", filter=Q(status=InquiryStatus.NEW)),
    "answered": Count("pk", filter=Q(status=InquiryStatus.ANSWERED)),
    "ordered": Count("pk", filter=Q(status=InquiryStatus.ORDERED)),
    "lost": Count("pk", filter=Q(status=InquiryStatus.LOST)),
    "ordered_quantity": Sum("ordered_quantity"),
    "ordered_value_idr": Sum("ordered_value_idr"),
}


def _merge(
    into: dict[object, Figures], rows: Iterable[dict[str, object]], key: str, label: str
) -> None:
    for row in rows:
        figures = into.setdefault(row[key], Figures(key=row[key], label=str(row[label] or "")))
        for name, value in row.items():
            if name not in (key, label) and hasattr(figures, name):
                setattr(figures, name, getattr(figures, name) + int(value or 0))  # type: ignore[call-overload]


def figures_by(group: str, filters: DemandFilters = DemandFilters()) -> list[Figures]:
    """Demand per product, category, village or kecamatan (``GROUPS``), most interest first."""
    key, label = GROUPS[group]
    merged: dict[object, Figures] = {}
    names = (key, label) if key != label else (key,)
    _merge(
        merged, _counters(filters).values(*names).annotate(**_COUNTER_SUMS).order_by(), key, label
    )
    _merge(
        merged, _inquiries(filters).values(*names).annotate(**_INQUIRY_SUMS).order_by(), key, label
    )
    return sorted(merged.values(), key=lambda f: (-f.inquiries, -f.views, f.label))


def figures_by_month(filters: DemandFilters) -> list[Figures]:
    """Demand per month (``key``: the month's first day); every month of ``filters.year``."""
    merged: dict[object, Figures] = {}
    if filters.year:
        for m in range(1, 13):
            day = dt.date(filters.year, m, 1)
            merged[day] = Figures(key=day)
    counters = _counters(filters).values("month").annotate(**_COUNTER_SUMS).order_by()
    _merge(merged, counters, "month", "month")
    month = TruncMonth("created_at", output_field=DateField())
    inquiries = (
        _inquiries(filters).annotate(m=month).values("m").annotate(**_INQUIRY_SUMS).order_by()
    )
    _merge(merged, inquiries, "m", "m")
    return [merged[k] for k in sorted(merged, key=lambda d: d)]  # type: ignore[arg-type, return-value]


def totals(rows: Iterable[Figures]) -> Figures:
    total = Figures(label="")
    for row in rows:
        total.add(row)
    return total


def year_since(today: dt.date | None = None) -> dt.date:
    """The first day of the month eleven months back: the last twelve months with this one."""
    day = today or timezone.localdate()
    year, month = divmod(day.month - 1 - 11, 12)
    return dt.date(day.year + year, month + 1, 1)


def product_demand(
    product_ids: Iterable[int], *, since: dt.date | None = None
) -> dict[int, Figures]:
    """Each product's demand since ``since`` (the last twelve months): product id → figures."""
    ids = tuple(product_ids)
    if not ids:
        return {}
    filters = DemandFilters(since=since or year_since(), product_ids=ids)
    return {int(f.key): f for f in figures_by("product", filters)}  # type: ignore[call-overload]


def waiting_inquiries(inquiries: QuerySet[Inquiry], limit: int = 20) -> list[Inquiry]:
    """The oldest inquiries still waiting for an answer, out of ``inquiries`` (already scoped)."""
    rows = inquiries.filter(status=InquiryStatus.NEW).select_related("listing__product__enterprise")
    return list(rows.order_by("created_at", "pk")[:limit])


def years_with_data() -> list[int]:
    years = {d.year for d in DemandCount.objects.dates("month", "year")}
    years |= {d.year for d in Inquiry.objects.dates("created_at", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def village_demand(village_code: str, start: dt.date, end: dt.date) -> list[Figures]:
    """The demand of each product of one village published now, from ``start`` to ``end``
    (first days of months, ``end`` excluded), most asked for first: what a budget proposal
    for the village weighs. The same listings and period as ``village_interest``, so each
    row's clicks plus inquiries add up to the village's interest."""
    filters = DemandFilters(since=start, until=end, village_code=village_code, published_now=True)
    return figures_by("product", filters)


@dataclass(frozen=True)
class VillageInterest:
    """A village's published products (``listed``) and the buyers' interest in them
    (``interest``: inquiries plus WhatsApp and marketplace clicks) in a period."""

    listed: int = 0
    interest: int = 0


def village_interest(
    village_ids: Iterable[int], start: dt.date, end: dt.date
) -> dict[int, VillageInterest]:
    """Village id → its published listings and the buyers' interest in them from ``start`` to
    ``end`` (first days of months, ``end`` excluded), in one query whatever the number of
    villages; a village with no published listing is left out.

    Interest counts each inquiry and each click to WhatsApp or a marketplace: each is a buyer
    acting to buy. Page views are left out: a visitor is not recorded, so one person reading
    often, or a crawler, counts many times. Only listings published now count (product and
    enterprise not archived): what the village offers buyers today.
    """
    ids = tuple(village_ids)
    if not ids:
        return {}
    zone = timezone.get_current_timezone()
    since, until = (dt.datetime.combine(day, dt.time(), tzinfo=zone) for day in (start, end))
    clicks = (
        DemandCount.objects.filter(
            listing=OuterRef("pk"), kind__in=INTEREST_KINDS, month__gte=start, month__lt=end
        )
        .values("listing")
        .annotate(total=Sum("n"))
    )
    asked = (
        Inquiry.objects.filter(listing=OuterRef("pk"), created_at__gte=since, created_at__lt=until)
        .values("listing")
        .annotate(total=Count("pk"))
    )
    rows = (
        public_listings()
        .filter(product__enterprise__village_id__in=ids)
        .annotate(
            clicks=Coalesce(Subquery(clicks.values("total").order_by()), 0),
            asked=Coalesce(Subquery(asked.values("total").order_by()), 0),
        )
        .values_list("product__enterprise__village_id", "clicks", "asked")
        .order_by()
    )
    found: dict[int, VillageInterest] = {}
    for village_id, n_clicks, n_asked in rows:
        before = found.get(village_id, VillageInterest())
        found[village_id] = VillageInterest(
            listed=before.listed + 1, interest=before.interest + int(n_clicks) + int(n_asked)
        )
    return found
