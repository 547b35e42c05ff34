"""Who may read and change the experience theme list (the tags of stage 1 experiences).

Administrators and officers keep the list; facilitators (who tag experiences) and viewers read
it; owners, assessors and anyone not signed in have no access to it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ovop.accounts.models import Role, User


def can_read_themes(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.reads_all or user.role == Role.FACILITATOR


def can_manage_themes(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.is_active and user.manages


def require_theme_reader(user: User | AnonymousUser) -> User:
    if not can_read_themes(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def require_theme_manager(user: User | AnonymousUser) -> User:
    if not can_manage_themes(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user
