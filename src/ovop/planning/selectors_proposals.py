"""Reads of proposals: the year's list (filtered, with totals), one proposal, its history, the
dependency check, and the expected benefit from the scoring rubric.

Scope: ``scope.proposal_filter`` — planners and viewers read every proposal, a facilitator the
proposals of their villages; anyone else none (404 on one proposal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import HistoryEntry, history_entries, versions_of
from ovop.planning import scope
from ovop.planning.choices import ProposalStatus
from ovop.planning.models import FiscalYear, Proposal
from ovop.planning.selectors_rubric import RubricScore, rubric_scores

__all__ = [
    "ProposalFilters",
    "RubricScore",
    "dependency_cycle",
    "proposal_get",
    "proposal_history",
    "proposal_list",
    "proposal_rows",
    "proposal_totals",
    "proposals_for",
    "rubric_scores",
]


@dataclass(frozen=True)
class ProposalFilters:
    kecamatan: Any = None
    village: Any = None
    activity_type: str = ""
    status: str = ProposalStatus.PROPOSED
    source: Any = None
    mandatory: bool | None = None
    q: str = ""


def proposals_for(user: User) -> QuerySet[Proposal]:
    """Every proposal ``user`` may read."""
    if not scope.reads_plan(user):
        return Proposal.objects.none()
    return Proposal.objects.filter(scope.proposal_filter(user)).distinct()


def proposal_list(
    *, user: User, year: FiscalYear, filters: ProposalFilters | None = None
) -> QuerySet[Proposal]:
    """The year's proposals ``user`` reads, filtered, by kecamatan, village and title."""
    f = filters or ProposalFilters()
    rows = proposals_for(user).filter(fiscal_year=year)
    if f.kecamatan is not None:
        rows = rows.filter(village__parent=f.kecamatan)
    if f.village is not None:
        rows = rows.filter(village=f.village)
    if f.activity_type:
        rows = rows.filter(activity_type=f.activity_type)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.source is not None:
        rows = rows.filter(allowed_sources=f.source)
    if f.mandatory is not None:
        rows = rows.filter(mandatory=f.mandatory)
    if f.q:
        rows = rows.filter(title__icontains=f.q)
    return rows.select_related("village__parent", "group").order_by(
        "village__parent__name", "village__name", "title", "pk"
    )


@dataclass(frozen=True)
class Totals:
    count: int
    cost_idr: int
    female: int
    male: int


def proposal_totals(rows: QuerySet[Proposal]) -> Totals:
    """Count, cost and beneficiaries of ``rows`` (one query)."""
    found = Proposal.objects.filter(pk__in=rows.values("pk")).aggregate(
        count=Count("pk"),
        cost=Sum("cost_idr"),
        female=Sum("beneficiaries_female"),
        male=Sum("beneficiaries_male"),
    )
    return Totals(
        count=found["count"] or 0,
        cost_idr=found["cost"] or 0,
        female=found["female"] or 0,
        male=found["male"] or 0,
    )


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    score: RubricScore | None


def proposal_rows(
    proposals: Sequence[Proposal], scores: Mapping[int, RubricScore]
) -> list[ProposalRow]:
    return [ProposalRow(proposal=p, score=scores.get(p.pk)) for p in proposals]


def proposal_get(*, user: User, pk: int) -> Proposal:
    """One proposal ``user`` may read (404 otherwise), with what its page shows."""
    related = ("fiscal_year", "village__parent", "group", "price_item", "support__action__cycle")
    return get_object_or_404(
        proposals_for(user)
        .select_related(*related)
        .prefetch_related("enterprises", "requires", "required_by", "allowed_sources"),
        pk=pk,
    )


def proposal_history(*, proposal: Proposal) -> list[HistoryEntry]:
    return history_entries(versions_of(Proposal.history.filter(id=proposal.pk)))


# --- dependencies ------------------------------------------------------------------------------


def _edges(year: FiscalYear) -> dict[int, set[int]]:
    through = Proposal.requires.through
    graph: dict[int, set[int]] = {}
    pairs = through.objects.filter(from_proposal__fiscal_year=year).values_list(
        "from_proposal_id", "to_proposal_id"
    )
    for source, target in pairs:
        graph.setdefault(source, set()).add(target)
    return graph


def _path_back(graph: dict[int, set[int]], start: int) -> list[int]:
    """A path start → … → start, or [] when none (depth-first, iterative)."""
    stack: list[tuple[int, list[int]]] = [(start, [start])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []


def dependency_cycle(
    *, year: FiscalYear, proposal: Proposal, requires: Sequence[Proposal]
) -> list[str]:
    """The titles along a circle of dependencies that ``proposal`` depending on ``requires``
    would close (first and last the proposal itself), or [] when there is none."""
    graph = _edges(year)
    graph[proposal.pk] = {p.pk for p in requires}
    path = _path_back(graph, proposal.pk)
    if not path:
        return []
    titles = dict(Proposal.objects.filter(pk__in=path).values_list("pk", "title"))
    return [titles.get(pk, _("proposal %(id)s") % {"id": pk}) for pk in path]
