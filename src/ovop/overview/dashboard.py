"""The programme at a glance: the dashboard officers, viewers and administrators open first.

Every figure is read when the page is asked for — nothing is rebuilt at night — and limited by
the filters (year, kecamatan, product category) where the figure has that dimension; where it
has not (the budget has no product category, the impact estimates are the programme's), the
page says the filter does not apply. Registry, ratings, budget and empowerment figures are
counted live on indexed columns; the survey indicators come from the value tallies kept
current on write (``dashboard_indicators``). Each section gives the address of the page its
figures come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.empowerment.selectors_overview import (
    StageCount,
    stage_counts,
    stage_markers,
    stage_tally,
    village_statuses,
)
from ovop.enterprises import scope as enterprise_scope
from ovop.enterprises.models import Enterprise, Product
from ovop.enterprises.models_tallies import RegistryLevel
from ovop.enterprises.selectors import local_today
from ovop.enterprises.selectors_counts import Area, registry_counts
from ovop.evaluation.effectiveness import BAND_LABELS
from ovop.evaluation.headlines import Headlines, headlines_read
from ovop.monitoring.models import Round
from ovop.overview.dashboard_filters import (
    Filters,
    default_year,
    filters_read,
    kecamatan_choices,
)
from ovop.overview.dashboard_indicators import IndicatorLine, indicator_lines
from ovop.overview.dashboard_national import national_lines, target_bands
from ovop.planning.choices import OutputKind, ProposalStatus
from ovop.planning.models import FiscalYear
from ovop.planning.models_delivery import Output
from ovop.planning.models_proposals import Proposal
from ovop.planning.selectors_realisation import approved_plan, default_month, realisation_total
from ovop.programme.models import Designation, Programme, ProgrammeVillage
from ovop.rating.models import StarRating
from ovop.regions.models import Region

STAR_LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Registry:
    enterprises: int
    products: int
    villages: int
    designated: int
    designated_this_year: int
    stars: dict[int, int]
    certifications_active: int
    certifications_programme: int


@dataclass(frozen=True)
class Budget:
    fiscal_year: FiscalYear | None
    asked_idr: int
    funded_idr: int | None
    planned_idr: int
    realised_idr: int
    absorption_pct: Any
    progress_pct: Any
    activities: int
    month: int


@dataclass(frozen=True)
class Dashboard:
    #: None: every active programme (the national or provincial view).
    programme: Programme | None
    programmes: list[Programme]
    filters: Filters
    kecamatans: list[Region]
    years: list[int]
    registry: Registry
    budget: Budget
    stages: list[StageCount]
    markers: list[dict[str, Any]]
    indicators: list[IndicatorLine]
    headlines: Headlines
    #: Every programme's targets of the year by band ("" : no value yet); national view only.
    target_bands: dict[str, int] | None = None

    @property
    def national(self) -> bool:
        return self.programme is None

    @property
    def band_rows(self) -> list[tuple[str, int]]:
        """(band in words, targets) best first, then the targets without a value yet."""
        found = self.target_bands or {}
        rows = [(str(label), found.get(code, 0)) for code, label in BAND_LABELS.items()]
        return [*rows, (str(_("no value yet")), found.get("", 0))]


def _in_area(programme: Programme | None, filters: Filters, village: str) -> Q:
    """Records whose village (reached through ``village``) is in the chosen kecamatan, else
    in the programme's regency, else anywhere (every programme)."""
    if filters.kecamatan is not None:
        return Q(**{f"{village}__parent": filters.kecamatan.pk})
    if programme is not None:
        return Q(**{f"{village}__parent__parent": programme.regency_id})
    return Q()


def _enterprises(user: User, programme: Programme | None, filters: Filters) -> QuerySet[Enterprise]:
    # the scope's filter without its DISTINCT: it reaches one row per enterprise (the
    # dashboard's readers see everything), and DISTINCT over every column made the count sort
    rows = Enterprise.objects.filter(enterprise_scope.enterprise_filter(user), archived_at=None)
    rows = rows.filter(_in_area(programme, filters, "village"))
    if filters.category:
        rows = rows.filter(
            pk__in=Product.objects.filter(
                category=filters.category, archived_at__isnull=True
            ).values("enterprise")
        )
    return rows


def _products(user: User, programme: Programme | None, filters: Filters) -> QuerySet[Product]:
    rows = Product.objects.filter(
        enterprise_scope.enterprise_filter(user, "enterprise__"),
        archived_at__isnull=True,
        enterprise__archived_at__isnull=True,
    )
    rows = rows.filter(_in_area(programme, filters, "enterprise__village"))
    return rows.filter(category=filters.category) if filters.category else rows


def _stars(products: QuerySet[Product]) -> dict[int, int]:
    """Products by the stars of their latest rating (two queries)."""
    latest = (
        StarRating.objects.filter(product__in=products)
        .values("product")
        .annotate(last=Max("pk"))
        .values("last")
    )
    counts = dict(
        StarRating.objects.filter(pk__in=latest)
        .values("stars")
        .annotate(n=Count("pk"))
        .values_list("stars", "n")
    )
    return {level: counts.get(level, 0) for level in STAR_LEVELS}


def _members(programme: Programme | None, filters: Filters) -> QuerySet[ProgrammeVillage]:
    members = ProgrammeVillage.objects.filter(
        archived_at__isnull=True,
        programme__archived_at__isnull=True,
        joined_year__lte=filters.year,
    )
    if programme is not None:
        members = members.filter(programme=programme)
    return members.filter(_in_area(None, filters, "village"))


def _area(programme: Programme | None, filters: Filters) -> Area:
    if filters.kecamatan is not None:
        return Area(RegistryLevel.KECAMATAN, filters.kecamatan.code)
    if programme is not None:
        return Area(RegistryLevel.REGENCY, programme.regency.code)
    return Area(RegistryLevel.COUNTRY)


def _registry(user: User, programme: Programme | None, filters: Filters) -> Registry:
    """The registry's figures; the counts from its tallies (the dashboard's readers see the
    whole registry, as the tallies count it)."""
    enterprises = _enterprises(user, programme, filters)
    members = _members(programme, filters)
    designations = Designation.objects.filter(membership__in=members, year__lte=filters.year)
    if filters.category:
        designations = designations.filter(product__category=filters.category)
    counts = registry_counts(
        area=_area(programme, filters), category=filters.category, today=local_today()
    )
    through = Output.objects.filter(
        kind=OutputKind.CERTIFICATION, delivered_on__year=filters.year
    ).filter(_in_area(programme, filters, "activity__village"))
    if filters.category:
        through = through.filter(enterprise__in=enterprises)
    return Registry(
        enterprises=counts.enterprises,
        products=counts.products,
        villages=members.count(),
        designated=designations.values("membership").distinct().count(),
        designated_this_year=designations.filter(year=filters.year).count(),
        stars=_stars(_products(user, programme, filters)),
        certifications_active=counts.certificates_valid,
        certifications_programme=through.aggregate(n=Sum("quantity"))["n"] or 0,
    )


def _budget(user: User, programme: Programme | None, filters: Filters) -> Budget:
    year = FiscalYear.objects.filter(year=filters.year).first()
    month = default_month(filters.year, local_today())
    if year is None:
        return Budget(None, 0, None, 0, 0, None, None, 0, month)
    asked = Proposal.objects.filter(fiscal_year=year).exclude(status=ProposalStatus.WITHDRAWN)
    asked = asked.filter(_in_area(programme, filters, "village"))
    where = _in_area(programme, filters, "village")
    row = realisation_total(user=user, fiscal_year=year, month=month, where=where)
    plan = approved_plan(year)
    whole = filters.kecamatan is None and plan is not None
    return Budget(
        fiscal_year=year,
        asked_idr=asked.aggregate(total=Sum("cost_idr"))["total"] or 0,
        funded_idr=plan.total_cost_idr if whole and plan is not None else None,
        planned_idr=row.planned_idr,
        realised_idr=row.realised_idr,
        absorption_pct=row.absorption_pct if row.planned_idr else None,
        progress_pct=row.progress_pct,
        activities=row.activities,
        month=month,
    )


def programmes_of(user: User) -> list[Programme]:
    """The active programmes the dashboard offers to choose from: what the choice shows of
    them (its name; a country has 514)."""
    active = Programme.objects.filter(archived_at__isnull=True)
    return list(active.only("pk", "name", "regency_id", "start_year"))


def _years(programme: Programme | None, today: dt.date) -> tuple[list[int], int]:
    """Every year the filter offers (newest first), and the one shown first: the latest
    surveyed year, else the latest budget year, not after this one; else this year."""
    rounds = Round.objects.all() if programme is None else Round.objects.filter(programme=programme)
    surveyed = set(rounds.values_list("year", flat=True).distinct())
    budget = set(FiscalYear.objects.values_list("year", flat=True))
    first = default_year(sorted(surveyed or budget), today)
    offered = surveyed | budget | {first}
    if programme is not None:
        offered.add(programme.start_year)
    return sorted(offered, reverse=True), first


def _stages(
    user: User, programme: Programme | None, filters: Filters
) -> tuple[list[StageCount], list[dict[str, Any]]]:
    """Villages by stage, and the map's markers (a programme's view only: the whole
    country's thousands of markers would make the page too heavy for a phone)."""
    if programme is None:
        return stage_tally(village_ids=_members(programme, filters).values("village")), []
    villages = Region.objects.filter(pk__in=_members(programme, filters).values("village"))
    statuses = village_statuses(user=user, villages=villages.order_by("name"))
    return stage_counts(statuses), stage_markers(statuses)


def dashboard_get(
    *,
    user: User,
    programme: Programme | None,
    params: dict[str, str],
    today: dt.date | None = None,
) -> Dashboard:
    """The dashboard of ``programme`` (None: every active programme) under the filters in
    ``params`` (a query string)."""
    kecamatans = kecamatan_choices([programme]) if programme is not None else []
    years, first = _years(programme, today or local_today())
    filters = filters_read(params, default_year=first, kecamatans=kecamatans)
    stages, markers = _stages(user, programme, filters)
    if programme is None:
        indicators, bands, found = national_lines(filters), target_bands(filters), Headlines()
    else:
        indicators, bands = indicator_lines(programme, filters), None
        found = headlines_read(programme)
    return Dashboard(
        programme=programme,
        programmes=programmes_of(user),
        filters=filters,
        kecamatans=kecamatans,
        years=years,
        registry=_registry(user, programme, filters),
        budget=_budget(user, programme, filters),
        stages=stages,
        markers=markers,
        indicators=indicators,
        headlines=found,
        target_bands=bands,
    )
