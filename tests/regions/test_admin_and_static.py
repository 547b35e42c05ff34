"""Regions in the admin (look up, correct coordinates; never add or delete) and the map's files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

import ovop
from ovop.accounts.models import User
from ovop.regions.models import Region
from tests.conftest import login

STATIC = Path(ovop.__file__).parent / "static"


@pytest.mark.django_db
def test_admin_searches_regions_by_name(
    english_client: Client, bangka_tengah: None, admin_user: User
) -> None:
    page = login(english_client, admin_user).get("/admin/regions/region/?q=Namang").content.decode()
    assert "19.04.05.2001" in page
    assert "19.04.05.2002" not in page
    assert "2 results" in page  # the kecamatan and the desa named Namang


@pytest.mark.django_db
def test_admin_filters_by_level(
    english_client: Client, bangka_tengah: None, admin_user: User
) -> None:
    page = (
        login(english_client, admin_user)
        .get("/admin/regions/region/?level__exact=3")
        .content.decode()
    )
    assert "6 regions" in page


@pytest.mark.django_db
def test_admin_cannot_add_or_delete_a_region(
    english_client: Client, bangka_tengah: None, admin_user: User
) -> None:
    client = login(english_client, admin_user)
    namang = Region.objects.get(code="19.04.05.2001")
    assert client.get("/admin/regions/region/add/").status_code == 403
    assert (
        client.post(f"/admin/regions/region/{namang.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Region.objects.count() == 71


@pytest.mark.django_db
def test_admin_corrects_coordinates_but_not_the_code(
    english_client: Client, bangka_tengah: None, admin_user: User
) -> None:
    namang = Region.objects.get(code="19.04.05.2001")
    response = login(english_client, admin_user).post(
        f"/admin/regions/region/{namang.pk}/change/",
        {"code": "99.99", "postal_code": "33683", "lat": "-2.350000", "lon": "106.200000"},
    )
    assert response.status_code == 302
    namang.refresh_from_db()
    assert (namang.code, namang.lat, namang.lon) == (
        "19.04.05.2001",
        Decimal("-2.350000"),
        Decimal("106.200000"),
    )


@pytest.mark.parametrize(
    "path",
    [
        "ovop/vendor/leaflet/leaflet.js",
        "ovop/vendor/leaflet/leaflet.css",
        "ovop/vendor/leaflet/LICENSE",
        "ovop/vendor/leaflet/images/marker-icon.png",
        "ovop/vendor/leaflet/images/marker-icon-2x.png",
        "ovop/vendor/leaflet/images/marker-shadow.png",
        "ovop/vendor/htmx-LICENSE",
        "ovop/htmx.min.js",
        "ovop/map.js",
    ],
)
def test_map_files_are_found_by_django(path: str) -> None:
    found = finders.find(path)
    assert isinstance(found, str)
    assert Path(found) == STATIC / path


def test_vendored_versions() -> None:
    leaflet = (STATIC / "ovop/vendor/leaflet/leaflet.js").read_text(encoding="utf-8")
    assert "Leaflet 1.9.4" in leaflet[:200]
    htmx = (STATIC / "ovop/htmx.min.js").read_text(encoding="utf-8")
    assert 'version:"2.0.11"' in htmx
