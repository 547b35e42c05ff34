"""The data of the import benchmark: a round of N IKM and ten indicators, and its files.

Used by ``bench_import.py`` only. Django is set up by the caller (``django_start``) on a fresh
database: an SQLite file in a temporary folder, or the PostgreSQL database that
``DATABASE_URL`` names (``.ci/run --only postgres -- …`` starts one).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

#: The ten indicators of the round (all shipped defaults, none split by gender).
CODES = [
    "omzet",
    "laba",
    "modal",
    "produksi",
    "harga",
    "pelanggan",
    "jenis_produk",
    "sertifikat",
    "kompetensi",
    "bahan_lokal",
]
SEED = 12


def django_start(folder: Path) -> None:
    """Configure Django for the benchmark and create its tables."""
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop.settings")
    os.environ["OVOP_DATA_DIR"] = str(folder)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["OVOP_IMPORT_MAX_BYTES"] = str(200 * 1024 * 1024)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("flush", "--no-input", verbosity=0)  # a reused PostgreSQL database
    call_command("migrate", "--no-input", verbosity=0)


def _value(code: str, rng: random.Random) -> int | str:
    if code in ("omzet", "modal"):
        return rng.randrange(1, 5_000) * 10_000
    if code == "laba":
        return rng.randrange(-200, 2_000) * 10_000
    if code == "produksi":
        return f"{rng.randrange(0, 50_000) / 10:.1f}"
    if code == "harga":
        return rng.randrange(1, 500) * 1_000
    if code == "kompetensi":
        return f"{rng.randrange(0, 1000) / 10:.1f}"
    if code == "bahan_lokal":
        return rng.randrange(0, 101)
    return rng.randrange(0, 20)


def make_round(n: int) -> tuple[Any, Any, list[Any]]:
    """(round, officer, respondents): ``n`` IKM in 50 villages, all respondents of one
    baseline round asking the ten indicators."""
    from ovop.accounts.models import Role, User
    from ovop.enterprises.models import Enterprise
    from ovop.monitoring.choices import Arm
    from ovop.monitoring.defaults import indicators_install
    from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator
    from ovop.programme.models import Programme
    from ovop.regions.models import Kind, Level, Region

    indicators_install(Indicator)
    regency = Region.objects.create(
        code="99.01", name="Kabupaten Uji", level=Level.REGENCY, kind=Kind.KABUPATEN
    )
    kecamatan = Region.objects.create(
        code="99.01.01", name="Uji", level=Level.KECAMATAN, kind=Kind.KECAMATAN, parent=regency
    )
    villages = Region.objects.bulk_create(
        Region(
            code=f"99.01.01.{2001 + i}",
            name=f"Desa {i}",
            level=Level.VILLAGE,
            kind=Kind.DESA,
            parent=kecamatan,
        )
        for i in range(50)
    )
    officer = User.objects.create(username="officer", role=Role.OFFICER)
    programme = Programme.objects.create(
        name="OVOP", scheme="regency_desa_ovop", regency=regency, start_year=2022
    )
    round_ = Round.objects.create(
        programme=programme,
        name="Baseline",
        kind="baseline",
        year=2024,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 3, 1),
    )
    for order, code in enumerate(CODES):
        RoundIndicator.objects.create(
            round=round_, indicator=Indicator.objects.get(code=code), order=order
        )
    enterprises = Enterprise.objects.bulk_create(
        (
            Enterprise(name=f"IKM {i}", owner_name=f"Pemilik {i}", village=villages[i % 50])
            for i in range(n)
        ),
        batch_size=5000,
    )
    respondents = Respondent.objects.bulk_create(
        (Respondent(round=round_, enterprise=e, arm=Arm.PARTICIPANT) for e in enterprises),
        batch_size=5000,
    )
    return round_, officer, respondents


def write_files(
    folder: Path, respondents: list[Any], indicators: dict[str, int]
) -> dict[str, Path]:
    """The same values three ways: our template as CSV and as XLSX (one row per IKM, one
    column per indicator), and the long CSV django-import-export imports (one row per value,
    the columns of the Value table)."""
    from openpyxl import Workbook

    rng = random.Random(SEED)
    wide_csv = folder / "template.csv"
    long_csv = folder / "values-long.csv"
    xlsx = folder / "template.xlsx"
    header = ["ID responden", "Nama IKM", *CODES]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Isian")
    sheet.append(header)
    with (
        wide_csv.open("w", newline="", encoding="utf-8") as wide,
        long_csv.open("w", newline="", encoding="utf-8") as long,
    ):
        wide_rows, long_rows = csv.writer(wide), csv.writer(long)
        wide_rows.writerow(header)
        long_rows.writerow(["respondent", "indicator", "breakdown", "number", "choice", "origin"])
        for respondent in respondents:
            values = [_value(code, rng) for code in CODES]
            row = [f"r{respondent.pk}", f"IKM {respondent.pk}", *values]
            wide_rows.writerow(row)
            sheet.append([row[0], row[1], *(float(v) for v in values)])
            for code, value in zip(CODES, values, strict=True):
                long_rows.writerow([respondent.pk, indicators[code], "", value, "", "spreadsheet"])
    book.save(xlsx)
    return {"csv": wide_csv, "xlsx": xlsx, "long": long_csv}
