"""A village's page: facts, the enterprises and products the user may see, its OVOP product."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import User
from tests.bangka_tengah import Registry
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory
from tests.overview.html import map_data, table_rows

pytestmark = pytest.mark.django_db

NAMANG = "/regions/19.04.05.2001/"
PRIVATE = ["+6281200000001", "+6281200000002", "1111111111111", "2222222222222"]


def _page(client: Client, user: User, url: str = NAMANG) -> str:
    response = login(client, user).get(url)
    assert response.status_code == 200
    return response.content.decode()


def _tables(page: str) -> tuple[list[list[str]], list[list[str]], list[list[str]]]:
    designations, enterprises, products = table_rows(page)
    return designations, enterprises, products


def test_facts_and_breadcrumbs(english_client: Client, registry: Registry, viewer: User) -> None:
    page = _page(english_client, viewer)
    assert "<dt>Kemendagri code</dt><dd>19.04.05.2001</dd>" in page
    assert "<dt>Type</dt><dd>Desa</dd>" in page
    assert "<dt>Postal code</dt><dd>33683</dd>" in page
    assert "<dt>Coordinates</dt><dd>-2.342693, 106.189622</dd>" in page
    assert '<dt>Kecamatan</dt><dd><a href="/regions/19.04.05/">Namang</a></dd>' in page
    start = page.index('class="breadcrumbs"')
    crumbs = page[start : page.index("</nav>", start)]
    assert 'href="/regions/19/">Kepulauan Bangka Belitung</a>' in crumbs
    assert 'href="/regions/19.04/">Kabupaten Bangka Tengah</a>' in crumbs
    assert 'href="/regions/19.04.05/">Namang</a>' in crumbs
    assert '<span aria-current="page">Namang</span>' in crumbs


def test_officer_sees_active_enterprises_and_products(
    english_client: Client, registry: Registry, officer: User
) -> None:
    _, enterprises, products = _tables(_page(english_client, officer))
    assert enterprises == [
        ["Madu Pelawan", "Pak Udin", "1", "Medium industry (industri menengah)"],
        ["Rusip Namang", "Bu Sari", "1", "Small industry (industri kecil)"],
    ]
    assert products == [
        ["Madu pahit", "Food and beverage", "Madu Pelawan", "not published"],
        ["Rusip botol", "Food and beverage", "Rusip Namang", "not published"],
    ]


def test_private_fields_never_appear_even_for_the_officer(
    english_client: Client, registry: Registry, officer: User
) -> None:
    page = _page(english_client, officer)
    assert [value for value in PRIVATE if value in page] == []


def test_facilitator_of_the_village_sees_its_enterprises_but_no_private_field(
    english_client: Client, registry: Registry
) -> None:
    page = _page(english_client, registry.facilitator)
    _, enterprises, _ = _tables(page)
    assert [row[0] for row in enterprises] == ["Madu Pelawan", "Rusip Namang"]
    assert [value for value in PRIVATE if value in page] == []


def test_facilitator_sees_nothing_in_a_village_they_do_not_serve(
    english_client: Client, registry: Registry
) -> None:
    page = _page(english_client, registry.facilitator, "/regions/19.04.05.2002/")
    _, enterprises, products = _tables(page)
    assert enterprises == [["No enterprise here that you can see."]]
    assert products == [["No product here that you can see."]]
    assert "Kerupuk Cambai" not in page


def test_owner_sees_only_their_own_enterprise(english_client: Client, registry: Registry) -> None:
    page = _page(english_client, registry.owner)
    _, enterprises, products = _tables(page)
    assert enterprises == [["Rusip Namang", "Bu Sari", "1", "Small industry (industri kecil)"]]
    assert products == [["Rusip botol", "Food and beverage", "Rusip Namang", "not published"]]
    assert "Madu Pelawan" not in page
    assert [value for value in PRIVATE if value in page] == []


def test_another_owner_sees_no_enterprise_here(english_client: Client, registry: Registry) -> None:
    page = _page(english_client, registry.other_owner)
    _, enterprises, _ = _tables(page)
    assert enterprises == [["No enterprise here that you can see."]]
    assert "Rusip Namang" not in page
    assert map_data(page)[0]["enterprises"] == 0


def test_assessor_reads_the_list_without_private_fields(
    english_client: Client, registry: Registry, assessor: User
) -> None:
    page = _page(english_client, assessor)
    _, enterprises, _ = _tables(page)
    assert [row[0] for row in enterprises] == ["Madu Pelawan", "Rusip Namang"]
    assert [value for value in PRIVATE if value in page] == []


def test_designations_latest_year_first(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    designations, _, _ = _tables(_page(english_client, viewer))
    assert designations == [
        ["Desa OVOP Bangka Tengah", "2025", "not chosen yet", ""],
        ["Desa OVOP Bangka Tengah", "2024", "Rusip botol", ""],
    ]


def test_designated_product_is_linked_only_for_who_may_open_it(
    english_client: Client, registry: Registry
) -> None:
    link = f'href="/enterprises/products/{registry.kerupuk_product.pk}/"'
    cambai_for_stranger = _page(english_client, registry.other_owner, "/regions/19.04.05.2002/")
    designations, _, _ = _tables(cambai_for_stranger)
    assert designations == [["Desa OVOP Bangka Tengah", "2025", "Kerupuk ikan", ""]]
    assert link not in cambai_for_stranger


def test_archived_programme_is_left_out(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    page = _page(english_client, viewer, "/regions/19.04.05.2002/")
    assert "Old programme" not in page
    assert "2026" not in page


def test_member_village_without_choice_says_not_chosen_yet(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    designations, _, _ = _tables(_page(english_client, viewer, "/regions/19.04.05.2003/"))
    assert designations == [["Desa OVOP Bangka Tengah", "2024", "not chosen yet", ""]]


def test_village_in_no_programme(english_client: Client, registry: Registry, viewer: User) -> None:
    designations, _, _ = _tables(_page(english_client, viewer, "/regions/19.04.05.2004/"))
    assert designations == [["not chosen yet · This village takes part in no programme."]]


def test_village_map_has_its_one_marker(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    page = _page(english_client, viewer)
    assert map_data(page) == [
        {
            "code": "19.04.05.2001",
            "name": "Namang",
            "lat": -2.342693,
            "lon": 106.189622,
            "url": NAMANG,
            "enterprises": 2,
        }
    ]
    assert 'style="height:260px"' in page


def test_enterprise_list_is_paginated(
    english_client: Client, registry: Registry, viewer: User
) -> None:
    village = registry.rusip.village
    for n in range(50):
        enterprise = EnterpriseFactory(name=f"Zz {n:02d}", village=village)
        ProductFactory(enterprise=enterprise, name=f"Zz product {n:02d}")
    client = login(english_client, viewer)
    first = client.get(NAMANG).content.decode()
    _, enterprises, products = _tables(first)
    assert len(enterprises) == 50 and len(products) == 50
    assert "Page 1 of 2 (52 records)" in first
    second = client.get(NAMANG + "?page=2&ppage=2").content.decode()
    _, enterprises, products = _tables(second)
    assert [row[0] for row in enterprises] == ["Zz 48", "Zz 49"]
    assert [(row[0], row[2]) for row in products] == [
        ("Zz product 48", "Zz 48"),
        ("Zz product 49", "Zz 49"),
    ]
