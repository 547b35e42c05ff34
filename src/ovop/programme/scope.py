"""Who may see and change programmes, their villages and designations: the one place for it.

- admin, officer: read and change programmes, add and remove villages, designate products.
- viewer, assessor, facilitator: read programmes, their villages and designations, change none.
- owner, and anyone not signed in: may not open programmes at all.

What a programme page or the API shows of the registry is limited as everywhere else by
``ovop.enterprises.scope``: the IKM and products counted are those the user may see, and a
designation whose product the user may not see is left out (a facilitator sees the designated
products of her own villages only). A cleared designation names nothing and is always shown.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from ovop.accounts.models import Role, User
from ovop.enterprises import scope as enterprise_scope


def can_read_programmes(user: User | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or user.role != Role.OWNER


def can_manage_programmes(user: User | AnonymousUser) -> bool:
    """Change programmes, their villages (memberships) and their designations."""
    return isinstance(user, User) and user.is_active and user.manages


def require_programme_reader(user: User | AnonymousUser) -> User:
    if not can_read_programmes(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def require_programme_manager(user: User | AnonymousUser) -> User:
    if not can_manage_programmes(user):
        raise PermissionDenied
    assert isinstance(user, User)
    return user


def enterprises_counted(user: User) -> Q:
    """The enterprises a programme page counts for ``user``: those it may see."""
    return enterprise_scope.enterprise_filter(user)


def products_counted(user: User) -> Q:
    """The products a programme page counts for ``user``: those of enterprises it may see."""
    return enterprise_scope.enterprise_filter(user, "enterprise__")


def designation_filter(user: User, prefix: str = "") -> Q:
    """Designations (or rows reached through ``prefix``) ``user`` may see: cleared ones, and
    those whose product ``ovop.enterprises.scope`` lets the user see."""
    if not enterprise_scope.enterprise_filter(user):  # an empty Q: the user sees every product
        return Q()
    visible = enterprise_scope.products_visible(user).values("pk")
    return Q(**{f"{prefix}product__isnull": True}) | Q(**{f"{prefix}product__in": visible})
