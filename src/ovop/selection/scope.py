"""Who may see, manage, judge and score a selection round: the one place for it.

- admin and officer manage every round; viewer reads every round; POSTs by a viewer are refused.
- assessor: sees only the rounds they are invited to (others answer 404), judges them and
  enters scores while the round is judging: empty cells, and changes to the values they
  entered themselves (officers and admins change any value).
- facilitator: reads the rounds of their villages (or of the kecamatan of their villages).
- IKM owner: nothing of rounds (403 everywhere in /selection/).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ovop.accounts.models import Role, User
from ovop.selection.models import RoundStatus, Score, SelectionRound


def can_use_selection(user: User | AnonymousUser) -> bool:
    """Anyone signed in except IKM owners may open /selection/ at all."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.role != Role.OWNER


def can_manage_rounds(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_active and user.manages


def round_filter(user: User) -> Q:
    """A Q limiting rounds to those ``user`` may read."""
    if user.reads_all:
        return Q()
    if user.role == Role.ASSESSOR:
        return Q(assessors=user)
    if user.role == Role.FACILITATOR:
        villages = list(user.villages.values_list("pk", "parent_id"))
        ids = {pk for pk, _parent in villages} | {p for _pk, p in villages if p}
        return Q(area_id__in=sorted(ids))
    return Q(pk__in=[])


def rounds_visible(user: User) -> QuerySet[SelectionRound]:
    return SelectionRound.objects.filter(round_filter(user)).distinct()


def require_reader(user: User | AnonymousUser) -> User:
    if not can_use_selection(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def require_manager(user: User | AnonymousUser) -> User:
    if not can_manage_rounds(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def round_for(user: User, pk: int) -> SelectionRound:
    """The round ``pk`` if ``user`` may read it; 404 otherwise (existence does not leak)."""
    selection_round = (
        rounds_visible(user).select_related("programme", "area", "created_by").filter(pk=pk).first()
    )
    if selection_round is None:
        raise Http404
    return selection_round


def is_invited(user: User, selection_round: SelectionRound) -> bool:
    return user.role == Role.ASSESSOR and selection_round.assessors.filter(pk=user.pk).exists()


def can_judge(user: User, selection_round: SelectionRound) -> bool:
    """Only invited assessors judge, and only while the round is judging."""
    return selection_round.status == RoundStatus.JUDGING and is_invited(user, selection_round)


def can_score(user: User, selection_round: SelectionRound) -> bool:
    """Officers, admins and the invited assessors enter scores while the round is judging."""
    if selection_round.status != RoundStatus.JUDGING:
        return False
    return can_manage_rounds(user) or is_invited(user, selection_round)


def can_change_score(user: User, score: Score) -> bool:
    """Who may change a stored score (anyone who may score fills an empty cell): officers and
    admins, who run the round, change any value; an assessor only a value they entered."""
    return can_manage_rounds(user) or score.entered_by_id == user.pk


def can_see_result(user: User, selection_round: SelectionRound) -> bool:
    """The read-all roles and facilitators see results; assessors once the round is decided."""
    if user.reads_all or user.role == Role.FACILITATOR:
        return True
    return selection_round.status == RoundStatus.DECIDED


def require_judge(user: User, selection_round: SelectionRound) -> None:
    if not can_judge(user, selection_round):
        raise PermissionDenied


def require_scorer(user: User, selection_round: SelectionRound) -> None:
    if not can_score(user, selection_round):
        raise PermissionDenied


__all__ = [
    "can_change_score",
    "can_judge",
    "can_manage_rounds",
    "can_score",
    "can_see_result",
    "can_use_selection",
    "is_invited",
    "require_judge",
    "require_manager",
    "require_reader",
    "require_scorer",
    "round_for",
    "round_filter",
    "rounds_visible",
]
