# ruff: noqa: F811  (fixtures imported from conftest_records are parameters here)
"""The price list: items one by one, and the spreadsheet import (all or nothing, dry run)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from ovop.accounts.models import User
from ovop.planning import services_prices
from ovop.planning.models import FiscalYear, PriceItem
from ovop.planning.services_prices_import import price_items_import
from tests.planning.conftest_records import bimtek, close, fy  # noqa: F401 - fixtures

GOOD = (
    "kode;uraian;satuan;harga satuan;jenis kegiatan\n"
    "BT-01;Bimtek pengolahan;orang-hari;Rp 1.300.000;training\n"
    "KM-01;Desain kemasan;paket;1,5 juta;Packaging and design clinic\n"
    "PR-01;Sewa stan pameran;stan;2500000;\n"
)


def _rows(year: FiscalYear) -> list[tuple[str, str, str, int, str]]:
    return list(
        PriceItem.objects.filter(fiscal_year=year)
        .order_by("code")
        .values_list("code", "name", "unit", "unit_cost_idr", "activity_type")
    )


def _file(text: str) -> io.BytesIO:
    return io.BytesIO(("\ufeff" + text).encode())


def test_item_create_edit_and_refusals(
    english: None, officer: User, fy: FiscalYear, bimtek: PriceItem
) -> None:
    item = services_prices.price_item_create(
        user=officer, year=fy, code="KM-01", name="Kemasan", unit="paket", unit_cost_idr=150_000
    )
    assert item.unit_cost_idr == 150_000
    with pytest.raises(ValidationError) as twice:
        services_prices.price_item_create(
            user=officer, year=fy, code="bt-01", name="X", unit="x", unit_cost_idr=1
        )
    assert twice.value.message_dict == {
        "code": ["Code: the 2026 price list already has an item bt-01."]
    }
    with pytest.raises(ValidationError) as zero:
        services_prices.price_item_update(
            user=officer, item=item, code="KM-01", name="Kemasan", unit="paket", unit_cost_idr=0
        )
    assert list(zero.value.message_dict) == ["unit_cost_idr"]
    item.refresh_from_db()
    assert item.unit_cost_idr == 150_000


def test_import_adds_and_updates_every_row(
    officer: User, fy: FiscalYear, bimtek: PriceItem
) -> None:
    report = price_items_import(user=officer, year=fy, upload=_file(GOOD), name="ssh.csv")
    assert (report.done, report.new, report.updated, report.problems) == (True, 2, 1, [])
    assert _rows(fy) == [
        ("BT-01", "Bimtek pengolahan", "orang-hari", 1_300_000, "training"),
        ("KM-01", "Desain kemasan", "paket", 1_500_000, "packaging"),
        ("PR-01", "Sewa stan pameran", "stan", 2_500_000, ""),
    ]


def test_dry_run_writes_nothing(officer: User, fy: FiscalYear, bimtek: PriceItem) -> None:
    before = _rows(fy)
    report = price_items_import(user=officer, year=fy, upload=_file(GOOD), dry_run=True)
    assert (report.done, report.new, report.updated) == (False, 2, 1)
    assert _rows(fy) == before


def test_a_bad_file_lists_every_bad_row_and_changes_nothing(
    english: None, officer: User, fy: FiscalYear, bimtek: PriceItem
) -> None:
    text = (
        "code,name,unit,unit cost,activity type\n"
        "BT-01,Bimtek,orang-hari,Rp 900.000,training\n"
        "XX-01,,paket,-5,rocket\n"
        "XX-02,Kemasan,paket,1.5,\n"
        "XX-03,Sewa,stan,0,\n"
        "BT-01,Bimtek lagi,orang-hari,100000,\n"
    )
    before = _rows(fy)
    report = price_items_import(user=officer, year=fy, upload=_file(text))
    assert report.done is False
    by_row = {p.row: " ".join(p.messages) for p in report.problems}
    assert sorted(by_row) == [3, 4, 5, 6]
    assert "Item" in by_row[3] and "negative" in by_row[3] and "rocket" in by_row[3]
    assert "1.5" in by_row[4]
    assert "Unit cost" in by_row[5]
    assert "row 2" in by_row[6]
    assert _rows(fy) == before


def test_xlsx_import_reads_numbers_and_labels(officer: User, fy: FiscalYear) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Code", "Item", "Unit", "Unit cost (rupiah)", "Activity type"])
    sheet.append(["AL-01", "Mesin pengering", "unit", 15_000_000, "Equipment and facilities"])
    sheet.append(["AL-02", "Etalase", "unit", 2_750_000.0, "equipment"])
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    report = price_items_import(user=officer, year=fy, upload=content, name="ssh.xlsx")
    assert report.done
    assert _rows(fy) == [
        ("AL-01", "Mesin pengering", "unit", 15_000_000, "equipment"),
        ("AL-02", "Etalase", "unit", 2_750_000, "equipment"),
    ]


def test_unreadable_files_are_refused_naming_the_file(officer: User, fy: FiscalYear) -> None:
    for content, name in (
        (b"", "x.csv"),
        (b"just;some;words\n1;2;3\n", "x.csv"),
        (b"not a workbook", "x.xlsx"),
    ):
        with pytest.raises(ValidationError) as refused:
            price_items_import(user=officer, year=fy, upload=io.BytesIO(content), name=name)
        assert list(refused.value.message_dict) == ["file"]
    assert not PriceItem.objects.exists()


def test_closed_year_refuses_the_import(officer: User, admin_user: User, fy: FiscalYear) -> None:
    close(fy, admin_user)
    with pytest.raises(ValidationError):
        price_items_import(user=officer, year=fy, upload=_file(GOOD))
    assert not PriceItem.objects.exists()
