# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The proposal pages: the list (filters, totals, score, queries), one proposal, recording one
in two steps, reading the action plans, and who may see and change what."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.empowerment.models import Action, Cycle, Group, Support, SupportProposal
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source
from ovop.planning.selectors_proposals import ProposalFilters, proposal_list
from ovop.regions.models import Region
from tests.empowerment.conftest import cycle_a, group_a  # noqa: F401
from tests.planning.conftest_records import (  # noqa: F401 - fixtures
    JT,
    apbd,
    bimtek,
    dak,
    fy,
    make_proposal,
)
from tests.refusals import LOGIN, Attempt, matrix, refused

LIST = "/planning/2026/proposals/"


@pytest.fixture
def proposals(
    fy: FiscalYear, village_a: Region, village_b: Region, apbd: Source, dak: Source
) -> SimpleNamespace:
    a1 = make_proposal(
        fy,
        village_a,
        "Bimtek madu",
        unit_cost_idr=1_250_000,
        units=4,
        beneficiaries_female=3,
        beneficiaries_male=1,
        mandatory=True,
    )
    a2 = make_proposal(
        fy,
        village_a,
        "Alat pengering",
        activity_type="equipment",
        unit_cost_idr=12 * JT,
        beneficiaries_male=2,
    )
    a2.allowed_sources.add(dak)
    b1 = make_proposal(fy, village_b, "Bimtek rusip", unit_cost_idr=3 * JT, beneficiaries_female=5)
    b2 = make_proposal(fy, village_b, "Pameran", unit_cost_idr=JT, status="withdrawn")
    return SimpleNamespace(a1=a1, a2=a2, b1=b1, b2=b2)


def test_list_shows_totals_and_scores(
    english_client: Client, officer: User, proposals: SimpleNamespace
) -> None:
    english_client.force_login(officer)
    response = english_client.get(LIST)
    totals = response.context["totals"]
    assert (totals.count, totals.cost_idr, totals.female, totals.male) == (3, 20 * JT, 8, 3)
    page = response.content.decode()
    assert "Bimtek madu" in page and "Pameran" not in page
    assert "expected benefit from the scoring rubric" in page
    scores = [row.score.total for row in response.context["rows"]]
    assert all(0 <= s <= 100 for s in scores) and len(scores) == 3


def test_list_filters(
    client: Client, officer: User, proposals: SimpleNamespace, dak: Source
) -> None:
    client.force_login(officer)
    cases = [
        ({"activity_type": "equipment"}, ["Alat pengering"]),
        ({"mandatory": "yes"}, ["Bimtek madu"]),
        ({"source": str(dak.pk)}, ["Alat pengering"]),
        ({"village": "99.01.02.2001"}, ["Bimtek rusip"]),
        ({"kecamatan": "99.01.01"}, ["Alat pengering", "Bimtek madu"]),
        ({"status": "withdrawn"}, ["Pameran"]),
        ({"status": "all", "q": "bimtek"}, ["Bimtek madu", "Bimtek rusip"]),
    ]
    for query, titles in cases:
        rows = client.get(LIST, query).context["rows"]
        assert sorted(r.proposal.title for r in rows) == titles, query


def test_list_query_count_is_fixed(
    officer: User, proposals: SimpleNamespace, fy: FiscalYear, village_a: Region
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            list(proposal_list(user=officer, year=fy, filters=ProposalFilters()))
        return len(queries)

    few = count()
    for n in range(8):
        make_proposal(fy, village_a, f"Tambahan {n}")
    assert count() == few == 1


def test_list_page_query_count_is_fixed(
    client: Client, officer: User, proposals: SimpleNamespace, fy: FiscalYear, village_a: Region
) -> None:
    client.force_login(officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    few = count()
    for n in range(8):
        make_proposal(fy, village_a, f"Tambahan {n}")
    assert count() == few


def test_facilitator_reads_only_their_villages(
    client: Client, facilitator: User, proposals: SimpleNamespace
) -> None:
    client.force_login(facilitator)
    rows = client.get(LIST).context["rows"]
    assert [r.proposal.title for r in rows] == ["Alat pengering", "Bimtek madu"]
    assert client.get(f"/planning/proposals/{proposals.a1.pk}/").status_code == 200
    assert client.get(f"/planning/proposals/{proposals.b1.pk}/").status_code == 404
    assert client.get(f"/planning/proposals/{proposals.a1.pk}/edit/").status_code == 403
    assert b"/edit/" not in client.get(f"/planning/proposals/{proposals.a1.pk}/").content


def test_detail_shows_cost_score_and_the_action(
    english_client: Client, viewer: User, fy: FiscalYear, cycle_a: Cycle, group_a: Group
) -> None:
    action = Action.objects.create(
        cycle=cycle_a,
        title="Alat madu",
        due_on=dt.date(2026, 5, 1),
        cost_idr=5 * JT,
        support=Support.EQUIPMENT,
        propose=True,
    )
    support = SupportProposal.objects.create(
        action=action,
        support=Support.EQUIPMENT,
        cost_idr=5 * JT,
        village=cycle_a.village,
        for_year=2026,
    )
    proposal = make_proposal(
        fy, cycle_a.village, "Alat madu", unit_cost_idr=1_250_000, units=4, support=support
    )
    english_client.force_login(viewer)
    page = english_client.get(f"/planning/proposals/{proposal.pk}/").content.decode()
    assert "Rp 1,250,000 × 4" in page and "Rp 5,000,000" in page
    assert f'href="/empowerment/cycles/{cycle_a.pk}/actions/"' in page
    assert "expected benefit from the scoring rubric" in page


def test_officer_records_a_proposal_in_two_steps(
    client: Client,
    officer: User,
    fy: FiscalYear,
    village_a: Region,
    bimtek: PriceItem,
    apbd: Source,
    group_a: Group,
) -> None:
    client.force_login(officer)
    first = client.get("/planning/2026/proposals/new/")
    assert "pick" in first.context
    form_page = client.get("/planning/2026/proposals/new/", {"village": village_a.code})
    assert "form" in form_page.context
    response = client.post(
        "/planning/2026/proposals/new/",
        {
            "for_village": village_a.code,
            "title": "Bimtek pengolahan madu",
            "activity_type": "training",
            "group": str(group_a.pk),
            "counts_from_group": "on",
            "price_item": str(bimtek.pk),
            "unit_cost_idr": "Rp 1.250.000",
            "units": "4",
            "allowed_sources": [str(apbd.pk)],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    made = Proposal.objects.get()
    assert (made.cost_idr, made.beneficiaries, made.village_id) == (5 * JT, 4, village_a.pk)
    edit_url = f"/planning/proposals/{made.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    edited = client.post(
        edit_url,
        {
            "for_village": village_a.code,
            "title": "Bimtek pengolahan madu",
            "activity_type": "training",
            "beneficiaries_female": "6",
            "beneficiaries_male": "1",
            "unit_cost_idr": "1,5 juta",
            "units": "2",
        },
    )
    assert edited.status_code == 302
    made.refresh_from_db()
    assert (made.cost_idr, made.beneficiaries, made.group_id) == (3 * JT, 7, None)


def test_reading_the_action_plans_from_the_list(
    client: Client, officer: User, fy: FiscalYear, cycle_a: Cycle
) -> None:
    action = Action.objects.create(
        cycle=cycle_a,
        title="Kemasan",
        due_on=dt.date(2026, 5, 1),
        cost_idr=2 * JT,
        support=Support.PACKAGING,
        propose=True,
    )
    SupportProposal.objects.create(
        action=action,
        support=Support.PACKAGING,
        cost_idr=2 * JT,
        village=cycle_a.village,
        for_year=2026,
    )
    client.force_login(officer)
    url = "/planning/2026/proposals/from-action-plans/"
    response = client.post(url, follow=True)
    assert Proposal.objects.get().title == "Kemasan"
    assert "1" in str(list(response.context["messages"])[0])
    client.post(url)
    assert Proposal.objects.count() == 1


ATTEMPTS = {
    "create": Attempt(
        "post",
        "/planning/2026/proposals/new/",
        lambda t: {
            "for_village": t.a1.village.code,
            "title": "X",
            "activity_type": "training",
            "unit_cost_idr": "1",
            "units": "1",
        },
    ),
    "edit": Attempt(
        "post",
        lambda t: f"/planning/proposals/{t.a1.pk}/edit/",
        {"title": "X", "activity_type": "training", "unit_cost_idr": "1", "units": "1"},
    ),
    "withdraw": Attempt(
        "post",
        lambda t: f"/planning/proposals/{t.a1.pk}/withdraw/",
        {"confirm": "1", "reason": "x"},
    ),
    "withdraw-b": Attempt(
        "post",
        lambda t: f"/planning/proposals/{t.b1.pk}/withdraw/",
        {"confirm": "1", "reason": "x"},
    ),
    "import": Attempt("post", "/planning/2026/proposals/from-action-plans/"),
}
ANSWERS: dict[str, Any] = {
    "viewer": 403,
    "facilitator": 403,
    "owner": 403,
    "assessor": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(ANSWERS, ATTEMPTS, {("facilitator", "withdraw-b"): 404}),
)
def test_only_planners_change_proposals(
    client: Client,
    request: pytest.FixtureRequest,
    proposals: SimpleNamespace,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    refused(
        client, request, persona, ATTEMPTS[action], expected, apps=("planning",), records=proposals
    )


@pytest.mark.parametrize("persona", ["owner", "assessor"])
def test_owners_and_assessors_do_not_read_proposals(
    client: Client, request: pytest.FixtureRequest, persona: str, proposals: SimpleNamespace
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(f"/planning/proposals/{proposals.a1.pk}/").status_code == 403


def test_officer_moves_a_proposal_to_another_village(
    client: Client,
    officer: User,
    fy: FiscalYear,
    village_a: Region,
    village_b: Region,
    group_a: Group,
    apbd: Source,
) -> None:
    made = make_proposal(fy, village_a, "Klinik kemasan", group=group_a)
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    edit_url = f"/planning/proposals/{made.pk}/edit/"
    assert f'href="{edit_url}?move=1"' in client.get(edit_url).content.decode()
    step = client.get(edit_url, {"move": "1"})
    assert (
        "pick" in step.context and "Move Klinik kemasan to another village" in step.content.decode()
    )
    form = client.get(edit_url, {"village": village_b.code})
    assert form.context["form"].village == village_b
    assert Proposal.objects.get().village == village_a  # nothing changes before saving
    saved = client.post(
        edit_url,
        {
            "for_village": village_b.code,
            "title": "Klinik kemasan",
            "activity_type": "packaging",
            "beneficiaries_female": "3",
            "beneficiaries_male": "2",
            "unit_cost_idr": "Rp 12.500.000",
            "units": "1",
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors
    made.refresh_from_db()
    assert (made.village, made.group, made.cost_idr) == (village_b, None, 12_500_000)
