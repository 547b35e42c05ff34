"""An IKM owner's home page: their enterprises, each product's stars and what would raise
them, their certificates, and whether a product is its village's OVOP product (five queries,
whatever the number of enterprises, products, ratings and certificates)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from ovop.accounts.models import User
from ovop.enterprises import scope as enterprise_scope
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.selectors import local_today
from ovop.overview.selectors_owner_figures import OwnerFigures, owner_figures
from ovop.overview.selectors_work import EXPIRY_WARNING_DAYS
from ovop.programme.models import Designation
from ovop.rating import scope as rating_scope
from ovop.rating.definition import result_view
from ovop.rating.models import StarRating


class CertificateState(TextChoices):
    VALID = "valid", _("valid")
    EXPIRING = "expiring", _("expires soon")
    EXPIRED = "expired", _("expired")


@dataclass(frozen=True)
class CertificateLine:
    certification: Certification
    state: CertificateState


@dataclass(frozen=True)
class Ovop:
    """A product chosen as its village's one product in a programme for ``year``."""

    programme: str
    village: str
    year: int


@dataclass(frozen=True)
class ProductLine:
    product: Product
    rating: StarRating | None  # the latest issued
    to_raise: list[str] = field(default_factory=list)  # failed gates and missing items
    next_star_percent: float | None = None  # the score the next star needs
    ovop: list[Ovop] = field(default_factory=list)


@dataclass(frozen=True)
class EnterpriseHome:
    enterprise: Enterprise
    products: list[ProductLine]
    certificates: list[CertificateLine]
    figures: OwnerFigures | None = None


def certificate_state(cert: Certification, today: dt.date) -> CertificateState:
    if cert.expires_on is None or cert.expires_on > today + dt.timedelta(days=EXPIRY_WARNING_DAYS):
        return CertificateState.VALID
    if cert.expires_on < today:
        return CertificateState.EXPIRED
    return CertificateState.EXPIRING


def _latest_ratings(user: User, products: list[Product]) -> dict[int, StarRating]:
    ratings = (
        rating_scope.ratings_visible(user)
        .filter(product__in=products)
        .select_related("scheme")
        .order_by("product_id", "-issued_at", "-pk")
    )
    latest: dict[int, StarRating] = {}
    for rating in ratings:
        latest.setdefault(rating.product_id, rating)
    return latest


def _ovop(products: list[Product]) -> dict[int, list[Ovop]]:
    """Own products that are the latest designation naming a product of a village in an
    active programme (a year with nothing chosen yet keeps the last choice); the other
    designations are read as ids only, so no one else's product is named."""
    rows = (
        Designation.objects.filter(
            membership__village__in={p.enterprise.village_id for p in products},
            membership__archived_at__isnull=True,
            membership__programme__archived_at__isnull=True,
            product__isnull=False,
        )
        .order_by("membership_id", "-year")
        .values_list(
            "membership_id",
            "product_id",
            "year",
            "membership__programme__name",
            "membership__village__name",
        )
    )
    own = {p.pk for p in products}
    seen: set[int] = set()
    found: dict[int, list[Ovop]] = {}
    for membership, product, year, programme, village in rows:
        if membership in seen:
            continue
        seen.add(membership)
        if product in own:
            found.setdefault(product, []).append(Ovop(programme, village, year))
    return found


def _product_line(product: Product, rating: StarRating | None, ovop: list[Ovop]) -> ProductLine:
    if rating is None:
        return ProductLine(product, None, ovop=ovop)
    view: dict[str, Any] = result_view(rating.scheme, rating.result) or {}
    to_raise = [g["reason_text"] for g in view.get("gates", [])]
    to_raise += [str(label) for label in view.get("missing_labels", [])]
    cutoffs = rating.scheme.definition.get("cutoffs_pct", [])
    following = float(cutoffs[rating.stars]) if rating.stars < len(cutoffs) else None
    if following is not None and rating.percent >= following:
        following = None  # the score is there: a failed gate holds the stars down
    return ProductLine(product, rating, to_raise, following, ovop)


def owner_home(*, user: User, today: dt.date | None = None) -> list[EnterpriseHome]:
    """The active enterprises of ``user``'s account with their active products and
    certificates."""
    today = today or local_today()
    enterprises = list(
        enterprise_scope.enterprises_visible(user)
        .filter(account=user, archived_at__isnull=True)
        .select_related("village")
        .order_by("name", "pk")
    )
    products = list(
        Product.objects.filter(enterprise__in=enterprises, archived_at__isnull=True)
        .select_related("enterprise")
        .order_by("name", "pk")
    )
    certs = sorted(
        Certification.objects.filter(enterprise__in=enterprises, archived_at__isnull=True),
        key=lambda c: (c.expires_on is None, c.expires_on or today, c.kind, c.pk),
    )
    ratings = _latest_ratings(user, products)
    ovop = _ovop(products)
    figures = owner_figures([e.pk for e in enterprises])
    return [
        EnterpriseHome(
            enterprise=e,
            products=[
                _product_line(p, ratings.get(p.pk), ovop.get(p.pk, []))
                for p in products
                if p.enterprise_id == e.pk
            ],
            certificates=[
                CertificateLine(c, certificate_state(c, today))
                for c in certs
                if c.enterprise_id == e.pk
            ],
            figures=figures.get(e.pk),
        )
        for e in enterprises
    ]
