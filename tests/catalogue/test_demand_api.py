"""The demand API: inquiries (an owner's own, everyone's for officers and viewers), outcomes
set through the API with money in words, demand figures; bounded inputs and refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.catalogue import services_demand, services_inquiries
from ovop.catalogue.models import DemandKind, Inquiry, InquiryStatus, Listing
from tests.conftest import login

pytestmark = pytest.mark.django_db

LIST = "/api/v1/catalogue/inquiries/"


@pytest.fixture
def inquiry(listing_x: Listing) -> Inquiry:
    return services_inquiries.inquiry_submit(
        listing=listing_x, name="<i>Budi</i>", phone="081234567890", email="", quantity=5,
        message="", language="id", now=dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC),
    )  # fmt: skip


def test_the_owner_lists_their_own_and_another_owner_none(
    client: Client, owner: User, owner2: User, inquiry: Inquiry
) -> None:
    body = login(client, owner).get(LIST).json()
    assert body["count"] == 1
    assert body["results"][0]["name"] == "<i>Budi</i>"  # JSON carries text, never markup
    assert body["results"][0]["status"] == "new"
    login(client, owner2)
    assert client.get(LIST).json()["count"] == 0
    assert client.get(f"{LIST}{inquiry.pk}/").status_code == 404
    assert client.post(f"{LIST}{inquiry.pk}/", {"status": "lost"}).status_code == 404


def test_roles_refused(
    client: Client, facilitator: User, assessor: User, viewer: User, inquiry: Inquiry
) -> None:
    for user in (facilitator, assessor):
        login(client, user)
        assert client.get(LIST).status_code == 403
        assert client.get("/api/v1/catalogue/demand/").status_code == 403
    login(client, viewer)
    assert client.get(LIST).json()["count"] == 1
    response = client.post(f"{LIST}{inquiry.pk}/", {"status": "lost"})
    assert response.status_code == 403
    assert Inquiry.objects.get().status == InquiryStatus.NEW
    client.logout()
    assert client.get(LIST).status_code == 403


def test_the_owner_sets_an_order_with_money_in_words(
    client: Client, owner: User, inquiry: Inquiry
) -> None:
    login(client, owner)
    response = client.post(
        f"{LIST}{inquiry.pk}/",
        {"status": "ordered", "ordered_quantity": 4, "ordered_value_idr": "1,5 juta"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["ordered_value_idr"]) == (
        "ordered", 1_500_000,
    )  # fmt: skip
    missing = client.post(
        f"{LIST}{inquiry.pk}/", {"status": "ordered"}, content_type="application/json"
    )
    assert missing.status_code == 400
    assert "ordered_quantity" in missing.json()["fields"]
    bad = client.post(
        f"{LIST}{inquiry.pk}/",
        {"status": "ordered", "ordered_quantity": 10**9, "ordered_value_idr": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert set(bad.json()["fields"]) == {"ordered_quantity", "ordered_value_idr"}


@pytest.mark.parametrize("query", ["?status=nope", "?page=0", "?page=abc", "?page=1001"])
def test_bounded_list_parameters(
    client: Client, officer: User, inquiry: Inquiry, query: str
) -> None:
    assert login(client, officer).get(LIST + query).status_code == 400


def test_a_page_past_the_last_is_404(client: Client, officer: User, inquiry: Inquiry) -> None:
    assert login(client, officer).get(LIST + "?page=2").status_code == 404


def test_demand_figures(client: Client, viewer: User, inquiry: Inquiry, listing_x: Listing) -> None:
    services_demand.count(
        listing_id=listing_x.pk, kind=DemandKind.VIEW, n=30, day=dt.date(2025, 3, 5)
    )
    login(client, viewer)
    months = client.get("/api/v1/catalogue/demand/?year=2025").json()
    march = next(r for r in months["rows"] if r["key"] == "2025-03-01")
    assert (march["views"], march["inquiries"], march["waiting"]) == (30, 1, 1)
    assert len(months["rows"]) == 12
    products = client.get("/api/v1/catalogue/demand/?year=2025&group=product").json()
    assert products["rows"][0]["name"] == "Keripik Tenggiri Alfa"
    assert products["rows"][0]["views"] == 30
    for query in ("?year=1999", "?year=abcd", "?group=owner", "?category=<script>"):
        response = client.get("/api/v1/catalogue/demand/" + query)
        assert response.status_code == 400, query
    this_year = timezone.localdate().year
    assert client.get(f"/api/v1/catalogue/demand/?year={this_year}").status_code == 200
