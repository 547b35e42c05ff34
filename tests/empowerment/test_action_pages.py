"""The action plan's pages: adding, editing, the quick progress form, removing, the plan with
both progress figures; bad input named in both languages, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.empowerment.models import (
    Action,
    ActionStatus,
    Cycle,
    CycleStatus,
    Person,
    ProposalStatus,
    Stage,
    Support,
    SupportProposal,
)
from ovop.empowerment.selectors_actions import action_plan
from tests.refusals import changed, rows


@pytest.fixture
def plan_cycle(cycle_a: Cycle) -> Cycle:
    cycle_a.stage = Stage.ACTION_PLAN
    cycle_a.save()
    return cycle_a


def person(name: str) -> Person:
    return Person.objects.get(name=name)


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Bimtek kemasan",
        "person_in_charge": person("Siti Aminah").pk,
        "due_on": "12/01/2027",
        "cost_idr": "Rp 1.500.000",
        "support": Support.NONE,
        "status": ActionStatus.PLANNED,
        "percent_done": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def make(cycle: Cycle, title: str, cost: int, percent: int, **extra: object) -> Action:
    status = ActionStatus.DONE if percent == 100 else ActionStatus.IN_PROGRESS
    values: dict[str, object] = {"status": status, "due_on": dt.date(2026, 12, 1)}
    values.update(extra)
    return Action.objects.create(
        cycle=cycle,
        title=title,
        person_in_charge=person("Siti Aminah"),
        cost_idr=cost,
        percent_done=percent,
        **values,
    )


def test_add_reads_rupiah_and_dates(client: Client, facilitator: User, plan_cycle: Cycle) -> None:
    client.force_login(facilitator)
    url = f"/empowerment/cycles/{plan_cycle.pk}/actions/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(cost_idr="1,5 juta"))
    assert response.status_code == 302
    assert response["Location"] == f"/empowerment/cycles/{plan_cycle.pk}/#action-plan"
    action = Action.objects.get()
    assert (action.cost_idr, action.due_on) == (1_500_000, dt.date(2027, 1, 12))
    assert action.person_in_charge == person("Siti Aminah")


def test_add_with_proposal_narrowed(client: Client, facilitator: User, plan_cycle: Cycle) -> None:
    client.force_login(facilitator)
    women = [person("Siti Aminah").pk, person("Rina Lestari").pk]
    data = form_data(support=Support.TRAINING, propose="on")
    data["beneficiaries"] = women
    client.post(f"/empowerment/cycles/{plan_cycle.pk}/actions/new/", data)
    proposal = SupportProposal.objects.get()
    assert (proposal.cost_idr, proposal.for_year, proposal.beneficiaries_female) == (
        1_500_000,
        2027,
        2,
    )
    assert proposal.beneficiaries_male == 0


BAD_INPUT = [
    ({"cost_idr": "-1.000"}, "Estimated cost (rupiah) cannot be negative."),
    ({"cost_idr": None}, "Estimated cost (rupiah) is required."),
    ({"cost_idr": "abc"}, "Estimated cost (rupiah): “abc” is not an amount of rupiah"),
    ({"percent_done": "150"}, "Percent done must be between 0 and 100."),
    ({"due_on": "31/02/2027"}, "Due date: enter a date like 31/12/2025."),
    ({"person_in_charge": "other"}, "Person in charge: choose one of the options offered."),
]
BAD_INPUT_ID = [
    ({"cost_idr": "-1.000"}, "Perkiraan biaya (rupiah) tidak boleh negatif."),
    ({"cost_idr": None}, "Perkiraan biaya (rupiah) wajib diisi."),
    ({"cost_idr": "abc"}, "Perkiraan biaya (rupiah): “abc” bukan jumlah rupiah"),
    ({"percent_done": "150"}, "Persen selesai harus antara 0 dan 100."),
    ({"due_on": "31/02/2027"}, "Tenggat: tulis tanggal seperti 31/12/2025."),
    ({"person_in_charge": "other"}, "Penanggung jawab: pilih salah satu pilihan yang tersedia."),
]


def _bad_post(client: Client, cycle: Cycle, changes: dict[str, object], message: str) -> None:
    if changes.get("person_in_charge") == "other":
        changes = {"person_in_charge": person("Yanti").pk}
    before = rows("empowerment")
    response = client.post(f"/empowerment/cycles/{cycle.pk}/actions/new/", form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert changed(before, rows("empowerment")) == []


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT)
def test_bad_input_in_english(
    english_client: Client,
    facilitator: User,
    plan_cycle: Cycle,
    group_b: object,
    changes: dict[str, object],
    message: str,
) -> None:
    english_client.force_login(facilitator)
    _bad_post(english_client, plan_cycle, changes, message)


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT_ID)
def test_bad_input_in_indonesian(
    client: Client,
    facilitator: User,
    plan_cycle: Cycle,
    group_b: object,
    changes: dict[str, object],
    message: str,
) -> None:
    client.force_login(facilitator)
    _bad_post(client, plan_cycle, changes, message)


def test_edit_keeps_fields_and_withdraws(
    client: Client, facilitator: User, plan_cycle: Cycle
) -> None:
    client.force_login(facilitator)
    everyone = list(Person.objects.values_list("pk", flat=True))
    data = form_data(support=Support.EQUIPMENT, propose="on", beneficiaries=everyone)
    client.post(f"/empowerment/cycles/{plan_cycle.pk}/actions/new/", data)
    assert SupportProposal.objects.get().beneficiaries.count() == 4
    action = Action.objects.get()
    url = f"/empowerment/actions/{action.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'value="1.500.000"' in page and 'value="2027-01-12"' in page
    response = client.post(url, form_data(support=Support.EQUIPMENT, cost_idr="2 juta"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.cost_idr, action.propose) == (2_000_000, False)
    assert SupportProposal.objects.get().status == ProposalStatus.WITHDRAWN


def test_quick_progress_form(client: Client, facilitator: User, plan_cycle: Cycle) -> None:
    action = make(plan_cycle, "Sertifikat halal", 1_000_000, 0, status=ActionStatus.PLANNED)
    client.force_login(facilitator)
    url = f"/empowerment/actions/{action.pk}/progress/"
    assert client.get(url).status_code == 200
    client.post(url, {"status": ActionStatus.PLANNED, "percent_done": "100"})
    action.refresh_from_db()
    assert (action.status, action.percent_done) == (ActionStatus.DONE, 100)
    before = rows("empowerment")
    response = client.post(url, {"status": ActionStatus.DONE, "percent_done": "150"})
    assert "Persen selesai harus antara 0 dan 100." in response.content.decode()
    assert changed(before, rows("empowerment")) == []


def test_remove_confirmed(client: Client, facilitator: User, plan_cycle: Cycle) -> None:
    action = make(plan_cycle, "Rapat desa", 0, 0, status=ActionStatus.PLANNED)
    client.force_login(facilitator)
    url = f"/empowerment/actions/{action.pk}/remove/"
    assert client.post(url).status_code == 200  # asks to confirm
    assert Action.objects.filter(pk=action.pk).exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()


def test_remove_refused_for_running_action(
    english_client: Client, facilitator: User, plan_cycle: Cycle
) -> None:
    action = make(plan_cycle, "Pameran", 500_000, 40)
    english_client.force_login(facilitator)
    before = rows("empowerment")
    response = english_client.post(
        f"/empowerment/actions/{action.pk}/remove/", {"confirm": "1"}, follow=True
    )
    assert "Only a planned action can be removed; drop it instead." in response.content.decode()
    assert changed(before, rows("empowerment")) == []


def test_plan_figures_exact(english: None, facilitator: User, plan_cycle: Cycle) -> None:
    make(plan_cycle, "Kemasan", 1_000_000, 100)
    make(plan_cycle, "Alat pengering", 3_000_000, 0)
    make(plan_cycle, "Dibatalkan", 9_000_000, 50, status=ActionStatus.DROPPED)
    plan = action_plan(plan_cycle, facilitator)
    assert plan.progress.weighted_percent == 25.0
    assert plan.progress.plain_percent == 50.0
    assert plan.progress.total_cost_idr == 4_000_000
    assert plan.dropped == 1
    assert [(r.action.title, r.share, r.contribution) for r in plan.rows] == [
        ("Kemasan", 0.25, 25.0),
        ("Alat pengering", 0.75, 0.0),
        ("Dibatalkan", None, None),
    ]
    html = render_to_string("empowerment/_action_plan.html", {"cycle": plan_cycle, "plan": plan})
    assert "25.0 %" in html and "50.0 %" in html
    assert "Decidim" in html
    assert "1 dropped action is left out of both figures." in html


def test_overdue_badge(
    client: Client, facilitator: User, plan_cycle: Cycle, django_assert_max_num_queries: object
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    make(plan_cycle, "Terlambat", 1_000, 10, due_on=yesterday)
    make(plan_cycle, "Selesai dulu", 1_000, 100, due_on=yesterday)
    plan = action_plan(plan_cycle, facilitator)
    assert [r.overdue for r in plan.rows] == [True, False]
    assert plan.overdue == 1
    client.force_login(facilitator)
    page = client.get(f"/empowerment/cycles/{plan_cycle.pk}/actions/").content.decode()
    assert page.count("lewat tenggat") == 2  # the heading's count and the row's badge


def test_plan_queries_do_not_grow(
    facilitator: User, plan_cycle: Cycle, django_assert_num_queries: object
) -> None:
    for i in range(6):
        action = make(plan_cycle, f"Kegiatan {i}", 1000 * (i + 1), 10)
        if i % 2:
            SupportProposal.objects.create(
                action=action,
                support=Support.TRAINING,
                cost_idr=1000,
                village=plan_cycle.village,
                for_year=2027,
            )
    with django_assert_num_queries(2):  # type: ignore[operator]
        plan = action_plan(plan_cycle, facilitator)
    assert len(plan.rows) == 6


def test_closed_cycle_plan_is_read_only(
    client: Client, facilitator: User, plan_cycle: Cycle
) -> None:
    action = make(plan_cycle, "Kemasan", 1_000_000, 10)
    Cycle.objects.filter(pk=plan_cycle.pk).update(status=CycleStatus.CLOSED)
    plan_cycle.refresh_from_db()
    plan = action_plan(plan_cycle, facilitator)
    assert (plan.can_change, plan.can_add) == (False, False)
    client.force_login(facilitator)
    before = rows("empowerment")
    for url, data in (
        (f"/empowerment/cycles/{plan_cycle.pk}/actions/new/", form_data()),
        (f"/empowerment/actions/{action.pk}/edit/", form_data()),
        (f"/empowerment/actions/{action.pk}/progress/", {"status": "done", "percent_done": "100"}),
        (f"/empowerment/actions/{action.pk}/remove/", {"confirm": "1"}),
    ):
        assert client.post(url, data).status_code == 403
    assert changed(before, rows("empowerment")) == []
    page = client.get(f"/empowerment/cycles/{plan_cycle.pk}/actions/").content.decode()
    assert f"/empowerment/actions/{action.pk}/edit/" not in page
