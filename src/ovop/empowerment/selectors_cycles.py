"""Reads of Hogan's cycle for pages and the API: lists, one cycle with everything its stages
hold, the choices its forms offer, its history. Scope: ``scope.village_record_filter``
(records outside it answer 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.core.history import HistoryEntry, history_entries, newest_first, versions_of
from ovop.empowerment import scope
from ovop.empowerment.models import (
    Attendance,
    Cycle,
    CycleStatus,
    Experience,
    Group,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
    PowerBase,
    Problem,
    Reason,
    Stage,
    StageChange,
    Theme,
)
from ovop.selection.models import SelectionRound


def cycles_readable(user: User) -> QuerySet[Cycle]:
    """The cycles ``user`` may read (each once, whatever the joins of the scope)."""
    scope.require_reader(user)
    inside = Cycle.objects.filter(scope.village_record_filter(user)).values("pk")
    return Cycle.objects.filter(pk__in=inside)


def cycle_list(
    *, user: User, q: str = "", stage: int | None = None, status: str = "", year: int | None = None
) -> QuerySet[Cycle]:
    """Readable cycles, newest first, with village, kecamatan and groups (3 queries a page)."""
    cycles = cycles_readable(user).select_related("village__parent")
    if q:
        cycles = cycles.filter(Q(village__name__icontains=q) | Q(groups__name__icontains=q))
        cycles = cycles.distinct()
    if stage:
        cycles = cycles.filter(stage=stage)
    if status:
        cycles = cycles.filter(status=status)
    if year:
        cycles = cycles.filter(year=year)
    groups = Prefetch("groups", queryset=Group.objects.order_by("name"))
    return cycles.prefetch_related(groups).order_by("-year", "village__name", "-number", "pk")


def cycle_get(*, user: User, pk: int) -> Cycle:
    return get_object_or_404(cycles_readable(user).select_related("village__parent"), pk=pk)


def members_present(cycle: Cycle) -> int:
    """How many members may vote on stage 3: the most members present at a held stage-3
    meeting of the cycle; before such a meeting is recorded, the active members of the
    cycle's groups."""
    held = Meeting.objects.filter(cycle=cycle, stage=Stage.PROBLEM, status=MeetingStatus.HELD)
    counts = Attendance.objects.filter(meeting__in=held).values("meeting").annotate(n=Count("pk"))
    most = max((row["n"] for row in counts), default=None)
    if most is not None:
        return int(most)
    return (
        Membership.objects.filter(group__in=cycle.groups.all(), archived_at__isnull=True)
        .values("person")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class StageStep:
    number: int
    label: str
    #: "done", "current" or "todo".
    state: str


@dataclass(frozen=True)
class CycleDetail:
    cycle: Cycle
    groups: list[Group]
    steps: list[StageStep]
    experiences: list[Experience]
    reasons: list[Reason]
    problems: list[Problem]
    power_bases: list[PowerBase]
    meetings: list[Meeting]
    stage_changes: list[StageChange]
    can_change: bool

    @property
    def writable(self) -> bool:
        return self.can_change and not self.cycle.is_closed


def stage_steps(cycle: Cycle) -> list[StageStep]:
    def state(number: int) -> str:
        if cycle.is_closed or number < cycle.stage:
            return "done"
        return "current" if number == cycle.stage else "todo"

    return [StageStep(number, str(label), state(number)) for number, label in Stage.choices]


def cycle_detail(*, user: User, cycle: Cycle) -> CycleDetail:
    """Everything the cycle page shows, in a fixed number of queries."""
    experiences = cycle.experiences.select_related("meeting").prefetch_related("themes")
    reasons = cycle.reasons.select_related("meeting").prefetch_related(
        Prefetch("experiences", queryset=Experience.objects.order_by("id"))
    )
    return CycleDetail(
        cycle=cycle,
        groups=list(cycle.groups.order_by("name")),
        steps=stage_steps(cycle),
        experiences=list(experiences),
        reasons=list(reasons),
        problems=list(cycle.problems.select_related("selection_round")),
        power_bases=list(cycle.power_bases.select_related("holder_person")),
        meetings=list(cycle.meetings.order_by("held_on", "id")),
        stage_changes=list(cycle.stage_changes.select_related("by")),
        can_change=scope.can_change_village(user, cycle.village_id),
    )


# --- what the forms offer ---------------------------------------------------------------------


def groups_for_new_cycle(*, user: User) -> QuerySet[Group]:
    """Active groups of the villages ``user`` may open cycles in."""
    villages = scope.villages_for_new_records(user)
    return (
        Group.objects.filter(village__in=villages, archived_at__isnull=True)
        .select_related("village")
        .order_by("village__name", "name")
    )


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(archived_at__isnull=True)


def cycle_meetings(cycle: Cycle) -> QuerySet[Meeting]:
    return Meeting.objects.filter(cycle=cycle).select_related("village").order_by("held_on", "id")


def cycle_experiences(cycle: Cycle) -> QuerySet[Experience]:
    return Experience.objects.filter(cycle=cycle).order_by("id")


def village_selection_rounds(cycle: Cycle) -> QuerySet[SelectionRound]:
    return SelectionRound.objects.filter(area_id=cycle.village_id).order_by("-year", "title")


def cycle_members(cycle: Cycle) -> QuerySet[Person]:
    """Active members of the cycle's groups, each once."""
    members = Membership.objects.filter(group__in=cycle.groups.all(), archived_at__isnull=True)
    return Person.objects.filter(pk__in=members.values("person")).order_by("name", "pk")


def stage_item(cycle: Cycle, model: type[Any], pk: int) -> Any:
    """The record ``pk`` of ``model`` (Experience, Reason, …) of ``cycle``, or 404."""
    item = get_object_or_404(model.objects.all(), pk=pk, cycle=cycle)
    item.cycle = cycle
    return item


# --- history ----------------------------------------------------------------------------------

_CONTENT: list[tuple[Any, list[str], Any, str]] = [
    (Experience, ["kind", "text", "meeting"], gettext_lazy("Experience"), "text"),
    (Reason, ["text", "meeting"], gettext_lazy("Reason"), "text"),
    (
        Problem,
        ["kind", "title", "description", "votes", "chosen", "selection_round"],
        gettext_lazy("Problem or project"),
        "title",
    ),
    (
        PowerBase,
        ["kind", "description", "holder", "holder_person"],
        gettext_lazy("Power base"),
        "description",
    ),
]


def cycle_history(*, user: User, cycle: Cycle) -> list[HistoryEntry]:
    """Every change to the cycle and its stages' content, newest first (one query per kind
    of record, plus the names of related records)."""
    scope.require_reader(user)
    own = history_entries(
        versions_of(Cycle.history.filter(id=cycle.pk)),
        fields=["year", "stage", "status", "achievements", "closed_at"],
    )
    groups = [own]
    for model, fields, label, attr in _CONTENT:
        versions = versions_of(model.history.filter(cycle_id=cycle.pk))

        def record(version: Any, label: Any = label, attr: str = attr) -> str:
            return f"{label}: {getattr(version, attr)}"

        groups.append(history_entries(versions, fields=fields, record=record))
    return newest_first(*groups)


def status_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in CycleStatus.choices]
