"""The issued star ratings as XLSX: one row per rating the user may see, newest first, with
product, enterprise, village, kecamatan, scheme and version, stars, percent, coaching tier,
date and certificate code; only for the roles that may export assessments."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, Product
from ovop.rating.models import RatingScheme, StarRating
from tests.conftest import login
from tests.factories import ProductFactory
from tests.rating.helpers import issued

HEADER = (
    "Product",
    "Enterprise",
    "Village",
    "Kecamatan",
    "Scheme",
    "Version",
    "Stars",
    "Percent",
    "Coaching tier",
    "Issued on",
    "Verification code",
)
URL = "/rating/star-ratings.xlsx"


@pytest.fixture
def two_ratings(
    officer: User,
    assessor: User,
    product_x: Product,
    enterprise_y: Enterprise,
    ocop: RatingScheme,
) -> list[StarRating]:
    first = issued(officer=officer, assessor=assessor, product=product_x, scheme=ocop)
    product = ProductFactory(enterprise=enterprise_y, name="=Rusip(1)")
    second = issued(officer=officer, assessor=assessor, product=product, scheme=ocop)
    return [first, second]


def _rows(client: Client) -> list[tuple[object, ...]]:
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="star-ratings.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert workbook.sheetnames == ["Star ratings"]
    return list(workbook["Star ratings"].iter_rows(values_only=True))


@pytest.mark.parametrize("persona", ["viewer", "officer", "admin_user"])
def test_star_ratings_xlsx_exact(
    client: Client,
    request: pytest.FixtureRequest,
    two_ratings: list[StarRating],
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    persona: str,
) -> None:
    login(client, request.getfixturevalue(persona))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    rows = _rows(client)
    first, second = two_ratings
    today = dt.datetime.combine(timezone.localdate(), dt.time())
    scheme = first.scheme.name
    assert [(r.stars, round(r.percent, 2)) for r in two_ratings] == [(5, 100.0), (5, 100.0)]
    assert rows == [
        HEADER,
        (
            "'=Rusip(1)",  # never a formula
            "Rusip Beta",
            "Desa Beta",
            enterprise_y.village.parent.name,  # type: ignore[union-attr]
            scheme,
            first.scheme.version,
            5,
            100.0,
            "Central government (Kemenperin)",
            today,
            second.verification_code,
        ),
        (
            "Getas Tenggiri Alfa",
            "Getas Alfa",
            "Desa Alfa",
            enterprise_x.village.parent.name,  # type: ignore[union-attr]
            scheme,
            first.scheme.version,
            5,
            100.0,
            "Central government (Kemenperin)",
            today,
            first.verification_code,
        ),
    ]


def test_star_ratings_xlsx_in_indonesian(
    client: Client, viewer: User, two_ratings: list[StarRating]
) -> None:
    login(client, viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = client.get(URL)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    sheet = workbook.worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert header[:4] == ("Produk", "IKM", "Desa", "Kecamatan")
    assert header[6:10] == ("Bintang", "Persen", "Tingkat pembinaan", "Tanggal terbit")


@pytest.mark.parametrize("persona", ["facilitator", "owner", "assessor", "outsider"])
def test_roles_that_may_not_export_are_refused(
    client: Client, request: pytest.FixtureRequest, two_ratings: list[StarRating], persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    index = client.get(reverse("rating:index")).content.decode()
    assert URL not in index


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_index_links_the_export_for_those_who_may(client: Client, viewer: User) -> None:
    login(client, viewer)
    assert f'href="{URL}"' in client.get(reverse("rating:index")).content.decode()
