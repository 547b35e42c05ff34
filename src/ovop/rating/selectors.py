"""Reads of star rating, scoped through ``ovop.rating.scope``; each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.analysis.rating import PanelResult, RatingResult, Scheme, Settlement, combine
from ovop.enterprises.models import Category, Certification, CertificationKind, Product
from ovop.enterprises.selectors import local_today
from ovop.rating import scope
from ovop.rating.definition import Labels
from ovop.rating.models import (
    Assessment,
    AssessmentStatus,
    RatingScheme,
    SchemeStatus,
    StarRating,
)

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


# --- what the registry knows, and the panel before it is issued ------------------------------

#: Product categories that need a food permit and halal (P-IRT or BPOM MD).
FOOD_CATEGORIES = (Category.FOOD_BEVERAGE,)
_CERTIFICATE_KINDS = (CertificationKind.PIRT, CertificationKind.BPOM_MD, CertificationKind.HALAL)


@dataclass(frozen=True)
class RegistryLine:
    """One legal document as the registry holds it on a date: held (valid then) or not."""

    kind: str
    held: bool
    valid_until: dt.date | None = None  # None while held: no expiry date

    @property
    def label(self) -> str:
        return {"nib": "NIB", "pirt": "P-IRT", "bpom_md": "BPOM MD"}.get(self.kind, _("Halal"))

    @property
    def text(self) -> str:
        """``NIB: on file`` / ``Halal: valid until 1 March 2027`` / ``Halal: none``."""
        if self.kind == "nib":
            state = _("on file") if self.held else _("missing")
        elif not self.held:
            state = _("none")
        elif self.valid_until is None:
            state = _("valid, no expiry date")
        else:
            state = _("valid until %(date)s") % {"date": date_format(self.valid_until)}
        return f"{self.label}: {state}"


@dataclass(frozen=True)
class ProductRegistry:
    """What the registry knows about a product's legality on ``on``: the facts gates may use."""

    on: dt.date
    food: bool
    lines: tuple[RegistryLine, ...]

    def line(self, kind: str) -> RegistryLine:
        return next(line for line in self.lines if line.kind == kind)

    def facts(self) -> dict[str, bool]:
        """Every fact of ``ovop.analysis.rating.REGISTRY_FACTS``."""
        held = {line.kind: line.held for line in self.lines}
        food_permit = held["pirt"] or held["bpom_md"]
        return {
            "nib": held["nib"],
            "pirt": held["pirt"],
            "bpom_md": held["bpom_md"],
            "food_permit": not self.food or food_permit,
            "halal": not self.food or held["halal"],
        }

    def fact_text(self, fact: str) -> str:
        """What a gate decided by ``fact`` was decided on, in words."""
        if fact in ("food_permit", "halal") and not self.food:
            return _("not a food product")
        if fact == "food_permit":
            return "; ".join((self.line("pirt").text, self.line("bpom_md").text))
        return self.line(fact).text


def _held_line(kind: str, expiries: list[dt.date | None]) -> RegistryLine:
    if not expiries:
        return RegistryLine(kind, False)
    if None in expiries:
        return RegistryLine(kind, True)
    return RegistryLine(kind, True, max(d for d in expiries if d is not None))


def product_registry(*, product: Product, on: dt.date | None = None) -> ProductRegistry:
    """The product's NIB (its enterprise's one NIB fact) and its P-IRT, BPOM MD and halal
    certificates valid on ``on`` (default today): the product's own or the enterprise's whole
    ones, not archived, issued by then and not expired (one query)."""
    on = on or local_today()
    valid = Certification.objects.filter(
        Q(product=product) | Q(product__isnull=True),
        Q(issued_on__isnull=True) | Q(issued_on__lte=on),
        Q(expires_on__isnull=True) | Q(expires_on__gte=on),
        enterprise_id=product.enterprise_id,
        kind__in=_CERTIFICATE_KINDS,
        archived_at__isnull=True,
    ).values_list("kind", "expires_on")
    expiries: dict[str, list[dt.date | None]] = {str(k): [] for k in _CERTIFICATE_KINDS}
    for kind, expires_on in valid:
        expiries[kind].append(expires_on)
    lines = (
        RegistryLine("nib", product.enterprise.holds_nib),
        *(_held_line(str(kind), expiries[str(kind)]) for kind in _CERTIFICATE_KINDS),
    )
    return ProductRegistry(on, product.category in FOOD_CATEGORIES, lines)


@dataclass(frozen=True)
class PanelPreview:
    """The panel result a rating would get if issued now, with what it rests on."""

    product: Product
    scheme: RatingScheme
    how: str
    finals: list[Assessment]
    registry: ProductRegistry
    panel: PanelResult


def _finals(product: Product, scheme: RatingScheme, how: str) -> list[Assessment]:
    finals = list(
        Assessment.objects.filter(
            product=product, scheme=scheme, status=AssessmentStatus.FINAL
        ).order_by("pk")
    )
    if not finals:
        raise ValidationError(
            {"scheme": [_("Scheme: no final assessment of this product on this scheme yet.")]}
        )
    if how not in ("mean", "median"):
        raise ValidationError({"how": [_("How: must be mean or median.")]})
    return finals


def _settlement_errors(
    scheme: RatingScheme, panel: PanelResult, settlements: Mapping[str, Settlement]
) -> dict[str, list[str]]:
    labels = Labels(scheme.labels_id or {})
    by_id = Scheme.from_dict(scheme.definition).items_by_id()
    errors: dict[str, list[str]] = {}
    for item, settled in settlements.items():
        name = labels.get("items", item, by_id[item].label) if item in by_id else item
        if item not in panel.ties:
            errors[f"settlements.{item}"] = [
                _("%(gate)s: only a gate the assessors are split on is settled by the officer.")
                % {"gate": name}
            ]
        elif not settled.reason.strip():
            errors[f"settlements.{item}"] = [
                _("%(gate)s: give the reason for settling the tie.") % {"gate": name}
            ]
    return errors


def panel_preview(
    *,
    user: User,
    product: Product,
    scheme: RatingScheme,
    how: str = "mean",
    settlements: Mapping[str, Settlement] | None = None,
    on: dt.date | None = None,
) -> PanelPreview:
    """Combine the final assessments of ``product`` on ``scheme`` as issuing would, writing
    nothing: registry gates decided from the registry on ``on`` (default today), the others by
    the assessors' majority, ties by ``settlements`` (refused unless each settles a tie)."""
    scope.require(scope.can_manage(user))
    finals = _finals(product, scheme, how)
    parsed = Scheme.from_dict(scheme.definition)
    registry = product_registry(product=product, on=on)
    results = [RatingResult.from_dict(a.result or {}) for a in finals]
    centre: Literal["mean", "median"] = "mean" if how == "mean" else "median"
    facts = registry.facts()
    panel = combine(results, centre, scheme=parsed, registry=facts)
    if settlements:
        errors = _settlement_errors(scheme, panel, settlements)
        if errors:
            raise ValidationError(errors)
        panel = combine(results, centre, scheme=parsed, registry=facts, settlements=settlements)
    return PanelPreview(product, scheme, how, finals, registry, panel)
