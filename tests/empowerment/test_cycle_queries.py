"""The cycle list and the cycle page read in a number of queries that does not grow with
the number of cycles, groups or stage records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.empowerment import services_stages as stages
from ovop.empowerment.models import Cycle, Group, GroupKind, Stage, StageChange
from tests.empowerment.cycle_helpers import held_meeting, walk_to

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_queries_do_not_grow(
    client: Client, officer: User, cycle_a: Cycle, cycle_b: Cycle
) -> None:
    client.force_login(officer)
    few = queries(client, "/empowerment/cycles/")
    for year in (2024, 2025):
        for village_cycle in (cycle_a, cycle_b):
            extra = Group.objects.create(
                name=f"Kelompok {year}", kind=GroupKind.YOUTH, village=village_cycle.village
            )
            cycle = Cycle.objects.create(
                village=village_cycle.village, year=year, number=year, status="closed"
            )
            cycle.groups.set([extra, *village_cycle.groups.all()])
    assert queries(client, "/empowerment/cycles/") == few


def test_detail_queries_do_not_grow(client: Client, officer: User, cycle_a: Cycle) -> None:
    cycle = walk_to(officer, cycle_a, Stage.ACTION_PLAN)
    client.force_login(officer)
    url = f"/empowerment/cycles/{cycle.pk}/"
    few = queries(client, url)
    for n in range(3):
        experience = stages.experience_add(
            user=officer, cycle=cycle, kind="empowering", text=f"Pengalaman {n}"
        )
        stages.reason_add(user=officer, cycle=cycle, text=f"Sebab {n}", experiences=[experience])
        held_meeting(cycle, 1)
        StageChange.objects.create(cycle=cycle, from_stage=5, to_stage=5)
    assert queries(client, url) == few
