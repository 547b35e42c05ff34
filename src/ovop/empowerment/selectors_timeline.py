"""A village's empowerment story in date order: cycles opened and closed, stage changes (who
moved the cycle, and why when it went back), meetings held and planned.

Only the cycles and meetings the user may read are told (``scope.village_record_filter``);
four queries whatever their number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from ovop.accounts.models import User
from ovop.empowerment import scope
from ovop.empowerment.models_cycle import Cycle, StageChange
from ovop.empowerment.models_meetings import Meeting, MeetingStatus
from ovop.regions.models import Region

#: The kinds of event, as the timeline template tells them.
OPENED, CLOSED, FORWARD, BACK = "opened", "closed", "forward", "back"
HELD, PLANNED = "held", "planned"
#: On one day: meetings first, then the stage moves they led to, opening and closing last.
_DAY_ORDER = {HELD: 0, PLANNED: 0, OPENED: 1, FORWARD: 2, BACK: 2, CLOSED: 3}


@dataclass(frozen=True)
class Event:
    day: dt.date
    kind: str
    cycle: Cycle | None = None
    meeting: Meeting | None = None
    change: StageChange | None = None
    at: dt.datetime | None = None
    by: User | None = None

    def sort_key(self) -> tuple[dt.date, int, float, int]:
        moment = self.at.timestamp() if self.at else 0.0
        record = self.meeting or self.change or self.cycle
        return (self.day, _DAY_ORDER[self.kind], moment, record.pk if record else 0)


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _readable(user: User) -> Q:
    rule = scope.village_record_filter(user)
    if not rule:
        return Q()
    return Q(pk__in=Cycle.objects.filter(rule).values("pk"))


def cycles_of(*, user: User, village: Region) -> list[Cycle]:
    """The village's cycles ``user`` may read, latest first, with who opened and closed them
    (two queries)."""
    return list(
        Cycle.objects.filter(_readable(user), village=village)
        .select_related("opened_by", "closed_by")
        .prefetch_related("groups")
        .order_by("-number")
    )


def _cycle_events(cycles: list[Cycle]) -> list[Event]:
    events = [
        Event(_day(c.opened_at), OPENED, cycle=c, at=c.opened_at, by=c.opened_by) for c in cycles
    ]
    events += [
        Event(_day(c.closed_at), CLOSED, cycle=c, at=c.closed_at, by=c.closed_by)
        for c in cycles
        if c.closed_at is not None
    ]
    return events


def _stage_events(cycles: list[Cycle]) -> list[Event]:
    """Moves between stages (the first stage of an opening and the closing review are told by
    the cycle's own events)."""
    changes = (
        StageChange.objects.filter(cycle__in=cycles, from_stage__isnull=False, closed=False)
        .select_related("cycle", "by")
        .order_by("at", "pk")
    )
    return [
        Event(
            _day(change.at),
            BACK if change.to_stage < (change.from_stage or 0) else FORWARD,
            cycle=change.cycle,
            change=change,
            at=change.at,
            by=change.by,
        )
        for change in changes
    ]


def _meeting_events(user: User, village: Region) -> list[Event]:
    rule = scope.village_record_filter(user)
    meetings = Meeting.objects.filter(village=village)
    if rule:
        meetings = meetings.filter(pk__in=Meeting.objects.filter(rule).values("pk"))
    rows = meetings.select_related("cycle", "facilitator").order_by("held_on", "pk")
    return [
        Event(
            m.held_on,
            HELD if m.status == MeetingStatus.HELD else PLANNED,
            cycle=m.cycle,
            meeting=m,
            by=m.facilitator,
        )
        for m in rows
    ]


def village_timeline(*, user: User, village: Region, cycles: list[Cycle]) -> list[Event]:
    """Everything that happened (or is planned) in ``village``'s empowerment work, oldest
    first; ``cycles`` are the village's cycles as :func:`cycles_of` gives them."""
    events = _cycle_events(cycles) + _stage_events(cycles) + _meeting_events(user, village)
    return sorted(events, key=Event.sort_key)
