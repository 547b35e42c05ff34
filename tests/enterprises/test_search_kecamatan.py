"""Choosing a kecamatan narrows the village filter: on the server (the choices offered and
accepted) and in the browser (each option names its kecamatan for ovop/village_filter.js)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.forms import EnterpriseFilterForm, ProductFilterForm
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory


def _village_codes(form: EnterpriseFilterForm | ProductFilterForm) -> list[str]:
    return [r.code for r in form.fields["village"].queryset.order_by("code")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("form_class", [EnterpriseFilterForm, ProductFilterForm])
def test_kecamatan_narrows_the_village_choices(
    village_a: Region, village_a2: Region, village_b: Region, form_class: type
) -> None:
    assert _village_codes(form_class()) == ["99.01.01.2001", "99.01.01.2002", "99.01.02.2001"]
    chosen = form_class({"kecamatan": "99.01.01"})
    assert _village_codes(chosen) == ["99.01.01.2001", "99.01.01.2002"]
    assert _village_codes(form_class({"kecamatan": "99.01.02"})) == ["99.01.02.2001"]
    assert _village_codes(form_class({"kecamatan": ""})) == _village_codes(form_class())


def test_a_village_of_another_kecamatan_is_refused_and_not_applied(
    village_a: Region, village_b: Region
) -> None:
    form = EnterpriseFilterForm({"kecamatan": "99.01.01", "village": "99.01.02.2001"})
    assert not form.is_valid()
    assert list(form.errors) == ["village"]
    filters = form.filters()
    assert filters.village is None
    assert filters.kecamatan == village_a.parent


def test_page_offers_only_the_villages_of_the_chosen_kecamatan(
    client: Client, officer: User, village_a: Region, village_a2: Region, village_b: Region
) -> None:
    EnterpriseFactory(name="Getas", village=village_a)
    EnterpriseFactory(name="Rusip", village=village_b)
    login(client, officer)
    response = client.get(reverse("enterprises:list"), {"kecamatan": "99.01.01"})
    html = response.content.decode()
    assert [e.name for e in response.context["page_obj"]] == ["Getas"]
    options = re.findall(r'<option value="([\d.]+)" data-kecamatan="([\d.]+)"', html)
    assert options == [("99.01.01.2001", "99.01.01"), ("99.01.01.2002", "99.01.01")]
    assert 'data-narrows="id_village"' in html


def test_every_village_names_its_kecamatan_for_the_script(
    client: Client, officer: User, village_a: Region, village_a2: Region, village_b: Region
) -> None:
    login(client, officer)
    for url in (reverse("enterprises:list"), reverse("enterprises:product_list")):
        html = client.get(url).content.decode()
        options = re.findall(r'<option value="([\d.]+)" data-kecamatan="([\d.]+)"', html)
        assert options == [
            ("99.01.01.2001", "99.01.01"),
            ("99.01.01.2002", "99.01.01"),
            ("99.01.02.2001", "99.01.02"),
        ]
        # the script is a static file (the Content-Security-Policy allows no inline script)
        assert re.search(r'<script src="[^"]*ovop/village_filter\.js" defer></script>', html)
        assert "<script>" not in html
