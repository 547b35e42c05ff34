"""Reads of the plan report (Rencana Kegiatan): the lines the current version of a year's
approved plan funds, by kecamatan and village, as a user may read them (a facilitator the
lines of their villages). Lines are read in chunks, never all rows of a table at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from ovop.accounts.models import User
from ovop.planning import scope
from ovop.planning.choices import ActivityType
from ovop.planning.models import Scenario, ScenarioItem


@dataclass(frozen=True)
class PlanLine:
    kecamatan: str
    village: str
    title: str
    activity_type: str
    source: str
    women: int
    men: int
    cost_idr: int

    @property
    def type_label(self) -> str:
        return str(ActivityType(self.activity_type).label)

    @property
    def beneficiaries(self) -> int:
        return self.women + self.men


@dataclass(frozen=True)
class SourceTotal:
    source: str
    lines: int
    cost_idr: int


def _items(user: User, plan: Scenario) -> QuerySet[ScenarioItem]:
    return ScenarioItem.objects.filter(
        scope.proposal_filter(user, "proposal__"), scenario=plan, funded=True
    )


def plan_lines(*, user: User, plan: Scenario) -> Iterator[PlanLine]:
    """The funded lines of ``plan`` by kecamatan, village and title."""
    rows = (
        _items(user, plan)
        .order_by(
            "proposal__village__parent__name", "proposal__village__name", "proposal__title", "id"
        )
        .values_list(
            "proposal__village__parent__name",
            "proposal__village__name",
            "proposal__title",
            "proposal__activity_type",
            "source__name",
            "proposal__beneficiaries_female",
            "proposal__beneficiaries_male",
            "cost_idr",
        )
    )
    for kec, village, title, kind, source, women, men, cost in rows.iterator(chunk_size=500):
        yield PlanLine(kec or "", village, title, kind, source or "", women, men, int(cost))


def plan_source_totals(*, user: User, plan: Scenario) -> list[SourceTotal]:
    """The funded money of ``plan`` by source (by name)."""
    rows = (
        _items(user, plan)
        .values("source__name")
        .annotate(lines=Count("id"), cost=Sum("cost_idr"))
        .order_by("source__name")
    )
    return [SourceTotal(r["source__name"] or "", r["lines"], int(r["cost"] or 0)) for r in rows]
