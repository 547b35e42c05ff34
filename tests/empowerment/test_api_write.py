"""Writing through the empowerment API: facilitators (own villages) and officers succeed and
leave history rows; everyone else is refused with every row unchanged; bad input is a 400 in
the one error shape, naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoDbBlocker

from ovop.accounts.models import User
from ovop.empowerment.models import (
    Cycle,
    CycleStatus,
    Group,
    Membership,
)
from tests.empowerment.api_data import (
    API,
    World,
    api_client,
    patch_json,
    post_json,
    world_records,
)
from tests.refusals import API_ANONYMOUS, Attempt, assert_refused, matrix, refused
from tests.shared_records import copied, kept_for_module

pytestmark = pytest.mark.django_db


# The personas and the world are built once for the module: each test gets copies and runs in
# its own savepoint, so what one test writes is undone before the next
# (tests/shared_records.py).
@pytest.fixture(scope="module")
def module_records(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Any]:
    yield from kept_for_module(django_db_blocker, world_records)


admin_user = copied("admin_user")
officer = copied("officer")
assessor = copied("assessor")
viewer = copied("viewer")
facilitator = copied("facilitator")
facilitator_b = copied("facilitator_b")
owner = copied("owner")
owner2 = copied("owner2")
outsider = copied("outsider")
world = copied("world")

APPS = ("empowerment",)


# --- refusals: role × write -------------------------------------------------------------------

ATTEMPTS = {
    "group-create": Attempt(
        "post",
        API + "groups/",
        {"name": "Kelompok Baru", "kind": "ikm", "village": "99.01.01.2001"},
        json=True,
    ),
    "group-edit": Attempt(
        "patch", lambda w: f"{API}groups/{w.group_a.pk}/", {"name": "Nama Lain"}, json=True
    ),
    "group-archive": Attempt(
        "post",
        lambda w: f"{API}groups/{w.group_a.pk}/archive/",
        {"confirm": True, "reason": "bubar"},
        json=True,
    ),
    "member-add": Attempt(
        "post",
        lambda w: f"{API}groups/{w.group_a.pk}/members/",
        {"name": "Dewi", "gender": "female"},
        json=True,
    ),
    "member-remove": Attempt(
        "delete", lambda w: f"{API}members/{w.group_a.memberships.first().pk}/", json=True
    ),
    "person-edit": Attempt(
        "patch", lambda w: f"{API}people/{w.person('Budi Santoso').pk}/", {"name": "B"}, json=True
    ),
    "cycle-back": Attempt(
        "post", lambda w: f"{API}cycles/{w.cycle_a.pk}/back/", {"reason": "ulang"}, json=True
    ),
    "action-add": Attempt(
        "post",
        lambda w: f"{API}cycles/{w.cycle_a.pk}/actions/",
        {"title": "Aksi", "due_on": "2026-10-01", "cost_idr": 10},
        json=True,
    ),
    "action-progress": Attempt(
        "post",
        lambda w: f"{API}actions/{w.costly.pk}/progress/",
        {"status": "in_progress", "percent_done": 50},
        json=True,
    ),
    "action-remove": Attempt("delete", lambda w: f"{API}actions/{w.cheap.pk}/", json=True),
    "meeting-plan": Attempt(
        "post",
        API + "meetings/",
        lambda w: {
            "village": "99.01.01.2001",
            "groups": [w.group_a.pk],
            "held_on": "2026-12-01",
            "place": "Balai",
            "agenda": "Rapat",
        },
        json=True,
    ),
    "meeting-record": Attempt(
        "post",
        lambda w: f"{API}meetings/{w.meeting_a.pk}/record/",
        {"held_on": "2026-01-01", "minutes": "ok", "present": []},
        json=True,
    ),
}
#: Village A's records: readable by the viewer and owner (403), not by the facilitator of
#: village B (404: but a new record in village A is simply refused, 403), not by anyone else.
ANSWERS = {
    "viewer": 403,
    "owner": 403,
    "assessor": 403,
    "facilitator_b": 404,
    "anonymous": API_ANONYMOUS,
}
CREATE = ("group-create", "meeting-plan")
EXCEPTIONS = {("facilitator_b", name): frozenset({400, 403}) for name in CREATE}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS, EXCEPTIONS))
def test_refused_writes_change_nothing(
    client: Client,
    request: pytest.FixtureRequest,
    world: World,
    persona: str,
    action: str,
    expected: Any,
) -> None:
    response = refused(
        client, request, persona, ATTEMPTS[action], expected, records=world, apps=APPS
    )
    if persona != "anonymous":
        assert set(response.json()) == {"error", "fields"}


@pytest.mark.parametrize("action", ["cycle-back", "action-add", "action-progress", "action-remove"])
def test_a_closed_cycle_refuses_every_change_of_it(
    client: Client, world: World, officer: User, action: str
) -> None:
    Cycle.objects.filter(pk=world.cycle_a.pk).update(status=CycleStatus.CLOSED)
    api_client(client, officer)
    response = assert_refused(client, ATTEMPTS[action], 400, apps=APPS, records=world)
    assert response.json()["error"]


# --- groups, members, people ------------------------------------------------------------------


def test_a_facilitator_opens_a_group_in_their_village_with_history(
    client: Client, world: World, facilitator: User
) -> None:
    api_client(client, facilitator)
    response = post_json(
        client,
        "groups/",
        {"name": " KWT Mawar ", "kind": "women", "village": "99.01.01.2001", "founded_year": 2019},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    group = Group.objects.get(pk=data["id"])
    assert (group.name, group.kind, group.founded_year) == ("KWT Mawar", "women", 2019)
    assert (data["village"], data["members"]) == ("99.01.01.2001", [])
    assert group.history.get().history_user == facilitator


def test_a_facilitator_cannot_open_a_group_elsewhere(
    client: Client, world: World, facilitator: User
) -> None:
    api_client(client, facilitator)
    attempt = Attempt(
        "post",
        API + "groups/",
        {"name": "KWT Lain", "kind": "women", "village": "99.01.02.2001"},
        json=True,
    )
    response = assert_refused(client, attempt, 400, apps=APPS)
    assert list(response.json()["fields"]) == ["village"]


def test_patch_changes_only_the_fields_given(client: Client, world: World, officer: User) -> None:
    api_client(client, officer)
    response = patch_json(client, f"groups/{world.group_a.pk}/", {"note": "Aktif sejak 2015"})
    assert response.status_code == 200, response.content
    world.group_a.refresh_from_db()
    assert (world.group_a.name, world.group_a.note) == ("Kelompok Madu Pelawan", "Aktif sejak 2015")
    assert world.group_a.history.first().history_change_reason == "edited"


def test_archive_needs_confirm_and_reason(client: Client, world: World, officer: User) -> None:
    api_client(client, officer)
    attempt = Attempt("post", f"{API}groups/{world.group_a.pk}/archive/", {}, json=True)
    response = assert_refused(client, attempt, 400, apps=APPS)
    assert set(response.json()["fields"]) == {"confirm", "reason"}
    done = post_json(
        client, f"groups/{world.group_a.pk}/archive/", {"confirm": True, "reason": "x"}
    )
    assert done.json()["archived"] is True
    restored = post_json(client, f"groups/{world.group_a.pk}/restore/")
    assert restored.json()["archived"] is False


def test_members_are_added_changed_and_taken_out(
    client: Client, world: World, facilitator: User
) -> None:
    api_client(client, facilitator)
    added = post_json(
        client,
        f"groups/{world.group_a.pk}/members/",
        {"name": "Dewi Sartika", "gender": "female", "birth_year": 2003, "role": "secretary"},
    )
    assert added.status_code == 201, added.content
    assert (added.json()["name"], added.json()["age_group"]) == ("Dewi Sartika", "youth")
    pk = added.json()["id"]
    changed = patch_json(client, f"members/{pk}/", {"role": "treasurer"})
    assert changed.json()["role"] == "treasurer"
    assert client.delete(f"{API}members/{pk}/").status_code == 204
    membership = Membership.objects.get(pk=pk)
    assert membership.archived_at is not None
    assert membership.history.count() == 3
    listed = client.get(f"{API}groups/{world.group_a.pk}/members/").json()["results"]
    assert "Dewi Sartika" not in {m["name"] for m in listed}


def test_a_person_of_another_village_is_refused_naming_the_field(
    client: Client, world: World, facilitator: User
) -> None:
    api_client(client, facilitator)
    yanti = world.person("Yanti")
    attempt = Attempt(
        "post", f"{API}groups/{world.group_a.pk}/members/", {"person": yanti.pk}, json=True
    )
    response = assert_refused(client, attempt, 400, apps=APPS)
    assert list(response.json()["fields"]) == ["person"]


def test_a_person_is_corrected(client: Client, world: World, facilitator: User) -> None:
    api_client(client, facilitator)
    budi = world.person("Budi Santoso")
    response = patch_json(client, f"people/{budi.pk}/", {"birth_year": 1999})
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Budi Santoso"
    budi.refresh_from_db()
    assert budi.birth_year == 1999
    assert budi.history.first().history_user == facilitator


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"gender": "other"}, "gender"),
        ({"birth_year": 1800}, "birth_year"),
        ({"name": "a\x00b"}, "name"),
    ],
)
def test_bad_person_input_names_the_field(
    client: Client, world: World, officer: User, body: dict[str, Any], field: str
) -> None:
    api_client(client, officer)
    attempt = Attempt("patch", f"{API}people/{world.person('Budi Santoso').pk}/", body, json=True)
    response = assert_refused(client, attempt, 400, apps=APPS)
    assert list(response.json()["fields"]) == [field]
