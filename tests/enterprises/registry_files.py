"""Registry files as offices send them, built for the tests of the registry import: XLSX
(optionally under a title row) and Excel's Windows ";" CSV, with the rows given by column
name; the dry run of such a file; the expected counts and problems; the sizes of the registry
tables and their history tables."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import models
from openpyxl import Workbook

from ovop.core.tables import Table, read_upload
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.registry_import import (
    REGISTRY_COLUMNS,
    REGISTRY_MIN_MATCHES,
    RegistryPlan,
    registry_plan,
)
from ovop.regions.models import Region

NAMANG, CAMBAI, KOBA, AIR_MESU = "19.04.05.2001", "19.04.05.2002", "19.04.01.1001", "19.04.02.2004"

HEADER = [
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
    "Tenaga kerja laki-laki",
    "Tenaga kerja perempuan",
    "Investasi (Rp)",
    "Omzet per tahun (Rp)",
    "Produk",
    "Kategori produk",
    "Sertifikat",
]


def line(**values: Any) -> list[Any]:
    """A data row: the registry column names as keywords, the other cells empty."""
    return [values.get(name, "") for name in REGISTRY_COLUMNS]


def xlsx(rows: list[list[Any]], *, header: list[str] = HEADER, title: str = "") -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "IKM"
    if title:
        sheet.append([title])
        sheet.merge_cells("A1:F1")
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    return upload


def windows_csv(rows: list[list[Any]], *, header: list[str] = HEADER) -> io.BytesIO:
    """A CSV as Excel in Indonesian saves it on Windows: ";" and Windows-1252."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(text.getvalue().encode("cp1252"))


def table_of(upload: io.BytesIO, name: str = "ikm.xlsx") -> Table:
    (table,) = read_upload(upload, name, columns=REGISTRY_COLUMNS, min_matches=REGISTRY_MIN_MATCHES)
    return table


def plan_of(upload: io.BytesIO, regency: Region, name: str = "ikm.xlsx") -> RegistryPlan:
    return registry_plan(table_of(upload, name), regency=regency)


def counts(
    created: int = 0, updated: int = 0, unchanged: int = 0, bad: int = 0, possible: int = 0
) -> dict[str, int]:
    return {
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "bad": bad,
        "possible_duplicates": possible,
    }


def problem(row: int, column: str, reason: str, sheet: str = "IKM") -> dict[str, Any]:
    return {"sheet": sheet, "row": row, "column": column, "reason": reason}


TRACKED: list[type[models.Model]] = [Enterprise, Product, Certification]


def table_sizes() -> dict[str, int]:
    """Rows of the registry tables and of their history tables."""
    sizes = {}
    for model in TRACKED:
        sizes[model.__name__] = model._default_manager.count()
        sizes["history " + model.__name__] = model.history.count()  # type: ignore[attr-defined]
    return sizes


def registered(**values: Any) -> Enterprise:
    """An enterprise registered before the import (an owner's name unless one is given)."""
    return Enterprise.objects.create(**{"owner_name": "Pemilik", **values})


GETAS = line(
    name="Getas Alfa ",
    owner_name="Bu Siti",
    owner_gender="P",
    village="Desa Namang",
    address="Jl. Raya Namang RT 02",
    phone="0812-3456-7890",
    nib="1234567890123",
    kbli="10794",
    founded_year=2015,
    workers_male=2,
    workers_female="3",
    investment_idr="Rp 1.500.000",
    annual_sales_idr="1,5 juta",
    products="Getas Tenggiri; Kemplang ;getas tenggiri",
    category="Makanan dan minuman",
    certificates="P-IRT: 2061234567890-25; Halal: ID31110000123",
)
LADA = line(name="Lada Koba", owner_name="Pak Amin", village="Kel. Koba", kecamatan="Koba")


def big_file(rows: int) -> io.BytesIO:
    villages = ["Namang", "Cambai", "Koba", "Air Mesu", "Kayu Besi"]
    return windows_csv(
        [
            line(
                name=f"IKM {n}",
                owner_name=f"Pemilik {n}",
                village=villages[n % len(villages)],
                products=f"Produk {n}",
                category="Batik",
                certificates=f"SNI: {n}",
            )
            for n in range(rows)
        ]
    )
