"""Writes of the action plan (stage 5) and of the support proposals it makes.

Every function is one use case: keyword-only arguments, one transaction, the caller's right to
change the cycle's village checked (``scope.require_writer`` and
``scope.require_change_village``: PermissionDenied otherwise), everything validated before
anything is written, a history row naming the user and the reason. A refusal is a
``ValidationError`` whose dict names the field (``title``, ``person_in_charge``, ``due_on``,
``cost_idr``, ``support``, ``status``, ``percent_done``, ``beneficiaries``, ``group``) with a
message that starts with the field's label; a refusal about the whole action (closed cycle,
wrong stage, removal) has no field.

Rules:
- actions are added while the cycle is open and at stage 5; they are edited, their progress
  updated and removed while the cycle is open (a cycle sent back to stage 4 keeps its plan);
  a closed cycle is read-only;
- status and percent agree (``progress_consistent``): "done" means 100 %; 100 % means done;
  a planned action with some progress is in progress; a dropped action keeps the percent it
  reached;
- only a planned action that was not carried over and never proposed may be removed; any
  other is dropped instead (status "dropped"), so that its history and proposal stay;
- an action asking support (``support`` not NONE), marked ``propose`` and not dropped has
  exactly one proposal, status PROPOSED, for the year after its cycle's year, kept in step
  by ``proposal_sync`` in the same transaction; otherwise its proposal (if it ever had one)
  is WITHDRAWN, never deleted, and proposed again when the action asks again.
- Carrying over: a proposal stays with the action it was made from (its request was for the
  year the carried copy runs in; the budget plan reaches it as ``carried_from.proposal``). The
  carried copy gets a proposal of its own, for its own cycle's year + 1, only when it is saved
  asking support with ``propose`` ticked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import delete_with_history, save_with_history
from ovop.core.money import format_rupiah
from ovop.empowerment.models import (
    MAX_ACTION_COST_IDR,
    Action,
    ActionStatus,
    Cycle,
    Group,
    Person,
    Stage,
    Support,
    SupportProposal,
)
from ovop.empowerment.services_proposals import (
    check_proposal_input,
    cycle_members,
    raise_errors,
    require_plan_change,
)
from ovop.empowerment.services_proposals import proposal_sync as proposal_sync

#: A due date may lie this many years before / after the cycle's year.
DUE_YEARS_BEFORE = 1
DUE_YEARS_AFTER = 5


def progress_consistent(status: str, percent_done: int) -> tuple[str, int]:
    """(status, percent) made to agree: done ⇒ 100 %; 100 % of a planned or running action
    ⇒ done; a planned action with some progress ⇒ in progress; dropped keeps its percent."""
    if status == ActionStatus.DONE:
        return ActionStatus.DONE, 100
    if status == ActionStatus.DROPPED:
        return status, percent_done
    if percent_done >= 100:
        return ActionStatus.DONE, 100
    if status == ActionStatus.PLANNED and percent_done > 0:
        return ActionStatus.IN_PROGRESS, percent_done
    return status, percent_done


# --- checks -----------------------------------------------------------------------------------


def _require_plan_stage(cycle: Cycle) -> None:
    if cycle.stage != Stage.ACTION_PLAN:
        raise ValidationError(
            _("Actions are added at stage 5 (action plan); this cycle is at stage %(stage)s.")
            % {"stage": cycle.stage}
        )


def _person_error(cycle: Cycle, person: Person | None, kept_id: int | None) -> str | None:
    if person is None:
        return _("Person in charge: choose a member of the cycle's groups.")
    if person.pk == kept_id or cycle_members(cycle).filter(pk=person.pk).exists():
        return None
    return _("Person in charge: %(name)s is not a member of this cycle's groups.") % {
        "name": person.name
    }


def _due_error(cycle: Cycle, due_on: dt.date | None) -> str | None:
    if due_on is None:
        return _("Due date: enter a date like 31/12/2027.")
    first, last = cycle.year - DUE_YEARS_BEFORE, cycle.year + DUE_YEARS_AFTER
    if not first <= due_on.year <= last:
        return _("Due date: it must fall in the years %(first)s–%(last)s of this plan.") % {
            "first": first,
            "last": last,
        }
    return None


def _cost_error(cost_idr: int | None, proposing: bool) -> str | None:
    if cost_idr is None:
        return _("Estimated cost (rupiah) is required.")
    if cost_idr < 0:
        return _("Estimated cost (rupiah) cannot be negative.")
    if cost_idr > MAX_ACTION_COST_IDR:
        return _("Estimated cost (rupiah) is too large: at most %(max)s.") % {
            "max": format_rupiah(MAX_ACTION_COST_IDR)
        }
    if proposing and cost_idr == 0:
        return _("Estimated cost (rupiah): support proposed for next year needs a cost above 0.")
    return None


def _progress_errors(status: str, percent_done: int | None) -> dict[str, str]:
    errors = {}
    if status not in ActionStatus.values:
        errors["status"] = _("Status: choose one of the options offered.")
    if percent_done is None or not 0 <= percent_done <= 100:
        errors["percent_done"] = _("Percent done must be between 0 and 100.")
    return errors


def _check_action(cycle: Cycle, data: dict[str, Any], kept_person: int | None) -> None:
    proposing = data["support"] != Support.NONE and data["propose"]
    errors: dict[str, str | None] = {
        "title": None if data["title"] else _("Action: write what will be done."),
        "person_in_charge": _person_error(cycle, data["person_in_charge"], kept_person),
        "due_on": _due_error(cycle, data["due_on"]),
        "cost_idr": _cost_error(data["cost_idr"], proposing),
    }
    if data["support"] not in Support.values:
        errors["support"] = _("Support asked from Disperindag: choose one of the options offered.")
    errors.update(_progress_errors(data["status"], data["percent_done"]))
    raise_errors(errors)


# --- actions ----------------------------------------------------------------------------------


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data, title=str(data["title"] or "").strip())
    data["propose"] = bool(data["propose"]) and data["support"] != Support.NONE
    percent = data["percent_done"]
    if data["status"] in ActionStatus.values and percent is not None and 0 <= percent <= 100:
        data["status"], data["percent_done"] = progress_consistent(
            data["status"], data["percent_done"]
        )
    return data


@transaction.atomic
def action_add(
    *,
    user: User,
    cycle: Cycle,
    title: str,
    person_in_charge: Person | None,
    due_on: dt.date | None,
    cost_idr: int | None,
    support: str = Support.NONE,
    propose: bool = False,
    status: str = ActionStatus.PLANNED,
    percent_done: int = 0,
    beneficiaries: Sequence[Person] | None = None,
    group: Group | None = None,
) -> Action:
    """Add an action to the plan of ``cycle`` (open, at stage 5); with support asked and
    ``propose``, its proposal too (``beneficiaries``: the members it benefits, all members of
    the cycle's groups when None; ``group``: the proposal's group, the cycle's first when
    None)."""
    require_plan_change(user, cycle)
    _require_plan_stage(cycle)
    data = _normalised(
        {
            "title": title,
            "person_in_charge": person_in_charge,
            "due_on": due_on,
            "cost_idr": cost_idr,
            "support": support,
            "propose": propose,
            "status": status,
            "percent_done": percent_done,
        }
    )
    _check_action(cycle, data, kept_person=None)
    proposing = data["propose"] and data["status"] != ActionStatus.DROPPED
    check_proposal_input(None, cycle, beneficiaries, group, proposing)
    action = Action(cycle=cycle, **data)
    save_with_history(action, user=user, reason="created")
    proposal_sync(user=user, action=action, beneficiaries=beneficiaries, group=group)
    return action


@transaction.atomic
def action_update(
    *,
    user: User,
    action: Action,
    title: str,
    person_in_charge: Person | None,
    due_on: dt.date | None,
    cost_idr: int | None,
    support: str,
    propose: bool,
    status: str,
    percent_done: int,
    beneficiaries: Sequence[Person] | None = None,
    group: Group | None = None,
) -> Action:
    """Change every field of ``action`` (its cycle open); its proposal follows."""
    cycle = action.cycle
    require_plan_change(user, cycle)
    data = _normalised(
        {
            "title": title,
            "person_in_charge": person_in_charge,
            "due_on": due_on,
            "cost_idr": cost_idr,
            "support": support,
            "propose": propose,
            "status": status,
            "percent_done": percent_done,
        }
    )
    _check_action(cycle, data, kept_person=action.person_in_charge_id)
    proposing = data["propose"] and data["status"] != ActionStatus.DROPPED
    check_proposal_input(action, cycle, beneficiaries, group, proposing)
    for key, value in data.items():
        setattr(action, key, value)
    save_with_history(action, user=user, reason="edited")
    proposal_sync(user=user, action=action, beneficiaries=beneficiaries, group=group)
    return action


@transaction.atomic
def action_progress(*, user: User, action: Action, status: str, percent_done: int) -> Action:
    """Record how far ``action`` has got (the quick form): status and percent, made to agree
    by ``progress_consistent``; a dropped action's proposal is withdrawn, and proposed again
    when the action is taken up again."""
    require_plan_change(user, action.cycle)
    raise_errors(dict(_progress_errors(status, percent_done)))
    action.status, action.percent_done = progress_consistent(status, percent_done)
    save_with_history(action, user=user, reason="progress updated")
    proposal_sync(user=user, action=action)
    return action


def _removal_error(action: Action) -> str | None:
    if action.carried_from_id is not None or action.carried_to.exists():
        return _("An action carried over between cycles cannot be removed; drop it instead.")
    if action.status != ActionStatus.PLANNED:
        return _("Only a planned action can be removed; drop it instead.")
    if SupportProposal.objects.filter(action=action).exists():
        return _(
            "An action that was proposed for support cannot be removed (its proposal is kept); "
            "drop it instead."
        )
    return None


@transaction.atomic
def action_remove(*, user: User, action: Action, reason: str = "removed") -> None:
    """Remove ``action`` (planned, not carried over, never proposed); history keeps it."""
    require_plan_change(user, action.cycle)
    error = _removal_error(action)
    if error:
        raise ValidationError(error)
    delete_with_history(action, user=user, reason=reason or "removed")
