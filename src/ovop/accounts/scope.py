"""Who may see and change user accounts: the one place for it.

Only administrators (role admin, or a superuser) manage users: create them, give them a role and
villages, deactivate them. They do it in the Django admin, whose site (``admin_site.py``) admits a
staff account only when ``can_manage_users`` holds: a staff account of any other role is sent
to the admin's log-in page even when it holds every user permission.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from ovop.accounts.models import Role, User


def can_manage_users(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.role == Role.ADMIN


def require_user_manager(user: User | AnonymousUser) -> User:
    if not can_manage_users(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user
