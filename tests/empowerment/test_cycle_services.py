"""Hogan's cycle through its services: open, the stage walk, going back, the review and the
next cycle with the unfinished actions carried over; each rule refused with its message."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.empowerment import services_cycles as cycles
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Cycle,
    CycleStatus,
    Group,
    Stage,
    StageChange,
)
from tests.empowerment.cycle_helpers import action, held_meeting, walk_to
from tests.refusals import changed, rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refused_with(call: object, field: str, message: str) -> None:
    """``call()`` raises a ValidationError with ``message`` on ``field``; no row changes."""
    before = rows("empowerment")
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.message_dict[field] == [message]
    assert changed(before, rows("empowerment")) == []


def test_open_numbers_the_cycle_and_logs_stage_one(facilitator: User, group_a: Group) -> None:
    cycle = cycles.cycle_open(
        user=facilitator, village=group_a.village, groups=[group_a], year=2026
    )
    assert (cycle.number, cycle.stage, cycle.status, cycle.year) == (1, 1, "open", 2026)
    assert list(cycle.groups.all()) == [group_a]
    assert cycle.opened_by == facilitator
    change = StageChange.objects.get(cycle=cycle)
    assert (change.from_stage, change.to_stage, change.by) == (None, 1, facilitator)
    assert cycle.history.count() == 1


def test_one_open_cycle_per_village(facilitator: User, cycle_a: Cycle, group_a: Group) -> None:
    refused_with(
        lambda: cycles.cycle_open(
            user=facilitator, village=group_a.village, groups=[group_a], year=2027
        ),
        "village",
        "Village: Desa Alfa already has an open cycle (number 1); close it with its review "
        "before opening another.",
    )


def test_open_refuses_groups_of_another_village_and_bad_year(
    officer: User, group_a: Group, group_b: Group
) -> None:
    refused_with(
        lambda: cycles.cycle_open(
            user=officer, village=group_a.village, groups=[group_a, group_b], year=2026
        ),
        "groups",
        "Groups: KWT Rusip Bahari is not a group of Desa Alfa.",
    )
    refused_with(
        lambda: cycles.cycle_open(user=officer, village=group_a.village, groups=[], year=2026),
        "groups",
        "Groups: choose at least one group of the village.",
    )
    refused_with(
        lambda: cycles.cycle_open(
            user=officer, village=group_a.village, groups=[group_a], year=1999
        ),
        "year",
        "Year: give a year from 2000 to 2100.",
    )


def test_open_refused_outside_the_facilitators_villages(
    facilitator: User, group_b: Group, viewer: User, group_a: Group
) -> None:
    with pytest.raises(PermissionDenied):
        cycles.cycle_open(user=facilitator, village=group_b.village, groups=[group_b], year=2026)
    with pytest.raises(PermissionDenied):
        cycles.cycle_open(user=viewer, village=group_a.village, groups=[group_a], year=2026)
    assert Cycle.objects.count() == 0


def test_advance_needs_content_and_a_held_meeting(facilitator: User, cycle_a: Cycle) -> None:
    before = rows("empowerment")
    with pytest.raises(ValidationError) as caught:
        cycles.cycle_advance(user=facilitator, cycle=cycle_a)
    assert caught.value.message_dict == {
        "stage": ["Stage 1: record at least one experience before moving on."],
        "meetings": [
            "Meetings: record the meeting held for stage 1 first (a meeting of this cycle, "
            "marked as held)."
        ],
    }
    assert changed(before, rows("empowerment")) == []


def test_a_planned_meeting_or_one_of_another_stage_does_not_count(
    facilitator: User, cycle_a: Cycle
) -> None:
    walk_to(facilitator, cycle_a, 1)
    from ovop.empowerment import services_stages

    services_stages.experience_add(user=facilitator, cycle=cycle_a, kind="empowering", text="x")
    planned = held_meeting(cycle_a, 1)
    planned.status = "planned"
    planned.save()
    held_meeting(cycle_a, 2)
    refused_with(
        lambda: cycles.cycle_advance(user=facilitator, cycle=cycle_a),
        "meetings",
        "Meetings: record the meeting held for stage 1 first (a meeting of this cycle, "
        "marked as held).",
    )


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (
            2,
            "Stage 2: record at least one reason, linked to the experiences it explains, before "
            "moving on.",
        ),
        (3, "Stage 3: choose one problem or project before moving on."),
        (4, "Stage 4: record at least one power base before moving on."),
    ],
)
def test_each_stage_needs_its_content(
    facilitator: User, cycle_a: Cycle, stage: int, message: str
) -> None:
    cycle = walk_to(facilitator, cycle_a, stage)
    held_meeting(cycle, stage)
    refused_with(lambda: cycles.cycle_advance(user=facilitator, cycle=cycle), "stage", message)


def test_the_whole_walk_and_stage_five_is_the_last(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 5)
    assert cycle.stage == Stage.ACTION_PLAN
    moves = list(StageChange.objects.filter(cycle=cycle).values_list("from_stage", "to_stage"))
    assert moves == [(None, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert cycle.history.count() == 5
    refused_with(
        lambda: cycles.cycle_advance(user=facilitator, cycle=cycle),
        "stage",
        "Stage: stage 5 is the last one; close the cycle with its review.",
    )


def test_back_one_stage_keeps_content_and_logs_who_and_why(
    facilitator: User, cycle_a: Cycle
) -> None:
    cycle = walk_to(facilitator, cycle_a, 3)
    refused_with(
        lambda: cycles.cycle_back(user=facilitator, cycle=cycle, reason="  "),
        "reason",
        "Reason: say why the cycle goes back a stage.",
    )
    cycles.cycle_back(user=facilitator, cycle=cycle, reason="Alasan belum lengkap")
    cycle.refresh_from_db()
    assert cycle.stage == 2
    assert (cycle.experiences.count(), cycle.reasons.count()) == (1, 1)
    last = StageChange.objects.filter(cycle=cycle).last()
    assert last is not None
    assert (last.from_stage, last.to_stage, last.reason, last.by) == (
        3,
        2,
        "Alasan belum lengkap",
        facilitator,
    )
    assert cycle.history.first().history_change_reason == "Alasan belum lengkap"


def test_back_from_stage_one_refused(facilitator: User, cycle_a: Cycle) -> None:
    refused_with(
        lambda: cycles.cycle_back(user=facilitator, cycle=cycle_a, reason="salah"),
        "stage",
        "Stage: the cycle is at stage 1; there is no stage before it.",
    )


def test_close_needs_stage_five_an_action_and_achievements(
    facilitator: User, cycle_a: Cycle
) -> None:
    refused_with(
        lambda: cycles.cycle_close(user=facilitator, cycle=cycle_a, achievements="x"),
        "stage",
        "Stage: the review closes a cycle at stage 5 (action plan); this one is at stage 1.",
    )
    cycle = walk_to(facilitator, cycle_a, 5)
    refused_with(
        lambda: cycles.cycle_close(user=facilitator, cycle=cycle, achievements="x"),
        "actions",
        "Actions: the action plan needs at least one action before the review.",
    )
    action(cycle, "Desain label")
    refused_with(
        lambda: cycles.cycle_close(user=facilitator, cycle=cycle, achievements=" "),
        "achievements",
        "What was achieved: write what the cycle achieved.",
    )
    refused_with(
        lambda: cycles.cycle_close(
            user=facilitator, cycle=cycle, achievements="ok", next_year=2025
        ),
        "next_year",
        "Year of the next cycle: it cannot be before 2026, the year of this cycle.",
    )


def test_close_opens_the_next_cycle_and_carries_over_unfinished_actions(
    facilitator: User, cycle_a: Cycle, group_a: Group
) -> None:
    cycle = walk_to(facilitator, cycle_a, 5)
    planned = action(cycle, "Desain label")
    going = action(cycle, "Sertifikat halal", ActionStatus.IN_PROGRESS, 40)
    action(cycle, "Pelatihan", ActionStatus.DONE, 100)
    action(cycle, "Pameran", ActionStatus.DROPPED, 10)
    following = cycles.cycle_close(
        user=facilitator, cycle=cycle, achievements="Label baru dan PIRT", next_year=2027
    )
    cycle.refresh_from_db()
    assert (cycle.status, cycle.closed_by, cycle.achievements) == (
        CycleStatus.CLOSED,
        facilitator,
        "Label baru dan PIRT",
    )
    assert cycle.closed_at is not None
    assert (following.number, following.year, following.stage, following.status) == (
        2,
        2027,
        1,
        "open",
    )
    assert following.previous == cycle
    assert list(following.groups.all()) == [group_a]
    carried = list(Action.objects.filter(cycle=following).order_by("id"))
    assert [(a.title, a.status, a.percent_done, a.cost_idr, a.carried_from) for a in carried] == [
        ("Desain label", "planned", 0, 1_500_000, planned),
        ("Sertifikat halal", "in_progress", 40, 1_500_000, going),
    ]
    assert Action.objects.filter(cycle=cycle).count() == 4
    log = StageChange.objects.filter(cycle=cycle).last()
    assert log is not None and (log.closed, log.from_stage, log.to_stage) == (True, 5, 5)
    assert list(
        StageChange.objects.filter(cycle=following).values_list("from_stage", "to_stage")
    ) == [(None, 1)]


def test_close_defaults_next_year_to_the_year_after(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 5)
    action(cycle, "Desain label", ActionStatus.DONE, 100)
    following = cycles.cycle_close(user=facilitator, cycle=cycle, achievements="Selesai")
    assert (following.year, following.number, following.actions.count()) == (2027, 2, 0)


def test_a_closed_cycle_refuses_every_move(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 5)
    action(cycle, "Desain label")
    cycles.cycle_close(user=facilitator, cycle=cycle, achievements="Selesai")
    cycle.refresh_from_db()
    message = "Cycle: this cycle is closed (reviewed) and can no longer be changed."
    refused_with(lambda: cycles.cycle_advance(user=facilitator, cycle=cycle), "cycle", message)
    refused_with(
        lambda: cycles.cycle_back(user=facilitator, cycle=cycle, reason="x"), "cycle", message
    )
    refused_with(
        lambda: cycles.cycle_close(user=facilitator, cycle=cycle, achievements="x"),
        "cycle",
        message,
    )


def test_a_stale_copy_of_a_closed_cycle_is_refused_too(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 5)
    stale = Cycle.objects.get(pk=cycle.pk)
    action(cycle, "Desain label")
    cycles.cycle_close(user=facilitator, cycle=cycle, achievements="Selesai")
    refused_with(
        lambda: cycles.cycle_back(user=facilitator, cycle=stale, reason="x"),
        "cycle",
        "Cycle: this cycle is closed (reviewed) and can no longer be changed.",
    )


@pytest.mark.parametrize("persona", ["viewer", "owner", "assessor", "facilitator"])
def test_moves_refused_to_who_may_not_change_the_village(
    request: pytest.FixtureRequest, persona: str, cycle_b: Cycle, cycle_a: Cycle
) -> None:
    user = request.getfixturevalue(persona)
    target = cycle_b if persona == "facilitator" else cycle_a
    before = rows("empowerment")
    for call in (
        lambda: cycles.cycle_advance(user=user, cycle=target),
        lambda: cycles.cycle_back(user=user, cycle=target, reason="x"),
        lambda: cycles.cycle_close(user=user, cycle=target, achievements="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert changed(before, rows("empowerment")) == []
