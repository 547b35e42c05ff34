"""The region pages at each level, with the counts the user may see."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from tests.bangka_tengah import Registry
from tests.conftest import login
from tests.overview.html import map_data, table_rows

pytestmark = pytest.mark.django_db

# Kecamatan of Bangka Tengah: code, name, villages, desa, kelurahan.
KECAMATAN = [
    ("19.04.01", "Koba", "11", "6", "5"),
    ("19.04.02", "Pangkalan Baru", "12", "11", "1"),
    ("19.04.03", "Sungai Selan", "13", "12", "1"),
    ("19.04.04", "Simpang Katis", "10", "10", "0"),
    ("19.04.05", "Namang", "8", "8", "0"),
    ("19.04.06", "Lubuk Besar", "9", "9", "0"),
]


def _get(client: Client, user: User, url: str) -> str:
    response = login(client, user).get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", ["/regions/", "/regions/19.04/", "/regions/19.04.05.2001/"])
def test_anonymous_visitor_is_sent_to_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_index_lists_province_and_regency_with_counts(
    english_client: Client, registry: Registry, officer: User
) -> None:
    page = _get(english_client, officer, "/regions/")
    assert table_rows(page)[0] == [
        ["Kepulauan Bangka Belitung", "Kabupaten Bangka Tengah", "19.04", "6", "63", "4", "6"]
    ]
    assert 'href="/regions/19.04/"' in page


def test_regency_page_lists_kecamatan_with_counts(
    english_client: Client, registry: Registry, officer: User
) -> None:
    page = _get(english_client, officer, "/regions/19.04/")
    rows = table_rows(page)[0]
    enterprises = {"19.04.01": ("1", "3"), "19.04.05": ("3", "3")}
    assert rows == [
        [code, name, villages, desa, kel, *enterprises.get(code, ("0", "0"))]
        for code, name, villages, desa, kel in KECAMATAN
    ]
    totals = english_client.get("/regions/19.04/").context["children"].totals
    assert (totals.kecamatan, totals.villages, totals.desa, totals.kelurahan) == (6, 63, 56, 7)
    assert (totals.enterprises, totals.products) == (4, 6)
    assert '<th scope="row" colspan="2">Total</th>' in page


def test_regency_counts_are_limited_to_what_a_facilitator_sees(
    english_client: Client, registry: Registry
) -> None:
    rows = table_rows(_get(english_client, registry.facilitator, "/regions/19.04/"))[0]
    assert [(row[0], row[5], row[6]) for row in rows if row[5] != "0"] == [("19.04.05", "2", "2")]


def test_regency_counts_for_an_owner_are_their_own(
    english_client: Client, registry: Registry
) -> None:
    rows = table_rows(_get(english_client, registry.owner, "/regions/19.04/"))[0]
    assert [(row[0], row[5], row[6]) for row in rows if row[5] != "0"] == [("19.04.05", "1", "1")]


def test_province_page_lists_its_loaded_regency(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    page = _get(english_client, viewer, "/regions/19/")
    assert table_rows(page)[0] == [["19.04", "Kabupaten Bangka Tengah", "6", "63", "4", "6"]]


def test_kecamatan_page_lists_villages_with_type_postal_code_counts_and_product(
    english_client: Client, registry: Registry, officer: User
) -> None:
    page = _get(english_client, officer, "/regions/19.04.05/")
    rows = table_rows(page)[0]
    assert len(rows) == 8
    assert rows[:4] == [
        ["19.04.05.2001", "Namang", "Desa", "33683", "2", "2", "not chosen yet (2025)"],
        ["19.04.05.2002", "Cambai", "Desa", "33683", "1", "1", "Kerupuk ikan (2025)"],
        ["19.04.05.2003", "Kayu Besi", "Desa", "33683", "0", "0", "not chosen yet"],
        ["19.04.05.2004", "Jelutung", "Desa", "33683", "0", "0", "not chosen yet"],
    ]
    assert f'href="/enterprises/products/{registry.kerupuk_product.pk}/"' in page


def test_kecamatan_page_shows_kelurahan(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    rows = table_rows(_get(english_client, viewer, "/regions/19.04.01/"))[0]
    assert [row[2] for row in rows].count("Kelurahan") == 5
    assert rows[0] == ["19.04.01.1001", "Koba", "Kelurahan", "33681", "1", "3", "not chosen yet"]


def test_kecamatan_page_names_a_product_the_owner_cannot_open_without_a_link(
    english_client: Client, registry: Registry
) -> None:
    page = _get(english_client, registry.owner, "/regions/19.04.05/")
    rows = table_rows(page)[0]
    assert rows[1] == ["19.04.05.2002", "Cambai", "Desa", "33683", "0", "0", "Kerupuk ikan (2025)"]
    assert f'href="/enterprises/products/{registry.kerupuk_product.pk}/"' not in page


def test_unknown_region_is_404(english_client: Client, officer: User) -> None:
    assert login(english_client, officer).get("/regions/19.99/").status_code == 404


def test_region_pages_refuse_a_post(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    assert login(english_client, viewer).post("/regions/19.04/").status_code == 405


def test_pages_are_indonesian_by_default(client: Client, registry: Registry, viewer: User) -> None:
    page = _get(client, viewer, "/regions/19.04/")
    assert '<html lang="id">' in page


def test_regency_map_has_a_marker_for_each_village(
    english_client: Client, registry: Registry, officer: User
) -> None:
    markers = map_data(_get(english_client, officer, "/regions/19.04/"))
    assert len(markers) == 63
    assert markers[0] == {
        "code": "19.04.01.1001",
        "name": "Koba",
        "lat": -2.500109,
        "lon": 106.40999,
        "url": "/regions/19.04.01.1001/",
        "enterprises": 1,
    }
    namang = next(m for m in markers if m["code"] == "19.04.05.2001")
    assert (namang["name"], namang["enterprises"]) == ("Namang", 2)
    assert sum(m["enterprises"] for m in markers) == 4


def test_kecamatan_map_has_its_villages_counted_for_the_user(
    english_client: Client, registry: Registry
) -> None:
    markers = map_data(_get(english_client, registry.facilitator, "/regions/19.04.05/"))
    assert [m["code"] for m in markers] == [
        "19.04.05.2001",
        "19.04.05.2002",
        "19.04.05.2003",
        "19.04.05.2004",
        "19.04.05.2005",
        "19.04.05.2006",
        "19.04.05.2008",
        "19.04.05.2009",
    ]
    assert [m["enterprises"] for m in markers] == [2, 0, 0, 0, 0, 0, 0, 0]


def test_map_uses_only_files_served_by_ovop(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    page = _get(english_client, viewer, "/regions/19.04.05/")
    assert '<link rel="stylesheet" href="/static/ovop/vendor/leaflet/leaflet.css">' in page
    assert '<script src="/static/ovop/vendor/leaflet/leaflet.js"></script>' in page
    assert '<script src="/static/ovop/map.js"></script>' in page
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in page
    scripts = [line for line in page.splitlines() if "<script src=" in line or "stylesheet" in line]
    assert all('="/static/' in line for line in scripts), scripts


def test_regency_without_coordinates_has_no_map_but_its_table(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    from ovop.regions.services import regions_load

    regions_load(regency_code="19.01")
    page = _get(english_client, viewer, "/regions/19.01/")
    assert len(table_rows(page)[0]) == 8
    assert "No coordinates are known for these villages, so there is no map." in page
    assert 'id="map-data"' not in page
    assert "leaflet.js" not in page
