"""Issue 10 on the overview pages: a village's page has an "Empowerment" section (for those
who may read this village's empowerment records) and the facilitator's "Desa saya" shows
each village's stage and overdue actions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, GroupKind, Membership, Person
from ovop.empowerment.models_actions import Action, ActionStatus
from ovop.empowerment.models_cycle import Cycle, CycleStatus
from ovop.enterprises.models import Enterprise
from ovop.enterprises.selectors import local_today
from ovop.regions.models import Region
from tests.conftest import login
from tests.overview.html import table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_stage_4(village_a: Region, enterprise_x: Enterprise) -> Cycle:
    """Village A: a group with Pak Owner (who runs enterprise_x of `owner`), a cycle at stage
    4 with two overdue actions, one open and one done."""
    group = Group.objects.create(name="Kelompok Madu", kind=GroupKind.IKM, village=village_a)
    person = Person.objects.create(
        name="Pak Owner", gender=Gender.MALE, village=village_a, enterprise=enterprise_x
    )
    Membership.objects.create(group=group, person=person)
    cycle = Cycle.objects.create(village=village_a, year=2026, number=1, stage=4)
    cycle.groups.add(group)
    today = local_today()
    for days, status in (
        (-3, ActionStatus.PLANNED),
        (-1, ActionStatus.IN_PROGRESS),
        (5, ActionStatus.PLANNED),
        (-9, ActionStatus.DONE),
    ):
        Action.objects.create(
            cycle=cycle,
            title="Aksi",
            due_on=today + dt.timedelta(days=days),
            cost_idr=50_000,
            status=status,
        )
    return cycle


def _section(html: str) -> str | None:
    found = re.search(r'<section aria-labelledby="empowerment-title".*?</section>', html, re.S)
    return found.group(0) if found else None


@pytest.mark.parametrize("persona", ["officer", "viewer", "facilitator", "owner", "admin_user"])
def test_village_page_has_the_empowerment_section(
    english_client: Client, request: pytest.FixtureRequest, persona: str, at_stage_4: Cycle
) -> None:
    login(english_client, request.getfixturevalue(persona))
    section = _section(english_client.get("/regions/99.01.01.2001/").content.decode())
    assert section is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Stage reached 4 4. Identify power bases" in text
    assert "Open actions 3 Overdue actions 2" in text
    assert "Kelompok Madu" in text
    assert f'href="/empowerment/village/{at_stage_4.village_id}/"' in section


@pytest.mark.parametrize("persona", ["assessor", "outsider", "owner2"])
def test_no_section_for_who_may_not_read_the_village(
    english_client: Client, request: pytest.FixtureRequest, persona: str, at_stage_4: Cycle
) -> None:
    login(english_client, request.getfixturevalue(persona))
    html = english_client.get("/regions/99.01.01.2001/").content.decode()
    assert _section(html) is None
    assert "/empowerment/village/" not in html


def test_no_section_for_a_facilitator_elsewhere(
    english_client: Client, facilitator: User, village_b: Region
) -> None:
    html = login(english_client, facilitator).get("/regions/99.01.02.2001/").content.decode()
    assert _section(html) is None


def test_facilitators_villages_show_stage_and_overdue_actions(
    english_client: Client, facilitator: User, at_stage_4: Cycle, village_b: Region
) -> None:
    facilitator.villages.add(village_b)
    Cycle.objects.create(village=village_b, year=2025, number=1, stage=5, status=CycleStatus.CLOSED)
    html = login(english_client, facilitator).get("/").content.decode()
    rows = [table for table in table_rows(html) if table][0]
    assert [row[-2:] for row in rows] == [
        ["4 4. Identify power bases", "2"],
        ["✓ Cycle closed, no new one open", "0"],
    ]
    assert f'href="/empowerment/village/{at_stage_4.village_id}/"' in html
