"""Fixtures shared by the test packages: personas, languages, regions and registry records.

Personas, one user per role (username = fixture name, but `admin` for `admin_user`):
`admin_user`, `officer`, `assessor` and `assessor2`, `viewer`, `facilitator` (serves village A
only), `owner` (of enterprise X in village A), `owner2` (of enterprise Y in village B) and
`outsider`, who is signed in but reaches no record: an owner of no enterprise who serves no
village. tests/refusals.py logs each of them in by this fixture name (or "anonymous").

Villages A ("Desa Alfa", 99.01.01.2001) and B ("Desa Beta", 99.01.02.2001) lie in regency
99.01, "Kabupaten Uji"; `programme` "OVOP Uji" (from 2020) runs there and `membership_a` is
village A taking part. `product_x` is made by enterprise X, `product_y` by enterprise Y.

Languages (Indonesian is the project's default): `english` runs the test with English active,
so service messages raised outside a request read the English source text; `english_client`
is the test client asking for English pages through the language cookie; `english_by_default`
makes English the site's default, for every client without a cookie or Accept-Language.

Bangka Tengah: `bangka_tengah` loads the real region tree of regency 19.04 once per module,
`regions` gives those regions by code, and `registry` puts records in them (see `Registry`).
`demo` loads the whole demo once per module. Both are rolled back when the module ends.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker

from ovop.accounts.models import Role, User
from ovop.enterprises import tallies as registry_tallies
from ovop.enterprises.models import Enterprise, Product
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from ovop.regions.services import regions_load
from tests import demo_snapshot
from tests.bangka_tengah import Registry, registry_create
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgrammeFactory,
    ProgrammeVillageFactory,
    UserFactory,
    village,
)
from tests.shipped import shipped_rows_install

# CI replays the same examples every run (a red build is then reproducible); a developer's
# run draws new ones and may find what CI has not tried.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: a key made of primary keys and sums may repeat
    in a later test's fresh database."""
    cache.clear()


def db_checked(request: pytest.FixtureRequest, opt_out: str) -> bool:
    """Whether an autouse check of running sums applies after this test: it used the
    database in a transaction rolled back at its end, and is not marked ``opt_out``; if so the
    database is set up first, so that it is still there when the check runs."""
    names = request.fixturenames
    checked = (
        "db" in names
        and "transactional_db" not in names
        and "live_server" not in names
        and request.node.get_closest_marker(opt_out) is None
    )
    if checked:
        request.getfixturevalue("db")
    return checked


@pytest.fixture(autouse=True)
def shipped_rows(request: pytest.FixtureRequest) -> None:
    """Every test that uses the database starts with the shipped rows (``shipped_rows_install``);
    a test without one is left alone."""
    names = request.fixturenames
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    elif request.node.get_closest_marker("django_db") is None:
        return
    shipped_rows_install()


@pytest.fixture(autouse=True)
def registry_counts_kept(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test that used the database, the registry's running counts equal the
    registry (``ovop.enterprises.tallies``): every way a test or a service writes an
    enterprise, product or certificate is checked."""
    checked = db_checked(request, "registry_written_directly")
    yield
    if checked and Enterprise.objects.exists():
        assert registry_tallies.differences() == []


@pytest.fixture(autouse=True, scope="session")
def tasks_run_at_once() -> Iterator[None]:
    """Background tasks run inside the request that enqueues them (no worker in the tests);
    a test of the worker itself switches back to the database backend."""
    with override_settings(
        TASKS={
            "default": {
                "BACKEND": settings.TASK_BACKENDS["immediate"],
                "QUEUES": ["default", "imports"],
            }
        }
    ):
        yield


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


# --- languages --------------------------------------------------------------------------------


@pytest.fixture
def english() -> Iterator[None]:
    """English active in the test: messages raised outside a request read the source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client: Client) -> Client:
    """The test client (the same `client`) asking for English pages with the language cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def english_by_default(settings: Any) -> None:
    """English as the site's default language: pages of every client that sends no language
    cookie or Accept-Language header (Indonesian otherwise)."""
    settings.LANGUAGE_CODE = "en"


# --- regions ----------------------------------------------------------------------------------


@pytest.fixture
def village_a(db: None) -> Region:
    return village("99.01.01.2001", "Desa Alfa")


@pytest.fixture
def village_b(db: None) -> Region:
    return village("99.01.02.2001", "Desa Beta")


@pytest.fixture
def regency(village_a: Region, village_b: Region) -> Region:
    """Regency 99.01 "Kabupaten Uji", holding villages A and B."""
    regency = village_a.parent.parent  # type: ignore[union-attr]
    assert regency is not None
    regency.name = "Kabupaten Uji"
    regency.save()
    return regency


def refresh_statistics() -> None:
    """On PostgreSQL, ANALYZE after a fixture loads many rows in its open transaction
    (ANALYZE samples the transaction's own new rows): without it the planner believes the
    tables are as empty as when they were created and picks nested loops that run for
    minutes on the demo's thousands of rows. SQLite plans without statistics.

    Inside a module's transaction, also the foreign keys of the rows loaded are checked now
    (`check_loaded_keys`)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    check_loaded_keys()


def check_loaded_keys() -> None:
    """On PostgreSQL, check at once the foreign keys of the rows a module-scoped fixture wrote
    in its open transaction, then defer them again (Django makes them DEFERRABLE INITIALLY
    DEFERRED; ``connection.check_constraints`` is that pair of statements).

    Each test's end checks the deferred keys too (Django's TestCase, before rolling back the
    test's savepoint). Left queued, the loaded rows' checks are run by the first test; but
    PostgreSQL forgets checks it ran only outside a savepoint, so every later test walks the
    whole queue of the demo's rows again: half a second per test. Run here, at the module
    transaction's own level, they are checked once, the same checks, and forgotten."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        connection.check_constraints()


@pytest.fixture(scope="module")
def bangka_tengah(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The real region tree of regency 19.04, loaded once per test module inside a transaction
    rolled back when the module ends; each test still runs in its own savepoint, so what a
    test writes is undone after it and other modules never see these regions."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        regions_load(regency_code="19.04")
        refresh_statistics()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def regions(bangka_tengah: None, db: None) -> dict[str, Region]:
    """The loaded regions of Bangka Tengah and its province, by code."""
    return {r.code: r for r in Region.objects.all()}


@pytest.fixture
def registry(regions: dict[str, Region]) -> Registry:
    return registry_create(regions)


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The whole demo (Bangka Tengah, 300 IKM, one account per role), once per module: loaded
    for real by the process's first module, copied back for the others (``demo_snapshot``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        shipped_rows_install()
        demo_snapshot.install()
        refresh_statistics()
        yield None
        transaction.set_rollback(True)


# --- personas ---------------------------------------------------------------------------------


#: The role of each persona fixture; `admin_user` signs in as "admin".
PERSONA_ROLES = {
    "admin_user": Role.ADMIN,
    "officer": Role.OFFICER,
    "assessor": Role.ASSESSOR,
    "assessor2": Role.ASSESSOR,
    "viewer": Role.VIEWER,
    "facilitator": Role.FACILITATOR,
    "owner": Role.OWNER,
    "owner2": Role.OWNER,
    "outsider": Role.OWNER,
}


def persona_create(name: str, villages: Iterable[Region] = ()) -> User:
    """The user of the persona fixture ``name``, as that fixture makes it (for records a
    module builds once, see tests/shared_records.py); a facilitator serves ``villages``."""
    username = "admin" if name == "admin_user" else name
    user: User = UserFactory(username=username, role=PERSONA_ROLES[name])
    if name == "admin_user":
        user.is_staff = user.is_superuser = True
        user.save()
    if villages:
        user.villages.add(*villages)
    return user


@pytest.fixture
def admin_user(db: None) -> User:
    return persona_create("admin_user")


@pytest.fixture
def officer(db: None) -> User:
    return persona_create("officer")


@pytest.fixture
def assessor(db: None) -> User:
    return persona_create("assessor")


@pytest.fixture
def assessor2(db: None) -> User:
    return persona_create("assessor2")


@pytest.fixture
def viewer(db: None) -> User:
    return persona_create("viewer")


@pytest.fixture
def facilitator(village_a: Region) -> User:
    return persona_create("facilitator", [village_a])


@pytest.fixture
def owner(db: None) -> User:
    return persona_create("owner")


@pytest.fixture
def owner2(db: None) -> User:
    return persona_create("owner2")


@pytest.fixture
def outsider(db: None) -> User:
    """Signed in, but owner of no enterprise and facilitator of no village."""
    return persona_create("outsider")


# --- registry and programme -------------------------------------------------------------------


def enterprise_x_create(village_a: Region, owner: User) -> Enterprise:
    return EnterpriseFactory(  # type: ignore[no-any-return]
        name="Getas Alfa",
        village=village_a,
        account=owner,
        nib="1234567890123",
        phone="+6281234567890",
    )


def enterprise_y_create(village_b: Region, owner2: User) -> Enterprise:
    return EnterpriseFactory(  # type: ignore[no-any-return]
        name="Rusip Beta",
        village=village_b,
        account=owner2,
        nib="9876543210987",
        phone="+6281111111111",
    )


@pytest.fixture
def enterprise_x(village_a: Region, owner: User) -> Enterprise:
    return enterprise_x_create(village_a, owner)


@pytest.fixture
def enterprise_y(village_b: Region, owner2: User) -> Enterprise:
    return enterprise_y_create(village_b, owner2)


@pytest.fixture
def product_x(enterprise_x: Enterprise) -> Product:
    return ProductFactory(enterprise=enterprise_x, name="Getas Tenggiri Alfa")  # type: ignore[no-any-return]


@pytest.fixture
def product_y(enterprise_y: Enterprise) -> Product:
    return ProductFactory(enterprise=enterprise_y, name="Rusip Beta Botol")  # type: ignore[no-any-return]


@pytest.fixture
def programme(regency: Region) -> Programme:
    return ProgrammeFactory(  # type: ignore[no-any-return]
        name="OVOP Uji", regency=regency, start_year=2020
    )


@pytest.fixture
def membership_a(programme: Programme, village_a: Region) -> ProgrammeVillage:
    """Village A taking part in `programme` from 2020."""
    return ProgrammeVillageFactory(  # type: ignore[no-any-return]
        programme=programme, village=village_a, joined_year=2020
    )


@pytest.fixture
def membership(membership_a: ProgrammeVillage) -> ProgrammeVillage:
    """The old name of `membership_a` (the selection tests')."""
    return membership_a
