"""Where a village stands, worked out for a village built by hand: its current cycle, the
women's and youth share of attendance at the current cycle's held meetings, the attendance
trend of its last five held meetings, and its open and overdue actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from ovop.accounts.models import User
from ovop.empowerment.models import Group
from ovop.empowerment.models_actions import ActionStatus
from ovop.empowerment.models_cycle import Cycle
from ovop.empowerment.models_meetings import MeetingStatus
from ovop.empowerment.selectors_overview import (
    Share,
    current_cycles,
    stage_counts,
    village_statuses,
)
from ovop.regions.models import Kind, Level, Region
from tests.empowerment.overview_data import FEMALE, MALE, action, cycle_at, meeting, people

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)


@pytest.fixture
def built(group_a: Group, cycle_a: Cycle) -> Cycle:
    """Two held meetings of cycle_a in 2026 (and, not counted, a planned one and one of an
    earlier, closed cycle). First: Siti (F, 1980), Rina (F, 2001: 25, youth), Budi (M, 1975)
    and a male guest of unknown age. Second: Siti, Rina, Pak Owner (M, 1970), a female guest
    born 1997 (29: youth) and a male guest born 1996 (30: not youth, the cut-off)."""
    who = people(group_a)
    village = group_a.village
    meeting(
        village,
        dt.date(2026, 1, 10),
        cycle=cycle_a,
        people=[who["Siti"], who["Rina"], who["Budi"]],
        guests=[(MALE, None)],
    )
    meeting(
        village,
        dt.date(2026, 2, 10),
        cycle=cycle_a,
        people=[who["Siti"], who["Rina"], who["Pak"]],
        guests=[(FEMALE, 1997), (MALE, 1996)],
    )
    meeting(village, dt.date(2026, 4, 1), cycle=cycle_a, people=[], status=MeetingStatus.PLANNED)
    return cycle_a


def _status(user: User, village: Region, **kwargs: Any) -> Any:
    return village_statuses(user=user, villages=[village], today=TODAY, **kwargs)[0]


def test_womens_share_counts_members_and_guests(built: Cycle, officer: User) -> None:
    status = _status(officer, built.village)
    # present: 4 + 5 = 9; women: Siti, Rina, Siti, Rina, the female guest = 5
    assert status.women == Share(5, 9)
    assert status.women.percent == 56


def test_youth_share_uses_the_cut_off_in_the_meetings_year(built: Cycle, officer: User) -> None:
    status = _status(officer, built.village)
    # known ages: 3 + 5 = 8; youth: Rina twice and the guest born 1997 (29) = 3; the guest
    # born 1996 is 30 in 2026, at the cut-off, so not youth; the guest of unknown age is left out
    assert status.youth == Share(3, 8)
    assert status.youth.percent == 38


def test_a_higher_cut_off_counts_the_thirty_year_old_as_youth(
    built: Cycle, officer: User, settings: Any
) -> None:
    settings.OVOP_YOUTH_AGE_LIMIT = 31
    assert _status(officer, built.village).youth == Share(4, 8)


def test_meetings_of_an_earlier_cycle_do_not_count_in_the_shares(
    built: Cycle, group_a: Group, officer: User
) -> None:
    earlier = cycle_at(group_a.village, [group_a], number=0, closed=True, year=2025)
    who = people(group_a)
    meeting(group_a.village, dt.date(2025, 6, 1), cycle=earlier, people=[who["Budi"], who["Pak"]])
    status = _status(officer, built.village)
    assert status.cycle == built
    assert status.women == Share(5, 9)
    assert status.last_meeting_on == dt.date(2026, 2, 10)
    assert status.attendance_trend == [2, 4, 5]


def test_attendance_trend_is_the_last_five_held_meetings_oldest_first(
    group_a: Group, cycle_a: Cycle, officer: User, village_b: Region
) -> None:
    village = group_a.village
    for k in range(7):  # held meetings with 1..7 guests, on the 1st of months 1..7 of 2025
        meeting(village, dt.date(2025, k + 1, 1), cycle=cycle_a, guests=[(MALE, 1980)] * (k + 1))
    meeting(
        village,
        dt.date(2025, 12, 1),
        cycle=cycle_a,
        guests=[(MALE, 1980)] * 9,
        status=MeetingStatus.PLANNED,
    )
    meeting(village_b, dt.date(2025, 11, 1), guests=[(MALE, 1980)] * 8)
    status = _status(officer, village)
    assert status.attendance_trend == [3, 4, 5, 6, 7]
    assert status.last_meeting_on == dt.date(2025, 7, 1)


def test_open_and_overdue_actions(group_a: Group, cycle_a: Cycle, officer: User) -> None:
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    action(cycle_a, yesterday, ActionStatus.PLANNED)  # overdue
    action(cycle_a, yesterday, ActionStatus.IN_PROGRESS)  # overdue
    action(cycle_a, yesterday, ActionStatus.DONE)
    action(cycle_a, yesterday, ActionStatus.DROPPED)
    action(cycle_a, TODAY, ActionStatus.PLANNED)  # due today: open, not overdue yet
    action(cycle_a, tomorrow, ActionStatus.IN_PROGRESS)
    status = _status(officer, group_a.village)
    assert (status.open_actions, status.overdue_actions) == (4, 2)


def test_actions_of_a_closed_earlier_cycle_are_not_counted(
    group_a: Group, cycle_a: Cycle, officer: User
) -> None:
    earlier = cycle_at(group_a.village, [group_a], number=0, closed=True, year=2025)
    action(earlier, dt.date(2025, 5, 1))
    status = _status(officer, group_a.village)
    assert (status.open_actions, status.overdue_actions) == (0, 0)


def test_current_cycle_is_the_latest_open_else_the_latest(
    group_a: Group, group_b: Group, officer: User
) -> None:
    a1 = cycle_at(group_a.village, [group_a], number=1, stage=4)
    cycle_at(group_a.village, [group_a], number=2, stage=5, closed=True)
    cycle_at(group_b.village, [group_b], number=1, stage=5, closed=True)
    b2 = cycle_at(group_b.village, [group_b], number=2, stage=5, closed=True)
    found = current_cycles(user=officer, village_ids=[group_a.village_id, group_b.village_id])
    assert found == {group_a.village_id: a1, group_b.village_id: b2}


def test_stage_counts(
    group_a: Group, group_b: Group, officer: User, regency: Region, english: None
) -> None:
    cycle_at(group_a.village, [group_a], number=1, stage=3)
    cycle_at(group_b.village, [group_b], number=1, stage=5, closed=True)
    lonely = Region.objects.create(
        code="99.01.01.2002",
        name="Desa Sepi",
        level=Level.VILLAGE,
        kind=Kind.DESA,
        parent=group_a.village.parent,
    )
    statuses = village_statuses(user=officer, villages=[group_a.village, group_b.village, lonely])
    counts = {c.key: c.n for c in stage_counts(statuses)}
    assert counts == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 0, "closed": 1, "none": 1}
    assert [s.stage_label for s in statuses] == [
        "3. Choose one problem or project",
        "Cycle closed, no new one open",
        "No cycle yet",
    ]


def test_active_groups_only(group_a: Group, officer: User) -> None:
    old = Group.objects.create(name="Kelompok Lama", kind="ikm", village=group_a.village)
    Group.objects.filter(pk=old.pk).update(archived_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert _status(officer, group_a.village).groups == [group_a]


def test_a_village_with_nothing(village_b: Region, officer: User) -> None:
    status = _status(officer, village_b)
    assert status.stage_key == "none"
    assert status.cycle is None
    assert status.attendance_trend == []
    assert status.women.percent is None and status.youth.percent is None
    assert (status.open_actions, status.overdue_actions) == (0, 0)
