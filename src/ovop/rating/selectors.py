"""Reads of star rating, scoped through ``ovop.rating.scope``; each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.enterprises.models import Category, Product
from ovop.rating import scope
from ovop.rating.models import Assessment, RatingScheme, SchemeStatus, StarRating

STAR_LEVELS = (1, 2, 3, 4, 5)

_ASSESSMENT_RELATED = (
    "product__enterprise__village__parent",
    "scheme",
    "assessor",
)


def assessment_list(*, user: User) -> QuerySet[Assessment]:
    """Assessments ``user`` may see, newest invitation first, with what a row shows."""
    return (
        scope.assessments_visible(user)
        .select_related(*_ASSESSMENT_RELATED)
        .order_by("-invited_at", "-pk")
    )


def assessments_for_product(*, user: User, product: Product) -> QuerySet[Assessment]:
    return assessment_list(user=user).filter(product=product)


def rating_list(*, user: User) -> QuerySet[StarRating]:
    return (
        scope.ratings_visible(user)
        .select_related("product__enterprise__village__parent", "scheme")
        .order_by("-issued_at", "-pk")
    )


def product_ratings(*, user: User, product: Product) -> list[StarRating]:
    """The product's star ratings the user may see, newest first (one query)."""
    return list(rating_list(user=user).filter(product=product))


def rating_by_code(*, code: str) -> StarRating | None:
    """The rating a certificate's verification code names (public lookup)."""
    return (
        StarRating.objects.select_related("product__enterprise__village__parent", "scheme")
        .filter(verification_code=code.strip().upper())
        .first()
    )


def active_schemes() -> QuerySet[RatingScheme]:
    return RatingScheme.objects.filter(status=SchemeStatus.ACTIVE).order_by("code", "-version")


@dataclass(frozen=True)
class StarTable:
    """Counts of products by their latest stars: one row per kecamatan or category."""

    title: str
    rows: list[tuple[str, list[int], int]]  # label, counts for 0..5 stars, total
    totals: list[int]


def _pivot(title: str, labels: dict[str, str], counts: dict[tuple[str, int], int]) -> StarTable:
    levels = (0, *STAR_LEVELS)
    rows = []
    for key, label in labels.items():
        cells = [counts.get((key, s), 0) for s in levels]
        rows.append((label, cells, sum(cells)))
    totals = [sum(row[1][k] for row in rows) for k in range(len(levels))]
    return StarTable(title, rows, totals)


def star_overview(*, user: User) -> tuple[StarTable, StarTable]:
    """Products by the stars of their latest rating, × kecamatan and × category (3 queries)."""
    latest_ids = (
        scope.ratings_visible(user).values("product").annotate(last=Max("pk")).values("last")
    )
    latest = StarRating.objects.filter(pk__in=latest_ids)
    by_kec = latest.values(
        "product__enterprise__village__parent_id",
        "product__enterprise__village__parent__name",
        "stars",
    ).annotate(n=Count("pk"))
    kec_labels: dict[str, str] = {}
    kec_counts: dict[tuple[str, int], int] = {}
    for row in sorted(by_kec, key=lambda r: str(r["product__enterprise__village__parent__name"])):
        key = str(row["product__enterprise__village__parent_id"])
        kec_labels[key] = str(row["product__enterprise__village__parent__name"] or "—")
        kec_counts[(key, row["stars"])] = row["n"]
    cat_counts: dict[tuple[str, int], int] = {}
    present: set[str] = set()
    for row in latest.values("product__category", "stars").annotate(n=Count("pk")):
        cat_counts[(row["product__category"], row["stars"])] = row["n"]
        present.add(row["product__category"])
    cat_labels = {value: str(label) for value, label in Category.choices if value in present}
    return (
        _pivot(_("Kecamatan"), kec_labels, kec_counts),
        _pivot(_("Product category"), cat_labels, cat_counts),
    )
