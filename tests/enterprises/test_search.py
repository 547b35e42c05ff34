"""Searching the IKM list: by NIB however it is spaced, by phone in any usual form, by words in
any order across name, owner, products and village; NIB and phone only where the user may see
them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from ovop.enterprises.search import phone_forms, search_words
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory


def names(client: Client, q: str) -> list[str]:
    response = client.get(reverse("enterprises:list"), {"q": q})
    assert response.status_code == 200
    return [e.name for e in response.context["page_obj"]]


def test_search_words_join_the_pieces_of_a_number() -> None:
    assert search_words("  Siti   kerupuk ") == ["Siti", "kerupuk"]
    assert search_words("9120 0012 3456 7") == ["9120 0012 3456 7"]
    assert search_words("+62 812-3456 7890 kopi") == ["+62 812-3456 7890", "kopi"]
    assert search_words("kopi 2 kg") == ["kopi", "2", "kg"]


def test_phone_forms_read_local_and_international_numbers() -> None:
    assert phone_forms("0812-3456-7890") == ["081234567890", "6281234567890"]
    assert phone_forms("+62 812 3456 7890") == ["6281234567890"]
    assert phone_forms("812345") == ["812345"]
    assert phone_forms("081") == []  # too short to tell one phone from another


@pytest.mark.parametrize(
    "q", ["1234567890123", "1234 5678 9012 3", "1234-5678-9012-3", "56789 012"]
)
def test_officer_finds_by_nib_however_spaced(
    client: Client, officer: User, enterprise_x: Enterprise, enterprise_y: Enterprise, q: str
) -> None:
    login(client, officer)
    assert names(client, q) == ["Getas Alfa"]


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("0812-3456-7890", ["Getas Alfa"]),
        ("081234567890", ["Getas Alfa"]),
        ("+62 812 3456 7890", ["Getas Alfa"]),
        ("+6281234567890", ["Getas Alfa"]),
        ("812345", ["Getas Alfa"]),
        ("0811 1111 1111", ["Rusip Beta"]),
        ("0812", ["Getas Alfa"]),  # +62812…, not +62811…
        ("0813-0000-0000", []),
    ],
)
def test_officer_finds_by_phone_in_any_form(
    client: Client,
    officer: User,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    q: str,
    found: list[str],
) -> None:
    login(client, officer)
    assert names(client, q) == found


def test_private_numbers_find_nothing_for_those_who_may_not_see_them(
    client: Client, assessor: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, assessor)
    assert names(client, "Getas") == ["Getas Alfa"]  # the assessor sees the enterprise…
    assert names(client, "1234567890123") == []  # …but a search never reveals its NIB
    assert names(client, "0812-3456-7890") == []  # …or its phone


def test_owner_finds_own_enterprise_by_its_phone_only(
    client: Client, owner: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    assert names(client, "0812 3456 7890") == ["Getas Alfa"]
    assert names(client, "0811 1111 1111") == []


@pytest.fixture
def kerupuk(village_a: Region, village_b: Region) -> None:
    siti = EnterpriseFactory(name="UD Bahari", owner_name="Siti Aminah", village=village_a)
    ProductFactory(enterprise=siti, name="Kerupuk Ikan")
    other_siti = EnterpriseFactory(name="Dapur Rahma", owner_name="Siti Rahma", village=village_b)
    ProductFactory(enterprise=other_siti, name="Kemplang")
    budi = EnterpriseFactory(name="Kerupuk Budi", owner_name="Budi", village=village_b)
    ProductFactory(enterprise=budi, name="Kerupuk Udang")


@pytest.mark.parametrize("q", ["siti kerupuk", "kerupuk siti", "KERUPUK  Siti"])
def test_two_words_match_in_either_order_across_fields(
    client: Client, officer: User, kerupuk: None, q: str
) -> None:
    login(client, officer)
    assert names(client, q) == ["UD Bahari"]


def test_each_word_must_match_and_village_counts(
    client: Client, officer: User, kerupuk: None
) -> None:
    login(client, officer)
    assert names(client, "kerupuk") == ["Kerupuk Budi", "UD Bahari"]
    assert names(client, "siti") == ["Dapur Rahma", "UD Bahari"]
    assert names(client, "kerupuk beta") == ["Kerupuk Budi"]  # the village Desa Beta
    assert names(client, "siti udang") == []


def test_product_list_words_in_any_order(client: Client, officer: User, kerupuk: None) -> None:
    login(client, officer)
    response = client.get(reverse("enterprises:product_list"), {"q": "ikan kerupuk"})
    assert [p.name for p in response.context["page_obj"]] == ["Kerupuk Ikan"]
    response = client.get(reverse("enterprises:product_list"), {"q": "budi kerupuk"})
    assert [p.name for p in response.context["page_obj"]] == ["Kerupuk Udang"]


@pytest.mark.parametrize("persona", ["officer", "facilitator", "assessor"])
def test_search_sort_and_xlsx_cost_the_same_queries_for_many_rows(
    client: Client, request: pytest.FixtureRequest, village_a: Region, persona: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n: int) -> None:
        for k in range(n):
            ikm = EnterpriseFactory(
                name=f"Kerupuk {k}", owner_name="Siti", village=village_a, phone="+6281200000000"
            )
            ProductFactory(enterprise=ikm, name="Kerupuk ikan")

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
        return len(captured)

    login(client, request.getfixturevalue(persona))
    urls = [
        reverse("enterprises:list") + "?q=siti+kerupuk+0812&sort=-products",
        reverse("enterprises:export_xlsx") + "?q=kerupuk+siti&sort=kecamatan",
        reverse("enterprises:product_list") + "?q=ikan+kerupuk&sort=-price",
    ]
    add(3)
    few = [queries(url) for url in urls]
    add(30)
    assert [queries(url) for url in urls] == few
