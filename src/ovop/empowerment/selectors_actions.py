"""Reads of the action plan (stage 5) and of the support proposals, limited to what the user
may see, in a fixed number of queries however many rows.

- ``action_plan(cycle, user)``: everything the plan section of a cycle page shows
  (``empowerment/_action_plan.html``): the rows, the progress both ways and what it is made
  of, overdue flags, what the user may do.
- ``proposal_list`` / ``proposal_totals`` / ``proposal_export_rows``: the office's list of
  proposals. Who may see it: administrators, officers and viewers (everything), facilitators
  (their villages' proposals). Owners read their own groups' plans, proposals included, on the
  cycle page, but the list of every proposal is an office page: 403 for them (and for
  assessors).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import Role, User
from ovop.analysis.progress import Basis, PlanProgress, plan_progress
from ovop.empowerment import scope
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Cycle,
    CycleStatus,
    ProposalStatus,
    Stage,
    Support,
    SupportProposal,
)
from ovop.regions.models import Region

OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


def local_today() -> dt.date:
    """Today where the programme runs (settings.TIME_ZONE)."""
    return timezone.localdate()


def is_overdue(action: Action, today: dt.date) -> bool:
    """Due date passed and still planned or in progress."""
    return action.status in OPEN_STATUSES and action.due_on < today


def actions_for(user: User) -> QuerySet[Action]:
    """The actions ``user`` may read (those of the cycles they may read)."""
    cycles = Cycle.objects.filter(scope.village_record_filter(user)).values("pk")
    return Action.objects.filter(cycle__in=cycles)


# --- the plan of one cycle --------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    action: Action
    overdue: bool
    #: Whether it counts in the progress (every action but the dropped ones).
    counted: bool
    #: Share of the counted cost (0–1) and contribution in percentage points; None if dropped.
    share: float | None
    contribution: float | None
    proposal: SupportProposal | None
    #: For an action carried over: the proposal made from the action it was carried from.
    earlier_proposal: SupportProposal | None
    can_remove: bool

    @property
    def share_percent(self) -> float | None:
        """The share of cost in percent (0–100)."""
        return None if self.share is None else self.share * 100


@dataclass(frozen=True)
class ActionPlan:
    cycle: Cycle
    rows: list[ActionRow]
    progress: PlanProgress
    dropped: int
    overdue: int
    #: The user may change the plan (the cycle's village is theirs and the cycle is open).
    can_change: bool
    #: … and add actions (the cycle is at stage 5).
    can_add: bool
    #: Cost of the standing proposals.
    proposed_cost_idr: int
    today: dt.date

    @property
    def by_cost(self) -> bool:
        return self.progress.basis == Basis.COST

    @property
    def equal_fallback(self) -> bool:
        return self.progress.basis == Basis.EQUAL_FALLBACK


def _plan_actions(cycle: Cycle) -> list[Action]:
    later = Action.objects.filter(carried_from=OuterRef("pk"))
    return list(
        Action.objects.filter(cycle=cycle)
        .select_related("person_in_charge", "proposal", "carried_from__proposal")
        .annotate(was_carried_on=Exists(later))
        .order_by("due_on", "id")
    )


def _proposal_of(action: Action | None) -> SupportProposal | None:
    return getattr(action, "proposal", None) if action is not None else None


def _row(action: Action, today: dt.date, share: Any, can_change: bool) -> ActionRow:
    proposal = _proposal_of(action)
    removable = (
        can_change
        and action.status == ActionStatus.PLANNED
        and action.carried_from_id is None
        and not getattr(action, "was_carried_on", False)
        and proposal is None
    )
    return ActionRow(
        action=action,
        overdue=is_overdue(action, today),
        counted=share is not None,
        share=share.share if share is not None else None,
        contribution=share.contribution if share is not None else None,
        proposal=proposal,
        earlier_proposal=_proposal_of(action.carried_from),
        can_remove=removable,
    )


def action_plan(cycle: Cycle, user: User) -> ActionPlan:
    """The plan of ``cycle`` as ``user`` sees it (the caller has checked they may read the
    cycle). One query for the actions, one more for a facilitator's right to change,
    however many actions."""
    actions = _plan_actions(cycle)
    counted = [a for a in actions if a.status != ActionStatus.DROPPED]
    progress = plan_progress((a.cost_idr, a.percent_done) for a in counted)
    shares = dict(zip((a.pk for a in counted), progress.items, strict=True))
    can_change = cycle.status == CycleStatus.OPEN and scope.can_change_village(
        user, cycle.village_id
    )
    today = local_today()
    rows = [_row(a, today, shares.get(a.pk), can_change) for a in actions]
    standing = [r.proposal for r in rows if r.proposal is not None]
    return ActionPlan(
        cycle=cycle,
        rows=rows,
        progress=progress,
        dropped=len(actions) - len(counted),
        overdue=sum(1 for r in rows if r.overdue),
        can_change=can_change,
        can_add=can_change and cycle.stage == Stage.ACTION_PLAN,
        proposed_cost_idr=sum(p.cost_idr for p in standing if p.status == ProposalStatus.PROPOSED),
        today=today,
    )


# --- the proposals ----------------------------------------------------------------------------


def can_list_proposals(user: User) -> bool:
    """Office readers and facilitators; not owners, assessors or anyone else."""
    return user.is_active and (user.reads_all or user.role == Role.FACILITATOR)


def proposals_for(user: User) -> QuerySet[SupportProposal]:
    """The proposals ``user`` may list (PermissionDenied for those who may not list any)."""
    if not can_list_proposals(user):
        raise PermissionDenied
    proposals = SupportProposal.objects.all()
    if not user.reads_all:
        proposals = proposals.filter(village__in=user.villages.values("pk"))
    return proposals


#: The status filter's value for "every status".
ALL_STATUSES = "all"


@dataclass(frozen=True)
class ProposalFilters:
    year: int | None = None
    kecamatan: Region | None = None
    village: Region | None = None
    support: str = ""
    #: A ProposalStatus value, or ALL_STATUSES.
    status: str = ProposalStatus.PROPOSED


def proposal_list(*, user: User, filters: ProposalFilters) -> QuerySet[SupportProposal]:
    qs = proposals_for(user)
    if filters.year is not None:
        qs = qs.filter(for_year=filters.year)
    if filters.kecamatan is not None:
        qs = qs.filter(village__parent=filters.kecamatan)
    if filters.village is not None:
        qs = qs.filter(village=filters.village)
    if filters.support:
        qs = qs.filter(support=filters.support)
    if filters.status != ALL_STATUSES:
        qs = qs.filter(status=filters.status)
    return qs.select_related(
        "village__parent", "group", "action__cycle", "action__person_in_charge"
    ).order_by("-for_year", "village__parent__name", "village__name", "support", "id")


@dataclass(frozen=True)
class SupportTotal:
    support: str
    label: str
    count: int
    cost_idr: int


def proposal_totals(proposals: QuerySet[SupportProposal]) -> list[SupportTotal]:
    """Count and cost per kind of support of ``proposals`` (one query), in the order of the
    support list."""
    sums = {
        row["support"]: row
        for row in proposals.order_by()
        .values("support")
        .annotate(n=Count("pk"), cost=Sum("cost_idr"))
    }
    return [
        SupportTotal(value, str(label), sums[value]["n"], sums[value]["cost"] or 0)
        for value, label in Support.choices
        if value in sums
    ]


def proposal_villages(user: User) -> tuple[QuerySet[Region], QuerySet[Region]]:
    """(kecamatan, villages) that have proposals ``user`` may list: the filter's choices."""
    visible = proposals_for(user).values("village")
    villages = Region.objects.filter(pk__in=visible).select_related("parent")
    kecamatan = Region.objects.filter(pk__in=villages.values("parent"))
    return kecamatan.order_by("name"), villages.order_by("name")


# --- export -----------------------------------------------------------------------------------


def export_header() -> list[str]:
    """The export's column headers in the active language (Indonesian by default)."""
    return [
        _("ID"),
        _("Proposed for year"),
        _("Kecamatan"),
        _("Village"),
        _("Kemendagri code"),
        _("Group"),
        _("Action"),
        _("Kind of support"),
        _("Estimated cost (rupiah)"),
        _("Female beneficiaries"),
        _("Male beneficiaries"),
        _("Beneficiaries"),
        _("Proposal status"),
        _("Cycle"),
        _("Person in charge"),
        _("Due date"),
        _("Action status"),
        _("Percent done"),
    ]


def _export_row(p: SupportProposal, labels: dict[str, str]) -> list[Any]:
    action, village = p.action, p.village
    person = action.person_in_charge
    return [
        p.pk,
        p.for_year,
        village.parent.name if village.parent is not None else "",
        village.name,
        village.code,
        p.group.name if p.group is not None else "",
        action.title,
        labels[p.support],
        p.cost_idr,
        p.beneficiaries_female,
        p.beneficiaries_male,
        p.beneficiaries_female + p.beneficiaries_male,
        labels["proposal:" + p.status],
        f"{action.cycle.number} ({action.cycle.year})",
        person.name if person is not None else "",
        action.due_on,
        labels["action:" + action.status],
        action.percent_done,
    ]


def proposal_export_rows(*, user: User, filters: ProposalFilters) -> Iterator[list[Any]]:
    """Header, then one row per proposal of the list, read in chunks (streamed). The header
    and the choice labels are translated now, in the request's language (a streamed response
    reads the rows after the request has ended)."""
    qs = proposal_list(user=user, filters=filters)
    labels = {value: str(label) for value, label in Support.choices}
    labels.update({f"proposal:{v}": str(label) for v, label in ProposalStatus.choices})
    labels.update({f"action:{v}": str(label) for v, label in ActionStatus.choices})
    rows = (_export_row(p, labels) for p in qs.iterator(chunk_size=500))
    return chain([export_header()], rows)


def overdue_q(today: dt.date) -> Q:
    """Actions overdue on ``today`` (for lists and counts elsewhere)."""
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)
