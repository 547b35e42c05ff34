# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The planning API for proposals: the computed cost, the score, filters, scope, refusals."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source
from ovop.regions.models import Region
from tests.planning.conftest_records import (  # noqa: F401 - fixtures
    JT,
    apbd,
    bimtek,
    close,
    dak,
    fy,
    make_proposal,
)
from tests.refusals import API_ANONYMOUS, Attempt, matrix, refused

API = "/api/v1/planning/proposals/"


@pytest.fixture
def pair(fy: FiscalYear, village_a: Region, village_b: Region) -> SimpleNamespace:
    return SimpleNamespace(
        a=make_proposal(fy, village_a, "Bimtek A", beneficiaries_female=4),
        b=make_proposal(fy, village_b, "Alat B", activity_type="equipment"),
    )


def test_create_computes_the_cost_and_answers_the_score(
    client: Client, officer: User, fy: FiscalYear, village_a: Region, bimtek: PriceItem
) -> None:
    client.force_login(officer)
    body = {
        "year": 2026,
        "title": "Bimtek madu",
        "activity_type": "training",
        "village": village_a.code,
        "price_item": bimtek.pk,
        "unit_cost_idr": "Rp 1.250.000",
        "units": 4,
        "beneficiaries_female": 3,
        "cost_idr": 1,
    }
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["unit_cost_idr"], data["units"], data["cost_idr"]) == (1_250_000, 4, 5_000_000)
    assert data["score"] == pytest.approx(40.0)  # only proposal: beneficiaries 1 × weight 40


def test_patch_refuses_a_source_whose_rules_forbid_it(
    client: Client, english_client: Client, officer: User, pair: SimpleNamespace, dak: Source
) -> None:
    client.force_login(officer)
    response = client.patch(
        API + f"{pair.a.pk}/", {"allowed_sources": [dak.pk]}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "DAK Fisik pays only for Equipment and facilities." in response.json()["error"]
    assert list(pair.a.allowed_sources.all()) == []
    cycle = client.patch(
        API + f"{pair.a.pk}/", {"requires": [pair.a.pk]}, content_type="application/json"
    )
    assert list(cycle.json()["fields"]) == ["requires"]


def test_list_filters_and_facilitator_scope(
    client: Client, facilitator: User, officer: User, pair: SimpleNamespace
) -> None:
    client.force_login(officer)
    assert [p["title"] for p in client.get(API, {"type": "equipment"}).json()["results"]] == [
        "Alat B"
    ]
    every = client.get(API).json()["results"]
    assert [p["score"] is not None for p in every] == [True, True]  # scored without ?year=
    assert client.get(API, {"type": "rocket"}).status_code == 400
    client.force_login(facilitator)
    listed = client.get(API, {"year": 2026}).json()["results"]
    assert [p["title"] for p in listed] == ["Bimtek A"]
    assert listed[0]["score"] is not None
    assert client.get(API + f"{pair.b.pk}/").status_code == 404
    patch = client.patch(API + f"{pair.a.pk}/", {"title": "X"}, content_type="application/json")
    assert patch.status_code == 403


def test_withdraw_and_the_closed_year(
    client: Client, english_client: Client, officer: User, admin_user: User, pair: SimpleNamespace
) -> None:
    client.force_login(officer)
    done = client.post(API + f"{pair.a.pk}/withdraw/", {}, content_type="application/json")
    assert (done.status_code, done.json()["status"], done.json()["score"]) == (
        200,
        "withdrawn",
        None,
    )
    close(pair.b.fiscal_year, admin_user)
    refused_ = client.post(API + f"{pair.b.pk}/withdraw/", {}, content_type="application/json")
    assert refused_.status_code == 400
    assert refused_.json()["error"] == "Fiscal year 2026 is closed: no more changes."
    assert Proposal.objects.get(pk=pair.b.pk).status == "proposed"


ATTEMPTS = {
    "create": Attempt(
        "post",
        API,
        lambda t: {
            "year": 2026,
            "title": "X",
            "activity_type": "training",
            "village": t.a.village.code,
            "unit_cost_idr": 1,
        },
        json=True,
    ),
    "patch-a": Attempt("patch", lambda t: API + f"{t.a.pk}/", {"title": "X"}, json=True),
    "patch-b": Attempt("patch", lambda t: API + f"{t.b.pk}/", {"title": "X"}, json=True),
    "withdraw": Attempt("post", lambda t: API + f"{t.a.pk}/withdraw/", {}, json=True),
}
ANSWERS: dict[str, Any] = {
    "viewer": 403,
    "facilitator": 403,
    "owner": 403,
    "assessor": 403,
    "anonymous": API_ANONYMOUS,
}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(ANSWERS, ATTEMPTS, {("facilitator", "patch-b"): 404}),
)
def test_only_planners_write_proposals(
    client: Client,
    request: pytest.FixtureRequest,
    pair: SimpleNamespace,
    persona: str,
    action: str,
    expected: int | frozenset[int],
) -> None:
    refused(client, request, persona, ATTEMPTS[action], expected, apps=("planning",), records=pair)
