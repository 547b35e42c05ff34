"""The regency page's kecamatan table says what its village columns count (issue 9: the
Indonesian header read "Desa/Kelurahan | Desa | Kelurahan", as if three kinds of village)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ovop.accounts.models import User
from tests.bangka_tengah import Registry
from tests.conftest import login

pytestmark = pytest.mark.django_db


def _header_rows(page: str) -> list[list[str]]:
    thead = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return [
        [" ".join(cell.split()) for cell in re.findall(r"<th[^>]*>(.*?)</th>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", thead, re.S)
    ]


def test_the_village_columns_are_total_desa_and_kelurahan_under_one_heading(
    client: Client, registry: Registry, viewer: User
) -> None:
    page = login(client, viewer).get("/regions/19.04/").content.decode()
    assert _header_rows(page) == [
        ["Kode", "Kecamatan", "Desa/Kelurahan", "Pelaku IKM", "Produk"],
        ["Jumlah", "Desa", "Kelurahan"],
    ]
    assert '<th scope="colgroup" colspan="3" class="group">Desa/Kelurahan</th>' in page
