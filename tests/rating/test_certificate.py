"""The star certificate PDF (its text, read back with pdftotext) and the public /verify/ page."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating.models import RatingScheme, StarRating
from tests.conftest import login
from tests.rating.helpers import certify, issued


@pytest.fixture
def rating(
    officer: User, assessor: User, product_x: Product, kemenperin: RatingScheme
) -> StarRating:
    certify(product_x)  # P-IRT and halal: with its NIB no gate caps the stars
    return issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return " ".join(out.stdout.split())


def test_certificate_text_in_indonesian(
    client: Client, officer: User, rating: StarRating, tmp_path: Path
) -> None:
    login(client, officer)
    response = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content, tmp_path)
    assert "Getas Tenggiri Alfa" in text
    assert "Getas Alfa" in text  # the IKM
    assert "Desa Alfa" in text
    assert rating.verification_code in text
    assert f"http://testserver/verify/{rating.verification_code}/" in text
    assert rating.stars == 5
    assert "5 bintang" in text or "5 stars" in text
    assert "Penilaian produk OVOP Kemenperin" in text


def test_certificate_in_english_on_request(
    client: Client, officer: User, rating: StarRating, tmp_path: Path
) -> None:
    login(client, officer)
    response = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf?lang=en")
    text = _text(response.content, tmp_path)
    assert "Star Rating Certificate" in text
    assert "has been rated 5 stars" in text
    assert "Kemenperin OVOP product assessment, version 2" in text
    assert rating.verification_code in text


def test_verify_is_public_and_shows_only_the_certificate(
    client: Client, rating: StarRating
) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/verify/{rating.verification_code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This certificate is genuine." in html
    assert "Getas Tenggiri Alfa" in html
    assert rating.verification_code in html
    assert "★★★★★" in html
    assert "+6281234567890" not in html  # the enterprise's phone is private
    assert "1234567890123" not in html  # nor its NIB
    assert "points" not in html.lower()  # no working details


def test_verify_accepts_lower_case(client: Client, rating: StarRating) -> None:
    response = client.get(f"/verify/{rating.verification_code.lower()}/")
    assert response.status_code == 200


def test_unknown_code_is_a_404_that_says_so(client: Client, db: None) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/verify/ZZZZ222222/")
    assert response.status_code == 404
    assert "No star certificate has the verification code ZZZZ222222" in response.content.decode()


def test_the_public_sees_nothing_else(client: Client, rating: StarRating) -> None:
    for url in (
        "/rating/",
        f"/rating/ratings/{rating.pk}/",
        f"/rating/ratings/{rating.pk}/certificate.pdf",
        "/rating/overview/",
        "/rating/assessments.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/")  # type: ignore[attr-defined]
    assert client.get("/api/v1/star-ratings/").status_code == 403
