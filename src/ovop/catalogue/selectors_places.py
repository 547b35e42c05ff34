"""Reads of the catalogue by place: featured designated products, villages with their public
products, the map's markers and a village's page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from ovop.catalogue import public_cache, scope
from ovop.catalogue.models import Listing, VillageStory
from ovop.catalogue.selectors import public_cards, with_photos
from ovop.programme.models import Designation
from ovop.regions.models import Level, Region


def _latest_designated_product_ids(villages: Iterable[int] | None = None) -> dict[int, int]:
    """village id → the product of its latest designation (in a programme not archived), as
    the programme pages decide it: the newest year's designation that names a product."""
    rows = Designation.objects.filter(
        product__isnull=False,
        membership__archived_at__isnull=True,
        membership__programme__archived_at__isnull=True,
    )
    if villages is not None:
        rows = rows.filter(membership__village_id__in=list(villages))
    latest: dict[int, int] = {}
    ordered = rows.order_by("membership__village_id", "-year", "-pk")
    for village_id, product_id in ordered.values_list("membership__village_id", "product_id"):
        latest.setdefault(village_id, product_id)
    return latest


def featured_listings(limit: int = 8) -> list[Listing]:
    """Public listings of products that are their village's designated OVOP product."""
    product_ids = set(_latest_designated_product_ids().values())
    return with_photos(public_cards().filter(product_id__in=product_ids)[:limit])


@dataclass(frozen=True)
class PublicVillage:
    village: Region
    listings: int


def villages_with_listings() -> list[PublicVillage]:
    """Villages that have public listings, by kecamatan and name, with how many (one query)."""
    counts = (
        scope.public_listings()
        .values("product__enterprise__village")
        .annotate(n=Count("pk"))
        .values_list("product__enterprise__village", "n")
    )
    by_id = dict(counts)
    villages = Region.objects.filter(pk__in=list(by_id)).select_related("parent__parent")
    ordered = sorted(villages, key=lambda v: (v.parent.name if v.parent else "", v.name))
    return [PublicVillage(v, by_id[v.pk]) for v in ordered]


@dataclass(frozen=True)
class Places:
    """The search form's place choices, (code, name) each. ``regencies`` is empty when every
    public product lies in one regency (the regency's own catalogue: no regency to choose);
    otherwise ``kecamatan`` holds only the chosen regency's, so that a national catalogue does
    not put its 7,000 kecamatan in one list (``choose_first``: none chosen yet)."""

    regencies: list[tuple[str, str]]
    kecamatan: list[tuple[str, str]]
    choose_first: bool = False


#: One row per kecamatan with public products: its code and name, its regency's code and name.
PlaceRow = tuple[str, str, str, str]


def _by_name(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(set(pairs), key=lambda pair: (pair[1], pair[0]))


def _places(rows: list[PlaceRow], regency: str, every_kecamatan: bool) -> Places:
    regencies = _by_name((r[2], r[3]) for r in rows)
    if len(regencies) <= 1 or every_kecamatan:
        kecamatan = _by_name((r[0], r[1]) for r in rows)
        return Places(regencies if len(regencies) > 1 else [], kecamatan)
    kecamatan = _by_name((r[0], r[1]) for r in rows if r[2] == regency)
    return Places(regencies, kecamatan, choose_first=not regency)


def place_choices(regency: str = "", *, every_kecamatan: bool = False) -> Places:
    """The places to search by, for the search page (``regency``: the one asked for) and the
    API (``every_kecamatan``: a program may name any kecamatan without its regency).

    One query for the distinct kecamatan, kept in the cache until the catalogue changes
    (``public_cache``), so that a search at national size (a million listings in some 7,000
    kecamatan) does not read them again for every set of words."""
    rows: list[PlaceRow] = public_cache.remembered("place-rows", _place_rows)
    return _places(rows, regency, every_kecamatan)


def places_of(villages: Iterable[PublicVillage]) -> Places:
    """The same choices from villages already read (the home page), without a query."""
    rows: list[PlaceRow] = []
    for item in villages:
        kecamatan = item.village.parent
        if kecamatan is not None:
            regency = kecamatan.parent
            above = (regency.code, regency.name) if regency else ("", "")
            rows.append((kecamatan.code, kecamatan.name, *above))
    return _places(rows, "", every_kecamatan=False)


def _place_rows() -> list[PlaceRow]:
    """The kecamatan of the public listings (their ``kecamatan_code`` facet: one index, no
    join through a million products) with their regencies."""
    codes = scope.public_listings().exclude(kecamatan_code="").values("kecamatan_code")
    rows = Region.objects.filter(code__in=codes).values_list(
        "code", "name", "parent__code", "parent__name"
    )
    return [
        (code, name, regency or "", regency_name or "")
        for code, name, regency, regency_name in rows
    ]


def map_markers(
    villages: Iterable[PublicVillage], url_for: Callable[[Region], str]
) -> list[dict[str, Any]]:
    """The map's markers (the shape of the region pages' map script) for villages with
    coordinates; ``enterprises`` carries the number of public products."""
    return [
        {
            "code": item.village.code,
            "name": item.village.name,
            "lat": float(item.village.lat),
            "lon": float(item.village.lon),
            "url": url_for(item.village),
            "enterprises": item.listings,
        }
        for item in villages
        if item.village.lat is not None and item.village.lon is not None
    ]


@dataclass(frozen=True)
class VillagePage:
    village: Region
    designated: Listing | None
    others: list[Listing]
    story: str


def village_page(code: str) -> VillagePage | None:
    """A village's public page, or None when the village has no public listing."""
    village = Region.objects.select_related("parent").filter(code=code, level=Level.VILLAGE).first()
    if village is None:
        return None
    listings = with_photos(public_cards().filter(village_code=village.code))
    if not listings:
        return None
    designated_id = _latest_designated_product_ids([village.pk]).get(village.pk)
    designated = next((x for x in listings if x.product_id == designated_id), None)
    story = VillageStory.objects.filter(village=village).values_list("story", flat=True).first()
    return VillagePage(
        village=village,
        designated=designated,
        others=[x for x in listings if x is not designated],
        story=story or "",
    )
