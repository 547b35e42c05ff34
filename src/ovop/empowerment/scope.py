"""Who may see and change empowerment records: the one place for it.

- admin, officer: read and change groups, people, cycles, meetings and actions everywhere.
- facilitator: reads and changes those of the villages assigned to them, nothing elsewhere.
- owner: reads the groups they belong to (through the IKM linked to their account), those
  groups' cycles, meetings and action plans; changes nothing.
- viewer: reads everything, changes nothing.
- assessor, and anyone not signed in: no access at all.

Records of a village another user may not see answer 404 (the selectors filter them out); a
user who may read a record but not change it gets 403 on a change.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ovop.accounts.models import Role, User
from ovop.regions.models import Level, Region


def can_read_empowerment(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.role != Role.ASSESSOR


def require_reader(user: User | AnonymousUser) -> User:
    if not can_read_empowerment(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def can_write_empowerment(user: User | AnonymousUser) -> bool:
    """May change empowerment records somewhere (officers anywhere, facilitators at home)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.manages or user.role == Role.FACILITATOR


def require_writer(user: User | AnonymousUser) -> User:
    if not can_write_empowerment(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def _owner_groups(user: User, prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}memberships__person__enterprise__account": user,
            f"{prefix}memberships__archived_at__isnull": True,
        }
    )


def group_filter(user: User, prefix: str = "") -> Q:
    """Groups (or rows reached through ``prefix``) ``user`` may read."""
    if user.reads_all:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(**{f"{prefix}village__facilitators": user})
    if user.role == Role.OWNER:
        return _owner_groups(user, prefix)
    return Q(pk__in=[])


def village_record_filter(user: User, prefix: str = "") -> Q:
    """Cycles and meetings (or rows reached through ``prefix``) ``user`` may read: those of
    the user's villages; for an owner, those of the groups they belong to."""
    if user.reads_all:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(**{f"{prefix}village__facilitators": user})
    if user.role == Role.OWNER:
        return _owner_groups(user, f"{prefix}groups__")
    return Q(pk__in=[])


def people_filter(user: User, prefix: str = "") -> Q:
    """People ``user`` may read: those of the user's villages; for an owner, the members of
    the groups they belong to."""
    if user.reads_all:
        return Q()
    if user.role == Role.FACILITATOR:
        return Q(**{f"{prefix}village__facilitators": user})
    if user.role == Role.OWNER:
        return _owner_groups(user, f"{prefix}memberships__group__")
    return Q(pk__in=[])


def can_change_village(user: User, village_id: int | None) -> bool:
    """May create and change empowerment records of the village ``village_id``."""
    if not user.is_active or village_id is None:
        return False
    if user.manages:
        return True
    if user.role == Role.FACILITATOR:
        return user.villages.filter(pk=village_id).exists()
    return False


def require_change_village(user: User, village_id: int | None) -> None:
    if not can_change_village(user, village_id):
        raise PermissionDenied


def villages_for_new_records(user: User) -> QuerySet[Region]:
    """Villages ``user`` may open groups, cycles and meetings in."""
    villages = Region.objects.filter(level=Level.VILLAGE)
    if user.manages:
        return villages
    if user.role == Role.FACILITATOR:
        return villages.filter(facilitators=user)
    return villages.none()
