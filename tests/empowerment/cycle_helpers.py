"""Helpers of the cycle tests: a held meeting for a stage, content to pass each stage."""

from __future__ import annotations

import datetime as dt

from ovop.accounts.models import User
from ovop.empowerment import services_cycles as cycles
from ovop.empowerment import services_stages as stages
from ovop.empowerment import services_stages_plan as plan
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Attendance,
    Cycle,
    Meeting,
    MeetingStatus,
    Membership,
    Theme,
)


def held_meeting(cycle: Cycle, stage: int, *, present: int | None = None) -> Meeting:
    """A meeting of ``cycle`` for ``stage`` recorded as held, with ``present`` members
    ticked (all members of the cycle's groups when None)."""
    meeting = Meeting.objects.create(
        village=cycle.village,
        cycle=cycle,
        stage=stage,
        status=MeetingStatus.HELD,
        held_on=dt.date(2026, 1, stage),
        place="Balai desa",
        agenda=f"Tahap {stage}",
    )
    meeting.groups.set(cycle.groups.all())
    people = [m.person for m in Membership.objects.filter(group__in=cycle.groups.all())]
    for person in people[:present] if present is not None else people:
        Attendance.objects.create(meeting=meeting, person=person)
    return meeting


def walk_to(user: User, cycle: Cycle, stage: int) -> Cycle:
    """Enter each stage's content, hold its meeting and advance until ``stage``."""
    while cycle.stage < stage:
        now = cycle.stage
        if now == 1:
            theme = Theme.objects.filter(archived_at__isnull=True).first()
            stages.experience_add(
                user=user,
                cycle=cycle,
                kind="depowering",
                text="Harga madu jatuh saat panen raya",
                themes=[theme] if theme else [],
            )
        elif now == 2:
            stages.reason_add(
                user=user,
                cycle=cycle,
                text="Tidak ada gudang dan kemasan",
                experiences=list(cycle.experiences.all()),
            )
        elif now == 3:
            problem = plan.problem_add(
                user=user, cycle=cycle, kind="problem", title="Kemasan madu", votes=2
            )
            plan.problem_choose(user=user, problem=problem)
        elif now == 4:
            plan.power_base_add(
                user=user, cycle=cycle, kind="institution", description="BUMDes", holder="Kades"
            )
        held_meeting(cycle, now)
        cycle = cycles.cycle_advance(user=user, cycle=cycle)
    return cycle


def action(
    cycle: Cycle, title: str, status: str = ActionStatus.PLANNED, percent: int = 0
) -> Action:
    return Action.objects.create(
        cycle=cycle,
        title=title,
        due_on=dt.date(2026, 11, 30),
        cost_idr=1_500_000,
        status=status,
        percent_done=percent,
    )
