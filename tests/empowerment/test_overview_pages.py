"""The regency overview (/empowerment/) and a village's status page: what each role sees, the
map's embedded data, refusals, and both languages."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.empowerment.models import Group
from ovop.empowerment.models_cycle import Cycle
from ovop.regions.models import Region
from tests.conftest import login
from tests.empowerment.overview_data import action, cycle_at, meeting, people
from tests.overview.html import table_rows
from tests.refusals import LOGIN, Attempt, matrix, refused

pytestmark = pytest.mark.django_db

OVERVIEW = "/empowerment/"


def embedded(html: str, element_id: str) -> Any:
    found = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, f"no {element_id} on the page"
    return json.loads(found.group(1))


def stage_cards(html: str) -> dict[str, int]:
    cards = re.findall(r'data-stage="([a-z0-9]+)"><div class="stat">(\d+)</div>', html)
    return {key: int(n) for key, n in cards}


def villages_listed(html: str) -> list[str]:
    return re.findall(r'<tr data-village="([0-9.]+)"', html)


@pytest.fixture
def two_villages(group_a: Group, group_b: Group, cycle_b: Cycle) -> Cycle:
    """Village A at stage 3 (with coordinates), village B at stage 1 (cycle_b), no coordinates."""
    village = group_a.village
    Region.objects.filter(pk=village.pk).update(lat=Decimal("-2.345678"), lon=Decimal("106.1"))
    return cycle_at(village, [group_a], stage=3)


def test_officer_sees_every_village_counts_table_and_map(
    english_client: Client, officer: User, two_villages: Cycle, village_a: Region
) -> None:
    html = login(english_client, officer).get(OVERVIEW).content.decode()
    assert stage_cards(html) == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 0, "closed": 0, "none": 0}
    assert villages_listed(html) == ["99.01.01.2001", "99.01.02.2001"]
    rows = table_rows(html)[0]
    assert rows[0][0].startswith("Desa Alfa ")
    assert rows[0][1] == "3 3. Choose one problem or project cycle 1, 2026"
    assert embedded(html, "stage-map-data") == [
        {
            "code": "99.01.01.2001",
            "name": "Desa Alfa",
            "lat": -2.345678,
            "lon": 106.1,
            "url": f"/empowerment/village/{village_a.pk}/",
            "stage": "3",
            "label": "3. Choose one problem or project",
        }
    ]


def test_the_map_needs_no_inline_script_and_has_a_legend(
    english_client: Client, officer: User, two_villages: Cycle
) -> None:
    response = login(english_client, officer).get(OVERVIEW)
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    inline = [attrs for attrs, body in scripts if body.strip() and "application/json" not in attrs]
    assert inline == []
    assert "/static/ovop/stage_map.js" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    legend = re.search(r'<ul class="legend".*?</ul>', html, re.S)
    assert legend is not None
    for label in ("1. Recall experiences", "5. Action plan", "Cycle closed, no new one open"):
        assert label in legend.group(0)
    assert legend.group(0).count('class="stage-mark"') == 7


def test_facilitator_sees_only_her_villages(
    english_client: Client, facilitator: User, two_villages: Cycle
) -> None:
    html = login(english_client, facilitator).get(OVERVIEW).content.decode()
    assert villages_listed(html) == ["99.01.01.2001"]
    assert stage_cards(html)["1"] == 0
    assert stage_cards(html)["3"] == 1


def test_facilitator_sees_her_village_even_without_any_record(
    english_client: Client, facilitator: User
) -> None:
    html = login(english_client, facilitator).get(OVERVIEW).content.decode()
    assert villages_listed(html) == ["99.01.01.2001"]
    assert stage_cards(html)["none"] == 1


def test_owner_sees_only_their_groups_villages(
    english_client: Client, owner: User, owner2: User, two_villages: Cycle
) -> None:
    html = login(english_client, owner).get(OVERVIEW).content.decode()
    assert villages_listed(html) == ["99.01.01.2001"]
    html = login(english_client, owner2).get(OVERVIEW).content.decode()
    assert villages_listed(html) == ["99.01.02.2001"]
    assert stage_cards(html) == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0, "closed": 0, "none": 0}


def test_owner_does_not_see_cycles_of_groups_they_are_not_in(
    english_client: Client, owner: User, group_a: Group, village_a: Region
) -> None:
    other = Group.objects.create(name="KWT Lain", kind="women", village=village_a)
    cycle_at(village_a, [other], stage=4)
    html = login(english_client, owner).get(OVERVIEW).content.decode()
    assert stage_cards(html)["none"] == 1
    assert "KWT Lain" not in html


def test_viewer_sees_the_overview_but_no_change_buttons(
    english_client: Client, viewer: User, two_villages: Cycle
) -> None:
    html = login(english_client, viewer).get(OVERVIEW).content.decode()
    assert len(villages_listed(html)) == 2
    assert "Open a cycle" not in html


def test_village_page_shows_status_groups_cycles(
    english_client: Client, facilitator: User, two_villages: Cycle, group_a: Group
) -> None:
    who = people(group_a)
    meeting(group_a.village, dt.date(2026, 1, 10), cycle=two_villages, people=[who["Siti"]])
    action(two_villages, dt.date(2026, 1, 1))
    url = f"/empowerment/village/{group_a.village_id}/"
    html = login(english_client, facilitator).get(url).content.decode()
    assert "Empowerment in Desa Alfa" in html
    assert 'href="/empowerment/cycles/new/?village=' in html
    facts = dict(re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S))
    assert "Kelompok Madu Pelawan" in facts["Active groups"]
    assert re.sub(r"<[^>]+>|\s+", " ", facts["Women's share"]).strip() == "100 % (1 of 1)"
    assert facts["Overdue actions"] == '<span class="overdue">1</span>'
    assert table_rows(html)[1] == [
        ["Cycle 1 (2026)", "Kelompok Madu Pelawan", "3. Choose one problem or project", "Open"]
    ]
    assert embedded(html, "stage-map-data")[0]["stage"] == "3"


ATTEMPTS = {
    "overview": Attempt("get", OVERVIEW),
    "own village": Attempt("get", lambda r: f"/empowerment/village/{r.village_id}/"),
    "other village": Attempt("get", lambda r: f"/empowerment/village/{r.other}/"),
}


class _Records:
    def __init__(self, group_a: Group, group_b: Group) -> None:
        self.village_id = group_a.village_id
        self.other = group_b.village_id


@pytest.fixture
def targets(group_a: Group, group_b: Group) -> _Records:
    return _Records(group_a, group_b)


@pytest.mark.parametrize(
    ("persona", "action_name", "expected"),
    matrix({"assessor": 403, "anonymous": LOGIN}, ATTEMPTS)
    + [
        ("facilitator", "other village", 404),
        ("owner", "other village", 404),
        ("outsider", "own village", 404),
        ("outsider", "other village", 404),
    ],
)
def test_refused(
    client: Client,
    request: pytest.FixtureRequest,
    targets: _Records,
    persona: str,
    action_name: str,
    expected: Any,
) -> None:
    refused(
        client,
        request,
        persona,
        ATTEMPTS[action_name],
        expected,
        records=targets,
        apps=("empowerment",),
    )


@pytest.mark.parametrize("persona", ["admin_user", "officer", "viewer", "facilitator", "owner"])
def test_allowed_on_own_village(
    client: Client, request: pytest.FixtureRequest, targets: _Records, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.get(f"/empowerment/village/{targets.village_id}/").status_code == 200
    assert client.get(OVERVIEW).status_code == 200


def test_officer_may_open_any_village_even_without_records(
    client: Client, officer: User, village_b: Region
) -> None:
    response = login(client, officer).get(f"/empowerment/village/{village_b.pk}/")
    assert response.status_code == 200


def test_a_kecamatan_is_no_village(client: Client, officer: User, village_a: Region) -> None:
    kecamatan = village_a.parent
    assert kecamatan is not None
    assert login(client, officer).get(f"/empowerment/village/{kecamatan.pk}/").status_code == 404


def test_pages_in_indonesian_by_default(client: Client, officer: User, two_villages: Cycle) -> None:
    html = login(client, officer).get(OVERVIEW).content.decode()
    assert '<html lang="id">' in html
    assert "Pemberdayaan: posisi setiap desa" in html
    assert "Desa menurut tahap yang dicapai" in html
    village = login(client, officer).get(f"/empowerment/village/{two_villages.village_id}/")
    assert "Pemberdayaan di Desa Alfa" in village.content.decode()


def test_pages_in_english(english_client: Client, officer: User, two_villages: Cycle) -> None:
    html = login(english_client, officer).get(OVERVIEW).content.decode()
    assert '<html lang="en">' in html
    assert "Empowerment: where each village stands" in html
    assert "Villages by stage reached" in html


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("officer", True),
        ("viewer", True),
        ("facilitator", True),
        ("owner", True),
        ("admin_user", True),
        ("assessor", False),
    ],
)
def test_menu_entry_for_everyone_who_may_read(
    english_client: Client, request: pytest.FixtureRequest, persona: str, shown: bool
) -> None:
    login(english_client, request.getfixturevalue(persona))
    html = english_client.get("/").content.decode()
    assert ('<a href="/empowerment/">Empowerment</a>' in html) is shown
