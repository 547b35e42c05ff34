"""The action plan's services: rules, proposals kept in step, refusals that write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ovop.accounts.models import User
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Cycle,
    CycleStatus,
    Group,
    Person,
    ProposalStatus,
    Stage,
    Support,
    SupportProposal,
)
from ovop.empowerment.services_actions import (
    action_add,
    action_progress,
    action_remove,
    action_update,
    progress_consistent,
)
from ovop.empowerment.services_proposals import proposal_sync
from tests.refusals import changed, rows

DUE = dt.date(2026, 9, 30)


@pytest.fixture
def plan_cycle(cycle_a: Cycle) -> Cycle:
    cycle_a.stage = Stage.ACTION_PLAN
    cycle_a.save()
    return cycle_a


def person(name: str) -> Person:
    return Person.objects.get(name=name)


def add(user: User, cycle: Cycle, **extra: object) -> Action:
    values: dict[str, object] = {"title": "Kemasan baru madu", "due_on": DUE, "cost_idr": 1_500_000}
    values.update(extra)
    if "person_in_charge" not in values:
        values["person_in_charge"] = person("Siti Aminah")
    return action_add(user=user, cycle=cycle, **values)  # type: ignore[arg-type]


def update(user: User, action: Action, **changes: object) -> Action:
    values: dict[str, object] = {
        name: getattr(action, name)
        for name in ("title", "due_on", "cost_idr", "support", "propose", "status")
    }
    values["percent_done"] = action.percent_done
    values["person_in_charge"] = action.person_in_charge
    values.update(changes)
    return action_update(user=user, action=action, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "percent", "expected"),
    [
        (ActionStatus.DONE, 40, (ActionStatus.DONE, 100)),
        (ActionStatus.PLANNED, 100, (ActionStatus.DONE, 100)),
        (ActionStatus.IN_PROGRESS, 100, (ActionStatus.DONE, 100)),
        (ActionStatus.PLANNED, 30, (ActionStatus.IN_PROGRESS, 30)),
        (ActionStatus.PLANNED, 0, (ActionStatus.PLANNED, 0)),
        (ActionStatus.IN_PROGRESS, 0, (ActionStatus.IN_PROGRESS, 0)),
        (ActionStatus.DROPPED, 100, (ActionStatus.DROPPED, 100)),
        (ActionStatus.DROPPED, 20, (ActionStatus.DROPPED, 20)),
    ],
)
def test_status_and_percent_agree(status: str, percent: int, expected: tuple[str, int]) -> None:
    assert progress_consistent(status, percent) == expected


def test_add_without_support_makes_no_proposal(facilitator: User, plan_cycle: Cycle) -> None:
    action = add(facilitator, plan_cycle, status=ActionStatus.DONE, percent_done=10)
    assert (action.status, action.percent_done) == (ActionStatus.DONE, 100)
    assert action.history.get().history_user == facilitator
    assert not SupportProposal.objects.exists()


def test_proposal_created_with_members_and_counts(
    facilitator: User, plan_cycle: Cycle, group_a: Group
) -> None:
    action = add(facilitator, plan_cycle, support=Support.PACKAGING, propose=True)
    proposal = SupportProposal.objects.get()
    assert proposal.action == action
    assert (proposal.support, proposal.cost_idr, proposal.for_year) == (
        Support.PACKAGING,
        1_500_000,
        2027,
    )
    assert (proposal.village, proposal.group, proposal.status) == (
        plan_cycle.village,
        group_a,
        ProposalStatus.PROPOSED,
    )
    assert sorted(p.name for p in proposal.beneficiaries.all()) == [
        "Budi Santoso",
        "Pak Owner",
        "Rina Lestari",
        "Siti Aminah",
    ]
    assert (proposal.beneficiaries_female, proposal.beneficiaries_male) == (2, 2)


def test_narrowed_beneficiaries(facilitator: User, plan_cycle: Cycle) -> None:
    women = [person("Siti Aminah"), person("Rina Lestari")]
    add(facilitator, plan_cycle, support=Support.TRAINING, propose=True, beneficiaries=women)
    proposal = SupportProposal.objects.get()
    assert (proposal.beneficiaries_female, proposal.beneficiaries_male) == (2, 0)
    assert set(proposal.beneficiaries.all()) == set(women)


def test_withdraw_and_propose_again_never_deletes(facilitator: User, plan_cycle: Cycle) -> None:
    action = add(facilitator, plan_cycle, support=Support.EQUIPMENT, propose=True)
    first = SupportProposal.objects.get()
    action = update(facilitator, action, propose=False)
    withdrawn = SupportProposal.objects.get()
    assert (withdrawn.pk, withdrawn.status) == (first.pk, ProposalStatus.WITHDRAWN)
    assert action.propose is False
    action = update(facilitator, action, propose=True, cost_idr=2_000_000)
    again = SupportProposal.objects.get()
    assert (again.pk, again.status, again.cost_idr) == (
        first.pk,
        ProposalStatus.PROPOSED,
        2_000_000,
    )
    update(facilitator, action, support=Support.NONE)
    assert SupportProposal.objects.get().status == ProposalStatus.WITHDRAWN
    reasons = [h.history_change_reason for h in again.history.order_by("history_id")]
    assert reasons == ["proposed", "withdrawn", "proposed again", "withdrawn"]


def test_dropping_withdraws_and_taking_up_proposes_again(
    facilitator: User, plan_cycle: Cycle
) -> None:
    action = add(facilitator, plan_cycle, support=Support.MENTORING, propose=True)
    action_progress(user=facilitator, action=action, status=ActionStatus.DROPPED, percent_done=0)
    assert SupportProposal.objects.get().status == ProposalStatus.WITHDRAWN
    action_progress(
        user=facilitator, action=action, status=ActionStatus.IN_PROGRESS, percent_done=40
    )
    assert SupportProposal.objects.get().status == ProposalStatus.PROPOSED


def test_progress_rule_in_the_service(facilitator: User, plan_cycle: Cycle) -> None:
    action = add(facilitator, plan_cycle)
    action_progress(user=facilitator, action=action, status=ActionStatus.PLANNED, percent_done=100)
    action.refresh_from_db()
    assert (action.status, action.percent_done) == (ActionStatus.DONE, 100)


def test_proposal_follows_a_chosen_group(
    facilitator: User, plan_cycle: Cycle, group_a: Group
) -> None:
    other = Group.objects.create(name="KWT Melati", kind="women", village=plan_cycle.village)
    plan_cycle.groups.add(other)
    add(facilitator, plan_cycle, support=Support.PROMOTION, propose=True, group=other)
    assert SupportProposal.objects.get().group == other


def test_zero_cost_cannot_be_proposed(facilitator: User, plan_cycle: Cycle) -> None:
    before = rows("empowerment")
    with pytest.raises(ValidationError) as caught:
        add(facilitator, plan_cycle, cost_idr=0, support=Support.TRAINING, propose=True)
    assert "cost_idr" in caught.value.message_dict
    assert changed(before, rows("empowerment")) == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cost_idr": -5}, "cost_idr", "Estimated cost (rupiah) cannot be negative."),
        ({"cost_idr": None}, "cost_idr", "Estimated cost (rupiah) is required."),
        (
            {"cost_idr": 10_000_000_001},
            "cost_idr",
            "Estimated cost (rupiah) is too large: at most Rp 10.000.000.000.",
        ),
        ({"percent_done": 150}, "percent_done", "Percent done must be between 0 and 100."),
        ({"title": "  "}, "title", "Action: write what will be done."),
        ({"due_on": None}, "due_on", "Due date: enter a date like 31/12/2027."),
        (
            {"due_on": dt.date(2040, 1, 1)},
            "due_on",
            "Due date: it must fall in the years 2025–2031 of this plan.",
        ),
        ({"status": "lost"}, "status", "Status: choose one of the options offered."),
        (
            {"support": "money"},
            "support",
            "Support asked from Disperindag: choose one of the options offered.",
        ),
    ],
)
def test_bad_input_refused_nothing_written(
    english: None,
    facilitator: User,
    plan_cycle: Cycle,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = rows("empowerment")
    with pytest.raises(ValidationError) as caught:
        add(facilitator, plan_cycle, **changes)
    assert caught.value.message_dict[field] == [message]
    assert changed(before, rows("empowerment")) == []


def test_person_of_another_group_refused(
    english: None, facilitator: User, plan_cycle: Cycle, group_b: Group
) -> None:
    before = rows("empowerment")
    with pytest.raises(ValidationError) as caught:
        add(facilitator, plan_cycle, person_in_charge=person("Yanti"))
    assert caught.value.message_dict["person_in_charge"] == [
        "Person in charge: Yanti is not a member of this cycle's groups."
    ]
    with pytest.raises(ValidationError) as caught:
        add(
            facilitator,
            plan_cycle,
            support=Support.TRAINING,
            propose=True,
            beneficiaries=[person("Yanti")],
        )
    assert caught.value.message_dict["beneficiaries"] == [
        "Beneficiaries: Yanti are not members of this cycle's groups."
    ]
    assert changed(before, rows("empowerment")) == []


def test_update_refusal_leaves_action_and_proposal(facilitator: User, plan_cycle: Cycle) -> None:
    action = add(facilitator, plan_cycle, support=Support.TRAINING, propose=True)
    before = rows("empowerment")
    with pytest.raises(ValidationError):
        update(facilitator, action, cost_idr=-1, propose=False)
    assert changed(before, rows("empowerment")) == []


def test_add_needs_stage_five(english: None, facilitator: User, cycle_a: Cycle) -> None:
    with pytest.raises(ValidationError, match="stage 5"):
        add(facilitator, cycle_a)
    assert not Action.objects.exists()


def test_closed_cycle_is_read_only(english: None, facilitator: User, plan_cycle: Cycle) -> None:
    action = add(facilitator, plan_cycle)
    Cycle.objects.filter(pk=plan_cycle.pk).update(status=CycleStatus.CLOSED)
    action.refresh_from_db()
    before = rows("empowerment")
    for attempt in (
        lambda: add(facilitator, action.cycle),
        lambda: update(facilitator, action, title="Other"),
        lambda: action_progress(
            user=facilitator, action=action, status=ActionStatus.DONE, percent_done=100
        ),
        lambda: action_remove(user=facilitator, action=action),
    ):
        with pytest.raises(ValidationError, match="closed"):
            attempt()
    assert changed(before, rows("empowerment")) == []


@pytest.mark.parametrize("persona", ["viewer", "owner", "assessor", "outsider"])
def test_readers_and_strangers_cannot_write(
    request: pytest.FixtureRequest, persona: str, officer: User, plan_cycle: Cycle
) -> None:
    action = add(officer, plan_cycle)
    user = request.getfixturevalue(persona)
    before = rows("empowerment")
    with pytest.raises(PermissionDenied):
        add(user, plan_cycle)
    with pytest.raises(PermissionDenied):
        action_progress(user=user, action=action, status=ActionStatus.DONE, percent_done=100)
    with pytest.raises(PermissionDenied):
        proposal_sync(user=user, action=action)
    assert changed(before, rows("empowerment")) == []


def test_facilitator_of_another_village_cannot_write(
    facilitator: User, officer: User, cycle_b: Cycle
) -> None:
    cycle_b.stage = Stage.ACTION_PLAN
    cycle_b.save()
    action = add(officer, cycle_b, person_in_charge=person("Yanti"))
    with pytest.raises(PermissionDenied):
        add(facilitator, cycle_b, person_in_charge=person("Yanti"))
    with pytest.raises(PermissionDenied):
        action_remove(user=facilitator, action=action)
    assert Action.objects.count() == 1


def test_remove_only_planned_never_proposed(
    english: None, facilitator: User, plan_cycle: Cycle
) -> None:
    planned = add(facilitator, plan_cycle)
    action_remove(user=facilitator, action=planned)
    assert not Action.objects.exists()
    assert Action.history.filter(history_type="-").count() == 1
    running = add(facilitator, plan_cycle, percent_done=20)
    proposed = add(facilitator, plan_cycle, support=Support.TRAINING, propose=True)
    update(facilitator, proposed, propose=False)
    before = rows("empowerment")
    for action, words in ((running, "Only a planned"), (proposed, "proposed for support")):
        with pytest.raises(ValidationError, match=words):
            action_remove(user=facilitator, action=action)
    assert changed(before, rows("empowerment")) == []


def test_carried_action_keeps_its_proposal_link(
    english: None, facilitator: User, plan_cycle: Cycle, group_a: Group
) -> None:
    original = add(facilitator, plan_cycle, support=Support.TRAINING, propose=True)
    following = Cycle.objects.create(village=plan_cycle.village, year=2027, number=2)
    following.groups.add(group_a)
    copy = Action.objects.create(
        cycle=following,
        title=original.title,
        person_in_charge=original.person_in_charge,
        due_on=original.due_on,
        cost_idr=original.cost_idr,
        support=original.support,
        carried_from=original,
    )
    Cycle.objects.filter(pk=plan_cycle.pk).update(status=CycleStatus.CLOSED)
    with pytest.raises(ValidationError, match="carried over"):
        action_remove(user=facilitator, action=copy)
    assert SupportProposal.objects.get().action == original
    update(facilitator, copy, propose=True)
    proposals = SupportProposal.objects.order_by("for_year")
    assert [(p.action_id, p.for_year) for p in proposals] == [
        (original.pk, 2027),
        (copy.pk, 2028),
    ]
