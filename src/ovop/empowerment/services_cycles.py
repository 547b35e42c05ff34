"""Writes of Hogan's cycle: open it, move it through the five stages, close it with the review
and open the next one, carrying over the unfinished actions.

Signatures (the API calls these; every argument keyword-only):

- ``cycle_open(*, user, village, groups, year) -> Cycle``
- ``cycle_advance(*, user, cycle) -> Cycle``
- ``cycle_back(*, user, cycle, reason) -> Cycle``
- ``cycle_close_check(*, user, cycle, achievements, next_year=None) -> int`` (the next year)
- ``cycle_close(*, user, cycle, achievements, next_year=None) -> Cycle`` (the NEXT cycle)
- ``cycle_require_writable(*, user, cycle) -> None`` (shared with the stage content services)

Each one raises ``PermissionDenied`` when ``user`` may not change the cycle's village
(``scope.require_change_village``) and ``ValidationError`` with a dict naming the field
("stage", "meetings", "reason", "achievements", "next_year", "groups", "year", "village",
"actions", "cycle") when a rule refuses; it validates everything before it writes and runs in
one transaction, so a refusal leaves every row as it was. Every move is a ``StageChange`` row
and a history row of the cycle, naming the user.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Cycle,
    CycleStatus,
    Experience,
    Group,
    Meeting,
    MeetingStatus,
    PowerBase,
    Problem,
    Reason,
    Stage,
    StageChange,
)
from ovop.empowerment.scope import require_change_village
from ovop.regions.models import Level, Region

FIRST_YEAR, LAST_YEAR = 2000, 2100
#: StageChange.reason holds at most this many characters.
BACK_REASON_MAX_LENGTH = 500


def cycle_require_writable(*, user: User, cycle: Cycle) -> None:
    """Refuse (PermissionDenied) a user who may not change the cycle's village, and
    (ValidationError) any change to a closed cycle."""
    require_change_village(user, cycle.village_id)
    if cycle.is_closed:
        raise ValidationError(
            {"cycle": _("Cycle: this cycle is closed (reviewed) and can no longer be changed.")}
        )


def _lock(cycle: Cycle) -> None:
    """Lock the cycle's row for this transaction and read it again (another page may have
    moved it since it was read)."""
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    cycle.refresh_from_db()


def _check_year(year: int | None, field: str, label: str) -> int:
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            {
                field: _("%(label)s: give a year from %(first)s to %(last)s.")
                % {"label": label, "first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )
    return year


def _check_groups(village: Region, groups: list[Group]) -> None:
    if village.level != Level.VILLAGE:
        raise ValidationError(
            {"village": _("Village: %(name)s is not a village.") % {"name": village.name}}
        )
    if not groups:
        raise ValidationError({"groups": _("Groups: choose at least one group of the village.")})
    for group in groups:
        if group.village_id != village.pk:
            raise ValidationError(
                {
                    "groups": _("Groups: %(group)s is not a group of %(village)s.")
                    % {"group": group.name, "village": village.name}
                }
            )
        if group.archived_at is not None:
            raise ValidationError(
                {"groups": _("Groups: %(group)s is archived.") % {"group": group.name}}
            )


def _new_cycle(
    *, user: User, village: Region, groups: list[Group], year: int, previous: Cycle | None
) -> Cycle:
    last = Cycle.objects.filter(village=village).aggregate(n=Max("number"))["n"] or 0
    cycle = Cycle(village=village, year=year, number=last + 1, previous=previous, opened_by=user)
    save_with_history(cycle, user=user, reason="opened")
    cycle.groups.set(groups)
    StageChange.objects.create(cycle=cycle, from_stage=None, to_stage=Stage.EXPERIENCES, by=user)
    return cycle


@transaction.atomic
def cycle_open(*, user: User, village: Region, groups: Iterable[Group], year: int) -> Cycle:
    """Open the village's next cycle for ``groups`` (all of ``village``) and ``year``, at
    stage 1; refused while the village has an open cycle."""
    require_change_village(user, village.pk)
    chosen = list(groups)
    _check_groups(village, chosen)
    _check_year(year, "year", _("Year"))
    open_cycle = Cycle.objects.filter(village=village, status=CycleStatus.OPEN).first()
    if open_cycle is not None:
        raise ValidationError(
            {
                "village": _(
                    "Village: %(village)s already has an open cycle (number %(number)s); "
                    "close it with its review before opening another."
                )
                % {"village": village.name, "number": open_cycle.number}
            }
        )
    latest = Cycle.objects.filter(village=village, next_cycle__isnull=True).order_by("-number")
    return _new_cycle(user=user, village=village, groups=chosen, year=year, previous=latest.first())


def _content_missing(cycle: Cycle) -> str:
    """What the current stage still lacks before the cycle may move on ("" when nothing)."""
    stage = cycle.stage
    if stage == Stage.EXPERIENCES and not Experience.objects.filter(cycle=cycle).exists():
        return _("Stage 1: record at least one experience before moving on.")
    if (
        stage == Stage.REASONS
        and not Reason.objects.filter(cycle=cycle, experiences__isnull=False).exists()
    ):
        return _(
            "Stage 2: record at least one reason, linked to the experiences it explains, "
            "before moving on."
        )
    if stage == Stage.PROBLEM and not Problem.objects.filter(cycle=cycle, chosen=True).exists():
        return _("Stage 3: choose one problem or project before moving on.")
    if stage == Stage.POWER_BASES and not PowerBase.objects.filter(cycle=cycle).exists():
        return _("Stage 4: record at least one power base before moving on.")
    return ""


def held_meeting_exists(cycle: Cycle, stage: int) -> bool:
    """Whether a meeting of ``cycle`` for ``stage`` is recorded as held."""
    return Meeting.objects.filter(cycle=cycle, stage=stage, status=MeetingStatus.HELD).exists()


@transaction.atomic
def cycle_advance(*, user: User, cycle: Cycle) -> Cycle:
    """Move ``cycle`` to the next stage: the current stage needs its content and a held
    meeting of this cycle recorded for it."""
    cycle_require_writable(user=user, cycle=cycle)
    _lock(cycle)
    cycle_require_writable(user=user, cycle=cycle)
    if cycle.stage >= Stage.ACTION_PLAN:
        raise ValidationError(
            {"stage": _("Stage: stage 5 is the last one; close the cycle with its review.")}
        )
    errors: dict[str, str] = {}
    missing = _content_missing(cycle)
    if missing:
        errors["stage"] = missing
    if not held_meeting_exists(cycle, cycle.stage):
        errors["meetings"] = _(
            "Meetings: record the meeting held for stage %(stage)s first (a meeting of this "
            "cycle, marked as held)."
        ) % {"stage": cycle.stage}
    if errors:
        raise ValidationError(errors)
    return _move(user=user, cycle=cycle, to=cycle.stage + 1, reason="")


def _move(*, user: User, cycle: Cycle, to: int, reason: str) -> Cycle:
    StageChange.objects.create(
        cycle=cycle, from_stage=cycle.stage, to_stage=to, reason=reason, by=user
    )
    cycle.stage = to
    return save_with_history(cycle, user=user, reason=reason or "stage advanced")


@transaction.atomic
def cycle_back(*, user: User, cycle: Cycle, reason: str) -> Cycle:
    """Move ``cycle`` back one stage, for ``reason``; everything entered stays."""
    cycle_require_writable(user=user, cycle=cycle)
    _lock(cycle)
    cycle_require_writable(user=user, cycle=cycle)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Reason: say why the cycle goes back a stage.")})
    if len(reason) > BACK_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Reason: at most %(n)s characters (it has %(has)s).")
                % {"n": BACK_REASON_MAX_LENGTH, "has": len(reason)}
            }
        )
    if cycle.stage <= Stage.EXPERIENCES:
        raise ValidationError(
            {"stage": _("Stage: the cycle is at stage 1; there is no stage before it.")}
        )
    return _move(user=user, cycle=cycle, to=cycle.stage - 1, reason=reason)


def cycle_close_check(
    *, user: User, cycle: Cycle, achievements: str, next_year: int | None = None
) -> int:
    """Refuse the review when it may not close ``cycle``; the next cycle's year otherwise
    (``next_year``, by default the year after the cycle's)."""
    cycle_require_writable(user=user, cycle=cycle)
    if cycle.stage != Stage.ACTION_PLAN:
        raise ValidationError(
            {
                "stage": _(
                    "Stage: the review closes a cycle at stage 5 (action plan); this one is at "
                    "stage %(stage)s."
                )
                % {"stage": cycle.stage}
            }
        )
    if not Action.objects.filter(cycle=cycle).exists():
        raise ValidationError(
            {"actions": _("Actions: the action plan needs at least one action before the review.")}
        )
    if not achievements.strip():
        raise ValidationError(
            {"achievements": _("What was achieved: write what the cycle achieved.")}
        )
    year = cycle.year + 1 if next_year is None else next_year
    _check_year(year, "next_year", _("Year of the next cycle"))
    if year < cycle.year:
        raise ValidationError(
            {
                "next_year": _(
                    "Year of the next cycle: it cannot be before %(year)s, the year of this cycle."
                )
                % {"year": cycle.year}
            }
        )
    return year


@transaction.atomic
def cycle_close(
    *, user: User, cycle: Cycle, achievements: str, next_year: int | None = None
) -> Cycle:
    """The review: close ``cycle`` (stage 5, with at least one action) with what was achieved,
    open the next cycle (number + 1, ``next_year``, the same groups, stage 1) and carry over
    every unfinished action (planned or in progress). Returns the next cycle."""
    cycle_require_writable(user=user, cycle=cycle)
    _lock(cycle)
    year = cycle_close_check(user=user, cycle=cycle, achievements=achievements, next_year=next_year)
    cycle.achievements = achievements.strip()
    cycle.status = CycleStatus.CLOSED
    cycle.closed_at = timezone.now()
    cycle.closed_by = user
    save_with_history(cycle, user=user, reason="closed")
    StageChange.objects.create(
        cycle=cycle, from_stage=cycle.stage, to_stage=cycle.stage, closed=True, by=user
    )
    groups = list(cycle.groups.all())
    following = _new_cycle(
        user=user, village=cycle.village, groups=groups, year=year, previous=cycle
    )
    _carry_over(user=user, closed=cycle, following=following)
    return following


def _carry_over(*, user: User, closed: Cycle, following: Cycle) -> None:
    unfinished = Action.objects.filter(
        cycle=closed, status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]
    ).order_by("due_on", "id")
    for action in unfinished:
        copy = Action(
            cycle=following,
            title=action.title,
            person_in_charge_id=action.person_in_charge_id,
            due_on=action.due_on,
            cost_idr=action.cost_idr,
            support=action.support,
            propose=False,  # its proposal stays with the original (services_actions)
            status=action.status,
            percent_done=action.percent_done,
            carried_from=action,
        )
        save_with_history(copy, user=user, reason="carried over")
