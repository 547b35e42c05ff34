"""The realisation report and the plan as PDF: the letterhead with the regency, the title, the
year and as-at date, the totals of the database, and the head of office's name and NIP from
settings; the downloads are PDF files whose text holds the totals."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from ovop.accounts.models import User
from ovop.planning.reports_pdf import plan_html, realisation_html
from ovop.planning.selectors_realisation import realisation_alerts, realisation_get
from tests.conftest import login
from tests.planning.conftest_reports import Books, books

pytestmark = pytest.mark.django_db
__all__ = ["books"]


@pytest.fixture
def office(settings: Any) -> None:
    settings.OVOP_REGENCY_NAME = "Kabupaten Uji"
    settings.OVOP_SIGNATORY_NAME = "Drs. Ahmad Fauzi, M.Si."
    settings.OVOP_SIGNATORY_NIP = "197001011995031001"


def _text(html: str) -> str:
    return " ".join(html.replace("\xa0", " ").split())


def test_realisation_html(books: Books, officer: User, office: None) -> None:
    figures = realisation_get(user=officer, fiscal_year=books.year, month=6)
    alerts = realisation_alerts(figures, today=dt.date(2026, 12, 3))
    html = _text(
        realisation_html(
            figures=figures, alerts=alerts, language="id", printed_on=dt.date(2026, 7, 2)
        )
    )
    with translation.override("id"):
        title = gettext("Physical and financial realisation report")
    assert title in html
    assert "Kabupaten Uji" in html
    assert "Drs. Ahmad Fauzi, M.Si." in html and "197001011995031001" in html
    assert 'id="total-planned">Rp 350.000.000<' in html
    assert 'id="total-realised">Rp 165.000.000<' in html
    assert "30 Juni 2026" in html and "2 Juli 2026" in html  # as at; signed on
    assert "Rp 170.000.000" in html  # realised with the cancelled exhibition


def test_plan_html(books: Books, officer: User, office: None) -> None:
    html = _text(plan_html(user=officer, plan=books.plan, language="en"))
    assert "Activity plan (Rencana Kegiatan)" in html
    assert 'id="plan-total">Rp 350,000,000<' in html
    assert "APBD-P 2026" in html and "1 July 2026" in html
    assert "Pameran nasional" not in html  # not funded
    assert "197001011995031001" in html


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    target = tmp_path / "report.pdf"
    target.write_bytes(content)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed"
    result = subprocess.run(  # noqa: S603 - a fixed program on a file of the test's own
        [pdftotext, "-layout", str(target), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def test_realisation_pdf_download(
    books: Books, client: Client, viewer: User, office: None, tmp_path: Path
) -> None:
    login(client, viewer)
    answer = client.get("/planning/2026/realisation.pdf?month=6")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert 'filename="realisasi-2026-06.pdf"' in answer["Content-Disposition"]
    assert answer.content.startswith(b"%PDF")
    text = _pdf_text(answer.content, tmp_path)
    assert "Rp 350.000.000" in text and "Rp 165.000.000" in text
    assert "197001011995031001" in text


def test_plan_pdf_download_in_english(
    books: Books, client: Client, officer: User, office: None, tmp_path: Path
) -> None:
    login(client, officer)
    answer = client.get("/planning/2026/plan.pdf?lang=en")
    assert answer.status_code == 200
    assert 'filename="activity-plan-2026-v2.pdf"' in answer["Content-Disposition"]
    text = _pdf_text(answer.content, tmp_path)
    assert "Rp 350,000,000" in text and "Rp 200,000,000" in text
