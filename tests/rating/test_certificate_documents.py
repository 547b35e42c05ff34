"""The star certificate an office can sign: the regency's letterhead, the signing official, the
validity, the QR code of the verification page on the configured public address, file names
by language; the /verify/ box that takes a typed code."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
import segno
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from PIL import Image

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating.certificate import valid_until
from ovop.rating.models import RatingScheme, StarRating
from tests.conftest import login
from tests.rating.helpers import certify, issued

NIP = "19700101 199503 1 001"


@pytest.fixture
def rating(
    officer: User, assessor: User, product_x: Product, kemenperin: RatingScheme
) -> StarRating:
    certify(product_x)
    return issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)


@pytest.fixture
def office(settings: Any, tmp_path: Path) -> Path:
    """An installation that names its regency, logo, official and public address."""
    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 80), (200, 30, 30)).save(logo)
    settings.OVOP_REGENCY_NAME = "Kabupaten Uji"
    settings.OVOP_REGENCY_LOGO = str(logo)
    settings.OVOP_SIGNATORY_NAME = "Ir. Siti Rahmawati, M.Si."
    settings.OVOP_SIGNATORY_TITLE = "Kepala Dinas Perindustrian dan Perdagangan"
    settings.OVOP_SIGNATORY_NIP = NIP
    settings.OVOP_PUBLIC_URL = "https://ovop.ujikab.go.id"
    settings.OVOP_CERTIFICATE_VALID_YEARS = 3
    return tmp_path


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def _pdf_images(pdf: bytes, tmp_path: Path) -> list[Image.Image]:
    """The raster pictures embedded in the PDF, as they are stored (poppler's pdfimages)."""
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", str(path), str(tmp_path / "img")], check=True)
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("img-*.png"))]


def test_certificate_names_the_regency_the_official_the_validity_and_the_public_link(
    client: Client, officer: User, rating: StarRating, office: Path
) -> None:
    login(client, officer)
    response = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content, office)
    issued_on = timezone.localtime(rating.issued_at).date()
    until = issued_on.replace(year=issued_on.year + 3)
    assert "Kabupaten Uji" in text
    assert "Ir. Siti Rahmawati, M.Si." in text
    assert f"NIP {NIP}" in text
    assert "Kepala Dinas Perindustrian dan Perdagangan" in text
    with translation.override("id"):
        assert date_format(until, "j F Y") in text
    assert f"https://ovop.ujikab.go.id/verify/{rating.verification_code}/" in text
    assert "testserver" not in text


def test_the_qr_code_is_the_verification_url_and_the_logo_is_embedded(
    client: Client, officer: User, rating: StarRating, office: Path
) -> None:
    login(client, officer)
    pdf = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf?lang=en").content
    pictures = _pdf_images(pdf, office)
    url = f"https://ovop.ujikab.go.id/verify/{rating.verification_code}/"
    matrix = segno.make(url, error="m", micro=False).matrix
    expected = [[0 if dark else 255 for dark in row] for row in matrix]
    qr = [p for p in pictures if p.size == (len(matrix), len(matrix))]
    assert len(qr) == 1  # one module per pixel: the code segno makes of the public URL
    pixels = qr[0].load()
    assert pixels is not None
    side = len(matrix)
    assert [[pixels[x, y] for x in range(side)] for y in range(side)] == expected
    logos = [p for p in pictures if p.size == (60, 80)]
    assert len(logos) == 1  # the regency's logo, re-encoded by photo_clean


def test_the_link_falls_back_to_the_request_host(
    client: Client, officer: User, rating: StarRating, tmp_path: Path
) -> None:
    login(client, officer)
    pdf = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf").content
    text = _pdf_text(pdf, tmp_path)
    assert f"http://testserver/verify/{rating.verification_code}/" in text
    assert "NIP ……" in text  # no official configured: a line to fill in by hand


def test_a_logo_that_is_no_picture_is_left_off(
    client: Client, officer: User, rating: StarRating, office: Path, settings: Any
) -> None:
    bad = office / "logo.png"
    bad.write_bytes(b"<svg onload=alert(1)>")
    settings.OVOP_REGENCY_LOGO = str(bad)
    login(client, officer)
    response = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf")
    assert response.status_code == 200
    assert "Kabupaten Uji" in _pdf_text(response.content, office)


def test_file_names_differ_by_language(client: Client, officer: User, rating: StarRating) -> None:
    login(client, officer)
    url = f"/rating/ratings/{rating.pk}/certificate.pdf"
    code = rating.verification_code
    assert client.get(url)["Content-Disposition"] == (
        f'inline; filename="sertifikat-bintang-{code}.pdf"'
    )
    assert client.get(url + "?lang=en")["Content-Disposition"] == (
        f'inline; filename="star-certificate-{code}.pdf"'
    )


def test_valid_until_counts_whole_years(settings: Any) -> None:
    settings.OVOP_CERTIFICATE_VALID_YEARS = 3
    assert valid_until(dt.date(2025, 6, 30)) == dt.date(2028, 6, 30)
    assert valid_until(dt.date(2024, 2, 29)) == dt.date(2027, 2, 28)
    settings.OVOP_CERTIFICATE_VALID_YEARS = 5
    assert valid_until(dt.date(2025, 6, 30)) == dt.date(2030, 6, 30)


def test_verify_page_says_when_validity_ended(
    english_client: Client, rating: StarRating, settings: Any
) -> None:
    settings.OVOP_CERTIFICATE_VALID_YEARS = 1
    StarRating.objects.filter(pk=rating.pk).update(
        issued_at=timezone.now() - dt.timedelta(days=400)
    )
    html = english_client.get(f"/verify/{rating.verification_code}/")
    text = " ".join(html.content.decode().split())
    assert "This certificate is genuine." in text
    assert "Its validity ended on" in text


# --- the /verify/ box ------------------------------------------------------------------------


def test_verify_box_is_public(client: Client) -> None:
    response = client.get("/verify/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get"' in html and 'name="code"' in html


def test_a_typed_code_goes_to_its_page(client: Client, rating: StarRating) -> None:
    typed = " " + rating.verification_code.lower() + " "
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{rating.verification_code}/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("typed", ["NOSUCHCODE", "../admin/", "", "a/b"])
def test_a_bad_typed_code_is_unknown(
    english_client: Client, rating: StarRating, typed: str
) -> None:
    response = english_client.get("/verify/", {"code": typed}, follow=True)
    assert response.status_code == 404
    assert "Unknown verification code" in response.content.decode()
