"""Reading the empowerment API: every list and record, by every role, scoped like the pages;
the stages' content, the plan's progress and the meeting counts; filters; query counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoDbBlocker

from ovop.accounts.models import User
from ovop.empowerment.models import Group, GroupKind
from tests.empowerment.api_data import (
    API,
    World,
    api_client,
    ids,
    world_records,
)
from tests.shared_records import copied, kept_for_module

pytestmark = pytest.mark.django_db

# The personas and the world are built once for the module: each test gets copies and runs in
# its own savepoint (tests/shared_records.py).


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

#: Which of village A's (a) and village B's (b) records each persona reads in every list.
SEES = {
    "admin_user": "ab",
    "officer": "ab",
    "viewer": "ab",
    "facilitator": "a",
    "facilitator_b": "b",
    "owner": "a",  # runs enterprise_x, a member of group_a
    "owner2": "b",
    "outsider": "",
}


def _expected(world: World, kind: str, sees: str) -> list[int]:
    records = {
        "groups": {"a": world.group_a.pk, "b": world.group_b.pk},
        "cycles": {"a": world.cycle_a.pk, "b": world.cycle_b.pk},
        "proposals": {"a": world.costly.proposal.pk},
    }[kind]
    return sorted(records[v] for v in sees if v in records)


@pytest.mark.parametrize("persona", list(SEES))
@pytest.mark.parametrize("kind", ["groups", "cycles", "proposals"])
def test_lists_hold_what_the_persona_may_read(
    client: Client, request: pytest.FixtureRequest, world: World, persona: str, kind: str
) -> None:
    api_client(client, request.getfixturevalue(persona))
    assert sorted(ids(client.get(f"{API}{kind}/"))) == _expected(world, kind, SEES[persona])


@pytest.mark.parametrize("persona", list(SEES))
def test_meetings_actions_and_people_follow_the_same_scope(
    client: Client, request: pytest.FixtureRequest, world: World, persona: str
) -> None:
    api_client(client, request.getfixturevalue(persona))
    sees = SEES[persona]
    meetings = {world.meeting_b.pk} if "b" in sees else set()
    if "a" in sees:
        meetings |= set(world.cycle_a.meetings.values_list("pk", flat=True))
    assert set(ids(client.get(f"{API}meetings/"))) == meetings
    actions = {world.cheap.pk, world.costly.pk} if "a" in sees else set()
    assert set(ids(client.get(f"{API}actions/"))) == actions
    names = {row["name"] for row in client.get(f"{API}people/").json()["results"]}
    expected = set()
    if "a" in sees:
        expected |= {"Siti Aminah", "Rina Lestari", "Budi Santoso", "Pak Owner"}
    if "b" in sees:
        expected |= {"Yanti"}
    assert names == expected


def _addresses(world: World) -> dict[str, tuple[str, str]]:
    """Each detail address of village A's records and of village B's."""
    a, b = world, world
    return {
        "group": (f"groups/{a.group_a.pk}/", f"groups/{b.group_b.pk}/"),
        "members": (f"groups/{a.group_a.pk}/members/", f"groups/{b.group_b.pk}/members/"),
        "cycle": (f"cycles/{a.cycle_a.pk}/", f"cycles/{b.cycle_b.pk}/"),
        "meeting": (f"meetings/{a.meeting_a.pk}/", f"meetings/{b.meeting_b.pk}/"),
        "person": (
            f"people/{a.person('Rina Lestari').pk}/",
            f"people/{b.person('Yanti').pk}/",
        ),
        "member": (
            f"members/{a.group_a.memberships.first().pk}/",  # type: ignore[union-attr]
            f"members/{b.group_b.memberships.first().pk}/",  # type: ignore[union-attr]
        ),
    }


DETAIL_ANSWERS = {
    "assessor": (403, 403),
    None: (403, 403),
    "viewer": (200, 200),
    "facilitator": (200, 404),
    "facilitator_b": (404, 200),
    "owner": (200, 404),
    "owner2": (404, 200),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("persona", list(DETAIL_ANSWERS))
def test_records_outside_the_scope_answer_404_and_assessors_403(
    client: Client, request: pytest.FixtureRequest, world: World, persona: str | None
) -> None:
    api_client(client, request.getfixturevalue(persona) if persona else None)
    for what, addresses in _addresses(world).items():
        for address, expected in zip(addresses, DETAIL_ANSWERS[persona], strict=True):
            response = client.get(API + address)
            assert response.status_code == expected, (what, address)
            if expected != 200:
                assert set(response.json()) == {"error", "fields"}


@pytest.mark.parametrize("persona", ["assessor", None])
def test_every_list_refuses_assessors_and_visitors(
    client: Client, request: pytest.FixtureRequest, world: World, persona: str | None
) -> None:
    api_client(client, request.getfixturevalue(persona) if persona else None)
    for kind in ("groups", "people", "cycles", "actions", "proposals", "meetings", "themes"):
        response = client.get(f"{API}{kind}/")
        assert response.status_code == 403, kind
        assert response.json()["fields"] == {}


def test_a_cycle_holds_every_stage_its_plan_and_its_progress(
    client: Client, world: World, viewer: User
) -> None:
    api_client(client, viewer)
    data = client.get(f"{API}cycles/{world.cycle_a.pk}/").json()
    assert (data["stage"], data["status"], data["village"]) == (5, "open", "99.01.01.2001")
    assert [g["name"] for g in data["groups"]] == ["Kelompok Madu Pelawan"]
    assert [e["text"] for e in data["experiences"]] == ["Harga madu jatuh saat panen raya"]
    assert data["experiences"][0]["kind"] == "depowering"
    assert data["reasons"][0]["experiences"] == [data["experiences"][0]["id"]]
    assert [(p["title"], p["chosen"], p["votes"]) for p in data["problems"]] == [
        ("Kemasan madu", True, 2)
    ]
    assert [(b["kind"], b["holder"]) for b in data["power_bases"]] == [("institution", "Kades")]
    actions = {a["title"]: a for a in data["actions"]}
    assert actions["Beli botol kaca"]["person_in_charge_name"] == "Rina Lestari"
    assert actions["Pelatihan kemasan"]["cost_idr"] == 3_000_000
    assert actions["Pelatihan kemasan"]["proposal"] == world.costly.proposal.pk
    # (1,000,000 × 100 + 3,000,000 × 20) / 4,000,000 = 40 %; plain mean (100 + 20) / 2 = 60 %
    assert data["progress"] == {
        "weighted_percent": 40.0,
        "plain_percent": 60.0,
        "total_cost_idr": 4_000_000,
        "basis": "cost",
        "count": 2,
    }
    moves = [(c["from_stage"], c["to_stage"]) for c in data["stage_changes"]]
    assert moves == [(None, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
    assert data["stage_changes"][1]["by"] == "officer"


def test_a_proposal_names_its_action_village_and_beneficiaries(
    client: Client, world: World, facilitator: User
) -> None:
    api_client(client, facilitator)
    proposal = world.costly.proposal
    data = client.get(f"{API}proposals/{proposal.pk}/").json()
    assert data["action"] == world.costly.pk
    assert (data["support"], data["cost_idr"], data["for_year"]) == ("packaging", 3_000_000, 2027)
    assert (data["village"], data["cycle"]) == ("99.01.01.2001", world.cycle_a.pk)
    assert (data["beneficiaries_female"], data["beneficiaries_male"]) == (2, 2)
    assert len(data["beneficiaries"]) == 4


def test_a_meeting_shows_attendance_and_its_counts(
    client: Client, world: World, owner: User
) -> None:
    api_client(client, owner)
    data = client.get(f"{API}meetings/{world.meeting_a.pk}/").json()
    assert sorted(a["name"] for a in data["attendance"]) == [
        "Budi Santoso",
        "Pak Owner",
        "Rina Lestari",
        "Siti Aminah",
    ]
    rina = next(a for a in data["attendance"] if a["name"] == "Rina Lestari")
    assert rina["age_group"] == "youth"  # born 2001, 25 in 2026
    counts = data["counts"]
    assert (counts["present"], counts["female"], counts["male"], counts["youth"]) == (4, 2, 2, 1)
    assert (counts["members_present"], counts["active_members"], counts["rate_pct"]) == (4, 4, 100)


def test_a_group_lists_its_current_members(client: Client, world: World, officer: User) -> None:
    api_client(client, officer)
    data = client.get(f"{API}groups/{world.group_a.pk}/").json()
    assert data["member_count"] == 4
    assert {(m["name"], m["role"]) for m in data["members"]} == {
        ("Siti Aminah", "chair"),
        ("Rina Lestari", "member"),
        ("Budi Santoso", "treasurer"),
        ("Pak Owner", "member"),
    }
    owner_row = next(m for m in data["members"] if m["name"] == "Pak Owner")
    assert owner_row["enterprise"] is not None


@pytest.mark.parametrize(
    ("kind", "params", "field"),
    [
        ("groups", {"kind": "club"}, "kind"),
        ("groups", {"active": "sometimes"}, "active"),
        ("cycles", {"year": "1999"}, "year"),
        ("cycles", {"stage": "6"}, "stage"),
        ("cycles", {"group": "99999999999"}, "group"),
        ("actions", {"status": "finished"}, "status"),
        ("proposals", {"for_year": "abc"}, "for_year"),
        ("meetings", {"held_from": "kemarin"}, "held_from"),
        ("people", {"q": "x" * 101}, "q"),
        ("people", {"village": "a\x00b"}, "village"),
    ],
)
def test_a_refused_filter_answers_400_naming_it(
    client: Client, world: World, officer: User, kind: str, params: dict[str, str], field: str
) -> None:
    api_client(client, officer)
    response = client.get(f"{API}{kind}/", params)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_filters_narrow_the_lists(client: Client, world: World, officer: User) -> None:
    api_client(client, officer)
    assert ids(client.get(f"{API}groups/", {"village": "99.01.02.2001"})) == [world.group_b.pk]
    assert ids(client.get(f"{API}groups/", {"kind": "women"})) == [world.group_b.pk]
    assert ids(client.get(f"{API}cycles/", {"stage": "5"})) == [world.cycle_a.pk]
    assert ids(client.get(f"{API}actions/", {"status": "done"})) == [world.cheap.pk]
    assert ids(client.get(f"{API}proposals/", {"support": "training"})) == []
    assert ids(client.get(f"{API}meetings/", {"status": "planned"})) == [world.meeting_b.pk]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    ["groups/", "people/", "cycles/", "actions/", "proposals/", "meetings/"],
)
def test_list_queries_do_not_grow_with_the_rows(
    client: Client, world: World, facilitator: User, url: str
) -> None:
    api_client(client, facilitator)
    before = _queries(client, API + url)
    for number in range(5):
        group = Group.objects.create(
            name=f"Kelompok {number}", kind=GroupKind.YOUTH, village=world.group_a.village
        )
        _more_rows(world, group, number)
    assert _queries(client, API + url) == before


def _more_rows(world: World, group: Group, number: int) -> None:
    from tests.empowerment.cycle_helpers import action

    for membership in world.group_a.memberships.all():
        group.memberships.create(person=membership.person)
    world.cycle_a.groups.add(group)
    action(world.cycle_a, f"Aksi {number}")
    world.meeting_a.pk = None
    world.meeting_a._state.adding = True
    world.meeting_a.save()
    world.meeting_a.groups.add(group)


def test_detail_queries_are_bounded(client: Client, world: World, officer: User) -> None:
    api_client(client, officer)
    assert _queries(client, f"{API}cycles/{world.cycle_a.pk}/") <= 12
    assert _queries(client, f"{API}meetings/{world.meeting_a.pk}/") <= 12
    assert _queries(client, f"{API}groups/{world.group_a.pk}/") <= 6


def test_the_api_speaks_the_users_language(client: Client, world: World, officer: User) -> None:
    api_client(client, officer, language="id")
    response = client.get(f"{API}cycles/", {"year": "1999"})
    assert "2000" in response.json()["fields"]["year"][0]
    english = api_client(Client(), officer, language="en").get(f"{API}cycles/", {"year": "1999"})
    assert english.json()["fields"]["year"] == [
        "Ensure this value is greater than or equal to 2000."
    ]
    assert response.json()["fields"]["year"] != english.json()["fields"]["year"]
