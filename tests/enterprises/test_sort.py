"""Sortable columns of the IKM and product lists: each key both ways, unknown keys ignored,
header links that keep the filters and say the order (aria-sort)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.core.sorting import Sort, parse_sort
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory


@pytest.fixture
def three(village_a: Region, village_a2: Region, village_b: Region) -> None:
    """Three IKM whose every sortable column orders them differently."""
    a = EnterpriseFactory(
        name="Bahari", owner_name="Citra", village=village_b, workers_male=1, workers_female=0
    )
    b = EnterpriseFactory(
        name="Cahaya", owner_name="Ani", village=village_a2, workers_male=9, workers_female=9
    )
    c = EnterpriseFactory(
        name="Anggrek", owner_name="Budi", village=village_a, workers_male=3, workers_female=2
    )
    ProductFactory(
        enterprise=a, name="Pewter", price_idr=500_000, monthly_capacity=5, local_material_pct=10
    )
    for k in range(3):
        ProductFactory(
            enterprise=b,
            name=f"Tenun {k}",
            price_idr=900_000 + k,
            monthly_capacity=20 + k,
            local_material_pct=90 - k,
        )
    for k in range(2):
        ProductFactory(
            enterprise=c,
            name=f"Getas {k}",
            price_idr=10_000 + k,
            monthly_capacity=300 + k,
            local_material_pct=50 + k,
        )


def names(client: Client, sort: str) -> list[str]:
    response = client.get(reverse("enterprises:list"), {"sort": sort})
    assert response.status_code == 200
    return [e.name for e in response.context["page_obj"]]


# Desa Alfa (99.01.01, "Kecamatan …01"), Desa Alfa Dua (same), Desa Beta (99.01.02)
@pytest.mark.parametrize(
    ("key", "ascending"),
    [
        ("name", ["Anggrek", "Bahari", "Cahaya"]),
        ("owner", ["Cahaya", "Anggrek", "Bahari"]),
        ("village", ["Anggrek", "Cahaya", "Bahari"]),
        ("kecamatan", ["Anggrek", "Cahaya", "Bahari"]),
        ("workers", ["Bahari", "Anggrek", "Cahaya"]),
        ("products", ["Bahari", "Anggrek", "Cahaya"]),
    ],
)
def test_enterprise_list_sorts_by_each_key_both_ways(
    client: Client, officer: User, three: None, key: str, ascending: list[str]
) -> None:
    login(client, officer)
    assert names(client, key) == ascending
    assert names(client, f"-{key}") == ascending[::-1]


@pytest.mark.parametrize("sort", ["", "nib", "-phone", "investment_idr", "--name", "size"])
def test_unknown_sort_keys_are_ignored(
    client: Client, officer: User, three: None, sort: str
) -> None:
    login(client, officer)
    assert names(client, sort) == ["Anggrek", "Bahari", "Cahaya"]


def product_names(client: Client, sort: str) -> list[str]:
    response = client.get(reverse("enterprises:product_list"), {"sort": sort})
    assert response.status_code == 200
    return [p.name for p in response.context["page_obj"]]


TIES = {
    "enterprise": ["Tenun 0", "Tenun 1", "Tenun 2", "Pewter", "Getas 0", "Getas 1"],
    "village": ["Pewter", "Tenun 0", "Tenun 1", "Tenun 2", "Getas 0", "Getas 1"],
}


@pytest.mark.parametrize(
    ("key", "ascending"),
    [
        ("name", ["Getas 0", "Getas 1", "Pewter", "Tenun 0", "Tenun 1", "Tenun 2"]),
        ("enterprise", ["Getas 0", "Getas 1", "Pewter", "Tenun 0", "Tenun 1", "Tenun 2"]),
        ("village", ["Getas 0", "Getas 1", "Tenun 0", "Tenun 1", "Tenun 2", "Pewter"]),
        ("price", ["Getas 0", "Getas 1", "Pewter", "Tenun 0", "Tenun 1", "Tenun 2"]),
        ("capacity", ["Pewter", "Tenun 0", "Tenun 1", "Tenun 2", "Getas 0", "Getas 1"]),
        ("local_material", ["Pewter", "Getas 0", "Getas 1", "Tenun 2", "Tenun 1", "Tenun 0"]),
    ],
)
def test_product_list_sorts_by_each_key_both_ways(
    client: Client, officer: User, three: None, key: str, ascending: list[str]
) -> None:
    login(client, officer)
    assert product_names(client, key) == ascending
    descending = product_names(client, f"-{key}")
    if key in TIES:  # rows with equal keys keep the name order both ways
        assert descending == TIES[key]
    else:
        assert descending == ascending[::-1]
    assert product_names(client, "color") == product_names(client, "name")


def test_parse_sort() -> None:
    default = Sort("name")
    keys = {"name": (), "owner": ()}
    assert parse_sort("-owner", keys, default) == Sort("owner", descending=True)
    assert parse_sort(" owner ", keys, default) == Sort("owner")
    assert parse_sort("-nib", keys, default) is default
    assert parse_sort(None, keys, default) is default


def _headers(html: str) -> dict[str, tuple[str, str]]:
    """Header label -> (aria-sort, href) of every sortable column."""
    found = re.findall(
        r'<th scope="col"(?: class="num")?(?: aria-sort="(\w+)")?><a class="sort" '
        r'href="([^"]+)">([^<]+?)(?: <span aria-hidden="true">.</span>)?</a></th>',
        html,
    )
    return {label: (aria, href.replace("&amp;", "&")) for aria, href, label in found}


def test_header_links_turn_the_order_and_keep_the_filters(
    client: Client, officer: User, three: None
) -> None:
    login(client, officer)
    html = client.get(reverse("enterprises:list") + "?kecamatan=99.01.01&page=1").content.decode()
    headers = _headers(html)
    assert headers == {
        "Business name": ("ascending", "?kecamatan=99.01.01&sort=-name"),
        "Owner": ("", "?kecamatan=99.01.01&sort=owner"),
        "Village": ("", "?kecamatan=99.01.01&sort=village"),
        "Kecamatan": ("", "?kecamatan=99.01.01&sort=kecamatan"),
        "Workers": ("", "?kecamatan=99.01.01&sort=workers"),
        "Products": ("", "?kecamatan=99.01.01&sort=products"),
    }
    assert 'aria-hidden="true">▲</span>' in html
    html = client.get(reverse("enterprises:list") + "?sort=-workers").content.decode()
    headers = _headers(html)
    assert headers["Workers"] == ("descending", "?sort=workers")
    assert headers["Business name"] == ("", "?sort=name")
    assert 'aria-hidden="true">▼</span>' in html
    # the filter form carries the order (filtering keeps it; on a phone it is how to sort)
    assert '<option value="-workers" selected>Workers, descending</option>' in html
    options = re.findall(r'<option value="(-?\w+)"(?: selected)?>([^<]+), \w+</option>', html)
    assert [value for value, _label in options] == [
        "name",
        "-name",
        "owner",
        "-owner",
        "village",
        "-village",
        "kecamatan",
        "-kecamatan",
        "workers",
        "-workers",
        "products",
        "-products",
    ]


def test_product_headers_say_the_order(client: Client, officer: User, three: None) -> None:
    login(client, officer)
    html = client.get(reverse("enterprises:product_list") + "?sort=price").content.decode()
    headers = _headers(html)
    assert headers["Price per unit"] == ("ascending", "?sort=-price")
    assert headers["Product"] == ("", "?sort=name")
    assert set(headers) == {
        "Product",
        "Enterprise",
        "Village",
        "Price per unit",
        "Monthly capacity",
        "Local raw material",
    }
