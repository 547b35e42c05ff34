"""The scenario API: list, create, read with items, change a draft, run, approve, frontier and
the approved plan; the refusals by role and of a closed year leave the rows unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.planning.choices import ScenarioStatus, SolveStatus, YearStatus
from ovop.planning.models import FiscalYear, Scenario
from tests.planning.conftest_scenarios import JT, Plan, plan
from tests.refusals import rows

__all__ = ["plan"]
API = "/api/v1/planning/"


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def post(client: Client, url: str, data: Any = None) -> Any:
    return client.post(API + url, data or {}, content_type="application/json")


@pytest.mark.django_db
def test_create_run_read_approve_and_plan(plan: Plan, officer: User, client: Client) -> None:
    as_user(client, officer)
    body = {
        "year": 2026,
        "name": "Pagu",
        "budgets": {str(plan.apbd.pk): "Rp 300.000.000", str(plan.dak.pk): 200 * JT},
    }
    created = post(client, "scenarios/", body)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["budgets"] == plan.budgets()
    ran = post(client, f"scenarios/{pk}/run/")
    assert ran.status_code == 200, ran.content
    data = ran.json()
    assert (data["solve_status"], data["funded_count"], data["greedy_count"]) == ("optimal", 4, 3)
    assert data["total_cost_idr"] == 500 * JT
    assert sorted(i["proposal_title"] for i in data["items"] if i["funded"]) == [
        "E1 Mesin",
        "T1 Bimtek A",
        "T2 Bimtek B",
        "T3 Bimtek B2",
    ]
    frontier = client.get(f"{API}scenarios/{pk}/frontier/").json()
    assert len(frontier) == 18 and frontier[5]["factor"] == 1.0
    listed = client.get(f"{API}scenarios/?year=2026").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    refused = post(client, f"scenarios/{pk}/approve/", {"reason": ""})
    assert refused.status_code == 400 and "confirm" in refused.json()["fields"]
    approved = post(client, f"scenarios/{pk}/approve/", {"confirm": True})
    assert approved.status_code == 200 and approved.json()["version"] == 1
    shown = client.get(f"{API}plan/2026/").json()
    assert shown["current"]["id"] == pk and [v["version"] for v in shown["versions"]] == [1]


@pytest.mark.django_db
def test_patch_a_draft_and_refuse_a_ceiling(plan: Plan, officer: User, client: Client) -> None:
    scenario = plan.scenario(officer)
    as_user(client, officer)
    url = f"{API}scenarios/{scenario.pk}/"
    changed = client.patch(url, {"name": "Baru"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["name"] == "Baru"
    too_much = {"budgets": plan.budgets(dak=251 * JT)}
    refused = client.patch(url, too_much, content_type="application/json")
    assert refused.status_code == 400 and "DAK" in str(refused.json()["fields"]["budgets"])
    assert Scenario.objects.get().budgets == plan.budgets()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "read", "run"),
    [("facilitator", 200, 403), ("viewer", 200, 403), ("owner", 404, 404), ("assessor", 403, 403)],
)
def test_refusals_by_role(
    plan: Plan,
    officer: User,
    client: Client,
    request: pytest.FixtureRequest,
    persona: str,
    read: int,
    run: int,
) -> None:
    scenario = plan.scenario(officer)
    before = rows("planning")
    as_user(client, request.getfixturevalue(persona))
    url = f"scenarios/{scenario.pk}/"
    assert client.get(API + url).status_code == read
    assert post(client, url + "run/").status_code == run
    assert post(client, url + "approve/", {"confirm": True, "reason": "x"}).status_code == run
    patched = client.patch(API + url, {"name": "x"}, content_type="application/json")
    assert patched.status_code == run
    created = post(client, "scenarios/", {"year": 2026, "name": "x", "budgets": {}})
    assert created.status_code == 403
    assert rows("planning") == before


@pytest.mark.django_db
def test_closed_year_refuses_with_400(plan: Plan, officer: User, client: Client) -> None:
    scenario = plan.scenario(officer)
    FiscalYear.objects.filter(pk=plan.year.pk).update(
        status=YearStatus.CLOSED, closed_at=timezone.now()
    )
    before = rows("planning")
    as_user(client, officer)
    answer = post(client, f"scenarios/{scenario.pk}/run/")
    assert answer.status_code == 400 and "closed" in str(answer.json())
    assert rows("planning") == before
    assert Scenario.objects.get().solve_status == SolveStatus.NOT_RUN
    answer = post(client, "scenarios/", {"year": 2026, "name": "x", "budgets": {}})
    assert answer.status_code == 400
    assert Scenario.objects.get().status == ScenarioStatus.DRAFT
