"""Reads for meetings: the lists a user may see, the members a meeting can tick, and the counts
of who was there (by gender, age group and membership).

The counts are worked out here and nowhere else: present = members ticked + guests; youth is
the age group in the meeting's year (``ovop.empowerment.models.age_group``), guests included,
and those whose birth year is not known are counted apart; the attendance rate is members
present over the active members of the meeting's groups.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ovop.accounts.models import Role, User
from ovop.empowerment import scope
from ovop.empowerment.choices import AgeGroup, Gender
from ovop.empowerment.models import Group, Membership, Person, age_group
from ovop.empowerment.models_cycle import Cycle, CycleStatus
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingPhoto
from ovop.regions.models import Region


@dataclass(frozen=True)
class MeetingFilters:
    village: Region | None = None
    group: Group | None = None
    cycle: Cycle | None = None
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class MeetingCounts:
    """Who was at a meeting. ``rate_pct`` is None when the groups have no active member."""

    present: int
    female: int
    male: int
    youth: int
    adult: int
    age_unknown: int
    guests: int
    members_present: int
    active_members: int
    rate_pct: int | None


@dataclass(frozen=True)
class SheetRow:
    """A line of the attendance sheet: a member and the groups of the meeting they are in."""

    person: Person
    groups: str


def meetings_for(user: User) -> QuerySet[Meeting]:
    """The meetings ``user`` may read (facilitators: their villages; owners: their groups')."""
    readable = Meeting.objects.filter(scope.village_record_filter(user)).values("pk")
    return Meeting.objects.filter(pk__in=readable)


def meeting_list(*, user: User, filters: MeetingFilters) -> QuerySet[Meeting]:
    """The meetings ``user`` may read that match ``filters``, newest first, with what a list
    row shows (village, kecamatan, cycle, facilitator, groups, members and guests present)."""
    qs = meetings_for(user)
    if filters.village is not None:
        qs = qs.filter(village=filters.village)
    if filters.group is not None:
        qs = qs.filter(groups=filters.group)
    if filters.cycle is not None:
        qs = qs.filter(cycle=filters.cycle)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.date_from is not None:
        qs = qs.filter(held_on__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(held_on__lte=filters.date_to)
    return (
        qs.select_related("village__parent", "cycle", "facilitator")
        .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        .annotate(
            members_present=Count("attendance", distinct=True),
            guest_count=Count("guests", distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def active_members(*, groups: QuerySet[Group] | list[Group]) -> QuerySet[Person]:
    """The people with an active membership of one of ``groups`` (active people only)."""
    ids = [group.pk for group in groups]
    members = Membership.objects.filter(
        group_id__in=ids, archived_at__isnull=True, group__archived_at__isnull=True
    ).values("person_id")
    return Person.objects.filter(pk__in=members, archived_at__isnull=True).order_by("name", "id")


def meeting_members(*, meeting: Meeting) -> QuerySet[Person]:
    """The people who may be ticked present at ``meeting``: active members of its groups."""
    return active_members(groups=list(meeting.groups.all()))


def sheet_rows(*, meeting: Meeting) -> list[SheetRow]:
    """The members printed on the attendance sheet, by name, each with their groups."""
    groups = list(meeting.groups.order_by("name"))
    names = {group.pk: group.name for group in groups}
    memberships = Membership.objects.filter(
        group_id__in=list(names), archived_at__isnull=True, person__archived_at__isnull=True
    ).values_list("person_id", "group_id")
    of_person: dict[int, list[str]] = {}
    for person_id, group_id in memberships:
        of_person.setdefault(person_id, []).append(names[group_id])
    people = Person.objects.filter(pk__in=list(of_person)).order_by("name", "id")
    return [SheetRow(person=p, groups=", ".join(sorted(of_person[p.pk]))) for p in people]


def _tally(people: list[tuple[str, int | None]], year: int) -> dict[str, int]:
    tally = {"female": 0, "male": 0, AgeGroup.YOUTH: 0, AgeGroup.ADULT: 0, AgeGroup.UNKNOWN: 0}
    for gender, birth_year in people:
        tally["female" if gender == Gender.FEMALE else "male"] += 1
        tally[age_group(birth_year, year)] += 1
    return tally


def meeting_counts(*, meeting: Meeting) -> MeetingCounts:
    """How many were present at ``meeting``, by gender and age group in the meeting's year
    (guests included), and members present over the active members of its groups."""
    members = list(
        Attendance.objects.filter(meeting=meeting).values_list(
            "person__gender", "person__birth_year"
        )
    )
    guests = list(Guest.objects.filter(meeting=meeting).values_list("gender", "birth_year"))
    tally = _tally(members + guests, meeting.held_on.year)
    active = meeting_members(meeting=meeting).count()
    return MeetingCounts(
        present=len(members) + len(guests),
        female=tally["female"],
        male=tally["male"],
        youth=tally[AgeGroup.YOUTH],
        adult=tally[AgeGroup.ADULT],
        age_unknown=tally[AgeGroup.UNKNOWN],
        guests=len(guests),
        members_present=len(members),
        active_members=active,
        rate_pct=round(100 * len(members) / active) if active else None,
    )


def meeting_detail(*, meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting page shows beyond the meeting itself."""
    present = Attendance.objects.filter(meeting=meeting).select_related("person")
    return {
        "groups": list(meeting.groups.order_by("name")),
        "present": [row.person for row in present],
        "guests": list(Guest.objects.filter(meeting=meeting)),
        "photos": list(MeetingPhoto.objects.filter(meeting=meeting)),
        "counts": meeting_counts(meeting=meeting),
    }


def groups_for_new_meetings(*, user: User, village: Region | None) -> QuerySet[Group]:
    """Active groups ``user`` may plan a meeting for (of ``village`` when given)."""
    villages = scope.villages_for_new_records(user)
    qs = Group.objects.filter(village__in=villages, archived_at__isnull=True)
    if village is not None:
        qs = qs.filter(village=village)
    return qs.select_related("village").order_by("village__name", "name")


def cycles_for_new_meetings(*, user: User, village: Region | None) -> QuerySet[Cycle]:
    """Open cycles ``user`` may plan a meeting in (of ``village`` when given)."""
    villages = scope.villages_for_new_records(user)
    qs = Cycle.objects.filter(village__in=villages, status=CycleStatus.OPEN)
    if village is not None:
        qs = qs.filter(village=village)
    return qs.select_related("village").order_by("village__name", "-number")


def facilitators_for(*, village: Region | None, user: User) -> QuerySet[User]:
    """Who may be named facilitator of a meeting of ``village``: its facilitators, the
    officers and administrators, and ``user``."""
    managers = Q(is_superuser=True) | Q(role__in=[Role.ADMIN, Role.OFFICER])
    served = Q(villages=village, role=Role.FACILITATOR) if village is not None else Q(pk__in=[])
    return (
        User.objects.filter(Q(is_active=True) & (managers | served | Q(pk=user.pk)))
        .distinct()
        .order_by("first_name", "username")
    )


def filter_choices(*, user: User) -> dict[str, QuerySet[Any]]:
    """The villages, groups and cycles a user's meeting filters offer."""
    groups = Group.objects.filter(scope.group_filter(user)).values("pk")
    cycles = Cycle.objects.filter(scope.village_record_filter(user)).values("pk")
    villages = meetings_for(user).values("village_id")
    return {
        "village": Region.objects.filter(pk__in=villages).order_by("name"),
        "group": Group.objects.filter(pk__in=groups).select_related("village").order_by("name"),
        "cycle": Cycle.objects.filter(pk__in=cycles).select_related("village"),
    }
