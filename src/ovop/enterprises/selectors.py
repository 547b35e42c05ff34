"""Reads of the enterprise registry, already limited to what the user may see.

Lists cost a fixed number of queries whatever the number of rows: related rows come through
``select_related``/``prefetch_related`` or subqueries, and whether a row's private fields may be
shown is computed in the database (``show_private``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ovop.accounts.models import User
from ovop.enterprises import scope
from ovop.enterprises.models import Certification, CertificationKind, Enterprise, Product
from ovop.enterprises.sizing import size_class_expression
from ovop.regions.models import Region

ACTIVE = "active"
ARCHIVED = "archived"
ALL = "all"


def local_today() -> dt.date:
    """Today's date where the programme runs (settings.TIME_ZONE, Asia/Jakarta by default)."""
    return timezone.localdate()


def _flag(condition: Q) -> Case | Value:
    if not condition:  # an empty Q matches every row (and When() refuses it)
        return Value(True, output_field=BooleanField())
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _archived_filter(active: str) -> Q:
    if active == ARCHIVED:
        return Q(archived_at__isnull=False)
    if active == ALL:
        return Q()
    return Q(archived_at__isnull=True)


# --- enterprises ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnterpriseFilters:
    q: str = ""
    kecamatan: Region | None = None
    village: Region | None = None
    category: str = ""
    size: str = ""
    certification: str = ""
    active: str = ACTIVE


def enterprises_for(user: User) -> QuerySet[Enterprise]:
    """Every enterprise ``user`` may open, with what its pages show about it."""
    active_products = Product.objects.filter(enterprise=OuterRef("pk"), archived_at__isnull=True)
    product_count = (
        active_products.order_by().values("enterprise").annotate(n=Count("pk")).values("n")
    )
    return (
        scope.enterprises_visible(user)
        .select_related("village__parent", "account")
        .annotate(
            size_class=size_class_expression(),
            product_count=Coalesce(Subquery(product_count, output_field=IntegerField()), 0),
            show_private=_flag(scope.private_filter(user)),
        )
    )


def enterprise_list(*, user: User, filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    qs = enterprises_for(user).filter(_archived_filter(filters.active))
    products = Product.objects.filter(enterprise=OuterRef("pk"), archived_at__isnull=True)
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(
            Q(name__icontains=q)
            | Q(owner_name__icontains=q)
            | Exists(products.filter(name__icontains=q))
        )
    if filters.kecamatan is not None:
        qs = qs.filter(village__parent=filters.kecamatan)
    if filters.village is not None:
        qs = qs.filter(village=filters.village)
    if filters.category:
        qs = qs.filter(Exists(products.filter(category=filters.category)))
    if filters.size:
        qs = qs.filter(Q(size_class=filters.size))  # an annotation
    if filters.certification:
        held = Certification.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=local_today()),
            enterprise=OuterRef("pk"),
            kind=filters.certification,
            archived_at__isnull=True,
        )
        qs = qs.filter(Exists(held))
    return qs.order_by("name", "pk")


@dataclass(frozen=True)
class CertificationRow:
    """A certificate as a page shows it: expired flagged, an NIB's number None when private."""

    certification: Certification
    number: str | None
    expired: bool


def certification_rows(
    certifications: list[Certification], *, show_private: bool, today: dt.date | None = None
) -> list[CertificationRow]:
    today = today or local_today()
    rows = []
    for cert in certifications:
        hidden = cert.kind == CertificationKind.NIB and not show_private
        expired = cert.expires_on is not None and cert.expires_on < today
        rows.append(CertificationRow(cert, None if hidden else cert.number, expired))
    return rows


@dataclass(frozen=True)
class EnterpriseDetail:
    enterprise: Enterprise
    show_private: bool
    can_change: bool
    products: list[Product]
    certifications: list[CertificationRow]


def enterprise_detail(*, user: User, enterprise: Enterprise) -> EnterpriseDetail:
    """``enterprise`` must come from :func:`enterprises_for` (it carries the annotations)."""
    products = list(enterprise.products.order_by("archived_at", "name", "pk"))
    certs = list(
        enterprise.certifications.select_related("product").order_by("archived_at", "kind", "pk")
    )
    show_private = bool(getattr(enterprise, "show_private", False))
    return EnterpriseDetail(
        enterprise=enterprise,
        show_private=show_private,
        can_change=scope.can_change_enterprise(user, enterprise),
        products=products,
        certifications=certification_rows(certs, show_private=show_private),
    )


# --- products ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductFilters:
    q: str = ""
    category: str = ""
    kecamatan: Region | None = None
    village: Region | None = None
    published: bool | None = None
    active: str = ACTIVE


def products_for(user: User) -> QuerySet[Product]:
    return scope.products_visible(user).select_related("enterprise__village__parent")


def product_list(*, user: User, filters: ProductFilters) -> QuerySet[Product]:
    qs = products_for(user)
    if filters.active == ACTIVE:
        qs = qs.filter(archived_at__isnull=True, enterprise__archived_at__isnull=True)
    elif filters.active == ARCHIVED:
        qs = qs.filter(Q(archived_at__isnull=False) | Q(enterprise__archived_at__isnull=False))
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(enterprise__name__icontains=q)
        )
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.kecamatan is not None:
        qs = qs.filter(enterprise__village__parent=filters.kecamatan)
    if filters.village is not None:
        qs = qs.filter(enterprise__village=filters.village)
    if filters.published is not None:
        qs = qs.filter(published=filters.published)
    return qs.prefetch_related("photos").order_by("name", "pk")


@dataclass(frozen=True)
class ProductDetail:
    product: Product
    can_change: bool
    show_private: bool
    certifications: list[CertificationRow]


def product_detail(*, user: User, product: Product) -> ProductDetail:
    enterprise = product.enterprise
    show_private = scope.can_see_private(user, enterprise)
    certs = list(product.certifications.order_by("archived_at", "kind", "pk"))
    return ProductDetail(
        product=product,
        can_change=scope.can_change_enterprise(user, enterprise),
        show_private=show_private,
        certifications=certification_rows(certs, show_private=show_private),
    )


def certifications_for(user: User) -> QuerySet[Certification]:
    return Certification.objects.filter(
        enterprise__in=scope.enterprises_visible(user).values("pk")
    ).select_related("enterprise", "product")


# --- export -----------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "id",
    "name",
    "owner_name",
    "village_code",
    "village",
    "kecamatan",
    "kbli",
    "founded_year",
    "workers_male",
    "workers_female",
    "workers_total",
    "size_class",
    "active_products",
    "archived_on",
)
PRIVATE_EXPORT_COLUMNS = ("phone", "email", "nib", "address", "investment_idr", "annual_sales_idr")


def _export_row(enterprise: Enterprise, private: bool) -> list[str]:
    village = enterprise.village
    archived = enterprise.archived_at
    row = [
        str(enterprise.pk),
        enterprise.name,
        enterprise.owner_name,
        village.code,
        village.name,
        village.parent.name if village.parent is not None else "",
        enterprise.kbli,
        "" if enterprise.founded_year is None else str(enterprise.founded_year),
        str(enterprise.workers_male),
        str(enterprise.workers_female),
        str(enterprise.workers_total),
        str(getattr(enterprise, "size_class", "")),
        str(getattr(enterprise, "product_count", 0)),
        "" if archived is None else timezone.localdate(archived).isoformat(),
    ]
    if private:
        if getattr(enterprise, "show_private", False):
            row += [
                enterprise.phone,
                enterprise.email,
                enterprise.nib or "",
                enterprise.address,
                str(enterprise.investment_idr),
                str(enterprise.annual_sales_idr),
            ]
        else:
            row += [""] * len(PRIVATE_EXPORT_COLUMNS)
    return row


def enterprise_export_rows(*, user: User, filters: EnterpriseFilters) -> Iterator[list[str]]:
    """The rows of the list as CSV cells, header first; private columns appear only when the
    user may see them for at least one row, and stay empty on the rows they may not."""
    qs = enterprise_list(user=user, filters=filters)
    private = qs.filter(Q(show_private=True)).exists()
    yield list(EXPORT_COLUMNS + PRIVATE_EXPORT_COLUMNS) if private else list(EXPORT_COLUMNS)
    for enterprise in qs.iterator(chunk_size=500):
        yield _export_row(enterprise, private)
