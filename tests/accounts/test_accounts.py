"""Accounts: the role ↔ villages rule, keeping an account in step, and the user admin."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from ovop.accounts.models import Role, User
from ovop.accounts.services import user_scope_check, user_sync
from ovop.regions.models import Level, Region
from tests.conftest import login


def test_a_facilitator_needs_a_village(village_a: Region) -> None:
    with pytest.raises(ValidationError) as error:
        user_scope_check(role=Role.FACILITATOR, villages=[])
    assert error.value.message_dict == {
        "villages": ["Villages served: a facilitator needs at least one village."]
    }
    user_scope_check(role=Role.FACILITATOR, villages=[village_a])


def test_only_villages_are_served(village_a: Region) -> None:
    kecamatan = village_a.parent
    assert kecamatan is not None
    with pytest.raises(ValidationError) as error:
        user_scope_check(role=Role.FACILITATOR, villages=[village_a, kecamatan])
    assert error.value.message_dict == {
        "villages": [f"Villages served: {kecamatan.name} is not a village."]
    }


@pytest.mark.django_db
def test_user_sync_creates_then_writes_nothing(village_a: Region) -> None:
    values = {
        "username": "pendamping",
        "role": Role.FACILITATOR,
        "password": "rahasia-demo-1",
        "first_name": "Nurul",
        "last_name": "Aini",
        "villages": [village_a],
    }
    user, changed = user_sync(**values)  # type: ignore[arg-type]
    assert changed
    user.refresh_from_db()
    assert (user.role, user.get_full_name(), user.check_password("rahasia-demo-1")) == (
        "facilitator",
        "Nurul Aini",
        True,
    )
    assert list(user.villages.all()) == [village_a]
    stamp = user.password
    again, changed = user_sync(**values)  # type: ignore[arg-type]
    again.refresh_from_db()
    assert (changed, again.pk, again.password) == (False, user.pk, stamp)


@pytest.mark.django_db
def test_user_sync_refuses_a_facilitator_without_villages() -> None:
    with pytest.raises(ValidationError):
        user_sync(username="x", role=Role.FACILITATOR, password="rahasia-demo-1")
    assert not User.objects.filter(username="x").exists()


def test_admin_lists_users_by_role(client: Client, admin_user: User, facilitator: User) -> None:
    login(client, admin_user)
    response = client.get("/admin/accounts/user/?role__exact=facilitator")
    assert response.status_code == 200
    assert [u.username for u in response.context["cl"].result_list] == ["facilitator"]
    assert "role" in response.context["cl"].list_display


def test_admin_form_offers_only_villages(
    client: Client, admin_user: User, facilitator: User, village_b: Region
) -> None:
    login(client, admin_user)
    response = client.get(f"/admin/accounts/user/{facilitator.pk}/change/")
    queryset = response.context["adminform"].form.fields["villages"].queryset
    assert {r.level for r in queryset} == {Level.VILLAGE}
    assert sorted(r.name for r in queryset) == ["Desa Alfa", "Desa Beta"]


def test_admin_refuses_a_facilitator_without_villages(
    client: Client, admin_user: User, facilitator: User
) -> None:
    login(client, admin_user)
    url = f"/admin/accounts/user/{facilitator.pk}/change/"
    data = {
        "username": "facilitator",
        "role": "facilitator",
        "is_active": "on",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["villages"] == ["Villages served: a facilitator needs at least one village."]
    facilitator.refresh_from_db()
    assert facilitator.villages.count() == 1


def test_admin_creates_a_facilitator_with_villages(
    client: Client, admin_user: User, village_a: Region
) -> None:
    login(client, admin_user)
    data = {
        "username": "pendamping2",
        "usable_password": "true",
        "password1": "Kata-sandi-panjang-77",
        "password2": "Kata-sandi-panjang-77",
        "role": "facilitator",
        "villages": [village_a.pk],
    }
    response = client.post("/admin/accounts/user/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="pendamping2")
    assert (user.role, list(user.villages.all())) == ("facilitator", [village_a])


def test_programme_admin_is_read_only(client: Client, admin_user: User) -> None:
    login(client, admin_user)
    assert client.get("/admin/programme/programme/").status_code == 200
    assert client.get("/admin/programme/programme/add/").status_code == 403
