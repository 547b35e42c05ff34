"""Persona fixtures: one user per role, two villages (A and B), two owners' enterprises.

village_a is served by `facilitator`; enterprise_x (in village A) belongs to `owner`,
enterprise_y (in village B) belongs to `owner2`. `outsider` has no role-specific rights.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Enterprise
from ovop.regions.models import Region
from tests.factories import EnterpriseFactory, UserFactory, village


@pytest.fixture
def village_a(db: None) -> Region:
    return village("99.01.01.2001", "Desa Alfa")


@pytest.fixture
def village_b(db: None) -> Region:
    return village("99.01.02.2001", "Desa Beta")


# CI replays the same examples every run (a red build is then reproducible); a developer's
# run draws new ones and may find what CI has not tried.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def _user(username: str, role: Role) -> User:
    return UserFactory(username=username, role=role)  # type: ignore[no-any-return]


@pytest.fixture
def admin_user(db: None) -> User:
    user = _user("admin", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def officer(db: None) -> User:
    return _user("officer", Role.OFFICER)


@pytest.fixture
def assessor(db: None) -> User:
    return _user("assessor", Role.ASSESSOR)


@pytest.fixture
def viewer(db: None) -> User:
    return _user("viewer", Role.VIEWER)


@pytest.fixture
def facilitator(village_a: Region) -> User:
    user = _user("facilitator", Role.FACILITATOR)
    user.villages.add(village_a)
    return user


@pytest.fixture
def owner(db: None) -> User:
    return _user("owner", Role.OWNER)


@pytest.fixture
def owner2(db: None) -> User:
    return _user("owner2", Role.OWNER)


@pytest.fixture
def enterprise_x(village_a: Region, owner: User) -> Enterprise:
    return EnterpriseFactory(  # type: ignore[no-any-return]
        name="Getas Alfa",
        village=village_a,
        account=owner,
        nib="1234567890123",
        phone="+6281234567890",
    )


@pytest.fixture
def enterprise_y(village_b: Region, owner2: User) -> Enterprise:
    return EnterpriseFactory(  # type: ignore[no-any-return]
        name="Rusip Beta",
        village=village_b,
        account=owner2,
        nib="9876543210987",
        phone="+6281111111111",
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client
