"""A village's timeline: cycles opened and closed, stage changes (who, and why when going
back), meetings held and planned, oldest first; only what the user may read."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.empowerment.models import Group
from ovop.empowerment.models_cycle import Cycle, CycleStatus, StageChange
from ovop.empowerment.models_meetings import MeetingStatus
from ovop.empowerment.selectors_timeline import cycles_of, village_timeline
from ovop.regions.models import Region
from tests.conftest import login
from tests.empowerment.overview_data import cycle_at, meeting

pytestmark = pytest.mark.django_db


def at(day: int, month: int = 1, year: int = 2026, hour: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def change(
    cycle: Cycle, when: dt.datetime, to: int, by: User, *, reason: str = "", closed: bool = False
) -> StageChange:
    row = StageChange.objects.create(
        cycle=cycle, from_stage=cycle.stage, to_stage=to, by=by, reason=reason, closed=closed
    )
    StageChange.objects.filter(pk=row.pk).update(at=when)
    Cycle.objects.filter(pk=cycle.pk).update(stage=to)
    cycle.stage = to
    return row


@pytest.fixture
def story(group_a: Group, facilitator: User, officer: User) -> Cycle:
    """Cycle 1 (2025): opened 5 Jan, meeting 6 Jan, to stage 2 on 6 Jan, back to 1 on 20 Jan
    by the officer (why), meeting held 3 Feb, closed 1 Mar. Cycle 2 (2026) opened 2 Mar, a
    meeting planned for 10 Mar."""
    village = group_a.village
    first = cycle_at(village, [group_a], number=1, year=2025)
    Cycle.objects.filter(pk=first.pk).update(opened_at=at(5), opened_by=facilitator)
    StageChange.objects.create(cycle=first, from_stage=None, to_stage=1, by=facilitator)
    change(first, at(6, hour=15), 2, facilitator)
    change(first, at(20), 1, officer, reason="Pengalaman anggota muda belum dicatat")
    meeting(village, dt.date(2026, 1, 6), cycle=first, place="Rumah Bu Siti")
    meeting(village, dt.date(2026, 2, 3), cycle=first, place="Balai desa")
    change(first, at(1, 3), 1, facilitator, closed=True)
    Cycle.objects.filter(pk=first.pk).update(
        status=CycleStatus.CLOSED, closed_at=at(1, 3), closed_by=facilitator
    )
    second = cycle_at(village, [group_a], number=2, year=2026)
    Cycle.objects.filter(pk=second.pk).update(opened_at=at(2, 3), opened_by=facilitator)
    meeting(
        village, dt.date(2026, 3, 10), cycle=second, place="Masjid", status=MeetingStatus.PLANNED
    )
    return second


def _told(user: User, village: Region) -> list[tuple[str, str, str]]:
    cycles = cycles_of(user=user, village=village)
    return [
        (
            str(e.day),
            e.kind,
            e.meeting.place if e.meeting else str(e.cycle.number if e.cycle else ""),
        )
        for e in village_timeline(user=user, village=village, cycles=cycles)
    ]


def test_timeline_in_date_order(story: Cycle, officer: User) -> None:
    assert _told(officer, story.village) == [
        ("2026-01-05", "opened", "1"),
        ("2026-01-06", "held", "Rumah Bu Siti"),
        ("2026-01-06", "forward", "1"),
        ("2026-01-20", "back", "1"),
        ("2026-02-03", "held", "Balai desa"),
        ("2026-03-01", "closed", "1"),
        ("2026-03-02", "opened", "2"),
        ("2026-03-10", "planned", "Masjid"),
    ]


def test_going_back_shows_who_and_why(
    english_client: Client, story: Cycle, facilitator: User
) -> None:
    html = login(english_client, facilitator).get(f"/empowerment/village/{story.village_id}/")
    text = html.content.decode()
    back = re.search(r'<li class="ev-back".*?</li>', text, re.S)
    assert back is not None
    told = " ".join(re.sub(r"<[^>]+>", " ", back.group(0)).split())
    assert told == (
        "20 January 2026 Went back to 1. Recall experiences · by officer "
        "Reason: Pengalaman anggota muda belum dicatat"
    )
    kinds = re.findall(r'<li class="ev-[a-z]+" data-kind="([a-z]+)">', text)
    assert kinds == ["opened", "held", "forward", "back", "held", "closed", "opened", "planned"]


def test_owner_is_told_only_their_groups_story(
    story: Cycle, owner: User, village_a: Region, group_a: Group
) -> None:
    other = Group.objects.create(name="KWT Lain", kind="women", village=village_a)
    elsewhere = cycle_at(village_a, [other], number=3, year=2026)
    meeting(village_a, dt.date(2026, 3, 11), cycle=elsewhere, place="Rumah KWT")
    told = _told(owner, village_a)
    assert ("2026-03-10", "planned", "Masjid") in told
    assert all(place != "Rumah KWT" for _day, _kind, place in told)
    assert [c.number for c in cycles_of(user=owner, village=village_a)] == [2, 1]


def test_an_empty_village_says_nothing_happened(
    english_client: Client, officer: User, village_b: Region
) -> None:
    html = login(english_client, officer).get(f"/empowerment/village/{village_b.pk}/")
    assert "Nothing has happened here yet." in html.content.decode()
