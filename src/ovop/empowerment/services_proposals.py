"""Support proposals: what an action plan asks Disperindag for, for next year's plan.

``proposal_sync`` keeps an action's proposal in step with the action; the action services
(``services_actions``) call it in their own transaction, after their checks. The checks the
two modules share live here too.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.empowerment import scope
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Cycle,
    Group,
    Person,
    ProposalStatus,
    Support,
    SupportProposal,
)


def cycle_members(cycle: Cycle) -> QuerySet[Person]:
    """The current members of the cycle's groups (each once)."""
    return (
        Person.objects.filter(
            memberships__group__cycles=cycle,
            memberships__archived_at__isnull=True,
            archived_at__isnull=True,
        )
        .distinct()
        .order_by("name", "id")
    )


def require_plan_change(user: User, cycle: Cycle) -> None:
    scope.require_writer(user)
    scope.require_change_village(user, cycle.village_id)
    if cycle.is_closed:
        raise ValidationError(_("This cycle is closed (reviewed): its action plan is read-only."))


def raise_errors(errors: dict[str, str | None]) -> None:
    found = {key: message for key, message in errors.items() if message}
    if found:
        raise ValidationError(found)


def _beneficiaries_error(
    cycle: Cycle, people: Sequence[Person] | None, kept: set[int]
) -> str | None:
    if people is None:
        return None
    if not people:
        return _("Beneficiaries: choose at least one member, or do not propose the action.")
    allowed = kept | set(cycle_members(cycle).values_list("pk", flat=True))
    strangers = [p.name for p in people if p.pk not in allowed]
    if strangers:
        return _("Beneficiaries: %(names)s are not members of this cycle's groups.") % {
            "names": ", ".join(strangers)
        }
    return None


def _group_error(cycle: Cycle, group: Group | None) -> str | None:
    if group is None or cycle.groups.filter(pk=group.pk).exists():
        return None
    return _("Group of the proposal: choose one of this cycle's groups.")


def check_proposal_input(
    action: Action | None,
    cycle: Cycle,
    beneficiaries: Sequence[Person] | None,
    group: Group | None,
    proposing: bool,
) -> None:
    if not proposing:
        return
    kept: set[int] = set()
    if action is not None and action.pk is not None:
        kept = set(
            SupportProposal.beneficiaries.through.objects.filter(
                supportproposal__action=action
            ).values_list("person_id", flat=True)
        )
    raise_errors(
        {
            "beneficiaries": _beneficiaries_error(cycle, beneficiaries, kept),
            "group": _group_error(cycle, group),
        }
    )


# --- proposals --------------------------------------------------------------------------------


def wants_proposal(action: Action) -> bool:
    """Whether ``action`` should have a standing (PROPOSED) proposal."""
    return (
        action.support != Support.NONE and action.propose and action.status != ActionStatus.DROPPED
    )


def _withdraw(user: User, proposal: SupportProposal | None) -> SupportProposal | None:
    if proposal is not None and proposal.status == ProposalStatus.PROPOSED:
        proposal.status = ProposalStatus.WITHDRAWN
        save_with_history(proposal, user=user, reason="withdrawn")
    return proposal


def _proposal_group(
    cycle: Cycle, group: Group | None, kept: SupportProposal | None
) -> Group | None:
    if group is not None:
        return group
    groups = cycle.groups.order_by("name", "id")
    if kept is not None and kept.group_id and groups.filter(pk=kept.group_id).exists():
        return kept.group
    return groups.first()


def _proposal_people(
    cycle: Cycle, given: Sequence[Person] | None, kept: SupportProposal | None
) -> list[Person]:
    if given is not None:
        return list(given)
    if kept is not None:
        people = list(kept.beneficiaries.all())
        if people:
            return people
    return list(cycle_members(cycle))


@transaction.atomic
def proposal_sync(
    *,
    user: User,
    action: Action,
    beneficiaries: Sequence[Person] | None = None,
    group: Group | None = None,
) -> SupportProposal | None:
    """Bring ``action``'s proposal in step with it (called by the action services, in their
    transaction): create or update it when the action asks support with ``propose`` ticked
    (``beneficiaries``/``group`` None keep the proposal's own, or default to every member of
    the cycle's groups and the cycle's first group); otherwise withdraw it. Returns the
    proposal, or None when the action never had one and needs none."""
    cycle = action.cycle
    require_plan_change(user, cycle)
    kept = SupportProposal.objects.filter(action=action).first()
    if not wants_proposal(action):
        return _withdraw(user, kept)
    check_proposal_input(action, cycle, beneficiaries, group, proposing=True)
    proposal = kept or SupportProposal(action=action)
    reason = "proposed" if kept is None else "edited"
    if kept is not None and kept.status == ProposalStatus.WITHDRAWN:
        reason = "proposed again"
    people = _proposal_people(cycle, beneficiaries, kept)
    proposal.support = action.support
    proposal.cost_idr = action.cost_idr
    proposal.village_id = cycle.village_id
    proposal.group = _proposal_group(cycle, group, kept)
    proposal.for_year = cycle.year + 1
    proposal.status = ProposalStatus.PROPOSED
    proposal.beneficiaries_female = sum(1 for p in people if p.gender == Gender.FEMALE)
    proposal.beneficiaries_male = sum(1 for p in people if p.gender == Gender.MALE)
    save_with_history(proposal, user=user, reason=reason)
    proposal.beneficiaries.set(people)
    return proposal
