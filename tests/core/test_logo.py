"""The regency's logo and name in the page header (issue 9: only the PDFs showed the logo):
served from ovop's own address (the Content-Security-Policy allows img-src 'self' only), the
same cleaned picture the documents print, cached by a versioned address."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from ovop.accounts.models import User
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def logo_file(settings: Any, tmp_path: Path) -> Path:
    logo = tmp_path / "logo.png"
    picture = Image.new("RGB", (60, 80), (200, 30, 30))
    picture.info["comment"] = "kept off the web"
    picture.save(logo, pnginfo=None)
    settings.OVOP_REGENCY_NAME = "Kabupaten Uji"
    settings.OVOP_REGENCY_LOGO = str(logo)
    return logo


def _header(page: str) -> str:
    return page.split('<header class="topbar">', 1)[1].split("</header>", 1)[0]


def test_the_header_shows_the_configured_logo_and_regency_name(
    client: Client, logo_file: Path, officer: User
) -> None:
    header = _header(login(client, officer).get("/").content.decode())
    version = format(logo_file.stat().st_mtime_ns, "x")
    assert (
        f'<span class="regency"><img src="/regency-logo?v={version}" alt="" height="40">'
        '<span class="regency-name">Kabupaten Uji</span></span>'
    ) in header
    # also before logging in, on the login page
    client.logout()
    assert f"/regency-logo?v={version}" in client.get("/accounts/login/").content.decode()


def test_the_logo_is_served_with_cache_headers(client: Client, logo_file: Path) -> None:
    version = format(logo_file.stat().st_mtime_ns, "x")
    response = client.get(f"/regency-logo?v={version}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] == f'"{version}"'
    assert Image.open(io.BytesIO(response.content)).size == (60, 80)
    assert "default-src 'self'" in response["Content-Security-Policy"]
    # an old or missing version is kept an hour only; a known ETag is answered with 304
    assert client.get("/regency-logo?v=old")["Cache-Control"] == "public, max-age=3600"
    again = client.get("/regency-logo", headers={"If-None-Match": f'"{version}"'})
    assert (again.status_code, again.content) == (304, b"")
    assert client.post("/regency-logo").status_code == 405


def test_a_new_file_gets_a_new_address(client: Client, logo_file: Path) -> None:
    first = _header(client.get("/accounts/login/").content.decode())
    Image.new("RGB", (30, 30), (0, 0, 200)).save(logo_file)
    stat = logo_file.stat()
    os.utime(logo_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = _header(client.get("/accounts/login/").content.decode())
    assert first != second
    version = format(logo_file.stat().st_mtime_ns, "x")
    picture = client.get(f"/regency-logo?v={version}").content
    assert Image.open(io.BytesIO(picture)).size == (30, 30)


def test_without_a_logo_the_header_has_none_and_the_address_is_404(
    client: Client, settings: Any, officer: User
) -> None:
    settings.OVOP_REGENCY_NAME = ""
    settings.OVOP_REGENCY_LOGO = ""
    header = _header(login(client, officer).get("/").content.decode())
    assert "regency" not in header and "<img" not in header
    assert client.get("/regency-logo").status_code == 404


def test_a_name_without_a_logo_shows_the_name_alone(
    client: Client, settings: Any, officer: User
) -> None:
    settings.OVOP_REGENCY_NAME = "Kabupaten Bangka Tengah"
    settings.OVOP_REGENCY_LOGO = ""
    header = _header(login(client, officer).get("/").content.decode())
    assert (
        '<span class="regency"><span class="regency-name">Kabupaten Bangka Tengah</span></span>'
        in header
    )
    assert "<img" not in header


def test_a_file_that_is_no_picture_is_left_off_the_header(
    client: Client, settings: Any, tmp_path: Path, officer: User
) -> None:
    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not a picture")
    settings.OVOP_REGENCY_NAME = "Kabupaten Uji"
    settings.OVOP_REGENCY_LOGO = str(bad)
    header = _header(login(client, officer).get("/").content.decode())
    assert "<img" not in header and "Kabupaten Uji" in header
    assert client.get("/regency-logo").status_code == 404
