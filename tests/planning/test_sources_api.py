# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The planning API for fiscal years, sources and the price list: reads, writes, refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.planning.models import FiscalYear, PriceItem, Source
from tests.planning.conftest_records import (  # noqa: F401 - fixtures
    JT,
    apbd,
    bimtek,
    close,
    dak,
    fy,
)
from tests.refusals import API_ANONYMOUS, Attempt, matrix, refused

API = "/api/v1/planning/"


def test_years_list_create_and_weights(client: Client, officer: User, fy: FiscalYear) -> None:
    client.force_login(officer)
    created = client.post(API + "years/", {"year": 2027}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["year"] == 2027
    years = client.get(API + "years/").json()["results"]
    assert [y["year"] for y in years] == [2027, 2026]
    patched = client.patch(
        API + "years/2026/", {"weight_stars": 60}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert (patched.json()["weight_stars"], patched.json()["weight_stage"]) == (60, 20)
    zero = client.patch(
        API + "years/2026/",
        {"weight_beneficiaries": 0, "weight_priority": 0, "weight_stars": 0, "weight_stage": 0},
        content_type="application/json",
    )
    assert zero.status_code == 400
    assert list(zero.json()["fields"]) == ["weight_beneficiaries"]
    assert client.get(API + "years/2031/").status_code == 404


def test_source_money_as_text_and_default_rules(
    client: Client, officer: User, fy: FiscalYear
) -> None:
    client.force_login(officer)
    body = {"year": 2026, "kind": "csr", "name": "CSR PT Timah", "ceiling_idr": "Rp 1.500.000"}
    response = client.post(API + "sources/", body, content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert (data["ceiling_idr"], data["allowed_types"], data["rules_are_default"]) == (
        1_500_000,
        ["training", "equipment", "promotion"],
        True,
    )
    patched = client.patch(
        API + f"sources/{data['id']}/", {"allowed_types": []}, content_type="application/json"
    )
    assert (patched.json()["allowed_types"], patched.json()["rules_are_default"]) == ([], False)
    listed = client.get(API + "sources/", {"year": 2026}).json()["results"]
    assert [s["name"] for s in listed] == ["CSR PT Timah"]
    assert client.get(API + "sources/", {"year": "abc"}).status_code == 400


def test_price_items_search_and_money(
    client: Client, officer: User, fy: FiscalYear, bimtek: PriceItem
) -> None:
    client.force_login(officer)
    body = {
        "year": 2026,
        "code": "KM-01",
        "name": "Kemasan",
        "unit": "paket",
        "unit_cost_idr": "1,5 juta",
    }
    made = client.post(API + "price-items/", body, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["unit_cost_idr"] == 1_500_000
    found = client.get(API + "price-items/", {"year": "2026", "q": "bimtek"}).json()["results"]
    assert [i["code"] for i in found] == ["BT-01"]
    bad = client.patch(
        API + f"price-items/{bimtek.pk}/", {"unit_cost_idr": -5}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert list(bad.json()["fields"]) == ["unit_cost_idr"]
    bimtek.refresh_from_db()
    assert bimtek.unit_cost_idr == 1_250_000


def test_closed_year_answers_400_naming_the_year(
    english: None, client: Client, officer: User, admin_user: User, apbd: Source
) -> None:
    close(apbd.fiscal_year, admin_user)
    client.force_login(officer)
    response = client.patch(
        API + f"sources/{apbd.pk}/", {"ceiling_idr": 1}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "2026" in response.json()["error"]
    apbd.refresh_from_db()
    assert apbd.ceiling_idr == 750 * JT


ATTEMPTS = {
    "year-create": Attempt("post", API + "years/", {"year": 2030}, json=True),
    "weights": Attempt("patch", API + "years/2026/", {"weight_stars": 1}, json=True),
    "source-create": Attempt(
        "post",
        API + "sources/",
        {"year": 2026, "kind": "csr", "name": "X", "ceiling_idr": 1},
        json=True,
    ),
    "source-patch": Attempt("patch", lambda t: API + f"sources/{t.pk}/", {"name": "X"}, json=True),
    "price-create": Attempt(
        "post",
        API + "price-items/",
        {"year": 2026, "code": "Z", "name": "Z", "unit": "u", "unit_cost_idr": 1},
        json=True,
    ),
}
ANSWERS: dict[str, Any] = {
    "viewer": 403,
    "facilitator": 403,
    "owner": 403,
    "assessor": 403,
    "anonymous": API_ANONYMOUS,
}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_only_planners_write(
    client: Client,
    request: pytest.FixtureRequest,
    apbd: Source,
    persona: str,
    action: str,
    expected: int | frozenset[int],
) -> None:
    refused(client, request, persona, ATTEMPTS[action], expected, apps=("planning",), records=apbd)


@pytest.mark.parametrize("persona", ["owner", "assessor"])
def test_owners_and_assessors_read_nothing(
    client: Client, request: pytest.FixtureRequest, persona: str, apbd: Source
) -> None:
    client.force_login(request.getfixturevalue(persona))
    for url in ("years/", "sources/", f"sources/{apbd.pk}/", "price-items/"):
        assert client.get(API + url).status_code == 403, url


def test_missing_records_answer_404(client: Client, viewer: User, fy: FiscalYear) -> None:
    client.force_login(viewer)
    assert client.get(API + "sources/999999/").status_code == 404
    assert client.get(API + "price-items/999999/").status_code == 404
    assert client.get(API + "sources/").status_code == 200
