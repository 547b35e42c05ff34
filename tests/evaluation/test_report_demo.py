"""Issue 13, the evaluation report of the demo (Bangka Tengah, 2025; the demo is loaded once for
the module): it is made well inside the 30 seconds one regency's report may take, its PDF has
the chapters in Indonesian (and in English when asked), and its workbook's numbers are the
API's — the revenue effect with its interval, the achievement of each target, the budget's
absorption by year."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue.models import DemandCount, Inquiry
from ovop.core.money import format_rupiah
from ovop.demo.data import DEFAULT_SEED
from ovop.demo.demand import demo_demand_load
from ovop.evaluation.report import report_build
from ovop.evaluation.report_pdf import report_pdf
from ovop.evaluation.report_xlsx import report_workbook
from ovop.programme.models import Programme

API = "/api/v1/evaluation/programmes"
HEAD = 4  # the row of a table sheet's column headings
CHAPTERS_ID = (
    "1. Efektivitas",
    "2. Efisiensi",
    "3. Kendala",
    "4. Perubahan ekonomi",
    "5. Perubahan sosial",
    "6. Perubahan lingkungan",
    "7. Proses pemberdayaan",
    "8. Produk dan konsumen",
    "Lampiran: metode",
)
CHAPTERS_EN = (
    "1. Effectiveness",
    "2. Efficiency",
    "3. Constraints",
    "4. Economic change",
    "5. Social change",
    "6. Environmental change",
    "7. The empowerment process",
    "8. Products and consumers",
    "Appendix: methods",
)


def _text(pdf: bytes, tmp_path: Path) -> str:
    target = tmp_path / "report.pdf"
    target.write_bytes(pdf)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed"
    result = subprocess.run(  # noqa: S603 - a fixed program on a file of the test's own
        [pdftotext, "-layout", str(target), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout.replace("\xa0", " ")


def _sheet(content: bytes, name: str) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)[name]
    heads = next(sheet.iter_rows(min_row=HEAD, max_row=HEAD, values_only=True))
    rows = []
    for row in sheet.iter_rows(min_row=HEAD + 1, values_only=True):
        if all(v is None for v in row):
            break
        rows.append(dict(zip(heads, row, strict=False)))
    return rows


@pytest.fixture
def officer_of_demo(demo: None, db: None) -> User:
    return User.objects.get(username="officer")


def test_the_demo_report_is_made_in_time_with_every_chapter(
    officer_of_demo: User, tmp_path: Path
) -> None:
    programme = Programme.objects.get(is_sample=True)
    # the demo's demand follows the day it is loaded: here, as loaded on 1 January 2026
    DemandCount.objects.all().delete()
    Inquiry.objects.all().delete()
    demo_demand_load(seed=DEFAULT_SEED, today=dt.date(2026, 1, 1))
    started = time.perf_counter()
    report = report_build(user=officer_of_demo, programme=programme, year=2025, language="id")
    pdf = report_pdf(report)
    book = report_workbook(report).read()
    seconds = time.perf_counter() - started
    assert seconds < 30, seconds
    assert pdf.startswith(b"%PDF") and book.startswith(b"PK")
    text = _text(pdf, tmp_path)
    for title in CHAPTERS_ID:
        assert title in text, title
    assert "Tabel 4.1" in text and "Gambar 4.1" in text and "Daftar isi" in text
    # chapter 8 reads the demo's 2025 demand from the public catalogue
    assert "Permintaan dari katalog publik per desa" in text
    english = report_build(user=officer_of_demo, programme=programme, year=2025, language="en")
    text_en = _text(report_pdf(english), tmp_path)
    for title in CHAPTERS_EN:
        assert title in text_en, title
    assert "Table 4.1" in text_en and "Tabel" not in text_en


def test_the_demo_workbook_holds_the_api_numbers(
    officer_of_demo: User, client: Client, tmp_path: Path
) -> None:
    programme = Programme.objects.get(is_sample=True)
    client.force_login(officer_of_demo)
    base = f"{API}/{programme.pk}"
    omzet = client.get(f"{base}/indicators/omzet/?year=2025").json()
    targets = client.get(f"{base}/targets/?year=2025").json()["targets"]
    efficiency = client.get(f"{base}/efficiency/?year=2025").json()
    response = client.get(f"/evaluation/programmes/{programme.pk}/report.xlsx?year=2025")
    content = b"".join(response.streaming_content)
    (row,) = [r for r in _sheet(content, "Tabel 4.1") if r["Indikator"] == "Omzet per bulan"]
    headline, log = omzet["headline"], omzet["headline_log"]
    assert omzet["design"] == "staggered" and log is not None
    assert row["Dampak"] == pytest.approx(headline["estimate"], rel=1e-14)
    assert [row["Batas bawah"], row["Batas atas"]] == pytest.approx(headline["ci95"], rel=1e-14)
    assert [row["Dampak (%)"], row["Batas bawah (%)"], row["Batas atas (%)"]] == pytest.approx(
        log["percent"], rel=1e-14
    )
    goals = _sheet(content, "Tabel 1.1")
    assert len(goals) == len(targets) == 6
    assert [r["Capaian (%)"] for r in goals] == [t["achievement_pct"] for t in targets]
    years = _sheet(content, "Tabel 2.1")
    assert [r["Tahun anggaran"] for r in years] == [y["year"] for y in efficiency["years"]]
    assert [r["Penyerapan"] for r in years] == pytest.approx(
        [y["absorption"] for y in efficiency["years"]], rel=1e-14
    )
    # the PDF prints the same effect, to the rupiah
    pdf = client.get(f"/evaluation/programmes/{programme.pk}/report.pdf?year=2025&lang=id")
    assert format_rupiah(round(headline["estimate"])) in _text(pdf.content, tmp_path)
