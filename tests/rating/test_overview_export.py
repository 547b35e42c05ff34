"""The overview (stars × kecamatan and × category, constant queries) and the XLSX export."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ovop.accounts.models import User
from ovop.enterprises.models import Category, Enterprise
from ovop.rating import selectors, services
from ovop.rating.models import RatingScheme
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import ProductFactory
from tests.rating.conftest import passing
from tests.rating.helpers import certify, finished, issued


def _rate_many(
    n: int, *, officer: User, assessor: User, enterprise: Enterprise, scheme: RatingScheme
) -> None:
    for k in range(n):
        category = Category.FOOD_BEVERAGE if k % 2 else Category.BATIK
        product = ProductFactory(enterprise=enterprise, category=category)
        issued(officer=officer, assessor=assessor, product=product, scheme=scheme)


def _overview_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/rating/overview/").status_code == 200
    return len(ctx.captured_queries)


def test_overview_query_count_does_not_grow(
    client: Client,
    officer: User,
    assessor: User,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    ocop: RatingScheme,
) -> None:
    login(client, officer)
    _rate_many(3, officer=officer, assessor=assessor, enterprise=enterprise_x, scheme=ocop)
    few = _overview_queries(client)
    _rate_many(27, officer=officer, assessor=assessor, enterprise=enterprise_y, scheme=ocop)
    many = _overview_queries(client)
    assert few == many


def test_overview_selector_counts(
    django_assert_num_queries: object,
    officer: User,
    assessor: User,
    assessor2: User,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    ocop: RatingScheme,
) -> None:
    _rate_many(3, officer=officer, assessor=assessor, enterprise=enterprise_x, scheme=ocop)
    product = ProductFactory(enterprise=enterprise_y, category=Category.BATIK)
    finished(
        officer=officer,
        assessor=assessor,
        product=product,
        scheme=ocop,
        answers=passing(ocop, "o1"),
    )
    services.star_rating_issue(user=officer, product=product, scheme=ocop)
    # a later rating (the panel of both: 59.5% -> 3 stars) replaces the earlier one
    finished(officer=officer, assessor=assessor2, product=product, scheme=ocop)
    services.star_rating_issue(user=officer, product=product, scheme=ocop)
    with django_assert_num_queries(2):  # type: ignore[operator]
        by_kec, by_cat = selectors.star_overview(user=officer)
    kec = {label: (cells, total) for label, cells, total in by_kec.rows}
    assert kec == {
        enterprise_x.village.parent.name: ([0, 0, 0, 0, 0, 3], 3),  # type: ignore[union-attr]
        enterprise_y.village.parent.name: ([0, 0, 0, 1, 0, 0], 1),  # type: ignore[union-attr]
    }
    assert by_kec.totals == [0, 0, 0, 1, 0, 3]
    cats = {label: cells for label, cells, _total in by_cat.rows}
    assert cats == {"Batik": [0, 0, 0, 1, 0, 2], "Food and beverage": [0, 0, 0, 0, 0, 1]}


def test_owner_overview_counts_only_own_products(
    client: Client,
    owner: User,
    officer: User,
    assessor: User,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    ocop: RatingScheme,
) -> None:
    _rate_many(2, officer=officer, assessor=assessor, enterprise=enterprise_x, scheme=ocop)
    _rate_many(3, officer=officer, assessor=assessor, enterprise=enterprise_y, scheme=ocop)
    by_kec, _by_cat = selectors.star_overview(user=owner)
    assert by_kec.totals == [0, 0, 0, 0, 0, 2]


def test_export_has_every_visible_assessment(
    client: Client,
    viewer: User,
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: object,
    kemenperin: RatingScheme,
    village_a: Region,
) -> None:
    # no NIB in the registry (P-IRT and halal valid): at most 4 stars
    Enterprise.objects.filter(pk=product_x.enterprise_id).update(nib=None)  # type: ignore[attr-defined]
    certify(product_x)  # type: ignore[arg-type]
    product_x.refresh_from_db()  # type: ignore[attr-defined]
    answers = passing(kemenperin)
    final = finished(
        officer=officer,
        assessor=assessor,
        product=product_x,  # type: ignore[arg-type]
        scheme=kemenperin,
        answers=answers,
    )
    services.assessment_invite(
        user=officer,
        product=product_x,
        scheme=kemenperin,  # type: ignore[arg-type]
        assessor=assessor2,
    )
    login(client, viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/rating/assessments.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert workbook.sheetnames == ["Assessments", "Answers"]
    rows = list(workbook["Assessments"].iter_rows(values_only=True))
    assert rows[0] == (
        "Assessment",
        "Product",
        "Enterprise",
        "Village",
        "Kecamatan",
        "Scheme",
        "Version",
        "Assessor",
        "Status",
        "Points",
        "Percent",
        "Stars",
        "Finalised at",
        "Failed gates",
        "Evidence note",
    )
    assert len(rows) == 3
    by_assessor = {r[7]: r for r in rows[1:]}
    row = by_assessor["assessor"]
    assert row[:9] == (
        final.pk,
        "Getas Tenggiri Alfa",
        "Getas Alfa",
        "Desa Alfa",
        village_a.parent.name,  # type: ignore[union-attr]
        "Kemenperin OVOP product assessment",
        2,
        "assessor",
        "Final",
    )
    assert final.result is not None
    assert row[9:12] == (final.result["points"], round(final.result["percent"], 2), 4)
    assert row[12] is not None
    assert row[13] == "The enterprise holds a NIB"
    assert by_assessor["assessor2"][8:] == ("Invited", None, None, None, None, None, None)
    # every answer, with its points: the sum is the assessment's total
    answer_rows = list(workbook["Answers"].iter_rows(values_only=True))
    assert answer_rows[0] == (
        "Assessment",
        "Product",
        "Assessor",
        "Scheme",
        "Version",
        "Group",
        "Item",
        "Answer",
        "Points",
    )
    # the assessor's answers without the legality items, which the registry decides
    assert len(answer_rows) - 1 == len(answers) - 3 == 20
    assert {r[0] for r in answer_rows[1:]} == {final.pk}
    assert sum(r[8] for r in answer_rows[1:]) == final.result["points"]
    assert answer_rows[1][5:] == ("A.I Production", "Main raw material source", "All local", 3)


@pytest.mark.parametrize("who", ["assessor", "owner", "facilitator"])
def test_export_is_refused(who: str, request: pytest.FixtureRequest, client: Client) -> None:
    login(client, request.getfixturevalue(who))
    assert client.get("/rating/assessments.xlsx").status_code == 403


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", ["/rating/", "/rating/assessments/", "/api/v1/assessments/", "/api/v1/star-ratings/"]
)
def test_list_pages_have_constant_queries(
    url: str,
    client: Client,
    officer: User,
    assessor: User,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    ocop: RatingScheme,
) -> None:
    login(client, officer)
    _rate_many(3, officer=officer, assessor=assessor, enterprise=enterprise_x, scheme=ocop)
    few = _queries(client, url)
    _rate_many(27, officer=officer, assessor=assessor, enterprise=enterprise_y, scheme=ocop)
    assert _queries(client, url) == few
