"""Only administrators manage users (ovop.accounts.scope), whatever a staff account holds."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client

from ovop.accounts import scope
from ovop.accounts.models import Role, User
from tests.conftest import login


@pytest.mark.parametrize(
    ("persona", "manages"),
    [
        ("admin_user", True),
        ("officer", False),
        ("viewer", False),
        ("assessor", False),
        ("facilitator", False),
        ("owner", False),
    ],
)
def test_who_manages_users(persona: str, manages: bool, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(persona)
    assert scope.can_manage_users(user) is manages
    if not manages:
        with pytest.raises(PermissionDenied):
            scope.require_user_manager(user)


def test_the_admin_role_manages_users_without_being_superuser(db: None) -> None:
    user = User.objects.create_user("kepala", role=Role.ADMIN)
    assert scope.can_manage_users(user)
    user.is_active = False
    assert not scope.can_manage_users(user)
    assert not scope.can_manage_users(AnonymousUser())


def test_a_staff_officer_with_every_user_permission_is_refused(
    client: Client, officer: User, facilitator: User
) -> None:
    officer.is_staff = True
    officer.save()
    officer.user_permissions.set(Permission.objects.filter(content_type__model="user"))
    login(client, officer)
    change = f"/admin/accounts/user/{facilitator.pk}/change/"
    for response in (
        client.get("/admin/accounts/user/"),
        client.get(change),
        client.post(change, {"username": "facilitator", "role": "admin", "is_active": "on"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    facilitator.refresh_from_db()
    assert facilitator.role == Role.FACILITATOR


def test_an_administrator_opens_the_user_admin(client: Client, admin_user: User) -> None:
    login(client, admin_user)
    assert client.get("/admin/accounts/user/").status_code == 200
