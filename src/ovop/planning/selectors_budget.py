"""Reads of the fiscal years, their sources and price lists.

The budget figures (sources, ceilings, price list) are read by those who see the plan
(``scope.reads_plan``: planners, viewers, facilitators); the proposal figures of a year are
counted within the reader's scope (a facilitator: their villages' proposals).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import HistoryEntry, history_entries, versions_of
from ovop.planning import scope
from ovop.planning.choices import ProposalStatus, ScenarioStatus
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Scenario, Source
from ovop.planning.selectors_proposals import proposals_for
from ovop.planning.services_prices_import import COLUMNS

ACTIVE, ARCHIVED, ALL = "active", "archived", "all"


def require_plan_reader(user: Any) -> User:
    """The user, if they see the plan's figures (403 otherwise)."""
    reader = scope.require_reader(user)
    if not scope.reads_plan(reader):
        raise PermissionDenied
    return reader


def year_get(*, year: int) -> FiscalYear:
    return get_object_or_404(FiscalYear, year=year)


@dataclass(frozen=True)
class YearSummary:
    year: FiscalYear
    sources: int
    ceiling_idr: int
    proposals: int
    asked_idr: int
    plan: Scenario | None

    @property
    def gap_idr(self) -> int:
        """What the proposals ask beyond what the sources hold (negative: money to spare)."""
        return self.asked_idr - self.ceiling_idr


def year_summaries(*, user: User, year: int | None = None) -> list[YearSummary]:
    """Every fiscal year (or the one ``year``), newest first, with its figures (four queries)."""
    years = list(FiscalYear.objects.all() if year is None else FiscalYear.objects.filter(year=year))
    ids = [y.pk for y in years]
    money = {
        row["fiscal_year"]: row
        for row in Source.objects.filter(fiscal_year__in=ids, archived_at__isnull=True)
        .values("fiscal_year")
        .annotate(n=Count("pk"), total=Sum("ceiling_idr"))
    }
    standing = _standing(user).filter(fiscal_year__in=ids)
    asked = {
        row["fiscal_year"]: row
        for row in standing.values("fiscal_year").annotate(n=Count("pk"), total=Sum("cost_idr"))
    }
    plans: dict[int, Scenario] = {}
    for plan in Scenario.objects.filter(
        fiscal_year__in=ids, status=ScenarioStatus.APPROVED
    ).order_by("version"):
        plans[plan.fiscal_year_id] = plan
    return [
        YearSummary(
            year=y,
            sources=money.get(y.pk, {}).get("n", 0),
            ceiling_idr=money.get(y.pk, {}).get("total") or 0,
            proposals=asked.get(y.pk, {}).get("n", 0),
            asked_idr=asked.get(y.pk, {}).get("total") or 0,
            plan=plans.get(y.pk),
        )
        for y in years
    ]


def _standing(user: User) -> QuerySet[Proposal]:
    """The standing proposals ``user`` reads, as a plain queryset for grouping."""
    return Proposal.objects.filter(
        pk__in=proposals_for(user).values("pk"), status=ProposalStatus.PROPOSED
    )


# --- sources ----------------------------------------------------------------------------------


def source_list(*, year: FiscalYear, status: str = ACTIVE) -> QuerySet[Source]:
    rows = Source.objects.filter(fiscal_year=year)
    if status == ACTIVE:
        rows = rows.filter(archived_at__isnull=True)
    elif status == ARCHIVED:
        rows = rows.filter(archived_at__isnull=False)
    return rows.select_related("village__parent").order_by("kind", "name", "pk")


def source_get(*, pk: int) -> Source:
    """One source (404 when there is none; the caller checks that the user sees the plan)."""
    return get_object_or_404(Source.objects.select_related("fiscal_year", "village"), pk=pk)


def source_history(*, source: Source) -> list[HistoryEntry]:
    return history_entries(versions_of(Source.history.filter(id=source.pk)))


# --- price list -------------------------------------------------------------------------------


def price_list(*, year: FiscalYear, q: str = "", status: str = ACTIVE) -> QuerySet[PriceItem]:
    rows = PriceItem.objects.filter(fiscal_year=year)
    if status == ACTIVE:
        rows = rows.filter(archived_at__isnull=True)
    elif status == ARCHIVED:
        rows = rows.filter(archived_at__isnull=False)
    if q:
        rows = rows.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(unit__icontains=q))
    return rows.order_by("code", "pk")


def price_item_get(*, pk: int) -> PriceItem:
    return get_object_or_404(PriceItem.objects.select_related("fiscal_year"), pk=pk)


def price_history(*, item: PriceItem) -> list[HistoryEntry]:
    return history_entries(versions_of(PriceItem.history.filter(id=item.pk)))


def price_export_rows(*, year: FiscalYear, q: str = "") -> Iterator[list[Any]]:
    """The header (the import reads it back) and one row per active item, streamed."""
    yield [str(label) for label in COLUMNS.values()]
    for item in price_list(year=year, q=q).iterator(chunk_size=500):
        yield [
            item.code,
            item.name,
            item.unit,
            item.unit_cost_idr,
            item.get_activity_type_display() if item.activity_type else "",
        ]


def closed_note(year: FiscalYear) -> str:
    if not year.is_closed:
        return ""
    return _("Fiscal year %(year)s is closed: its records can no longer be changed.") % {
        "year": year.year
    }
