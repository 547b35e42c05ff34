"""Writes of what stages 3 and 4 produce: problems or projects (votes, the one chosen) and
power bases. The rules they share with stages 1–2 are in ``services_stages``.

Signatures (the API calls these; every argument keyword-only):

- ``problem_add(*, user, cycle, kind, title, description="", votes=0, selection_round=None)
  -> Problem``
- ``problem_update(*, user, problem, kind, title, description="", votes=0,
  selection_round=None) -> Problem``
- ``problem_remove(*, user, problem) -> None``
- ``problem_choose(*, user, problem) -> Problem`` (the one chosen; choosing replaces)
- ``power_base_add(*, user, cycle, kind, description, holder="", holder_person=None)
  -> PowerBase``
- ``power_base_update(*, user, power_base, kind, description, holder="", holder_person=None)
  -> PowerBase``
- ``power_base_remove(*, user, power_base) -> None``

Votes are from 0 to the number of members present (``selectors_cycles.members_present``).
Refusals as in ``services_stages`` (fields "kind", "title", "description", "votes",
"selection_round", "holder", "holder_person", "problem", "power_base", "stage", "cycle").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import delete_with_history, save_with_history
from ovop.empowerment.models import (
    Cycle,
    Membership,
    Person,
    PowerBase,
    PowerBaseKind,
    Problem,
    ProblemKind,
    Stage,
)
from ovop.empowerment.selectors_cycles import members_present
from ovop.empowerment.services_stages import (
    check_choice,
    clean_line,
    refuse_last,
    stage_content_writable,
)
from ovop.selection.models import SelectionRound

# --- stage 3: problems and projects -----------------------------------------------------------


def _fill_problem(
    problem: Problem,
    *,
    kind: str,
    title: str,
    description: str,
    votes: int,
    selection_round: SelectionRound | None,
) -> None:
    cycle = problem.cycle
    problem.kind = check_choice(kind, ProblemKind.values, field="kind", label=_("Kind"))
    problem.title = clean_line(title, field="title", label=_("Title"), limit=200)
    problem.description = clean_line(
        description, field="description", label=_("Description"), limit=2000, required=False
    )
    present = members_present(cycle)
    if votes is None or not 0 <= votes <= present:
        raise ValidationError(
            {"votes": _("Votes: from 0 to %(n)s, the number of members present.") % {"n": present}}
        )
    problem.votes = votes
    if selection_round is not None and selection_round.area_id != cycle.village_id:
        raise ValidationError(
            {
                "selection_round": _("Product selection round: choose a round of %(village)s.")
                % {"village": cycle.village.name}
            }
        )
    problem.selection_round = selection_round


def _problem_writable(user: User, cycle: Cycle) -> None:
    stage_content_writable(
        user=user, cycle=cycle, stage=Stage.PROBLEM, what=_("Problems and projects")
    )


@transaction.atomic
def problem_add(
    *,
    user: User,
    cycle: Cycle,
    kind: str,
    title: str,
    description: str = "",
    votes: int = 0,
    selection_round: SelectionRound | None = None,
) -> Problem:
    _problem_writable(user, cycle)
    problem = Problem(cycle=cycle)
    _fill_problem(
        problem,
        kind=kind,
        title=title,
        description=description,
        votes=votes,
        selection_round=selection_round,
    )
    return save_with_history(problem, user=user, reason="added")


@transaction.atomic
def problem_update(
    *,
    user: User,
    problem: Problem,
    kind: str,
    title: str,
    description: str = "",
    votes: int = 0,
    selection_round: SelectionRound | None = None,
) -> Problem:
    _problem_writable(user, problem.cycle)
    _fill_problem(
        problem,
        kind=kind,
        title=title,
        description=description,
        votes=votes,
        selection_round=selection_round,
    )
    return save_with_history(problem, user=user, reason="edited")


@transaction.atomic
def problem_choose(*, user: User, problem: Problem) -> Problem:
    """Make ``problem`` the cycle's one chosen problem or project (the one chosen before, if
    another, is chosen no more)."""
    _problem_writable(user, problem.cycle)
    for other in Problem.objects.filter(cycle_id=problem.cycle_id, chosen=True).exclude(
        pk=problem.pk
    ):
        other.chosen = False
        save_with_history(other, user=user, reason="no longer chosen")
    problem.chosen = True
    return save_with_history(problem, user=user, reason="chosen")


@transaction.atomic
def problem_remove(*, user: User, problem: Problem) -> None:
    """Remove ``problem``; the chosen one cannot be removed from a cycle past stage 3."""
    cycle = problem.cycle
    _problem_writable(user, cycle)
    if problem.chosen and cycle.stage > Stage.PROBLEM:
        refuse_last(_("Problem or project"), "problem", Stage.PROBLEM)
    delete_with_history(problem, user=user, reason="removed")


# --- stage 4: power bases ---------------------------------------------------------------------


def _fill_power_base(
    power_base: PowerBase,
    *,
    kind: str,
    description: str,
    holder: str,
    holder_person: Person | None,
) -> None:
    cycle = power_base.cycle
    power_base.kind = check_choice(kind, PowerBaseKind.values, field="kind", label=_("Kind"))
    power_base.description = clean_line(
        description, field="description", label=_("Description"), limit=300
    )
    power_base.holder = clean_line(
        holder, field="holder", label=_("Held by"), limit=160, required=False
    )
    if holder_person is not None:
        member = Membership.objects.filter(
            group__in=cycle.groups.all(), person=holder_person, archived_at__isnull=True
        )
        if not member.exists():
            raise ValidationError(
                {
                    "holder_person": _(
                        "Member who holds it: %(name)s is not a member of this cycle's groups."
                    )
                    % {"name": holder_person.name}
                }
            )
    elif not power_base.holder:
        raise ValidationError(
            {"holder": _("Held by: name who holds it, or choose the member who does.")}
        )
    power_base.holder_person = holder_person


def _power_base_writable(user: User, cycle: Cycle) -> None:
    stage_content_writable(user=user, cycle=cycle, stage=Stage.POWER_BASES, what=_("Power bases"))


@transaction.atomic
def power_base_add(
    *,
    user: User,
    cycle: Cycle,
    kind: str,
    description: str,
    holder: str = "",
    holder_person: Person | None = None,
) -> PowerBase:
    _power_base_writable(user, cycle)
    power_base = PowerBase(cycle=cycle)
    _fill_power_base(
        power_base,
        kind=kind,
        description=description,
        holder=holder,
        holder_person=holder_person,
    )
    return save_with_history(power_base, user=user, reason="added")


@transaction.atomic
def power_base_update(
    *,
    user: User,
    power_base: PowerBase,
    kind: str,
    description: str,
    holder: str = "",
    holder_person: Person | None = None,
) -> PowerBase:
    _power_base_writable(user, power_base.cycle)
    _fill_power_base(
        power_base,
        kind=kind,
        description=description,
        holder=holder,
        holder_person=holder_person,
    )
    return save_with_history(power_base, user=user, reason="edited")


@transaction.atomic
def power_base_remove(*, user: User, power_base: PowerBase) -> None:
    """Remove ``power_base``; the last one cannot be removed from a cycle past stage 4."""
    cycle = power_base.cycle
    _power_base_writable(user, cycle)
    others = PowerBase.objects.filter(cycle=cycle).exclude(pk=power_base.pk)
    if cycle.stage > Stage.POWER_BASES and not others.exists():
        refuse_last(_("Power base"), "power_base", Stage.POWER_BASES)
    delete_with_history(power_base, user=user, reason="removed")
