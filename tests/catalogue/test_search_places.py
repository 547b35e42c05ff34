"""The search form's places: one regency's catalogue lists its kecamatan; a catalogue spanning
several regencies asks for the regency first and then lists only its kecamatan, so a national
catalogue does not put thousands of kecamatan in one list. A place out of its choices is
shown as an error on its field, never a 500."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.models import Listing
from ovop.catalogue.selectors_places import place_choices
from tests.factories import EnterpriseFactory, ProductFactory, village

pytestmark = pytest.mark.django_db

SEARCH = "/id/katalog/cari/"


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"', select.group(0))


@pytest.fixture
def delta(officer: User, listing_x: Listing) -> Listing:
    """A second regency (99.02, kecamatan 99.02.01) with one public product."""
    cache.clear()
    enterprise = EnterpriseFactory(name="Kopi Delta", village=village("99.02.01.2001", "Delta"))
    product = ProductFactory(enterprise=enterprise, name="Kopi Delta")
    values = services.ListingValues(public_name="Kopi Bubuk Delta")
    listing = services.listing_create(user=officer, product=product, values=values)
    return services.listing_publish(user=officer, listing=listing)


def test_one_regency_lists_its_kecamatan_and_asks_no_regency(
    client: Client, listing_x: Listing
) -> None:
    cache.clear()
    html = client.get(SEARCH).content.decode()
    assert 'name="regency"' not in html
    assert _options(html, "kecamatan") == ["", "99.01.01"]


def test_several_regencies_ask_for_the_regency_first(client: Client, delta: Listing) -> None:
    html = client.get(SEARCH).content.decode()
    assert _options(html, "regency") == ["", "99.01", "99.02"]
    assert _options(html, "kecamatan") == [""]
    assert "Pilih kabupaten atau kota lebih dulu." in html
    chosen = client.get(SEARCH, {"regency": "99.02"}).content.decode()
    assert _options(chosen, "kecamatan") == ["", "99.02.01"]
    assert "Kopi Bubuk Delta" in chosen and "Keripik Tenggiri Alfa" not in chosen
    assert place_choices("99.01").kecamatan == [("99.01.01", listing_x_kecamatan_name())]


def listing_x_kecamatan_name() -> str:
    from ovop.regions.models import Region

    return Region.objects.get(code="99.01.01").name


def test_a_place_out_of_its_choices_is_an_error_on_its_field(
    client: Client, delta: Listing
) -> None:
    response = client.get(SEARCH, {"regency": "99.02", "kecamatan": "99.01.01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kecamatan: pilih salah satu dari daftar." in html
    assert "Kopi Bubuk Delta" not in html  # no results for a refused filter
    bad = client.get(SEARCH, {"regency": "'; DROP TABLE x; --" * 5})
    assert bad.status_code == 200 and "Kabupaten/kota: pilih salah satu" in bad.content.decode()


def test_the_api_takes_any_kecamatan_and_the_regency(client: Client, delta: Listing) -> None:
    api = "/api/v1/catalogue/products/"
    by_kecamatan = client.get(api, {"kecamatan": "99.02.01"}).json()
    assert [r["name"] for r in by_kecamatan["results"]] == ["Kopi Bubuk Delta"]
    by_regency = client.get(api, {"regency": "99.01"}).json()
    assert [r["name"] for r in by_regency["results"]] == ["Keripik Tenggiri Alfa"]
    assert client.get(api, {"regency": "99.77"}).status_code == 400
