"""Who is asking: the signed-in user of a page's or an API call's request.

``LoginRequiredMiddleware`` sends an anonymous visitor of a page to the login page, and the
API's default permission refuses one, so a view never meets an anonymous user. Should one get
through all the same (a view marked ``login_not_required`` by mistake), ``request_user`` refuses
the request with ``PermissionDenied``: 403 on a page, and 403 in the API's error shape.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from ovop.accounts.models import User


class HasUser(Protocol):
    """A Django ``HttpRequest`` or a REST framework ``Request``: both carry ``user``."""

    @property
    def user(self) -> object: ...


def request_user(request: HasUser) -> User:
    """The signed-in, active user of ``request``; ``PermissionDenied`` for anyone else."""
    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_active:
        raise PermissionDenied
    return user  # the project's user model: ovop.accounts.models.User
