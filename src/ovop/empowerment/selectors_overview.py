"""Where each village stands in the empowerment cycle: reads behind the regency overview, the
village status page, the map and the sections other pages show.

Everything a user sees here is limited by ``ovop.empowerment.scope``: a facilitator's villages,
the villages of an owner's groups (and only their groups' cycles and meetings), every village
with empowerment work for those who read everything. :func:`village_statuses` runs seven
queries however many villages it is given.

Attendance counts members ticked present and guests; the women's share is the female part of
it, the youth share the part under ``settings.OVOP_YOUTH_AGE_LIMIT`` in the meeting's year among
those whose year of birth is known.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ovop.accounts.models import Role, User
from ovop.empowerment import scope
from ovop.empowerment.choices import AgeGroup, Gender
from ovop.empowerment.models import Group, age_group
from ovop.empowerment.models_actions import Action, ActionStatus
from ovop.empowerment.models_cycle import Cycle, CycleStatus, Stage
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingStatus
from ovop.enterprises.selectors import local_today
from ovop.programme.models import ProgrammeVillage
from ovop.regions.models import Level, Region

#: How many of the latest held meetings the attendance trend shows.
TREND_MEETINGS = 5
OPEN_ACTIONS = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
#: The keys of "where a village stands", in the order the overview counts them.
STAGE_KEYS = ("1", "2", "3", "4", "5", "closed", "none")
STAGE_LABELS = {
    **{str(stage.value): stage.label for stage in Stage},
    "closed": _("Cycle closed, no new one open"),
    "none": _("No cycle yet"),
}


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole`` people present, and the rounded percentage (None with no one)."""

    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        """Half up, in whole numbers: 5 of 8 is 63 %."""
        return None if not self.whole else (200 * self.part + self.whole) // (2 * self.whole)


@dataclass
class _Tally:
    present: int = 0
    women: int = 0
    youth: int = 0
    known_age: int = 0

    def add(self, gender: str, birth_year: int | None, year: int, n: int) -> None:
        self.present += n
        self.women += n if gender == Gender.FEMALE else 0
        group = age_group(birth_year, year)
        self.known_age += 0 if group == AgeGroup.UNKNOWN else n
        self.youth += n if group == AgeGroup.YOUTH else 0


def stage_key(cycle: Cycle | None) -> str:
    """Where a village whose current cycle is ``cycle`` stands: "1".."5" for the stage of an
    open cycle, "closed" when its latest cycle is closed, "none" without any."""
    if cycle is None:
        return "none"
    if cycle.status == CycleStatus.CLOSED:
        return "closed"
    return str(cycle.stage)


@dataclass(frozen=True)
class VillageStatus:
    village: Region
    groups: list[Group] = field(default_factory=list)
    cycle: Cycle | None = None
    last_meeting_on: dt.date | None = None
    attendance_trend: list[int] = field(default_factory=list)
    women: Share = Share(0, 0)
    youth: Share = Share(0, 0)
    open_actions: int = 0
    overdue_actions: int = 0

    @property
    def stage_key(self) -> str:
        return stage_key(self.cycle)

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage_key])


@dataclass(frozen=True)
class StageCount:
    key: str
    label: str
    n: int


def _readable(model: type[Model], rule: Q) -> Q:
    """A condition on ``model`` rows that ``rule`` allows, without the duplicate rows the
    joins of an owner's rule would bring (nothing at all for those who read everything)."""
    if not rule:
        return Q()
    return Q(pk__in=model._default_manager.filter(rule).values("pk"))


def villages_seen(*, user: User) -> QuerySet[Region]:
    """The villages on ``user``'s empowerment overview: a facilitator's villages, those of an
    owner's groups; for those who read everything, every village with a group, a cycle or a
    place in an active programme."""
    villages = Region.objects.filter(level=Level.VILLAGE)
    if user.reads_all:
        active = ProgrammeVillage.objects.filter(
            archived_at__isnull=True, programme__archived_at__isnull=True
        )
        return villages.filter(
            Q(pk__in=Group.objects.filter(archived_at__isnull=True).values("village_id"))
            | Q(pk__in=Cycle.objects.values("village_id"))
            | Q(pk__in=active.values("village_id"))
        )
    if user.role == Role.FACILITATOR:
        return villages.filter(facilitators=user)
    if user.role == Role.OWNER:
        return villages.filter(
            pk__in=Group.objects.filter(scope.group_filter(user)).values("village_id")
        )
    return villages.none()


def village_get(*, user: User, pk: int) -> Region | None:
    """The village ``pk`` if ``user`` may see its empowerment status (any village for those
    who read everything), with its kecamatan; None otherwise."""
    villages = (
        Region.objects.filter(level=Level.VILLAGE) if user.reads_all else villages_seen(user=user)
    )
    return villages.select_related("parent").filter(pk=pk).first()


def _groups(user: User, ids: Sequence[int]) -> dict[int, list[Group]]:
    rows = Group.objects.filter(
        _readable(Group, scope.group_filter(user)), village_id__in=ids, archived_at__isnull=True
    ).order_by("name", "pk")
    found: dict[int, list[Group]] = defaultdict(list)
    for group in rows:
        found[group.village_id].append(group)
    return found


def current_cycles(*, user: User, village_ids: Sequence[int]) -> dict[int, Cycle]:
    """Each village's current cycle that ``user`` may read: the latest open one, else the
    latest (one query)."""
    rows = Cycle.objects.filter(
        _readable(Cycle, scope.village_record_filter(user)), village_id__in=village_ids
    ).order_by("village_id", "-number")
    latest: dict[int, Cycle] = {}
    open_ones: dict[int, Cycle] = {}
    for cycle in rows:
        latest.setdefault(cycle.village_id, cycle)
        if cycle.status == CycleStatus.OPEN:
            open_ones.setdefault(cycle.village_id, cycle)
    return {**latest, **open_ones}


def _count_of(model: type[Model]) -> Coalesce:
    rows = (
        model._default_manager.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _trends(user: User, ids: Sequence[int]) -> dict[int, list[tuple[dt.date, int]]]:
    """The latest held meetings of each village (at most five), oldest first, with the number
    of people present (one query)."""
    latest = Window(
        RowNumber(),
        partition_by=[F("village_id")],
        order_by=[F("held_on").desc(), F("pk").desc()],
    )
    held = Meeting.objects.filter(village_id__in=ids, status=MeetingStatus.HELD)
    rule = scope.village_record_filter(user)
    if rule:  # as in _tallies: a scoped rule nested under the window and the counts made
        # PostgreSQL plan minutes of nested loops; the meetings are read as a list first
        held = Meeting.objects.filter(pk__in=list(held.filter(rule).values_list("pk", flat=True)))
    rows = (
        held.annotate(rank=latest, n_members=_count_of(Attendance), n_guests=_count_of(Guest))
        .filter(rank__lte=TREND_MEETINGS)
        .values_list("village_id", "held_on", "n_members", "n_guests")
    )
    trends: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for village_id, held_on, members, guests in rows:
        trends[village_id].append((held_on, members + guests))
    return {k: sorted(v) for k, v in trends.items()}


def _tallies(user: User, cycles: Iterable[Cycle]) -> dict[int, _Tally]:
    """Who was present at the held meetings of each cycle, by cycle (the meetings, then two
    grouped queries)."""
    ids = [cycle.pk for cycle in cycles]
    # The meetings are read first, as a list: nested under the owner's rule (itself a
    # subquery of five joins), PostgreSQL planned the grouped counts as minutes of nested loops.
    meetings = list(
        Meeting.objects.filter(
            _readable(Meeting, scope.village_record_filter(user)),
            cycle_id__in=ids,
            status=MeetingStatus.HELD,
        ).values_list("pk", flat=True)
    )
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    members = (
        Attendance.objects.filter(meeting__in=meetings)
        .order_by()
        .values_list(
            "meeting__cycle_id", "person__gender", "person__birth_year", "meeting__held_on__year"
        )
        .annotate(n=Count("pk"))
    )
    guests = (
        Guest.objects.filter(meeting__in=meetings)
        .order_by()
        .values_list("meeting__cycle_id", "gender", "birth_year", "meeting__held_on__year")
        .annotate(n=Count("pk"))
    )
    for rows in (members, guests):
        for cycle_id, gender, birth_year, year, n in rows:
            tallies[cycle_id].add(gender, birth_year, year, n)
    return tallies


def action_counts(cycles: Iterable[Cycle], today: dt.date) -> dict[int, tuple[int, int]]:
    """Open and overdue actions of each cycle, by cycle (one query): open means planned or in
    progress; overdue, open with its due date before ``today``."""
    is_open = Q(status__in=OPEN_ACTIONS)
    rows = (
        Action.objects.filter(cycle_id__in=[cycle.pk for cycle in cycles])
        .order_by()
        .values("cycle_id")
        .annotate(
            n_open=Count("pk", filter=is_open),
            n_overdue=Count("pk", filter=is_open & Q(due_on__lt=today)),
        )
        .values_list("cycle_id", "n_open", "n_overdue")
    )
    return {cycle_id: (n_open, n_overdue) for cycle_id, n_open, n_overdue in rows}


def village_statuses(
    *, user: User, villages: Iterable[Region], today: dt.date | None = None
) -> list[VillageStatus]:
    """Where each of ``villages`` stands, as ``user`` may see it (seven queries at most with
    the villages' own, whatever their number): active groups, current cycle, last held
    meeting and attendance trend, women's and youth share over the current cycle's held
    meetings, open and overdue actions of the current cycle."""
    places = list(villages)
    ids = [village.pk for village in places]
    groups = _groups(user, ids)
    cycles = current_cycles(user=user, village_ids=ids)
    trends = _trends(user, ids)
    tallies = _tallies(user, cycles.values())
    actions = action_counts(cycles.values(), today or local_today())
    statuses = []
    for village in places:
        cycle = cycles.get(village.pk)
        trend = trends.get(village.pk, [])
        tally = tallies.get(cycle.pk, _Tally()) if cycle else _Tally()
        n_open, n_overdue = actions.get(cycle.pk, (0, 0)) if cycle else (0, 0)
        statuses.append(
            VillageStatus(
                village=village,
                groups=groups.get(village.pk, []),
                cycle=cycle,
                last_meeting_on=trend[-1][0] if trend else None,
                attendance_trend=[n for _day, n in trend],
                women=Share(tally.women, tally.present),
                youth=Share(tally.youth, tally.known_age),
                open_actions=n_open,
                overdue_actions=n_overdue,
            )
        )
    return statuses


def stage_counts(statuses: Iterable[VillageStatus]) -> list[StageCount]:
    """How many villages stand at each stage, closed, or have no cycle (no query)."""
    counts = dict.fromkeys(STAGE_KEYS, 0)
    for status in statuses:
        counts[status.stage_key] += 1
    return [StageCount(key, str(STAGE_LABELS[key]), counts[key]) for key in STAGE_KEYS]


def stage_markers(statuses: Iterable[VillageStatus]) -> list[dict[str, Any]]:
    """Map markers for the villages with coordinates: code, name, lat, lon, the address of
    the village status page, the stage key ("1".."5", "closed", "none") and its label."""
    return [
        {
            "code": s.village.code,
            "name": s.village.name,
            "lat": float(s.village.lat),
            "lon": float(s.village.lon),
            "url": reverse("empowerment:village", args=[s.village.pk]),
            "stage": s.stage_key,
            "label": s.stage_label,
        }
        for s in statuses
        if s.village.lat is not None and s.village.lon is not None
    ]


@dataclass(frozen=True)
class Overview:
    statuses: list[VillageStatus]
    counts: list[StageCount]
    markers: list[dict[str, Any]]


def regency_overview(*, user: User, today: dt.date | None = None) -> Overview:
    """Every village on ``user``'s overview by kecamatan and name, with its status, the counts
    by stage and the map markers (eight queries)."""
    villages = villages_seen(user=user).select_related("parent").order_by("parent__name", "name")
    statuses = village_statuses(user=user, villages=villages, today=today)
    return Overview(statuses, stage_counts(statuses), stage_markers(statuses))


def stage_tally(*, village_ids: QuerySet[Any]) -> list[StageCount]:
    """How many of the villages (``village_ids``: a query of their ids, repeats allowed)
    stand at each stage, as :func:`stage_counts` counts them, for a national view of
    thousands of villages: their cycles read as plain rows in one query and the villages
    counted in another, no status object per village. Every cycle counts (for readers of
    everything)."""
    rows = (
        Cycle.objects.filter(village_id__in=village_ids)
        .order_by("village_id", "-number")
        .values_list("village_id", "status", "stage")
    )
    latest: dict[int, str] = {}
    open_ones: dict[int, str] = {}
    for village, status, stage in rows.iterator(chunk_size=5000):
        key = stage_key(Cycle(status=status, stage=stage))
        latest.setdefault(village, key)
        if status == CycleStatus.OPEN:
            open_ones.setdefault(village, key)
    keys = {**latest, **open_ones}
    counts = dict.fromkeys(STAGE_KEYS, 0)
    for key in keys.values():
        counts[key] += 1
    counts["none"] = village_ids.order_by().distinct().count() - len(keys)
    return [StageCount(key, str(STAGE_LABELS[key]), counts[key]) for key in STAGE_KEYS]
