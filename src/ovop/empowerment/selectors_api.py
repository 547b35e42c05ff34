"""Reads of the empowerment API: every record scoped like the pages (``ovop.empowerment.scope``)
and fetched with what its answer shows, in a fixed number of queries however many rows.

A record outside the caller's read scope is simply not in these querysets, so asking for it
answers 404.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet

from ovop.accounts.models import User
from ovop.analysis import progress
from ovop.analysis.progress import PlanProgress
from ovop.empowerment import scope
from ovop.empowerment.models import Group, Membership, Person
from ovop.empowerment.models_actions import Action, ActionStatus, SupportProposal
from ovop.empowerment.models_cycle import Cycle, Experience, PowerBase, Reason, StageChange, Theme
from ovop.empowerment.models_meetings import Attendance, Meeting

M = TypeVar("M", bound=Model)


def _scoped(queryset: QuerySet[M], rule: Q) -> QuerySet[M]:
    """``queryset`` narrowed to ``rule`` without duplicates (the rule may join many rows)."""
    if rule == Q():
        return queryset
    return queryset.filter(pk__in=queryset.model._default_manager.filter(rule).values("pk"))


def _live_members() -> Prefetch[Any]:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(archived_at__isnull=True).select_related("person"),
        to_attr="live_memberships",
    )


# --- groups and people ------------------------------------------------------------------------


def groups_for(user: User) -> QuerySet[Group]:
    queryset = Group.objects.select_related("village", "village__parent")
    queryset = _scoped(queryset, scope.group_filter(user))
    return queryset.annotate(
        member_count=Count("memberships", filter=Q(memberships__archived_at__isnull=True))
    ).order_by("village__name", "name", "id")  # a GROUP BY drops the model's ordering


def group_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Group]:
    groups = groups_for(user)
    if filters.get("q"):
        groups = groups.filter(name__icontains=filters["q"])
    if filters.get("village"):
        groups = groups.filter(village__code=filters["village"])
    if filters.get("kind"):
        groups = groups.filter(kind=filters["kind"])
    active = filters.get("active") or "active"
    if active != "all":
        groups = groups.filter(archived_at__isnull=active == "active")
    return groups


def group_detail_queryset(user: User) -> QuerySet[Group]:
    return groups_for(user).prefetch_related(_live_members())


def people_for(user: User) -> QuerySet[Person]:
    queryset = Person.objects.select_related("village", "enterprise")
    return _scoped(queryset, scope.people_filter(user))


def person_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Person]:
    people = people_for(user)
    if filters.get("q"):
        people = people.filter(name__icontains=filters["q"])
    if filters.get("village"):
        people = people.filter(village__code=filters["village"])
    if filters.get("group"):
        people = people.filter(
            memberships__group_id=filters["group"], memberships__archived_at__isnull=True
        )
    active = filters.get("active") or "active"
    if active != "all":
        people = people.filter(archived_at__isnull=active == "active")
    memberships = Membership.objects.filter(archived_at__isnull=True).select_related("group")
    return people.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="live_memberships")
    )


def memberships_for(user: User) -> QuerySet[Membership]:
    queryset = Membership.objects.select_related("person", "group", "group__village")
    return _scoped(queryset, scope.group_filter(user, "group__"))


def themes() -> QuerySet[Theme]:
    return Theme.objects.order_by("code")


# --- cycles -----------------------------------------------------------------------------------


def cycles_for(user: User) -> QuerySet[Cycle]:
    queryset = Cycle.objects.select_related("village").prefetch_related("groups")
    return _scoped(queryset, scope.village_record_filter(user))


def cycle_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Cycle]:
    cycles = cycles_for(user)
    for name, lookup in (
        ("village", "village__code"),
        ("year", "year"),
        ("status", "status"),
        ("stage", "stage"),
        ("group", "groups"),
    ):
        if filters.get(name) not in (None, ""):
            cycles = cycles.filter(**{lookup: filters[name]})
    return cycles


def cycle_detail_queryset(user: User) -> QuerySet[Cycle]:
    """Cycles with what every stage holds, in one query per kind of content."""
    return cycles_for(user).prefetch_related(
        Prefetch("experiences", queryset=Experience.objects.prefetch_related("themes")),
        Prefetch("reasons", queryset=Reason.objects.prefetch_related("experiences")),
        "problems",
        Prefetch("power_bases", queryset=_power_bases()),
        Prefetch("actions", queryset=actions_with_detail()),
        Prefetch("stage_changes", queryset=StageChange.objects.select_related("by")),
    )


def _power_bases() -> QuerySet[PowerBase]:
    return PowerBase.objects.select_related("holder_person")


def cycle_of(user: User, pk: int) -> Cycle | None:
    return cycles_for(user).filter(pk=pk).first()


# --- actions and proposals --------------------------------------------------------------------


def actions_with_detail() -> QuerySet[Action]:
    return Action.objects.select_related("person_in_charge", "proposal")


def actions_for(user: User) -> QuerySet[Action]:
    queryset = actions_with_detail().select_related("cycle", "cycle__village")
    return _scoped(queryset, scope.village_record_filter(user, "cycle__"))


def action_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Action]:
    actions = actions_for(user)
    for name, lookup in (
        ("village", "cycle__village__code"),
        ("cycle", "cycle_id"),
        ("status", "status"),
        ("support", "support"),
    ):
        if filters.get(name) not in (None, ""):
            actions = actions.filter(**{lookup: filters[name]})
    return actions


def proposals_for(user: User) -> QuerySet[SupportProposal]:
    queryset = SupportProposal.objects.select_related("village", "group", "action")
    queryset = _scoped(queryset, scope.village_record_filter(user, "action__cycle__"))
    return queryset.prefetch_related("beneficiaries")


def proposal_list(*, user: User, filters: dict[str, Any]) -> QuerySet[SupportProposal]:
    proposals = proposals_for(user)
    for name, lookup in (
        ("village", "village__code"),
        ("for_year", "for_year"),
        ("support", "support"),
        ("status", "status"),
    ):
        if filters.get(name) not in (None, ""):
            proposals = proposals.filter(**{lookup: filters[name]})
    return proposals


def plan_progress(actions: list[Action]) -> PlanProgress:
    """The plan's progress over its actions, dropped ones left out (as the plan page)."""
    counted = [a for a in actions if a.status != ActionStatus.DROPPED]
    return progress.plan_progress((a.cost_idr, a.percent_done) for a in counted)


# --- meetings ---------------------------------------------------------------------------------


def meetings_for(user: User) -> QuerySet[Meeting]:
    queryset = Meeting.objects.select_related("village", "facilitator", "cycle")
    queryset = _scoped(queryset, scope.village_record_filter(user))
    return queryset.prefetch_related("groups")


def meeting_list(*, user: User, filters: dict[str, Any]) -> QuerySet[Meeting]:
    meetings = meetings_for(user)
    for name, lookup in (
        ("village", "village__code"),
        ("cycle", "cycle_id"),
        ("status", "status"),
        ("group", "groups"),
        ("held_from", "held_on__gte"),
        ("held_to", "held_on__lte"),
    ):
        if filters.get(name) not in (None, ""):
            meetings = meetings.filter(**{lookup: filters[name]})
    return meetings


def meeting_detail_queryset(user: User) -> QuerySet[Meeting]:
    return meetings_for(user).prefetch_related(
        Prefetch("attendance", queryset=Attendance.objects.select_related("person")),
        "guests",
        "photos",
    )


def meeting_of(user: User, pk: int) -> Meeting | None:
    return meetings_for(user).filter(pk=pk).first()
