"""What stages 1–4 hold, through the services: added only once the stage is reached, each
field checked with a message naming it, removals that would undo a passed stage refused, and
nothing at all written to a closed cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ovop.accounts.models import User
from ovop.empowerment import services_cycles as cycles
from ovop.empowerment import services_stages as stages
from ovop.empowerment import services_stages_plan as plan
from ovop.empowerment.models import Cycle, Group, Person, Problem, Stage, Theme
from ovop.programme.models import Programme
from ovop.selection.models import SelectionRound
from tests.empowerment.cycle_helpers import action, held_meeting, walk_to
from tests.refusals import changed, rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refused_with(call: Callable[[], Any], field: str, message: str) -> None:
    before = rows("empowerment")
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.message_dict[field] == [message]
    assert changed(before, rows("empowerment")) == []


# --- stage reached -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda u, c: stages.reason_add(user=u, cycle=c, text="x", experiences=[]),
            "Reasons: the cycle is at stage 1; they are recorded from stage 2 on.",
        ),
        (
            lambda u, c: plan.problem_add(user=u, cycle=c, kind="problem", title="x"),
            "Problems and projects: the cycle is at stage 1; they are recorded from stage 3 on.",
        ),
        (
            lambda u, c: plan.power_base_add(
                user=u, cycle=c, kind="skills", description="x", holder="y"
            ),
            "Power bases: the cycle is at stage 1; they are recorded from stage 4 on.",
        ),
    ],
    ids=["reason", "problem", "power_base"],
)
def test_content_waits_for_its_stage(
    facilitator: User, cycle_a: Cycle, call: Callable[..., Any], message: str
) -> None:
    refused_with(lambda: call(facilitator, cycle_a), "stage", message)


# --- stage 1 -----------------------------------------------------------------------------------


def test_experience_fields_checked(facilitator: User, cycle_a: Cycle, cycle_b: Cycle) -> None:
    refused_with(
        lambda: stages.experience_add(user=facilitator, cycle=cycle_a, kind="bad", text="x"),
        "kind",
        "Kind: choose one of the list.",
    )
    refused_with(
        lambda: stages.experience_add(user=facilitator, cycle=cycle_a, kind="empowering", text=""),
        "text",
        "What happened: this cannot be empty.",
    )
    refused_with(
        lambda: stages.experience_add(
            user=facilitator, cycle=cycle_a, kind="empowering", text="a" * 501
        ),
        "text",
        "What happened: at most 500 characters (it has 501).",
    )
    other = held_meeting(cycle_b, 1)
    refused_with(
        lambda: stages.experience_add(
            user=facilitator, cycle=cycle_a, kind="empowering", text="x", meeting=other
        ),
        "meeting",
        "Meeting: choose a meeting of this cycle.",
    )
    old = Theme.objects.create(
        code="lama", name_id="Lama", name_en="Old", archived_at=timezone.now()
    )
    refused_with(
        lambda: stages.experience_add(
            user=facilitator, cycle=cycle_a, kind="empowering", text="x", themes=[old]
        ),
        "themes",
        "Themes: “Old” is archived; choose among the active themes.",
    )


def test_experience_add_update_remove(facilitator: User, cycle_a: Cycle) -> None:
    market = Theme.objects.create(code="pasar-uji", name_id="Pasar", name_en="Market")
    meeting = held_meeting(cycle_a, 1)
    experience = stages.experience_add(
        user=facilitator,
        cycle=cycle_a,
        kind="depowering",
        text=" Harga jatuh ",
        themes=[market],
        meeting=meeting,
    )
    assert (experience.text, experience.meeting, list(experience.themes.all())) == (
        "Harga jatuh",
        meeting,
        [market],
    )
    stages.experience_update(
        user=facilitator, experience=experience, kind="empowering", text="Pembeli baru"
    )
    experience.refresh_from_db()
    assert (experience.kind, experience.text, experience.meeting) == (
        "empowering",
        "Pembeli baru",
        None,
    )
    assert experience.themes.count() == 0
    reasons = {v.history_change_reason for v in experience.history.all()}
    assert {"added", "edited"} <= reasons
    stages.experience_remove(user=facilitator, experience=experience)
    assert cycle_a.experiences.count() == 0


def test_an_archived_theme_already_on_an_experience_may_stay(
    facilitator: User, cycle_a: Cycle
) -> None:
    theme = Theme.objects.create(code="cuaca-uji", name_id="Cuaca", name_en="Weather")
    experience = stages.experience_add(
        user=facilitator, cycle=cycle_a, kind="depowering", text="Hujan", themes=[theme]
    )
    Theme.objects.filter(pk=theme.pk).update(archived_at="2026-01-01T00:00:00Z")
    theme.refresh_from_db()
    stages.experience_update(
        user=facilitator,
        experience=experience,
        kind="depowering",
        text="Hujan deras",
        themes=[theme],
    )
    assert list(experience.themes.all()) == [theme]


def test_removing_the_only_experience_of_a_reason_is_refused(
    facilitator: User, cycle_a: Cycle
) -> None:
    cycle = walk_to(facilitator, cycle_a, 2)
    experience = cycle.experiences.get()
    stages.reason_add(
        user=facilitator, cycle=cycle, text="Tidak ada gudang", experiences=[experience]
    )
    refused_with(
        lambda: stages.experience_remove(user=facilitator, experience=experience),
        "experience",
        "Experience: it is the only experience the reason “Tidak ada gudang” explains; link "
        "that reason to another experience or remove it first.",
    )


def test_the_last_experience_of_a_cycle_past_stage_one_stays(
    facilitator: User, cycle_a: Cycle
) -> None:
    cycle = walk_to(facilitator, cycle_a, 2)
    refused_with(
        lambda: stages.experience_remove(user=facilitator, experience=cycle.experiences.get()),
        "experience",
        "Experience: it is the last one the cycle needed to pass stage 1; go back to stage 1 "
        "first.",
    )


# --- stage 2 -----------------------------------------------------------------------------------


def test_reason_needs_experiences_of_this_cycle(
    facilitator: User, officer: User, cycle_a: Cycle, cycle_b: Cycle
) -> None:
    cycle = walk_to(facilitator, cycle_a, 2)
    refused_with(
        lambda: stages.reason_add(user=facilitator, cycle=cycle, text="x", experiences=[]),
        "experiences",
        "Experiences explained: choose at least one experience of this cycle.",
    )
    foreign = stages.experience_add(user=officer, cycle=cycle_b, kind="empowering", text="Lain")
    refused_with(
        lambda: stages.reason_add(user=facilitator, cycle=cycle, text="x", experiences=[foreign]),
        "experiences",
        "Experiences explained: “Lain” is not an experience of this cycle.",
    )
    reason = stages.reason_add(
        user=facilitator, cycle=cycle, text="Sebab", experiences=list(cycle.experiences.all())
    )
    refused_with(
        lambda: stages.reason_update(user=facilitator, reason=reason, text="x", experiences=[]),
        "experiences",
        "Experiences explained: choose at least one experience of this cycle.",
    )
    stages.reason_update(
        user=facilitator,
        reason=reason,
        text="Sebab lain",
        experiences=list(cycle.experiences.all()),
    )
    reason.refresh_from_db()
    assert reason.text == "Sebab lain"
    stages.reason_remove(user=facilitator, reason=reason)
    assert cycle.reasons.count() == 0


def test_last_reason_of_a_cycle_past_stage_two_stays(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 3)
    refused_with(
        lambda: stages.reason_remove(user=facilitator, reason=cycle.reasons.get()),
        "reason",
        "Reason: it is the last one the cycle needed to pass stage 2; go back to stage 2 first.",
    )


# --- stage 3 -----------------------------------------------------------------------------------


def test_votes_from_zero_to_the_members_present(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 3)
    refused_with(
        lambda: plan.problem_add(user=facilitator, cycle=cycle, kind="problem", title="x", votes=5),
        "votes",
        "Votes: from 0 to 4, the number of members present.",
    )
    held_meeting(cycle, 3, present=3)
    refused_with(
        lambda: plan.problem_add(user=facilitator, cycle=cycle, kind="problem", title="x", votes=4),
        "votes",
        "Votes: from 0 to 3, the number of members present.",
    )
    problem = plan.problem_add(
        user=facilitator, cycle=cycle, kind="project", title="Rumah produksi", votes=3
    )
    assert (problem.votes, problem.kind, problem.chosen) == (3, "project", False)


def test_choosing_replaces_the_chosen_one(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 3)
    first = plan.problem_add(user=facilitator, cycle=cycle, kind="problem", title="Kemasan")
    second = plan.problem_add(user=facilitator, cycle=cycle, kind="project", title="Gudang")
    plan.problem_choose(user=facilitator, problem=first)
    plan.problem_choose(user=facilitator, problem=second)
    assert list(Problem.objects.filter(cycle=cycle, chosen=True)) == [second]
    first.refresh_from_db()
    assert first.chosen is False


def test_chosen_problem_stays_past_stage_three(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 4)
    chosen = cycle.problems.get(chosen=True)
    refused_with(
        lambda: plan.problem_remove(user=facilitator, problem=chosen),
        "problem",
        "Problem or project: it is the last one the cycle needed to pass stage 3; go back to "
        "stage 3 first.",
    )


def test_selection_round_of_the_same_village(
    facilitator: User, cycle_a: Cycle, programme: Programme, village_b: Any
) -> None:
    cycle = walk_to(facilitator, cycle_a, 3)
    here = SelectionRound.objects.create(
        title="Pilih produk",
        programme=programme,
        area=cycle.village,
        year=2026,
        created_by=facilitator,
    )
    there = SelectionRound.objects.create(
        title="Lain", programme=programme, area=village_b, year=2026, created_by=facilitator
    )
    refused_with(
        lambda: plan.problem_add(
            user=facilitator, cycle=cycle, kind="problem", title="Produk", selection_round=there
        ),
        "selection_round",
        "Product selection round: choose a round of Desa Alfa.",
    )
    problem = plan.problem_add(
        user=facilitator, cycle=cycle, kind="problem", title="Produk", selection_round=here
    )
    assert problem.selection_round == here


# --- stage 4 -----------------------------------------------------------------------------------


def test_power_base_holder(
    facilitator: User, cycle_a: Cycle, group_b: Group, group_a: Group
) -> None:
    cycle = walk_to(facilitator, cycle_a, 4)
    refused_with(
        lambda: plan.power_base_add(
            user=facilitator, cycle=cycle, kind="skills", description="Menjahit"
        ),
        "holder",
        "Held by: name who holds it, or choose the member who does.",
    )
    yanti = Person.objects.get(name="Yanti")
    refused_with(
        lambda: plan.power_base_add(
            user=facilitator,
            cycle=cycle,
            kind="skills",
            description="Menjahit",
            holder_person=yanti,
        ),
        "holder_person",
        "Member who holds it: Yanti is not a member of this cycle's groups.",
    )
    siti = Person.objects.get(name="Siti Aminah")
    base = plan.power_base_add(
        user=facilitator, cycle=cycle, kind="skills", description="Menjahit", holder_person=siti
    )
    assert (base.holder_person, base.holder) == (siti, "")
    plan.power_base_update(
        user=facilitator, power_base=base, kind="funding", description="Dana Desa", holder="Pemdes"
    )
    base.refresh_from_db()
    assert (base.kind, base.description, base.holder, base.holder_person) == (
        "funding",
        "Dana Desa",
        "Pemdes",
        None,
    )
    plan.power_base_remove(user=facilitator, power_base=base)
    assert cycle.power_bases.count() == 0


def test_last_power_base_stays_at_stage_five(facilitator: User, cycle_a: Cycle) -> None:
    cycle = walk_to(facilitator, cycle_a, 5)
    refused_with(
        lambda: plan.power_base_remove(user=facilitator, power_base=cycle.power_bases.get()),
        "power_base",
        "Power base: it is the last one the cycle needed to pass stage 4; go back to stage 4 "
        "first.",
    )


# --- closed cycle, roles -------------------------------------------------------------------------


def _closed(user: User, cycle: Cycle) -> Cycle:
    cycle = walk_to(user, cycle, 5)
    action(cycle, "Desain label")
    cycles.cycle_close(user=user, cycle=cycle, achievements="Selesai")
    cycle.refresh_from_db()
    return cycle


def test_closed_cycle_refuses_every_content_write(facilitator: User, cycle_a: Cycle) -> None:
    cycle = _closed(facilitator, cycle_a)
    u = facilitator
    e, r = cycle.experiences.get(), cycle.reasons.get()
    p, b = cycle.problems.get(), cycle.power_bases.get()
    calls = [
        lambda: stages.experience_add(user=u, cycle=cycle, kind="empowering", text="x"),
        lambda: stages.experience_update(user=u, experience=e, kind="empowering", text="x"),
        lambda: stages.experience_remove(user=u, experience=e),
        lambda: stages.reason_add(user=u, cycle=cycle, text="x", experiences=[e]),
        lambda: stages.reason_update(user=u, reason=r, text="x", experiences=[e]),
        lambda: stages.reason_remove(user=u, reason=r),
        lambda: plan.problem_add(user=u, cycle=cycle, kind="problem", title="x"),
        lambda: plan.problem_update(user=u, problem=p, kind="problem", title="x"),
        lambda: plan.problem_choose(user=u, problem=p),
        lambda: plan.problem_remove(user=u, problem=p),
        lambda: plan.power_base_add(
            user=u, cycle=cycle, kind="skills", description="x", holder="y"
        ),
        lambda: plan.power_base_update(
            user=u, power_base=b, kind="skills", description="x", holder="y"
        ),
        lambda: plan.power_base_remove(user=u, power_base=b),
    ]
    for call in calls:
        refused_with(
            call, "cycle", "Cycle: this cycle is closed (reviewed) and can no longer be changed."
        )


@pytest.mark.parametrize("persona", ["viewer", "owner", "assessor", "outsider"])
def test_content_refused_to_who_may_not_change(
    request: pytest.FixtureRequest, persona: str, facilitator: User, cycle_a: Cycle
) -> None:
    cycle = walk_to(facilitator, cycle_a, Stage.POWER_BASES)
    user = request.getfixturevalue(persona)
    before = rows("empowerment")
    for call in (
        lambda: stages.experience_add(user=user, cycle=cycle, kind="empowering", text="x"),
        lambda: stages.experience_remove(user=user, experience=cycle.experiences.get()),
        lambda: plan.problem_choose(user=user, problem=cycle.problems.get()),
        lambda: plan.power_base_add(
            user=user, cycle=cycle, kind="skills", description="x", holder="y"
        ),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert changed(before, rows("empowerment")) == []
