"""Reads of the enterprise registry, already limited to what the user may see.

Lists cost a fixed number of queries whatever the number of rows: related rows come through
``select_related``/``prefetch_related`` or subqueries, and whether a row's private fields may be
shown is computed in the database (``show_private``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
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
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.sorting import Sort
from ovop.enterprises import scope
from ovop.enterprises.models import (
    Certification,
    CertificationKind,
    Enterprise,
    Product,
    holds_nib_q,
)
from ovop.enterprises.search import enterprise_search_q, product_search_q
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


#: What a list may be sorted by (``?sort=key``, ``-key`` descending): the fields, in order.
SortFields = tuple[str | Any, ...]
ENTERPRISE_SORTS: dict[str, SortFields] = {
    "name": ("name",),
    "owner": ("owner_name",),
    "village": ("village__name",),
    "kecamatan": ("village__parent__name", "village__name"),
    "workers": (F("workers_male") + F("workers_female"),),
    "products": ("product_count",),
}
PRODUCT_SORTS: dict[str, SortFields] = {
    "name": ("name",),
    "enterprise": ("enterprise__name",),
    "village": ("enterprise__village__name",),
    "price": ("price_idr",),
    "capacity": ("monthly_capacity",),
    "local_material": ("local_material_pct",),
}
DEFAULT_SORT = Sort("name")


def _ordering(fields: SortFields, sort: Sort) -> list[Any]:
    """``fields`` in the order asked, then by name and id so that equal rows keep one order."""
    order = []
    for field in fields:
        expression = F(field) if isinstance(field, str) else field
        order.append(expression.desc() if sort.descending else expression.asc())
    return [*order, "name", "pk"]


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


def enterprise_list(
    *, user: User, filters: EnterpriseFilters, sort: Sort = DEFAULT_SORT
) -> QuerySet[Enterprise]:
    """``sort`` names a key of :data:`ENTERPRISE_SORTS` (see ``ovop.core.sorting``)."""
    qs = enterprises_for(user).filter(_archived_filter(filters.active))
    products = Product.objects.filter(enterprise=OuterRef("pk"), archived_at__isnull=True)
    if filters.q.strip():
        qs = qs.filter(enterprise_search_q(filters.q, private=scope.private_filter(user)))
    if filters.kecamatan is not None:
        qs = qs.filter(village__parent=filters.kecamatan)
    if filters.village is not None:
        qs = qs.filter(village=filters.village)
    if filters.category:
        qs = qs.filter(Exists(products.filter(category=filters.category)))
    if filters.size:
        qs = qs.filter(Q(size_class=filters.size))  # an annotation
    if filters.certification == CertificationKind.NIB:
        qs = qs.filter(holds_nib_q())  # the one NIB fact (Enterprise.holds_nib)
    elif filters.certification:
        held = Certification.objects.filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=local_today()),
            enterprise=OuterRef("pk"),
            kind=filters.certification,
            archived_at__isnull=True,
        )
        qs = qs.filter(Exists(held))
    return qs.order_by(*_ordering(ENTERPRISE_SORTS.get(sort.key, ("name",)), sort))


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


def product_list(
    *, user: User, filters: ProductFilters, sort: Sort = DEFAULT_SORT
) -> QuerySet[Product]:
    """``sort`` names a key of :data:`PRODUCT_SORTS`."""
    qs = products_for(user)
    if filters.active == ACTIVE:
        qs = qs.filter(archived_at__isnull=True, enterprise__archived_at__isnull=True)
    elif filters.active == ARCHIVED:
        qs = qs.filter(Q(archived_at__isnull=False) | Q(enterprise__archived_at__isnull=False))
    if filters.q.strip():
        qs = qs.filter(product_search_q(filters.q))
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.kecamatan is not None:
        qs = qs.filter(enterprise__village__parent=filters.kecamatan)
    if filters.village is not None:
        qs = qs.filter(enterprise__village=filters.village)
    if filters.published is not None:
        qs = qs.filter(published=filters.published)
    order = _ordering(PRODUCT_SORTS.get(sort.key, ("name",)), sort)
    return qs.prefetch_related("photos").order_by(*order)


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
    "owner_gender",
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


def export_labels() -> dict[str, str]:
    """The header of each export column in the active language."""
    return {
        "id": _("ID"),
        "name": _("Business name"),
        "owner_name": _("Owner name"),
        "owner_gender": _("Owner's gender"),
        "village_code": _("Kemendagri code"),
        "village": _("Village"),
        "kecamatan": _("Kecamatan"),
        "kbli": _("KBLI"),
        "founded_year": _("Year founded"),
        "workers_male": _("Male workers"),
        "workers_female": _("Female workers"),
        "workers_total": _("Workers"),
        "size_class": _("Size class"),
        "active_products": _("Products"),
        "archived_on": capfirst(_("archived at")),
        "phone": _("Phone"),
        "email": _("Email"),
        "nib": _("NIB"),
        "address": _("Address"),
        "investment_idr": capfirst(_("investment (rupiah)")),
        "annual_sales_idr": capfirst(_("annual sales (rupiah)")),
    }


def _export_row(enterprise: Enterprise, private: bool) -> list[Any]:
    """The cells of one row: numbers as numbers, dates as dates, nothing as None."""
    village = enterprise.village
    archived = enterprise.archived_at
    row: list[Any] = [
        enterprise.pk,
        enterprise.name,
        enterprise.owner_name,
        enterprise.owner_gender or None,
        village.code,
        village.name,
        village.parent.name if village.parent is not None else "",
        enterprise.kbli,
        enterprise.founded_year,
        enterprise.workers_male,
        enterprise.workers_female,
        enterprise.workers_total,
        str(getattr(enterprise, "size_class", "")),
        getattr(enterprise, "product_count", 0),
        None if archived is None else timezone.localdate(archived),
    ]
    if private:
        if getattr(enterprise, "show_private", False):
            row += [
                enterprise.phone,
                enterprise.email,
                enterprise.nib or "",
                enterprise.address,
                enterprise.investment_idr,
                enterprise.annual_sales_idr,
            ]
        else:
            row += [None] * len(PRIVATE_EXPORT_COLUMNS)
    return row


def enterprise_export_rows(
    *, user: User, filters: EnterpriseFilters, sort: Sort = DEFAULT_SORT
) -> Iterator[list[Any]]:
    """The rows of the list, header first; private columns appear only when the user may see
    them for at least one row, and stay empty on the rows they may not. The header is made now,
    in the language of the request (a streamed response reads the rows after it has ended)."""
    qs = enterprise_list(user=user, filters=filters, sort=sort)
    private = qs.filter(Q(show_private=True)).exists()
    labels = export_labels()
    columns = EXPORT_COLUMNS + PRIVATE_EXPORT_COLUMNS if private else EXPORT_COLUMNS
    rows = (_export_row(enterprise, private) for enterprise in qs.iterator(chunk_size=500))
    return chain([[labels[column] for column in columns]], rows)
