"""Who may see and change indicators, targets, rounds and values: the one place for it.

- admin, officer: read and change everything: indicators, targets, rounds, respondents,
  values; review entries and lock rounds. Only an administrator corrects a value of a locked
  round (with a reason) or reopens a locked round.
- facilitator: reads the indicators, targets and rounds; sees and enters the respondents of
  the villages assigned to them while the round is open; reviews nothing.
- owner: sees the rounds their own enterprise answers and its values; enters them only when
  the round allows self-reporting and the entry is not yet submitted or approved.
- viewer: reads everything, changes nothing.
- assessor, and anyone not signed in: no access.

A respondent another user may not see answers 404 (the selectors filter it out); a user who
may read a record but not change it gets 403 on a change.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ovop.accounts.models import Role, User
from ovop.monitoring.choices import EntryStatus
from ovop.monitoring.models import Respondent, Round


def can_read(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.role != Role.ASSESSOR


def require_reader(user: User | AnonymousUser) -> User:
    if not can_read(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def require_manager(user: User | AnonymousUser) -> User:
    """Indicators, targets, rounds, respondents, review and lock: admins and officers."""
    if not isinstance(user, User) or not user.is_active or not user.manages:
        raise PermissionDenied
    return user


def is_admin(user: User) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def respondent_filter(user: User, prefix: str = "") -> Q:
    """Respondents (or rows reached through ``prefix``) ``user`` may see."""
    if user.reads_all:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(**{f"{prefix}enterprise__village__facilitators": user})
    if user.role == Role.OWNER:
        return Q(**{f"{prefix}enterprise__account": user})
    return Q(pk__in=[])


def round_filter(user: User) -> Q:
    """Rounds ``user`` may open: all of them, except for an owner, who sees those their
    enterprise answers."""
    if user.role == Role.OWNER and not user.reads_all:
        return Q(pk__in=Respondent.objects.filter(enterprise__account=user).values("round"))
    return Q()


def can_enter(user: User, respondent: Respondent) -> bool:
    """May type or change ``respondent``'s values now (the round open, the entry not
    approved; an officer may still fix a submitted entry before approving it)."""
    round_ = respondent.round
    if round_.is_locked or respondent.status == EntryStatus.APPROVED:
        return False
    if user.manages:
        return True
    if respondent.status == EntryStatus.SUBMITTED:
        return False
    if user.role == Role.FACILITATOR:
        return user.villages.filter(pk=respondent.enterprise.village_id).exists()
    if user.role == Role.OWNER:
        return round_.allows_self_report and respondent.enterprise.account_id == user.pk
    return False


def require_enter(user: User, respondent: Respondent) -> None:
    if not can_enter(user, respondent):
        raise PermissionDenied


def can_review(user: User, respondent: Respondent) -> bool:
    return user.manages and not respondent.round.is_locked


def can_correct(user: User, round_: Round) -> bool:
    """An administrator's correction of a locked round's value (with a reason)."""
    return round_.is_locked and is_admin(user)
