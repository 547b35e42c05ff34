"""The cycle through its pages, as the facilitator on a phone would: open, each stage's
content from the forms on the cycle page, refusals shown as messages, back a stage with a
reason, the confirmed review and the next cycle."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.empowerment.models import (
    Action,
    Cycle,
    CycleStatus,
    Group,
    Person,
    Problem,
    StageChange,
    Theme,
)
from tests.conftest import login
from tests.empowerment.cycle_helpers import action, held_meeting, walk_to
from tests.refusals import changed, rows

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"empowerment:{name}", args=args)


def messages_of(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


def test_open_a_cycle_with_the_group_preselected(
    english_client: Client, facilitator: User, group_a: Group
) -> None:
    client = login(english_client, facilitator)
    page = client.get(url("cycle_open") + f"?group={group_a.pk}")
    assert page.status_code == 200
    assert page.context["form"]["groups"].value() == [group_a.pk]
    response = client.post(url("cycle_open"), {"groups": [group_a.pk], "year": "2026"})
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response["Location"] == url("cycle_detail", cycle.pk)
    assert (cycle.number, cycle.stage, cycle.opened_by) == (1, 1, facilitator)


def test_open_refusal_shown_on_the_form(
    english_client: Client, facilitator: User, cycle_a: Cycle, group_a: Group
) -> None:
    client = login(english_client, facilitator)
    before = rows("empowerment")
    page = client.post(url("cycle_open"), {"groups": [group_a.pk], "year": "2027"})
    assert page.status_code == 200
    assert page.context["form"].non_field_errors() == [
        "Village: Desa Alfa already has an open cycle (number 1); close it with its review "
        "before opening another."
    ]
    assert changed(before, rows("empowerment")) == []


def test_open_offers_only_the_facilitators_groups(
    english_client: Client, facilitator: User, group_a: Group, group_b: Group
) -> None:
    client = login(english_client, facilitator)
    before = rows("empowerment")
    page = client.post(url("cycle_open"), {"groups": [group_b.pk], "year": "2026"})
    assert page.status_code == 200
    assert page.context["form"].errors["groups"] == [
        f"Groups: {group_b.pk} is not a group you can open a cycle for."
    ]
    assert changed(before, rows("empowerment")) == []


def test_the_whole_walk_through_the_pages(
    english_client: Client, facilitator: User, cycle_a: Cycle
) -> None:
    client = login(english_client, facilitator)
    pk = cycle_a.pk
    detail = url("cycle_detail", pk)
    page = client.get(detail)
    assert page.status_code == 200
    assert 'aria-current="step"' in page.content.decode()

    refused = client.post(url("cycle_advance", pk), follow=True)
    assert messages_of(refused) == [
        "Stage 1: record at least one experience before moving on.",
        "Meetings: record the meeting held for stage 1 first (a meeting of this cycle, marked "
        "as held).",
    ]
    theme = Theme.objects.create(code="pasar-uji", name_id="Pasar", name_en="Market")
    meeting = held_meeting(cycle_a, 1)
    added = client.post(
        url("stage_item_add", pk, "experiences"),
        {
            "kind": "depowering",
            "text": "Harga madu jatuh",
            "themes": [theme.pk],
            "meeting": meeting.pk,
        },
    )
    assert added.status_code == 302 and added["Location"] == f"{detail}#stage-1"
    experience = cycle_a.experiences.get()
    assert (experience.text, list(experience.themes.all()), experience.meeting) == (
        "Harga madu jatuh",
        [theme],
        meeting,
    )
    client.post(url("cycle_advance", pk))
    cycle_a.refresh_from_db()
    assert cycle_a.stage == 2

    client.post(
        url("stage_item_add", pk, "reasons"),
        {"text": "Tidak ada gudang", "experiences": [experience.pk]},
    )
    held_meeting(cycle_a, 2)
    client.post(url("cycle_advance", pk))

    client.post(
        url("stage_item_add", pk, "problems"), {"kind": "problem", "title": "Kemasan", "votes": "3"}
    )
    problem = Problem.objects.get(cycle=cycle_a)
    choose = client.post(url("problem_choose", pk, problem.pk))
    assert choose["Location"] == f"{detail}#stage-3"
    held_meeting(cycle_a, 3)
    client.post(url("cycle_advance", pk))

    siti = Person.objects.get(name="Siti Aminah")
    client.post(
        url("stage_item_add", pk, "power-bases"),
        {"kind": "skills", "description": "Menjahit label", "holder_person": siti.pk},
    )
    held_meeting(cycle_a, 4)
    moved = client.post(url("cycle_advance", pk), follow=True)
    assert messages_of(moved)[-1] == "The cycle is now at stage 5."
    cycle_a.refresh_from_db()
    assert cycle_a.stage == 5
    assert (cycle_a.reasons.count(), cycle_a.power_bases.get().holder_person) == (1, siti)

    page = client.get(detail)
    html = page.content.decode()
    assert url("cycle_close", pk) in html and url("meeting_detail", meeting.pk) in html
    assert 'id="action-plan"' in html

    action(cycle_a, "Desain label")
    form = client.post(url("cycle_close", pk), {"achievements": "Label baru", "next_year": "2027"})
    assert form.status_code == 200 and b'name="confirm"' in form.content
    assert Cycle.objects.count() == 1
    done = client.post(
        url("cycle_close", pk),
        {"achievements": "Label baru", "next_year": "2027", "confirm": "1"},
    )
    following = Cycle.objects.get(previous=cycle_a)
    assert done["Location"] == url("cycle_detail", following.pk)
    cycle_a.refresh_from_db()
    assert (cycle_a.status, following.number, following.year) == (CycleStatus.CLOSED, 2, 2027)
    assert Action.objects.get(cycle=following).carried_from.cycle == cycle_a


def test_back_one_stage_needs_a_reason(
    english_client: Client, facilitator: User, cycle_a: Cycle
) -> None:
    walk_to(facilitator, cycle_a, 2)
    client = login(english_client, facilitator)
    before = rows("empowerment")
    page = client.post(url("cycle_back", cycle_a.pk), {"reason": ""})
    assert page.status_code == 200 and page.context["form"].errors["reason"]
    assert changed(before, rows("empowerment")) == []
    done = client.post(url("cycle_back", cycle_a.pk), {"reason": "Pengalaman kurang"})
    assert done.status_code == 302
    last = StageChange.objects.filter(cycle=cycle_a).last()
    assert last is not None and (last.from_stage, last.to_stage, last.by, last.reason) == (
        2,
        1,
        facilitator,
        "Pengalaman kurang",
    )


def test_invalid_content_is_shown_on_its_own_form_page(
    english_client: Client, facilitator: User, cycle_a: Cycle
) -> None:
    walk_to(facilitator, cycle_a, 3)
    client = login(english_client, facilitator)
    before = rows("empowerment")
    page = client.post(
        url("stage_item_add", cycle_a.pk, "problems"),
        {"kind": "problem", "title": "Gudang", "votes": "9"},
    )
    assert page.status_code == 200
    assert page.context["form"].errors["votes"] == [
        "Votes: from 0 to 4, the number of members present."
    ]
    assert changed(before, rows("empowerment")) == []


def test_content_of_a_stage_not_reached_is_refused_on_the_page(
    english_client: Client, facilitator: User, cycle_a: Cycle
) -> None:
    client = login(english_client, facilitator)
    before = rows("empowerment")
    page = client.post(
        url("stage_item_add", cycle_a.pk, "power-bases"),
        {"kind": "skills", "description": "x", "holder": "y"},
    )
    assert page.context["form"].non_field_errors() == [
        "Power bases: the cycle is at stage 1; they are recorded from stage 4 on."
    ]
    assert changed(before, rows("empowerment")) == []


def test_edit_and_remove_an_experience(
    english_client: Client, facilitator: User, cycle_a: Cycle
) -> None:
    client = login(english_client, facilitator)
    client.post(
        url("stage_item_add", cycle_a.pk, "experiences"),
        {"kind": "empowering", "text": "Pembeli baru"},
    )
    experience = cycle_a.experiences.get()
    edit = url("stage_item_edit", cycle_a.pk, "experiences", experience.pk)
    page = client.get(edit)
    assert page.context["form"]["text"].value() == "Pembeli baru"
    client.post(edit, {"kind": "depowering", "text": "Pembeli pergi"})
    experience.refresh_from_db()
    assert (experience.kind, experience.text) == ("depowering", "Pembeli pergi")
    remove = url("stage_item_remove", cycle_a.pk, "experiences", experience.pk)
    ask = client.post(remove)
    assert ask.status_code == 200 and cycle_a.experiences.count() == 1
    client.post(remove, {"confirm": "1"})
    assert cycle_a.experiences.count() == 0


def test_removal_refused_is_flashed(
    english_client: Client, facilitator: User, cycle_a: Cycle
) -> None:
    walk_to(facilitator, cycle_a, 2)
    client = login(english_client, facilitator)
    experience = cycle_a.experiences.get()
    before = rows("empowerment")
    response = client.post(
        url("stage_item_remove", cycle_a.pk, "experiences", experience.pk),
        {"confirm": "1"},
        follow=True,
    )
    assert messages_of(response) == [
        "Experience: it is the last one the cycle needed to pass stage 1; go back to stage 1 first."
    ]
    assert changed(before, rows("empowerment")) == []


def test_list_and_history(
    english_client: Client, officer: User, cycle_a: Cycle, cycle_b: Cycle
) -> None:
    walk_to(officer, cycle_a, 2)
    client = login(english_client, officer)
    page = client.get(url("cycle_list") + "?stage=2")
    assert [c.pk for c in page.context["page_obj"]] == [cycle_a.pk]
    page = client.get(url("cycle_list") + "?q=Beta")
    assert [c.pk for c in page.context["page_obj"]] == [cycle_b.pk]
    history = client.get(url("cycle_history", cycle_a.pk))
    assert history.status_code == 200
    records = [entry.record for entry in history.context["entries"]]
    assert "Experience: Harga madu jatuh saat panen raya" in records
