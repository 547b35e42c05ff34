# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The rubric's fifth component, the buyers' demand for the village's products, by hand.

Fiscal year 2026 has started, so its demand period is January–December 2025. Interest counts
inquiries plus WhatsApp and marketplace clicks of the listings published now; page views do
not count.

Village A (Keripik): counted WA 3 (03/2025), market 2 (11/2025), 1 inquiry (07/2025); left out
100 views, WA 50 in 12/2024 and an inquiry of 01/2026; interest 6, demand 6/12 = 0.5.
Village B (Rusip): counted WA 4, market 6 and inquiries on 1 Jan 2025 00:30 and 31 Dec 2025
23:00; left out an unpublished listing's WA 100; interest 12, demand 1.
Village C: no published listing, demand 0. Village D (Kopi): only 40 views, interest 0, demand 0.

Weights 40 / 0 / 0 / 0 and demand 100, beneficiaries 10, 20, 5 and 0 (largest 20):
A (40 × 0.5 + 100 × 0.5) / 140 × 100 = 50; B (40 + 100) / 140 × 100 = 100;
C 40 × 0.25 / 140 × 100 = 7.142857…; D 0.
"""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ovop.accounts.models import User
from ovop.catalogue.models import DemandCount, DemandKind, Inquiry, Listing
from ovop.catalogue.selectors_demand import village_interest
from ovop.enterprises.models import Enterprise, Product
from ovop.planning import services_years
from ovop.planning.models import FiscalYear
from ovop.planning.selectors_proposals import rubric_scores
from ovop.planning.selectors_rubric import demand_window, proposal_demand
from ovop.regions.models import Region
from tests.factories import EnterpriseFactory, ProductFactory, village
from tests.planning.conftest_records import fy, make_proposal  # noqa: F401 - fixtures
from tests.refusals import API_ANONYMOUS, LOGIN, Attempt, matrix, refused

_slugs = itertools.count(1)
API = "/api/v1/planning/"
PERIOD = "01/2025–12/2025"


def _listing(product: Product, *, published: bool = True) -> Listing:
    return Listing.objects.create(
        product=product,
        slug=f"produk-uji-{next(_slugs)}",
        public_name=product.name,
        published=published,
    )


def _count(listing: Listing, month: dt.date, kind: str, n: int) -> None:
    DemandCount.objects.create(listing=listing, month=month, kind=kind, n=n)


def _inquiry(listing: Listing, *when: int) -> Inquiry:
    at = dt.datetime(*when, tzinfo=timezone.get_current_timezone())  # type: ignore[misc]
    return Inquiry.objects.create(listing=listing, quantity=2, consent_at=at, created_at=at)


def _village_with_product(code: str, name: str, product_name: str) -> tuple[Region, Product]:
    place = village(code, name)
    enterprise = EnterpriseFactory(village=place, name=f"IKM {name}")
    return place, ProductFactory(enterprise=enterprise, name=product_name)


@pytest.fixture
def demand_year(
    fy: FiscalYear,
    village_a: Region,
    village_b: Region,
    product_x: Product,
    product_y: Product,
    enterprise_y: Enterprise,
) -> SimpleNamespace:
    keripik, rusip = _listing(product_x), _listing(product_y)
    _count(keripik, dt.date(2025, 3, 1), DemandKind.WHATSAPP, 3)
    _count(keripik, dt.date(2025, 11, 1), DemandKind.MARKETPLACE, 2)
    _count(keripik, dt.date(2025, 6, 1), DemandKind.VIEW, 100)  # views do not count
    _count(keripik, dt.date(2024, 12, 1), DemandKind.WHATSAPP, 50)  # before the period
    _inquiry(keripik, 2025, 7, 10, 9, 0)
    _inquiry(keripik, 2026, 1, 2, 9, 0)  # after the period
    _count(rusip, dt.date(2025, 5, 1), DemandKind.WHATSAPP, 4)
    _count(rusip, dt.date(2025, 12, 1), DemandKind.MARKETPLACE, 6)
    _inquiry(rusip, 2025, 1, 1, 0, 30)
    _inquiry(rusip, 2025, 12, 31, 23, 0)
    old_rusip = ProductFactory(enterprise=enterprise_y, name="Rusip lama")
    withdrawn = _listing(old_rusip, published=False)
    _count(withdrawn, dt.date(2025, 5, 1), DemandKind.WHATSAPP, 100)  # not published now
    village_c = village("99.01.03.2001", "Desa Gama")
    village_d, kopi = _village_with_product("99.01.04.2001", "Desa Delta", "Kopi Delta")
    _count(_listing(kopi), dt.date(2025, 8, 1), DemandKind.VIEW, 40)
    return SimpleNamespace(
        a=make_proposal(fy, village_a, "Kemasan A", beneficiaries_female=10),
        b=make_proposal(fy, village_b, "Alat B", beneficiaries_male=20),
        c=make_proposal(fy, village_c, "Bimtek C", beneficiaries_female=5),
        d=make_proposal(fy, village_d, "Bimtek D"),
        withdrawn=make_proposal(fy, village_c, "Ditarik", status="withdrawn"),
    )


def _set_weights(year: FiscalYear, **weights: int) -> FiscalYear:
    FiscalYear.objects.filter(pk=year.pk).update(**weights)
    year.refresh_from_db()
    return year


def test_the_period_is_the_year_before_or_the_last_twelve_months() -> None:
    assert demand_window(2026, dt.date(2026, 12, 5)) == (dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert demand_window(2026, dt.date(2026, 1, 1)) == (dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    # Not started yet: this month and the eleven before it, as the proposal's page shows.
    assert demand_window(2027, dt.date(2026, 12, 5)) == (dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert demand_window(2027, dt.date(2026, 3, 31)) == (dt.date(2025, 4, 1), dt.date(2026, 4, 1))


def test_demand_component_by_hand(
    english: None, demand_year: SimpleNamespace, fy: FiscalYear
) -> None:
    scores = rubric_scores(fy)
    assert len(scores) == 4
    a, b = scores[demand_year.a.pk], scores[demand_year.b.pk]
    c, d = scores[demand_year.c.pk], scores[demand_year.d.pk]
    assert (a.demand, b.demand, c.demand, d.demand) == (0.5, 1.0, 0.0, 0.0)
    assert a.how["demand"] == (
        "6 inquiries and WhatsApp or marketplace clicks on the village's products in "
        f"{PERIOD}, of the largest 12 among the year's villages"
    )
    assert c.how["demand"] == "no product of the village is published in the catalogue"
    assert d.how["demand"] == (
        f"no inquiry or WhatsApp or marketplace click on the village's products in {PERIOD}"
    )


def test_weight_zero_leaves_the_totals_unchanged(
    demand_year: SimpleNamespace, fy: FiscalYear
) -> None:
    assert fy.weight_demand == 0
    with_demand = {pk: s.total for pk, s in rubric_scores(fy).items()}
    DemandCount.objects.all().delete()
    Inquiry.objects.all().delete()
    assert {pk: s.total for pk, s in rubric_scores(fy).items()} == with_demand
    # 40 × beneficiaries / 100 × 100 (no programme, rating or cycle in these villages)
    assert with_demand[demand_year.a.pk] == pytest.approx(20.0)
    assert with_demand[demand_year.b.pk] == pytest.approx(40.0)


def test_total_with_a_demand_weight_by_hand(demand_year: SimpleNamespace, fy: FiscalYear) -> None:
    year = _set_weights(
        fy, weight_beneficiaries=40, weight_priority=0, weight_stars=0, weight_stage=0
    )
    year = _set_weights(year, weight_demand=100)
    scores = rubric_scores(year)
    assert scores[demand_year.a.pk].total == pytest.approx(50.0)
    assert scores[demand_year.b.pk].total == pytest.approx(100.0)
    assert scores[demand_year.c.pk].total == pytest.approx(1000 / 140)
    assert scores[demand_year.d.pk].total == 0.0


def test_query_count_does_not_grow_with_the_proposals_and_villages(
    demand_year: SimpleNamespace, fy: FiscalYear
) -> None:
    with CaptureQueriesContext(connection) as few:
        rubric_scores(fy)
    for n in range(6):
        place, product = _village_with_product(f"99.01.1{n}.2001", f"Desa {n}", f"Produk {n}")
        listing = _listing(product)
        _count(listing, dt.date(2025, 2, 1), DemandKind.WHATSAPP, n + 1)
        _inquiry(listing, 2025, 9, 1, 10, 0)
        make_proposal(fy, place, f"Tambahan {n}", beneficiaries_male=n)
    with CaptureQueriesContext(connection) as many:
        scores = rubric_scores(fy)
    assert len(scores) == 10
    assert len(many) == len(few) == 6  # no IKM beneficiary here: the ratings are not read
    assert len([q for q in many if "catalogue_demandcount" in q["sql"]]) == 1


def test_the_pages_show_the_weight_and_the_component(
    client: Client, viewer: User, demand_year: SimpleNamespace, fy: FiscalYear
) -> None:
    _set_weights(fy, weight_demand=30)
    client.force_login(viewer)
    year_page = client.get("/planning/2026/").content.decode()
    assert 'id="weight-demand">30<' in year_page
    assert "Permintaan atas produk desa" in year_page
    detail = client.get(f"/planning/proposals/{demand_year.a.pk}/").content.decode()
    row = detail[detail.index('id="rubric-demand"') :].split("</tr>")[0]
    assert ">0,50<" in row and ">30<" in row
    assert "01/2025–12/2025" in row


def test_officer_sets_the_demand_weight_on_the_page(
    client: Client, officer: User, fy: FiscalYear
) -> None:
    client.force_login(officer)
    assert 'name="weight_demand"' in client.get("/planning/2026/weights/").content.decode()
    weights = {
        "weight_beneficiaries": "0",
        "weight_priority": "0",
        "weight_stars": "0",
        "weight_stage": "0",
        "weight_demand": "25",
    }
    assert client.post("/planning/2026/weights/", weights).status_code == 302
    fy.refresh_from_db()
    assert (fy.weight_demand, fy.weight_beneficiaries) == (25, 0)  # demand alone is enough


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("-1", "Bobot: permintaan atas produk desa: paling sedikit 0."),
        ("101", "Bobot: permintaan atas produk desa: paling banyak 100."),
    ],
)
def test_the_page_refuses_a_weight_out_of_bounds(
    client: Client, officer: User, fy: FiscalYear, given: str, message: str
) -> None:
    client.force_login(officer)
    weights = {
        "weight_beneficiaries": "40",
        "weight_priority": "25",
        "weight_stars": "15",
        "weight_stage": "20",
        "weight_demand": given,
    }
    response = client.post("/planning/2026/weights/", weights)
    assert response.status_code == 200
    assert response.context["form"].errors["weight_demand"] == [message]
    fy.refresh_from_db()
    assert fy.weight_demand == 0


def test_the_service_and_the_api_check_the_demand_weight(
    client: Client, officer: User, fy: FiscalYear
) -> None:
    four = {"weight_beneficiaries": 0, "weight_priority": 0, "weight_stars": 0, "weight_stage": 0}
    with pytest.raises(ValidationError) as big:
        services_years.year_weights_update(user=officer, year=fy, **four, weight_demand=101)
    assert list(big.value.message_dict) == ["weight_demand"]
    assert "Bobot: permintaan atas produk desa" in big.value.message_dict["weight_demand"][0]
    with pytest.raises(ValidationError) as zero:
        services_years.year_weights_update(user=officer, year=fy, **four, weight_demand=0)
    assert list(zero.value.message_dict) == ["weight_beneficiaries"]
    services_years.year_weights_update(user=officer, year=fy, **four, weight_demand=5)
    fy.refresh_from_db()
    assert fy.weight_demand == 5
    services_years.year_weights_update(user=officer, year=fy, **{**four, "weight_stage": 1})
    fy.refresh_from_db()
    assert (fy.weight_demand, fy.weight_stage) == (5, 1)  # left out: kept
    client.force_login(officer)
    patched = client.patch(API + "years/2026/", {"weight_demand": 7}, "application/json")
    assert patched.status_code == 200
    assert (patched.json()["weight_demand"], patched.json()["weight_stage"]) == (7, 1)
    refused_api = client.patch(API + "years/2026/", {"weight_demand": -3}, "application/json")
    assert refused_api.status_code == 400
    assert list(refused_api.json()["fields"]) == ["weight_demand"]
    only_demand_zero = client.patch(
        API + "years/2026/", {"weight_stage": 0, "weight_demand": 0}, "application/json"
    )
    assert only_demand_zero.status_code == 400
    assert FiscalYear.objects.get(pk=fy.pk).weight_demand == 7


ATTEMPTS = {
    "page": Attempt(
        "post",
        "/planning/2026/weights/",
        {
            "weight_beneficiaries": "1",
            "weight_priority": "1",
            "weight_stars": "1",
            "weight_stage": "1",
            "weight_demand": "50",
        },
    ),
    "api": Attempt("patch", API + "years/2026/", {"weight_demand": 50}, json=True),
}
ANSWERS: dict[str, Any] = {"viewer": 403, "facilitator": 403, "anonymous": LOGIN}


@pytest.mark.parametrize(("persona", "action", "expected"), matrix(ANSWERS, ATTEMPTS))
def test_only_planners_change_the_demand_weight(
    client: Client,
    request: pytest.FixtureRequest,
    fy: FiscalYear,
    persona: str,
    action: str,
    expected: int | str,
) -> None:
    if action == "api" and expected == LOGIN:
        expected = API_ANONYMOUS  # type: ignore[assignment]
    refused(client, request, persona, ATTEMPTS[action], expected, apps=("planning",))
    assert FiscalYear.objects.get(pk=fy.pk).weight_demand == 0


def test_the_proposals_demand_table_is_what_the_score_weighs(
    client: Client, viewer: User, demand_year: SimpleNamespace, fy: FiscalYear
) -> None:
    """One period (``demand_window``) and the same published listings for the table and the
    score: each village's clicks plus inquiries in the table add up to its interest."""
    window = demand_window(fy.year)
    interest = village_interest([demand_year.a.village_id, demand_year.b.village_id], *window)
    for proposal in (demand_year.a, demand_year.b):
        shown = proposal_demand(fy.year, proposal.village.code)
        assert (shown.first, shown.last) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        total = sum(row.clicks + row.inquiries for row in shown.rows)
        assert total == interest[proposal.village_id].interest
    keripik = proposal_demand(fy.year, demand_year.a.village.code).rows
    assert [(r.label, r.views, r.clicks, r.inquiries) for r in keripik] == [
        ("Getas Tenggiri Alfa", 100, 5, 1)  # 12/2024 and 01/2026 left out, as in the score
    ]
    rusip = proposal_demand(fy.year, demand_year.b.village.code).rows
    assert [(r.clicks, r.inquiries) for r in rusip] == [(10, 2)]  # not the unpublished one
    client.force_login(viewer)
    html = client.get(f"/planning/proposals/{demand_year.a.pk}/").content.decode()
    table = html[html.index('id="village-demand"') :].split("</table>")[0]
    assert "Permintaan 1 Jan 2025 – 31 Des 2025 (dasar skor rubrik)" in table
    assert ">100<" in table and ">5<" in table and ">1<" in table
    # a year still being planned: the last twelve months with this one, on the page too
    planned = FiscalYear.objects.create(year=timezone.localdate().year + 1)
    first, end = demand_window(planned.year)
    later = make_proposal(planned, demand_year.a.village, "Tahun depan")
    html = client.get(f"/planning/proposals/{later.pk}/").content.decode()
    last = end - dt.timedelta(days=1)
    assert f"{first.day} " in html and f"{last.day} " in html
    assert f"{last:%Y} (dasar skor rubrik)" in html
