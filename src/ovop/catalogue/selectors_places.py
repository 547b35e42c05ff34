"""Reads of the catalogue by place: featured designated products, villages with their public
products, the map's markers and a village's page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from ovop.catalogue import public_cache, scope
from ovop.catalogue.models import Listing, VillageStory
from ovop.catalogue.selectors import public_cards
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
    return list(public_cards().filter(product_id__in=product_ids)[:limit])


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
    villages = Region.objects.filter(pk__in=list(by_id)).select_related("parent")
    ordered = sorted(villages, key=lambda v: (v.parent.name if v.parent else "", v.name))
    return [PublicVillage(v, by_id[v.pk]) for v in ordered]


def kecamatan_choices(villages: Iterable[PublicVillage] | None = None) -> list[tuple[str, str]]:
    """(code, name) of each kecamatan with public listings (of ``villages`` when the caller
    has read them already).

    Without ``villages``, for the search form and its API: one query for the distinct
    kecamatan, kept in the cache until the catalogue changes (``public_cache``), so that a
    search at national size (a million listings in some 7,000 kecamatan) does not read them
    again for every set of words."""
    if villages is None:
        choices: list[tuple[str, str]] = public_cache.remembered(
            "kecamatan-choices", _kecamatan_choices
        )
        return choices
    seen: dict[str, str] = {}
    for item in villages:
        parent = item.village.parent
        if parent is not None:
            seen[parent.code] = parent.name
    return sorted(seen.items(), key=lambda pair: pair[1])


def _kecamatan_choices() -> list[tuple[str, str]]:
    parent = "product__enterprise__village__parent"
    rows = (
        scope.public_listings()
        .filter(**{f"{parent}__isnull": False})
        .values_list(f"{parent}__code", f"{parent}__name")
        .distinct()
        .order_by()
    )
    return sorted(((code, name) for code, name in rows), key=lambda pair: pair[1])


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
    listings = list(public_cards().filter(product__enterprise__village=village))
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
