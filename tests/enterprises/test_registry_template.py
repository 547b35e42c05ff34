"""The registry import's XLSX template: read back with openpyxl as Excel would show it, read by
the import as an upload, and filled in then checked by the dry run."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ovop.accounts.models import User
from ovop.core.tables import read_upload
from ovop.enterprises.models import Enterprise
from ovop.enterprises.registry_import import (
    REGISTRY_COLUMNS,
    REGISTRY_MIN_MATCHES,
    registry_plan,
    registry_write,
)
from ovop.enterprises.registry_template import registry_template
from ovop.regions.models import Region

HEADERS = [
    "Nama usaha",
    "Nama pemilik",
    "Jenis kelamin pemilik",
    "Desa/Kelurahan",
    "Kecamatan",
    "Alamat",
    "Telepon/HP",
    "NIB",
    "KBLI",
    "Tahun berdiri",
    "Tenaga kerja laki-laki (orang)",
    "Tenaga kerja perempuan (orang)",
    "Investasi (Rp)",
    "Omzet per tahun (Rp)",
    "Produk",
    "Kategori produk",
    "Sertifikat",
]
CATEGORIES = [
    "Makanan dan minuman",
    "Kain tenun",
    "Batik",
    "Kerajinan anyaman",
    "Gerabah",
    "Kerajinan kayu dan lainnya",
    "Produk herbal",
    "Lainnya",
]


def sheet(book: object, name: str) -> Worksheet:
    found = book[name]  # type: ignore[index]
    assert isinstance(found, Worksheet)
    return found


@pytest.fixture(scope="module")
def template() -> bytes:
    return registry_template()


def test_the_ikm_sheet_has_the_headers_frozen_and_the_number_columns_as_text(
    template: bytes,
) -> None:
    book = load_workbook(io.BytesIO(template))
    assert book.sheetnames == ["IKM", "Petunjuk", "Pilihan"]
    ikm = sheet(book, "IKM")
    assert [cell.value for cell in ikm[1]] == HEADERS
    assert ikm.max_row == 1  # no example row that an import would take for an IKM
    assert ikm.freeze_panes == "A2"
    assert all(cell.font.bold for cell in ikm[1])
    text_columns = {"G": "Telepon/HP", "H": "NIB", "I": "KBLI"}
    for letter, header in text_columns.items():
        assert ikm[f"{letter}1"].value == header
        assert ikm.column_dimensions[letter].number_format == "@"
    assert ikm.column_dimensions["A"].number_format == "General"
    assert ikm.column_dimensions["A"].width == 30
    assert ikm.column_dimensions["Q"].width == 44


def test_category_and_gender_are_chosen_from_lists(template: bytes) -> None:
    book = load_workbook(io.BytesIO(template))
    ikm = sheet(book, "IKM")
    lists = {
        str(validation.sqref): validation.formula1
        for validation in ikm.data_validations.dataValidation
    }
    assert lists == {
        "P2:P100001": "Pilihan!$A$1:$A$8",
        "C2:C100001": '"Laki-laki,Perempuan"',
    }
    choices = sheet(book, "Pilihan")
    assert choices.sheet_state == "hidden"
    assert [row[0].value for row in choices.iter_rows()] == CATEGORIES


def test_the_instructions_explain_every_column_in_indonesian(template: bytes) -> None:
    book = load_workbook(io.BytesIO(template))
    instructions = sheet(book, "Petunjuk")
    texts = [str(cell.value) for row in instructions.iter_rows() for cell in row if cell.value]
    assert texts[0] == "Petunjuk pengisian daftar IKM"
    explained = {
        row[0].value: (row[1].value, row[3].value)
        for row in instructions.iter_rows()
        if row[0].value in HEADERS
    }
    assert list(explained) == HEADERS
    assert explained["Nama usaha"] == ("Ya", "Getas Alfa")
    assert explained["NIB"] == ("Tidak", "1234567890123")
    assert explained["Omzet per tahun (Rp)"] == ("Tidak", "1,5 juta")
    whole = " ".join(texts)
    for words in (
        "seluruh berkas atau tidak sama sekali",
        "diperiksa lebih dulu tanpa menyimpan apa pun",
        "Rp 1.500.000, 1,5 juta atau 750 rb",
        "12/01/2015",
        "1,23E+12",
        "Paling banyak 100.000 baris",
    ):
        assert words in whole


def test_the_import_reads_the_template_as_one_empty_table(template: bytes) -> None:
    for min_matches in (None, REGISTRY_MIN_MATCHES):
        (table,) = read_upload(
            io.BytesIO(template),
            "templat.xlsx",
            columns=REGISTRY_COLUMNS,
            min_matches=min_matches,
        )
        assert (table.sheet, table.header_row) == ("IKM", 1)
        assert table.columns == {name: index for index, name in enumerate(REGISTRY_COLUMNS)}
        assert list(table.rows) == []


def test_two_rows_filled_in_the_template_are_planned_and_written(
    template: bytes, regions: dict[str, Region], officer: User
) -> None:
    book = load_workbook(io.BytesIO(template))
    ikm = sheet(book, "IKM")
    ikm.append(
        [
            "Getas Alfa",
            "Bu Siti",
            "Perempuan",
            "Desa Namang",
            "Namang",
            "Jl. Raya Namang",
            "081234567890",
            "1234567890123",
            "10794",
            2015,
            2,
            3,
            "Rp 25.000.000",
            "1,5 juta",
            "Getas Tenggiri; Kemplang",
            "Makanan dan minuman",
            "P-IRT: 2061234567890-25",
        ]
    )
    ikm.append(["Tenun Cambai", "Pak Udin", "Laki-laki", "Cambai", "", "", "", "", "", "", 1])
    ikm["O3"], ikm["P3"] = "Kain cual", "Kain tenun"
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)

    (table,) = read_upload(
        upload, "templat.xlsx", columns=REGISTRY_COLUMNS, min_matches=REGISTRY_MIN_MATCHES
    )
    plan = registry_plan(table, regency=regions["19.04"])
    assert plan.counts == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "bad": 0,
        "possible_duplicates": 0,
    }
    assert plan.problems == []
    result = registry_write(plan, user=officer)
    assert (result.created, result.products_created, result.certifications_created) == (2, 3, 1)
    tenun = Enterprise.objects.get(name="Tenun Cambai")
    assert (tenun.village.code, tenun.workers_male) == ("19.04.05.2002", 1)
    assert list(tenun.products.values_list("name", "category")) == [("Kain cual", "woven_cloth")]
    getas = Enterprise.objects.get(name="Getas Alfa")
    assert (getas.nib, getas.phone, getas.investment_idr) == (
        "1234567890123",
        "+6281234567890",
        25_000_000,
    )
