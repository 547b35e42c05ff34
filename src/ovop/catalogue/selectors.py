"""Reads of the public catalogue: cards, search with filters, the product and village pages.

Everything here starts from ``scope.public_listings`` and reads public fields only. The
enterprise's phone number leaves this module only as a ``wa.me`` address, and only for a
listing whose ``show_whatsapp`` records the owner's consent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ovop.catalogue import scope
from ovop.catalogue.models import Listing, ListingPhoto
from ovop.catalogue.paging import Keyed
from ovop.catalogue.search import search_filter
from ovop.enterprises.models import Category, Certification, CertificationKind
from ovop.rating.models import StarRating
from ovop.regions.models import Region

#: Certificates a buyer can filter by.
FILTER_CERTIFICATES = (CertificationKind.HALAL, CertificationKind.PIRT, CertificationKind.BPOM_MD)
PAGE_SIZE = 24


@dataclass(frozen=True)
class CatalogueFilters:
    """What a buyer narrows the catalogue by; every field optional."""

    q: str = ""
    regency: str = ""  # the regency's (kabupaten/kota) code
    kecamatan: str = ""  # the kecamatan's code
    village: str = ""  # the village's code
    category: str = ""
    min_stars: int | None = None
    certificates: tuple[str, ...] = ()
    price_min_idr: int | None = None
    price_max_idr: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _holds(kind: str) -> Exists:
    """The listing shows a valid certificate of ``kind``."""
    today = timezone.localdate()
    shown = Listing.certifications.through.objects.filter(
        listing_id=OuterRef("pk"),
        certification__kind=kind,
        certification__archived_at__isnull=True,
    ).filter(Q(certification__expires_on__isnull=True) | Q(certification__expires_on__gte=today))
    return Exists(shown)


#: The columns a card reads, all the listing's own (its facets included): nothing of the
#: product or its enterprise is read — their private fields not even fetched — and the query
#: has no join to build, plan or run (the place names are two look-ups by code, made only for
#: the rows returned).
CARD_FIELDS = (
    "public_name",
    "slug",
    "price_idr",
    "unit",
    "stars",
    "category",
    "published_at",
    "product_id",
    "village_code",
    "kecamatan_code",
)


def _name_of(code_field: str) -> RawSQL:
    """The name of the region whose code the listing holds in ``code_field``: a correlated
    subquery written out, since Django's ``Subquery`` of a queryset took a millisecond to
    build and compile for each page of cards, a tenth of a search's time at national size."""
    quote = connection.ops.quote_name
    region, name, code = (
        quote(Region._meta.db_table),
        quote(Region._meta.get_field("name").column),
        quote(Region._meta.get_field("code").column),
    )
    held = f"{quote(Listing._meta.db_table)}.{quote(code_field)}"  # a plain column, as named
    return RawSQL(
        f"SELECT r.{name} FROM {region} r WHERE r.{code} = {held}",  # noqa: S608 (names only)
        [],
        output_field=CharField(),
    )


def public_cards() -> QuerySet[Listing]:
    """Public listings with what a card shows (``CARD_FIELDS``, ``village_name`` and
    ``kecamatan_name``) in name order; their photos come with ``with_photos``."""
    return (
        scope.public_listings()
        .only(*CARD_FIELDS)
        .annotate(village_name=_name_of("village_code"), kecamatan_name=_name_of("kecamatan_code"))
        .order_by("public_name", "pk")
    )


def with_photos(cards: Iterable[Listing]) -> list[Listing]:
    """``cards`` read, each with ``card_photos``: its photos, the first one first (one query
    for them all, grouped here: Django's prefetch built a filtered queryset for each card,
    a millisecond and a half of a search page's time)."""
    rows = list(cards)
    photos: dict[int, list[ListingPhoto]] = {row.pk: [] for row in rows}
    if photos:
        for photo in ListingPhoto.objects.filter(listing_id__in=list(photos)).order_by(
            "position", "id"
        ):
            photos[photo.listing_id].append(photo)
    for row in rows:
        row.card_photos = photos[row.pk]
    return rows


def _narrowed(qs: QuerySet[Listing], filters: CatalogueFilters) -> QuerySet[Listing]:
    """``qs`` narrowed by the listings' own facets (``ovop.catalogue.facets``): one table."""
    if filters.regency:
        qs = qs.filter(regency_code=filters.regency)
    if filters.kecamatan:
        qs = qs.filter(kecamatan_code=filters.kecamatan)
    if filters.village:
        qs = qs.filter(village_code=filters.village)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.min_stars:
        qs = qs.filter(stars__gte=filters.min_stars)
    for kind in filters.certificates:
        qs = qs.filter(_holds(kind))
    if filters.price_min_idr is not None:
        qs = qs.filter(price_idr__gte=filters.price_min_idr)
    if filters.price_max_idr is not None:
        qs = qs.filter(price_idr__lte=filters.price_max_idr)
    return qs


def _cards_of(keys: list[int]) -> list[Listing]:
    return with_photos(public_cards().filter(pk__in=keys))


def listing_search(q: str, filters: CatalogueFilters | None = None) -> Keyed:
    """Public listings matching the words of ``q`` (Indonesian stemming, whichever database)
    and the filters, as cards in name order, read in two steps (``paging.Keyed``): the
    keys first — on PostgreSQL from the covering index of migration ``0010_search_cover``
    alone when the category is chosen —, then the cards of the page's keys."""
    found = _narrowed(search_filter(scope.public_listings(), q), filters or CatalogueFilters())
    keys = found.order_by("public_name", "pk").values_list("pk", flat=True)
    return Keyed(keys, _cards_of)


def public_listing(slug: str) -> Listing | None:
    """The public listing with this address name, or None (unpublished, archived, unknown);
    with ``village_name`` and ``kecamatan_name`` as a card has them."""
    return (
        scope.public_listings()
        .select_related("product__enterprise__village__parent")
        .annotate(village_name=_name_of("village_code"), kecamatan_name=_name_of("kecamatan_code"))
        .filter(slug=slug)
        .first()
    )


def renamed_listing(slug: str) -> Listing | None:
    """The public listing that had this address name before, or None."""
    return scope.public_listings().filter(old_slugs__slug=slug).first()


@dataclass(frozen=True)
class Rating:
    stars: int
    code: str


def latest_rating(listing: Listing) -> Rating | None:
    row = (
        StarRating.objects.filter(product_id=listing.product_id)
        .order_by("-issued_at", "-pk")
        .values("stars", "verification_code")
        .first()
    )
    return Rating(row["stars"], row["verification_code"]) if row else None


def shown_certifications(listing: Listing, on: dt.date | None = None) -> list[Certification]:
    """The certificates the listing shows that are still valid on ``on`` (today)."""
    today = on or timezone.localdate()
    return list(
        listing.certifications.filter(archived_at__isnull=True)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .order_by("kind", "pk")
    )


def categories_in_use() -> list[tuple[str, str, int]]:
    """(value, label, number of public listings) for each category that has any."""
    counts: dict[str, int] = {}
    for value in scope.public_listings().values_list("product__category", flat=True):
        counts[value] = counts.get(value, 0) + 1
    return [(v, str(label), counts[v]) for v, label in Category.choices if v in counts]
