"""Records the API tests read and write: village A's cycle walked to stage 5 with a plan,
village B's cycle at stage 1 with a planned meeting, and a facilitator of village B."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from ovop.accounts.models import Role, User
from ovop.empowerment import services_actions
from ovop.empowerment.models import (
    Action,
    Cycle,
    Group,
    Meeting,
    MeetingStatus,
    Person,
    Support,
)
from ovop.regions.models import Region
from tests.empowerment.conftest import cycle_create, records_create
from tests.empowerment.cycle_helpers import held_meeting, walk_to
from tests.factories import UserFactory

API = "/api/v1/empowerment/"


@dataclass
class World:
    group_a: Group
    group_b: Group
    cycle_a: Cycle
    cycle_b: Cycle
    meeting_a: Meeting
    meeting_b: Meeting
    cheap: Action
    costly: Action

    def person(self, name: str) -> Person:
        return Person.objects.get(name=name)


def facilitator_b_create(village_b: Region) -> User:
    user: User = UserFactory(username="facilitator_b", role=Role.FACILITATOR)
    user.villages.add(village_b)
    return user


@pytest.fixture(name="facilitator_b")
def facilitator_b_fixture(village_b: Region) -> User:
    return facilitator_b_create(village_b)


@pytest.fixture(name="world")
def world_fixture(
    group_a: Group, group_b: Group, cycle_a: Cycle, cycle_b: Cycle, officer: User
) -> World:
    return world_create(group_a, group_b, cycle_a, cycle_b, officer)


def world_create(
    group_a: Group, group_b: Group, cycle_a: Cycle, cycle_b: Cycle, officer: User
) -> World:
    """What the `world` fixture makes (for the records a module builds once)."""
    cycle = walk_to(officer, cycle_a, 5)
    rina = Person.objects.get(name="Rina Lestari")
    cheap = services_actions.action_add(
        user=officer,
        cycle=cycle,
        title="Beli botol kaca",
        person_in_charge=rina,
        due_on=dt.date(2026, 6, 30),
        cost_idr=1_000_000,
        percent_done=100,
        status="done",
    )
    costly = services_actions.action_add(
        user=officer,
        cycle=cycle,
        title="Pelatihan kemasan",
        person_in_charge=Person.objects.get(name="Siti Aminah"),
        due_on=dt.date(2026, 9, 30),
        cost_idr=3_000_000,
        support=Support.PACKAGING,
        propose=True,
        percent_done=20,
        status="in_progress",
    )
    meeting_a = Meeting.objects.filter(cycle=cycle, stage=1).get()
    meeting_b = held_meeting(cycle_b, 1)
    meeting_b.status = MeetingStatus.PLANNED
    meeting_b.save()
    return World(group_a, group_b, cycle, cycle_b, meeting_a, meeting_b, cheap, costly)


def world_records() -> dict[str, Any]:
    """The conftest's records (`records_create`), facilitator_b and the world, for a module
    that builds them once (tests/shared_records.py)."""
    records = records_create()
    group_a, group_b = records["group_a"], records["group_b"]
    world = world_create(
        group_a, group_b, cycle_create(group_a), cycle_create(group_b), records["officer"]
    )
    return {
        **records,
        "facilitator_b": facilitator_b_create(records["village_b"]),
        "world": world,
    }


def api_client(client: Client, user: User | None, language: str = "en") -> Client:
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def post_json(client: Client, url: str, data: Any = None) -> Any:
    """POST ``data`` as JSON to the empowerment API address ``url``."""
    return client.post(API + url, data or {}, content_type="application/json")


def patch_json(client: Client, url: str, data: Any) -> Any:
    """PATCH ``data`` as JSON to the empowerment API address ``url``."""
    return client.patch(API + url, data, content_type="application/json")
