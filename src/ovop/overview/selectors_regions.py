"""Reads behind the region pages: a region and its parents, its children with counts, markers.

Every function here runs a fixed number of queries, however many rows it returns: counts come
from one grouped query per kind of record, never from a query per row. Counts of enterprises
and products are those the user may see (``ovop.enterprises.scope``), archived records left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from ovop.accounts.models import User
from ovop.enterprises import scope
from ovop.enterprises.models import Enterprise, Product, SizeClass
from ovop.enterprises.sizing import size_class_expression
from ovop.programme.models import Designation, ProgrammeVillage
from ovop.regions.models import Kind, Level, Region

PAGE_SIZE = 50
DESA_KINDS = (Kind.DESA, Kind.DESA_ADAT)


@dataclass(frozen=True)
class Counts:
    kecamatan: int = 0
    villages: int = 0
    desa: int = 0
    kelurahan: int = 0
    enterprises: int = 0
    products: int = 0


@dataclass(frozen=True)
class RegionRow:
    """One line of a region table: a region, what lies under it and its current OVOP product."""

    region: Region
    counts: Counts
    designation: Designation | None = None
    designated_visible: bool = False


@dataclass(frozen=True)
class Children:
    rows: list[RegionRow]
    totals: Counts


@dataclass(frozen=True)
class EnterpriseRow:
    enterprise: Enterprise
    products: int
    size_class: str


@dataclass(frozen=True)
class ProgrammeDesignations:
    membership: ProgrammeVillage
    designations: list[Designation]


@dataclass(frozen=True)
class VillagePage:
    enterprises: Page[EnterpriseRow]
    products: Page[Product]
    programmes: list[ProgrammeDesignations]
    visible_product_ids: frozenset[int]


def _path(step: str, hops: int) -> str:
    """``_path("parent", 2)`` → ``"parent__parent"``; zero hops gives ``""``."""
    return "__".join([step] * hops)


def _join(*parts: str) -> str:
    return "__".join(part for part in parts if part)


def region_get(*, code: str) -> Region | None:
    """The region with this code, its parents fetched in the same query."""
    return Region.objects.select_related("parent__parent__parent").filter(code=code).first()


def ancestors(region: Region) -> list[Region]:
    """The parents of a region fetched by :func:`region_get`, outermost first (no query)."""
    chain: list[Region] = []
    parent = region.parent
    while parent is not None:
        chain.append(parent)
        parent = parent.parent
    return chain[::-1]


def _visible_counts(
    user: User, *, group_by: str, filters: dict[str, Any], with_products: bool = True
) -> tuple[dict[int, int], dict[int, int]]:
    """Visible, active enterprises and products per region, grouped by a path from the village.

    ``group_by`` and ``filters`` are written from the enterprise's village (for example
    ``"parent"`` groups by kecamatan); one query for each of the two counts.
    """
    key = _join("village", group_by)
    enterprises = (
        scope.enterprises_visible(user)
        .filter(archived_at__isnull=True, **{_join("village", k): v for k, v in filters.items()})
        .order_by()
        .values_list(key)
        .annotate(n=Count("pk", distinct=True))
    )
    if not with_products:
        return dict(enterprises), {}
    products = (
        scope.products_visible(user)
        .filter(
            archived_at__isnull=True,
            enterprise__archived_at__isnull=True,
            **{_join("enterprise__village", k): v for k, v in filters.items()},
        )
        .order_by()
        .values_list(_join("enterprise", key))
        .annotate(n=Count("pk", distinct=True))
    )
    return dict(enterprises), dict(products)


def _latest_designations(villages: Q) -> dict[int, Designation]:
    """The latest designation of each village matched by ``villages`` (a Q on the village)."""
    designations = (
        Designation.objects.filter(
            membership__archived_at__isnull=True,
            membership__programme__archived_at__isnull=True,
        )
        .filter(villages)
        .select_related("product", "membership__programme")
        .order_by("membership__village_id", "-year", "-pk")
    )
    latest: dict[int, Designation] = {}
    for designation in designations:
        latest.setdefault(designation.membership.village_id, designation)
    return latest


def _visible_product_ids(user: User, designations: Iterable[Designation]) -> frozenset[int]:
    ids = {d.product_id for d in designations if d.product_id is not None}
    if not ids:
        return frozenset()
    return frozenset(scope.products_visible(user).filter(pk__in=ids).values_list("pk", flat=True))


def _with_tree_counts(regions: QuerySet[Region], level: int) -> QuerySet[Region]:
    """Annotate regions of one ``level`` with the kecamatan, villages, desa, kelurahan in them."""
    down = Level.VILLAGE - level
    if down <= 0:
        return regions
    rel = _path("children", down)
    counts: dict[str, Count] = {
        "n_villages": Count(_join(rel, "pk"), distinct=True),
        "n_desa": Count(
            _join(rel, "pk"), filter=Q(**{f"{rel}__kind__in": DESA_KINDS}), distinct=True
        ),
        "n_kelurahan": Count(
            _join(rel, "pk"), filter=Q(**{f"{rel}__kind": Kind.KELURAHAN}), distinct=True
        ),
    }
    if down >= 2:
        counts["n_kecamatan"] = Count(_join(_path("children", down - 1), "pk"), distinct=True)
    return regions.annotate(**counts)


def _own_counts(region: Region, enterprises: dict[int, int], products: dict[int, int]) -> Counts:
    """What lies in ``region``: a kecamatan counts itself as one kecamatan, a village as one."""
    villages: tuple[int, int, int]
    if region.level == Level.VILLAGE:
        villages = (1, int(region.kind in DESA_KINDS), int(region.kind == Kind.KELURAHAN))
    else:
        villages = (
            getattr(region, "n_villages", 0),
            getattr(region, "n_desa", 0),
            getattr(region, "n_kelurahan", 0),
        )
    is_kecamatan = region.level == Level.KECAMATAN
    return Counts(
        kecamatan=1 if is_kecamatan else getattr(region, "n_kecamatan", 0),
        villages=villages[0],
        desa=villages[1],
        kelurahan=villages[2],
        enterprises=enterprises.get(region.pk, 0),
        products=products.get(region.pk, 0),
    )


def _sum(counts: Iterable[Counts]) -> Counts:
    items = list(counts)
    return Counts(
        kecamatan=sum(c.kecamatan for c in items),
        villages=sum(c.villages for c in items),
        desa=sum(c.desa for c in items),
        kelurahan=sum(c.kelurahan for c in items),
        enterprises=sum(c.enterprises for c in items),
        products=sum(c.products for c in items),
    )


def region_children(*, region: Region, user: User) -> Children:
    """The regions one level below ``region`` with their counts (and OVOP product for villages).

    Five queries at most: the children with the regions under them counted, enterprises,
    products, the latest designations, and which designated products the user may open.
    """
    child_level = region.level + 1
    children = _with_tree_counts(Region.objects.filter(parent=region), child_level)
    up = _path("parent", Level.VILLAGE - child_level)
    enterprises, products = _visible_counts(
        user, group_by=up, filters={_join(up, "parent"): region}
    )
    latest: dict[int, Designation] = {}
    if child_level == Level.VILLAGE:
        latest = _latest_designations(Q(membership__village__parent=region))
    visible = _visible_product_ids(user, latest.values())
    rows = []
    for child in children.order_by("code"):
        designation = latest.get(child.pk)
        rows.append(
            RegionRow(
                region=child,
                counts=_own_counts(child, enterprises, products),
                designation=designation,
                designated_visible=designation is not None and designation.product_id in visible,
            )
        )
    return Children(rows=rows, totals=_sum(row.counts for row in rows))


def regencies_loaded(*, user: User) -> Children:
    """Every regency in the database with its province and counts: three queries."""
    regencies = _with_tree_counts(
        Region.objects.filter(level=Level.REGENCY).select_related("parent"), Level.REGENCY
    )
    enterprises, products = _visible_counts(
        user, group_by="parent__parent", filters={"parent__parent__level": Level.REGENCY}
    )
    rows = [
        RegionRow(region=regency, counts=_own_counts(regency, enterprises, products))
        for regency in regencies.order_by("code")
    ]
    return Children(rows=rows, totals=_sum(row.counts for row in rows))


def map_markers(*, region: Region, user: User) -> list[dict[str, Any]]:
    """The villages in (or equal to) ``region`` that have coordinates, as map markers.

    Each marker: code, name, lat, lon, url and the number of enterprises the user may see.
    Two queries.
    """
    up = _path("parent", Level.VILLAGE - region.level)
    where = {up: region} if up else {"pk": region.pk}
    villages = Region.objects.filter(
        level=Level.VILLAGE, lat__isnull=False, lon__isnull=False, **where
    ).order_by("code")
    enterprises, _ = _visible_counts(user, group_by="", filters=where, with_products=False)
    return [
        {
            "code": village.code,
            "name": village.name,
            "lat": float(village.lat),  # type: ignore[arg-type]
            "lon": float(village.lon),  # type: ignore[arg-type]
            "url": village.get_absolute_url(),
            "enterprises": enterprises.get(village.pk, 0),
        }
        for village in villages
    ]


def _village_enterprises(
    village: Region, user: User, page: str | int | None
) -> Page[EnterpriseRow]:
    enterprises = (
        scope.enterprises_visible(user)
        .filter(village=village, archived_at__isnull=True)
        .annotate(
            n_products=Count(
                "products", filter=Q(products__archived_at__isnull=True), distinct=True
            ),
            size=size_class_expression(),
        )
        .only("id", "name", "owner_name", "village_id", "is_sample", "archived_at")
        .order_by("name", "pk")
    )
    result: Page[Any] = Paginator(enterprises, PAGE_SIZE).get_page(page)
    labels = dict(SizeClass.choices)
    result.object_list = [
        EnterpriseRow(enterprise=e, products=e.n_products, size_class=str(labels[e.size]))
        for e in result.object_list
    ]
    return result


def _village_programmes(village: Region) -> list[ProgrammeDesignations]:
    memberships = (
        ProgrammeVillage.objects.filter(
            village=village, archived_at__isnull=True, programme__archived_at__isnull=True
        )
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "designations",
                queryset=Designation.objects.select_related("product").order_by("-year", "-pk"),
            )
        )
        .order_by("-programme__start_year", "programme__name", "pk")
    )
    return [
        ProgrammeDesignations(membership=m, designations=list(m.designations.all()))
        for m in memberships
    ]


def village_page(
    *,
    village: Region,
    user: User,
    page: str | int | None = None,
    product_page: str | int | None = None,
) -> VillagePage:
    """A village's enterprises and products (as the user may see them) and its OVOP products.

    Seven queries: a count and a page for enterprises and for products, the programmes, their
    designations, and which designated products the user may open.
    """
    products = (
        scope.products_visible(user)
        .filter(enterprise__village=village, archived_at__isnull=True)
        .filter(enterprise__archived_at__isnull=True)
        .select_related("enterprise")
        .only(
            "id",
            "name",
            "category",
            "published",
            "is_sample",
            "archived_at",
            "enterprise__id",
            "enterprise__name",
        )
        .order_by("name", "pk")
    )
    programmes = _village_programmes(village)
    designations = [d for p in programmes for d in p.designations]
    return VillagePage(
        enterprises=_village_enterprises(village, user, page),
        products=Paginator(products, PAGE_SIZE).get_page(product_page),
        programmes=programmes,
        visible_product_ids=_visible_product_ids(user, designations),
    )
