# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The planning home, a year's page, opening a year and its weights: pages, roles, queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ovop.accounts.models import User
from ovop.planning.models import FiscalYear, Source
from ovop.planning.selectors_budget import year_summaries
from ovop.regions.models import Region
from tests.planning.conftest_records import (  # noqa: F401 - fixtures
    JT,
    apbd,
    dak,
    fy,
    make_proposal,
)
from tests.refusals import LOGIN, Attempt, matrix, refused

HOME = "/planning/"


@pytest.fixture
def two_years(
    fy: FiscalYear, apbd: Source, dak: Source, village_a: Region, village_b: Region
) -> FiscalYear:
    make_proposal(fy, village_a, "Bimtek A", unit_cost_idr=600 * JT)
    make_proposal(fy, village_b, "Alat B", unit_cost_idr=700 * JT)
    make_proposal(fy, village_b, "Ditarik", unit_cost_idr=900 * JT, status="withdrawn")
    return FiscalYear.objects.create(year=2025)


def test_home_lists_years_newest_first_with_the_gap(
    english_client: Client, officer: User, two_years: FiscalYear
) -> None:
    english_client.force_login(officer)
    page = english_client.get(HOME).content.decode()
    assert page.index('data-year="2026"') < page.index('data-year="2025"')
    assert "Rp 1,050,000,000" in page  # 750 + 300 juta available
    assert "Rp 1,300,000,000" in page  # 600 + 700 juta asked
    assert "Rp 250,000,000" in page  # the gap
    assert 'href="/planning/2026/proposals/"' in page
    assert "Budget plan" in page  # the navigation link


def test_facilitator_counts_only_their_villages(facilitator: User, two_years: FiscalYear) -> None:
    summary = year_summaries(user=facilitator)[0]
    assert (summary.year.year, summary.proposals, summary.asked_idr) == (2026, 1, 600 * JT)
    assert summary.gap_idr == 600 * JT - 1050 * JT


def test_year_summaries_query_count_is_fixed(officer: User, two_years: FiscalYear) -> None:
    with CaptureQueriesContext(connection) as two:
        year_summaries(user=officer)
    for number in range(2010, 2015):
        FiscalYear.objects.create(year=number)
    with CaptureQueriesContext(connection) as seven:
        assert len(year_summaries(user=officer)) == 7
    assert len(two) == len(seven) == 4


def test_owner_sees_the_page_without_figures(
    client: Client, owner: User, two_years: FiscalYear
) -> None:
    client.force_login(owner)
    response = client.get(HOME)
    assert response.status_code == 200
    assert b'data-year="2026"' not in response.content
    assert client.get("/planning/2026/").status_code == 403


def test_year_page_and_indonesian_by_default(
    client: Client, viewer: User, two_years: FiscalYear
) -> None:
    client.force_login(viewer)
    page = client.get("/planning/2026/").content.decode()
    assert 'id="gap"' in page
    assert "Rp 250.000.000" in page
    assert client.get("/planning/2031/").status_code == 404


def test_officer_opens_a_year_and_sets_weights(
    client: Client, officer: User, fy: FiscalYear, apbd: Source
) -> None:
    client.force_login(officer)
    assert client.get("/planning/years/new/").status_code == 200
    response = client.post("/planning/years/new/", {"year": "2027", "copy_previous": "on"})
    assert response.status_code == 302
    assert FiscalYear.objects.get(year=2027).sources.get().name == "APBD Disperindag"
    again = client.post("/planning/years/new/", {"year": "2027"})
    assert again.status_code == 200
    assert "2027" in again.context["form"].errors["year"][0]
    weights = {
        "weight_beneficiaries": "50",
        "weight_priority": "50",
        "weight_stars": "0",
        "weight_stage": "0",
        "weight_demand": "0",
    }
    assert client.get("/planning/2027/weights/").status_code == 200
    assert client.post("/planning/2027/weights/", weights).status_code == 302
    assert FiscalYear.objects.get(year=2027).weight_priority == 50
    zero = {**weights, "weight_beneficiaries": "0", "weight_priority": "0"}
    assert client.post("/planning/2027/weights/", zero).status_code == 200
    assert FiscalYear.objects.get(year=2027).weight_priority == 50


ATTEMPTS = {
    "open": Attempt("post", "/planning/years/new/", {"year": "2029"}),
    "weights": Attempt(
        "post",
        "/planning/2026/weights/",
        {
            "weight_beneficiaries": "1",
            "weight_priority": "1",
            "weight_stars": "1",
            "weight_stage": "1",
        },
    ),
}
ANSWERS: dict[str, Any] = {
    "viewer": 403,
    "facilitator": 403,
    "owner": 403,
    "assessor": 403,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_only_planners_change_years(
    client: Client,
    request: pytest.FixtureRequest,
    fy: FiscalYear,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    refused(client, request, persona, ATTEMPTS[action], expected, apps=("planning",))


def test_assessor_may_not_read(client: Client, assessor: User, fy: FiscalYear) -> None:
    client.force_login(assessor)
    assert client.get(HOME).status_code == 403
    assert client.get("/planning/2026/").status_code == 403
