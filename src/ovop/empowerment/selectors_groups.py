"""Reads for the group, member and people pages: scoped to what the user may read.

A record outside the user's scope is not found (404); whether the user may change it is a
separate question (``scope.can_change_village``). Counts of youth use the cut-off
``settings.OVOP_YOUTH_AGE_LIMIT`` and this year, so that changing the cut-off changes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ovop.accounts.models import User
from ovop.core.history import HistoryEntry, history_entries, newest_first, versions_of
from ovop.empowerment import scope
from ovop.empowerment.choices import AgeGroup, Gender
from ovop.empowerment.models import Group, Membership, Person
from ovop.empowerment.models_cycle import Cycle
from ovop.empowerment.models_meetings import Meeting
from ovop.enterprises.models import Enterprise
from ovop.enterprises.scope import enterprises_visible
from ovop.regions.models import Region

ACTIVE, ARCHIVED, ALL = "active", "archived", "all"


def this_year() -> int:
    return timezone.localdate().year


def youngest_adult_birth_year(year: int | None = None) -> int:
    """People born after this year are youth (younger than the cut-off) in ``year``."""
    return (year or this_year()) - settings.OVOP_YOUTH_AGE_LIMIT


def _scoped(model: Any, condition: Q) -> Any:
    """Rows of ``model`` matching ``condition``, without the duplicates a join may make."""
    if condition == Q():
        return model.objects.all()
    return model.objects.filter(pk__in=model.objects.filter(condition).values("pk"))


def groups_for(user: User) -> QuerySet[Group]:
    return _scoped(Group, scope.group_filter(user))  # type: ignore[no-any-return]


def people_for(user: User) -> QuerySet[Person]:
    return _scoped(Person, scope.people_filter(user))  # type: ignore[no-any-return]


def _member_counts() -> dict[str, Count]:
    active = Q(memberships__archived_at__isnull=True, memberships__person__archived_at__isnull=True)
    youth = Q(memberships__person__birth_year__gt=youngest_adult_birth_year())
    return {
        "n_members": Count("memberships", filter=active),
        "n_women": Count(
            "memberships", filter=active & Q(memberships__person__gender=Gender.FEMALE)
        ),
        "n_youth": Count("memberships", filter=active & youth),
    }


@dataclass(frozen=True)
class GroupFilters:
    q: str = ""
    kecamatan: Region | None = None
    village: Region | None = None
    kind: str = ""
    active: str = ACTIVE


def group_list(*, user: User, filters: GroupFilters) -> QuerySet[Group]:
    """The groups ``user`` reads, filtered, each with ``n_members``, ``n_women`` and
    ``n_youth`` (active members); two queries per page whatever its length."""
    qs = groups_for(user).select_related("village__parent").annotate(**_member_counts())
    if filters.active == ACTIVE:
        qs = qs.filter(archived_at__isnull=True)
    elif filters.active == ARCHIVED:
        qs = qs.filter(archived_at__isnull=False)
    if filters.q.strip():
        qs = qs.filter(name__icontains=filters.q.strip())
    if filters.kecamatan is not None:
        qs = qs.filter(village__parent=filters.kecamatan)
    if filters.village is not None:
        qs = qs.filter(village=filters.village)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("village__name", "name", "pk")


def share(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole percent; None when there is no whole."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class GroupRow:
    group: Group
    members: int
    women: int
    youth: int
    women_pct: int | None
    youth_pct: int | None


def group_rows(groups: Any) -> list[GroupRow]:
    """Rows of the list for ``groups`` of :func:`group_list` (one page)."""
    return [
        GroupRow(
            group=g,
            members=g.n_members,
            women=g.n_women,
            youth=g.n_youth,
            women_pct=share(g.n_women, g.n_members),
            youth_pct=share(g.n_youth, g.n_members),
        )
        for g in groups
    ]


def group_get(*, user: User, pk: int) -> Group:
    """The group ``pk`` if ``user`` reads it; 404 otherwise."""
    return get_object_or_404(groups_for(user).select_related("village__parent"), pk=pk)


def person_get(*, user: User, pk: int) -> Person:
    return get_object_or_404(people_for(user).select_related("village", "enterprise"), pk=pk)


def membership_get(*, user: User, pk: int) -> Membership:
    """A membership of a group ``user`` reads; 404 otherwise."""
    memberships = Membership.objects.select_related("person", "group__village")
    return get_object_or_404(memberships.filter(group__in=groups_for(user)), pk=pk)


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    age_group: str
    #: The enterprise the person runs, when ``user`` may open its page.
    enterprise: Enterprise | None


@dataclass
class GroupDetail:
    members: list[MemberRow]
    former: list[Membership]
    cycles: list[Cycle]
    meetings: list[Meeting]
    n_members: int = 0
    n_women: int = 0
    n_youth: int = 0
    age_labels: dict[str, str] = field(default_factory=dict)
    #: Youth are younger than this many years (``settings.OVOP_YOUTH_AGE_LIMIT``).
    youth_limit: int = 30

    @property
    def women_pct(self) -> int | None:
        return share(self.n_women, self.n_members)

    @property
    def youth_pct(self) -> int | None:
        return share(self.n_youth, self.n_members)


def _member_rows(user: User, memberships: list[Membership], year: int) -> list[MemberRow]:
    ids = {m.person.enterprise_id for m in memberships if m.person.enterprise_id}
    visible = {e.pk: e for e in enterprises_visible(user).filter(pk__in=ids)} if ids else {}
    return [
        MemberRow(
            membership=m,
            age_group=m.person.age_group_in(year),
            enterprise=visible.get(m.person.enterprise_id or 0),
        )
        for m in memberships
    ]


def group_detail(*, user: User, group: Group, meetings_shown: int = 10) -> GroupDetail:
    """Members (active and former), counts, cycles and latest meetings of ``group``."""
    year = this_year()
    memberships = list(group.memberships.select_related("person").order_by("person__name", "pk"))
    active = [m for m in memberships if m.archived_at is None and m.person.archived_at is None]
    rows = _member_rows(user, active, year)
    cycles = group.cycles.filter(scope.village_record_filter(user)).distinct()
    meetings = group.meetings.filter(scope.village_record_filter(user)).distinct()
    return GroupDetail(
        members=rows,
        former=[m for m in memberships if m.archived_at is not None],
        cycles=list(cycles.order_by("-number")),
        meetings=list(meetings.order_by("-held_on", "-pk")[:meetings_shown]),
        n_members=len(rows),
        n_women=sum(1 for r in rows if r.membership.person.gender == Gender.FEMALE),
        n_youth=sum(1 for r in rows if r.age_group == AgeGroup.YOUTH),
        age_labels={str(k): str(v) for k, v in AgeGroup.choices},
        youth_limit=settings.OVOP_YOUTH_AGE_LIMIT,
    )


def people_of_village(*, village_id: int) -> QuerySet[Person]:
    """People recorded in the village who may join a group (active ones)."""
    return Person.objects.filter(village_id=village_id, archived_at__isnull=True).order_by(
        "name", "pk"
    )


def enterprises_of_village(*, village_id: int) -> QuerySet[Enterprise]:
    """Active IKM of the village, for picking an owner as a member."""
    return Enterprise.objects.filter(village_id=village_id, archived_at__isnull=True).order_by(
        "name", "pk"
    )


def person_groups(*, user: User, person: Person) -> list[Membership]:
    """The person's memberships in groups ``user`` reads."""
    return list(
        person.memberships.filter(group__in=groups_for(user))
        .select_related("group__village")
        .order_by("archived_at", "group__name")
    )


def group_history(*, group: Group) -> list[HistoryEntry]:
    """Every change to the group and its memberships, newest first (four queries)."""
    own = list(versions_of(Group.history.filter(id=group.pk)))
    members = list(versions_of(Membership.history.filter(group_id=group.pk)))
    people = dict(
        Person.objects.filter(pk__in={m.person_id for m in members}).values_list("pk", "name")
    )
    names: dict[tuple[str, Any], str] = {("person", pk): n for pk, n in people.items()}
    names[("group", group.pk)] = group.name
    return newest_first(
        history_entries(own, record=lambda r: str(Group._meta.verbose_name).capitalize()),
        history_entries(members, names=names, record=lambda r: people.get(r.person_id, "?")),
    )


def person_history(*, person: Person) -> list[HistoryEntry]:
    return history_entries(versions_of(Person.history.filter(id=person.pk)))
