"""Scenario pages: list (query count), create with the ceilings prefilled, the scenario page's
numbers and sentences, the slider partial, comparison, approval through the page, the plan
page, and who is refused."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.planning import services_approval, services_scenarios
from ovop.planning.choices import ActivityType, ScenarioStatus
from ovop.planning.models import Scenario
from tests.planning.conftest_scenarios import JT, Plan, add_proposal, plan

__all__ = ["plan"]


def en(client: Client, user: User) -> Client:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def text(response: object) -> str:
    body = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def ran(plan: Plan, user: User, name: str = "Pagu indikatif") -> Scenario:
    return services_scenarios.scenario_run(scenario=plan.scenario(user, name), user=user)


@pytest.mark.django_db
def test_create_prefills_ceilings_and_reads_rupiah(
    plan: Plan, officer: User, client: Client
) -> None:
    en(client, officer)
    form = client.get("/planning/scenarios/new/?year=2026")
    assert form.status_code == 200
    assert 'value="400.000.000"' in form.content.decode() or "400,000,000" in form.content.decode()
    assert "scoring rubric" in text(form)
    data = {
        "name": "Pagu",
        f"budget_{plan.apbd.pk}": "Rp 300.000.000",
        f"budget_{plan.dak.pk}": "200 juta",
        "min_per_kecamatan": "0",
        "min_per_programme_village": "0",
        "max_share_per_type_pct": "",
    }
    answer = client.post("/planning/scenarios/new/?year=2026", data)
    scenario = Scenario.objects.get()
    assert answer.status_code == 302
    assert scenario.budgets == plan.budgets()
    data["name"], data[f"budget_{plan.dak.pk}"] = "Too much", "300 juta"
    refused = client.post("/planning/scenarios/new/?year=2026", data)
    assert refused.status_code == 200 and "ceiling" in text(refused)
    assert Scenario.objects.count() == 1


@pytest.mark.django_db
def test_scenario_page_shows_optimum_beside_rank_and_fund(
    plan: Plan, officer: User, client: Client
) -> None:
    scenario = ran(plan, officer)
    page = text(en(client, officer).get(f"/planning/scenarios/{scenario.pk}/"))
    assert (
        "For the same money the optimal plan funds 1 more activities (4 against 3) and 80.0 "
        "more benefit (310.0 against 230.0)" in page
    )
    assert "With another Rp 100,000,000 the plan would also fund: P1 Pameran." in page
    assert "Cutting Rp 100,000,000 would drop: E1 Mesin, T3 Bimtek B2." in page
    assert "today's budget" in page
    for title in ("E1 Mesin", "T1 Bimtek A", "E2 Alat", "P1 Pameran"):
        assert title in page


@pytest.mark.django_db
def test_slider_at_150_percent_funds_more_and_stores_nothing(
    plan: Plan, officer: User, facilitator: User, client: Client
) -> None:
    scenario = ran(plan, officer)
    before = (scenario.funded_count, list(scenario.frontier))
    partial = en(client, facilitator).get(f"/planning/scenarios/{scenario.pk}/slider/?percent=150")
    assert partial.status_code == 200
    # APBD 450, DAK 300: DAK pays E1 (both equipment, 350, would not fit); APBD pays T1 T2 T3
    # and E2 (450); P1 is left out: 5 activities, benefit 360, cost 650 jt.
    body = text(partial)
    assert (
        "At 150 % (Rp 750,000,000) the best plan funds 5 activities with a total benefit "
        "of 360.0, costing Rp 650,000,000." in body
    )
    assert 'id="slider-marker"' in partial.content.decode()
    scenario.refresh_from_db()
    assert (scenario.funded_count, scenario.frontier) == before


@pytest.mark.django_db
def test_list_query_count_and_compare(plan: Plan, officer: User, client: Client) -> None:
    first = ran(plan, officer)
    second = services_scenarios.scenario_run(
        scenario=services_scenarios.scenario_create(
            user=officer, year=plan.year, name="Hemat", budgets=plan.budgets(apbd=200 * JT)
        ),
        user=officer,
    )
    en(client, officer)
    with CaptureQueriesContext(connection) as queries:
        listed = client.get("/planning/scenarios/?year=2026")
    assert listed.status_code == 200
    assert len(queries) <= 8, [q["sql"] for q in queries]
    assert "Hemat" in text(listed) and "Pagu indikatif" in text(listed)
    compared = client.get(f"/planning/scenarios/compare/?ids={first.pk},{second.pk}")
    assert compared.status_code == 200
    body = text(compared)
    assert "Left of APBD" in body and "Funded in" in body
    assert client.get(f"/planning/scenarios/compare/?ids={first.pk}").status_code == 400


@pytest.mark.django_db
def test_approve_through_the_page_then_the_plan_page(
    plan: Plan, officer: User, client: Client
) -> None:
    scenario = ran(plan, officer)
    en(client, officer)
    url = f"/planning/scenarios/{scenario.pk}/approve/"
    asked = client.post(url, {})
    assert asked.status_code == 200 and "cannot be undone" in text(asked)
    assert Scenario.objects.get(pk=scenario.pk).status == ScenarioStatus.DRAFT
    done = client.post(url, {"confirm": "1"})
    assert done.status_code == 302 and done["Location"] == "/planning/2026/plan/"
    page = text(client.get("/planning/2026/plan/"))
    assert "Version 1" in page and "T3 Bimtek B2" in page and "E2 Alat" not in page
    second = ran(plan, officer, "APBD-P")
    asked = client.post(f"/planning/scenarios/{second.pk}/approve/", {"confirm": "1"})
    assert asked.status_code == 200 and Scenario.objects.get(pk=second.pk).version is None
    client.post(f"/planning/scenarios/{second.pk}/approve/", {"confirm": "1", "reason": "APBD-P"})
    page = text(client.get("/planning/2026/plan/"))
    assert "Version 2" in page and "APBD-P" in page and "Superseded" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [("facilitator", 200, 403), ("viewer", 200, 403), ("owner", 404, 404), ("assessor", 403, 403)],
)
def test_who_reads_and_who_changes(
    plan: Plan,
    officer: User,
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    read: int,
    write: int,
) -> None:
    scenario = ran(plan, officer)
    en(client, request.getfixturevalue(persona))
    base = f"/planning/scenarios/{scenario.pk}/"
    assert client.get(base).status_code == read
    for action in ("run/", "duplicate/", "delete/", "approve/"):
        assert client.post(base + action, {"confirm": "1"}).status_code == write, action
    assert client.post(base + "edit/", {"name": "x"}).status_code == write
    assert Scenario.objects.count() == 1
    assert Scenario.objects.get().status == ScenarioStatus.DRAFT
    lists = client.get("/planning/scenarios/?year=2026").status_code
    assert lists == (200 if read == 200 else 403)


@pytest.mark.django_db
def test_scenario_page_of_an_approved_plan_offers_no_change(
    plan: Plan, officer: User, client: Client
) -> None:
    scenario = services_approval.scenario_approve(scenario=ran(plan, officer), user=officer)
    page = en(client, officer).get(f"/planning/scenarios/{scenario.pk}/").content.decode()
    assert f"/planning/scenarios/{scenario.pk}/run/" not in page
    assert f"/planning/scenarios/{scenario.pk}/edit/" not in page
    assert client.post(f"/planning/scenarios/{scenario.pk}/run/").status_code == 302
    assert Scenario.objects.get(pk=scenario.pk).status == ScenarioStatus.APPROVED


@pytest.mark.django_db
def test_scenario_page_queries_do_not_grow_with_proposals(
    plan: Plan, officer: User, client: Client
) -> None:
    def count(scenario: Scenario) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/planning/scenarios/{scenario.pk}/").status_code == 200
        return len(queries)

    en(client, officer)
    small = count(ran(plan, officer))
    for k in range(10):
        add_proposal(plan.year, f"X{k}", "Extra", ActivityType.MENTORING, plan.village_b, 5, 1)
    assert count(ran(plan, officer, "Besar")) == small


@pytest.mark.django_db
def test_impossible_rules_are_named_on_the_page(plan: Plan, officer: User, client: Client) -> None:
    scenario = services_scenarios.scenario_run(
        scenario=plan.scenario(officer, "Mustahil", min_per_kecamatan=3), user=officer
    )
    page = text(en(client, officer).get(f"/planning/scenarios/{scenario.pk}/"))
    assert "These rules cannot all be met" in page
    assert (
        "The minimum per kecamatan (or per programme village) costs more than the budget." in page
    )
    assert "Approve as the plan" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_frontier_coordinates_are_plain_numbers_in_every_language(
    plan: Plan, officer: User, client: Client, language: str
) -> None:
    """Indonesian writes 138,5 for 138.5: an SVG coordinate written so is no coordinate (the chart
    collapsed onto its left edge)."""
    scenario = ran(plan, officer)
    client.force_login(officer)
    client.cookies["django_language"] = language
    for url in (
        f"/planning/scenarios/{scenario.pk}/",
        f"/planning/scenarios/{scenario.pk}/slider/?percent=150",
    ):
        body = client.get(url).content.decode()
        svg = body[body.index("<svg") : body.index("</svg>")]
        values = re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', svg)
        assert len(values) > 30
        assert [v for v in values if not re.fullmatch(r"-?\d+(\.\d+)?", v)] == []
        points = re.search(r'points="([^"]*)"', svg)
        assert points is not None
        assert re.fullmatch(r"(\d+(\.\d+)?,\d+(\.\d+)? ?)+", points.group(1))
    # the labels stay in the reader's language
    labels = text(client.get(f"/planning/scenarios/{scenario.pk}/"))
    assert ("Rp 400.000.000" in labels) == (language == "id")
