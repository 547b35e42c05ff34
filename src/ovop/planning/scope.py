"""Who may see and change planning records: the one place for it.

- admin, officer: read and change everything — sources, price list, proposals, scenarios, the
  measured effects per rupiah; approve the plan; record delivery anywhere; close the year
  (administrators correct a closed year with a reason).
- facilitator: reads the proposals and activities of their villages, and the regency's
  sources, price list, scenarios and plans (what the villages' proposals compete with);
  records participants, scores, progress, costs and outputs of activities in their villages;
  changes no plan.
- owner: reads the activities they took part in (through the IKM linked to their account or
  their person record); changes nothing.
- viewer: reads everything, changes nothing.
- assessor, and anyone not signed in: no access at all.

Records outside a user's scope answer 404 (selectors filter them out); a user who may read a
record but not change it gets 403 on a change.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ovop.accounts.models import Role, User


def can_read_planning(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.role != Role.ASSESSOR


def require_reader(user: User | AnonymousUser) -> User:
    if not can_read_planning(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def can_plan(user: User | AnonymousUser) -> bool:
    """May change sources, price list, proposals and scenarios, and approve the plan."""
    return isinstance(user, User) and user.is_active and user.manages


def require_planner(user: User | AnonymousUser) -> User:
    if not can_plan(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def reads_plan(user: User) -> bool:
    """Sees the whole plan (sources, price list, every scenario): not owners."""
    return user.is_active and (user.reads_all or user.role == Role.FACILITATOR)


def proposal_filter(user: User, prefix: str = "") -> Q:
    """Proposals (or rows reached through ``prefix``) ``user`` may read."""
    if user.reads_all:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(**{f"{prefix}village__facilitators": user})
    return Q(pk__in=[])


def activity_filter(user: User, prefix: str = "") -> Q:
    """Activities (or rows reached through ``prefix``) ``user`` may read."""
    if user.reads_all:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(**{f"{prefix}village__facilitators": user})
    if user.role == Role.OWNER:
        return Q(**{f"{prefix}participants__enterprise__account": user}) | Q(
            **{f"{prefix}participants__person__enterprise__account": user}
        )
    return Q(pk__in=[])


def can_deliver(user: User, village_id: int | None) -> bool:
    """May record participants, progress, costs and outputs of activities in the village."""
    if not user.is_active or village_id is None:
        return False
    if user.manages:
        return True
    if user.role == Role.FACILITATOR:
        return user.villages.filter(pk=village_id).exists()
    return False


def require_deliver(user: User, village_id: int | None) -> None:
    if not can_deliver(user, village_id):
        raise PermissionDenied
