"""Writing cycles, their stages, action plans and meetings through the empowerment API: the
services' rules hold (content before advancing, no future date for a held meeting, members of
the meeting's groups only) and bad input is a 400 naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.empowerment.models import (
    Action,
    CycleStatus,
    Experience,
    Meeting,
    MeetingStatus,
    StageChange,
)
from tests.empowerment.api_data import (  # noqa: F401  (fixtures)
    API,
    World,
    api_client,
    facilitator_b_fixture,
    patch_json,
    post_json,
    world_fixture,
)
from tests.refusals import Attempt, assert_refused

pytestmark = pytest.mark.django_db

APPS = ("empowerment",)


# --- cycles and stages ------------------------------------------------------------------------


def test_a_stage_is_not_advanced_without_its_content(
    client: Client, world: World, facilitator_b: User
) -> None:
    api_client(client, facilitator_b)
    attempt = Attempt("post", f"{API}cycles/{world.cycle_b.pk}/advance/", json=True)
    response = assert_refused(client, attempt, 400, apps=APPS)
    fields = response.json()["fields"]
    assert fields["stage"] == ["Stage 1: record at least one experience before moving on."]


def test_a_facilitator_walks_stage_one_to_two(
    client: Client, world: World, facilitator_b: User
) -> None:
    api_client(client, facilitator_b)
    cycle = world.cycle_b
    added = post_json(
        client,
        f"cycles/{cycle.pk}/experiences/",
        {"kind": "empowering", "text": "Pasar online", "themes": ["market"]},
    )
    assert added.status_code == 201, added.content
    assert added.json()["themes"] == ["market"]
    experience = Experience.objects.get(pk=added.json()["id"])
    assert {h.history_user for h in experience.history.all()} == {facilitator_b}
    changed = patch_json(client, f"experiences/{experience.pk}/", {"text": "Pasar daring"})
    assert (changed.json()["text"], changed.json()["kind"]) == ("Pasar daring", "empowering")
    Meeting.objects.filter(pk=world.meeting_b.pk).update(status=MeetingStatus.HELD)
    moved = post_json(client, f"cycles/{cycle.pk}/advance/")
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"] == 2
    back = post_json(client, f"cycles/{cycle.pk}/back/", {"reason": "Belum lengkap"})
    assert back.json()["stage"] == 1
    change = StageChange.objects.filter(cycle=cycle).last()
    assert (change.from_stage, change.to_stage, change.reason, change.by) == (
        2,
        1,
        "Belum lengkap",
        facilitator_b,
    )


def test_unknown_theme_and_experience_ids_are_named(
    client: Client, world: World, officer: User
) -> None:
    api_client(client, officer)
    bad_theme = Attempt(
        "post",
        f"{API}cycles/{world.cycle_b.pk}/experiences/",
        {"kind": "empowering", "text": "x", "themes": ["no-such-theme"]},
        json=True,
    )
    assert list(assert_refused(client, bad_theme, 400, apps=APPS).json()["fields"]) == ["themes"]
    other = world.cycle_a.experiences.first()
    bad_reason = Attempt(
        "post",
        f"{API}cycles/{world.cycle_b.pk}/reasons/",
        {"text": "x", "experiences": [other.pk]},  # type: ignore[union-attr]
        json=True,
    )
    response = assert_refused(client, bad_reason, 400, apps=APPS)
    assert list(response.json()["fields"]) == ["experiences"]


def test_close_needs_confirm_and_opens_the_next_cycle(
    client: Client, world: World, officer: User
) -> None:
    api_client(client, officer)
    url = f"{API}cycles/{world.cycle_a.pk}/close/"
    refusal = assert_refused(
        client, Attempt("post", url, {"achievements": "Kemasan baru"}, json=True), 400, apps=APPS
    )
    assert list(refusal.json()["fields"]) == ["confirm"]
    response = post_json(
        client,
        f"cycles/{world.cycle_a.pk}/close/",
        {"achievements": "Kemasan baru", "confirm": True},
    )
    assert response.status_code == 200, response.content
    following = response.json()
    assert (following["number"], following["stage"], following["previous"]) == (
        2,
        1,
        world.cycle_a.pk,
    )
    assert [a["title"] for a in following["actions"]] == ["Pelatihan kemasan"]  # carried over
    world.cycle_a.refresh_from_db()
    assert world.cycle_a.status == CycleStatus.CLOSED
    late = Attempt(
        "post",
        f"{API}cycles/{world.cycle_a.pk}/experiences/",
        {"kind": "empowering", "text": "Terlambat"},
        json=True,
    )
    assert assert_refused(client, late, 400, apps=APPS).json()["error"]


# --- the action plan --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cost_idr": -5000}, "cost_idr"),
        ({"cost_idr": None}, "cost_idr"),
        ({"cost_idr": "sejuta lebih"}, "cost_idr"),
        ({"percent_done": 101}, "percent_done"),
        ({"due_on": "31/02/2026"}, "due_on"),
        ({"support": "money"}, "support"),
    ],
)
def test_bad_action_input_names_the_field(
    client: Client, world: World, facilitator: User, body: dict[str, Any], field: str
) -> None:
    api_client(client, facilitator)
    data = {"title": "Sewa stan pameran", "due_on": "2026-10-01", "cost_idr": 250_000, **body}
    data["person_in_charge"] = world.person("Budi Santoso").pk
    attempt = Attempt("post", f"{API}cycles/{world.cycle_a.pk}/actions/", data, json=True)
    response = assert_refused(client, attempt, 400, apps=APPS)
    assert list(response.json()["fields"]) == [field]


def test_actions_are_added_changed_progressed_and_proposed(
    client: Client, world: World, facilitator: User
) -> None:
    api_client(client, facilitator)
    budi = world.person("Budi Santoso")
    added = post_json(
        client,
        f"cycles/{world.cycle_a.pk}/actions/",
        {
            "title": "Sewa stan pameran",
            "person_in_charge": budi.pk,
            "due_on": "2026-10-01",
            "cost_idr": "Rp 2.500.000",
        },
    )
    assert added.status_code == 201, added.content
    assert (added.json()["cost_idr"], added.json()["proposal"]) == (2_500_000, None)
    pk = added.json()["id"]
    proposed = patch_json(client, f"actions/{pk}/", {"support": "promotion", "propose": True})
    assert proposed.status_code == 200, proposed.content
    action = Action.objects.get(pk=pk)
    assert action.title == "Sewa stan pameran"
    assert (action.proposal.support, action.proposal.cost_idr) == ("promotion", 2_500_000)
    done = post_json(client, f"actions/{pk}/progress/", {"status": "done", "percent_done": 100})
    assert (done.json()["status"], done.json()["percent_done"]) == ("done", 100)
    assert action.history.count() == 3
    assert client.get(f"{API}proposals/{action.proposal.pk}/").status_code == 200


def test_a_planned_action_is_removed_with_history(
    client: Client, world: World, officer: User
) -> None:
    api_client(client, officer)
    added = post_json(
        client,
        f"cycles/{world.cycle_a.pk}/actions/",
        {
            "title": "Cetak label",
            "person_in_charge": world.person("Siti Aminah").pk,
            "due_on": "2026-08-01",
            "cost_idr": 100_000,
        },
    )
    pk = added.json()["id"]
    assert client.delete(f"{API}actions/{pk}/").status_code == 204
    assert not Action.objects.filter(pk=pk).exists()
    assert Action.history.filter(id=pk, history_type="-").count() == 1


# --- meetings ---------------------------------------------------------------------------------


def _record(world: World, **body: Any) -> Attempt:
    data = {"held_on": "2026-02-01", "minutes": "Notulen", "present": [], **body}
    return Attempt("post", f"{API}meetings/{world.meeting_b.pk}/record/", data, json=True)


def test_a_held_meeting_cannot_be_in_the_future(
    client: Client, world: World, facilitator_b: User
) -> None:
    api_client(client, facilitator_b)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = assert_refused(client, _record(world, held_on=tomorrow.isoformat()), 400, apps=APPS)
    assert list(response.json()["fields"]) == ["held_on"]
    assert response.json()["fields"]["held_on"][0].startswith("Date: a meeting already held")


def test_a_member_of_another_village_cannot_be_ticked(
    client: Client, world: World, officer: User, facilitator_b: User
) -> None:
    rina = world.person("Rina Lestari")
    api_client(client, officer)
    response = assert_refused(client, _record(world, present=[rina.pk]), 400, apps=APPS)
    assert list(response.json()["fields"]) == ["present"]
    assert "Rina Lestari" in response.json()["fields"]["present"][0]
    api_client(client, facilitator_b)  # cannot even see her
    response = assert_refused(client, _record(world, present=[rina.pk]), 400, apps=APPS)
    assert list(response.json()["fields"]) == ["present"]


def test_a_meeting_is_planned_and_recorded(
    client: Client, world: World, facilitator_b: User
) -> None:
    api_client(client, facilitator_b)
    planned = post_json(
        client,
        "meetings/",
        {
            "village": "99.01.02.2001",
            "groups": [world.group_b.pk],
            "held_on": "2026-03-01",
            "place": "Balai desa Beta",
            "agenda": "Tahap 1",
            "cycle": world.cycle_b.pk,
        },
    )
    assert planned.status_code == 201, planned.content
    data = planned.json()
    assert (data["status"], data["stage"], data["facilitator"]) == ("planned", 1, "facilitator_b")
    pk = data["id"]
    moved = patch_json(client, f"meetings/{pk}/", {"place": "Rumah Bu Yanti"})
    assert (moved.json()["place"], moved.json()["agenda"]) == ("Rumah Bu Yanti", "Tahap 1")
    yanti = world.person("Yanti")
    recorded = post_json(
        client,
        f"meetings/{pk}/record/",
        {
            "held_on": "2026-03-01",
            "minutes": "Berjalan baik",
            "present": [yanti.pk],
            "guests": [{"name": "Pak Kades", "gender": "male", "affiliation": "Pemdes"}],
        },
    )
    assert recorded.status_code == 200, recorded.content
    result = recorded.json()
    assert result["status"] == "held"
    assert [a["name"] for a in result["attendance"]] == ["Yanti"]
    assert [g["name"] for g in result["guests"]] == ["Pak Kades"]
    assert (result["counts"]["female"], result["counts"]["male"]) == (1, 1)
    meeting = Meeting.objects.get(pk=pk)
    assert meeting.history.first().history_user == facilitator_b


def test_bad_guest_rows_are_named(client: Client, world: World, officer: User) -> None:
    api_client(client, officer)
    guests = [{"name": "Tamu", "gender": "male"}, {"name": "", "gender": "x"}]
    response = assert_refused(client, _record(world, guests=guests), 400, apps=APPS)
    assert set(response.json()["fields"]) == {"guests[1].name", "guests[1].gender"}


def test_errors_are_in_indonesian_by_default(client: Client, world: World, officer: User) -> None:
    api_client(client, officer, language="id")
    response = post_json(client, "groups/", {"kind": "ikm", "village": "99.01.01.2001"})
    assert response.status_code == 400
    assert response.json()["fields"]["name"] == ["Bidang ini harus diisi."]
