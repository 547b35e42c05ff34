"""The realisation workbook and the plan workbook: real number and date cells, the rupiah and
percent formats, totals and shares as formulas whose results (computed here from the cells'
inputs) equal the database's sums."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from ovop.accounts.models import User
from ovop.planning.models import CostLine
from ovop.planning.reports_xlsx import workbook_realisation
from ovop.planning.reports_xlsx_plan import workbook_plan
from ovop.planning.selectors_realisation import realisation_alerts, realisation_get
from tests.conftest import login
from tests.planning.conftest_reports import JT, Books, books
from tests.planning.xlsx_eval import Evaluator

pytestmark = pytest.mark.django_db
__all__ = ["books"]
TODAY = dt.date(2026, 12, 3)


def _workbook(books: Books, user: User, month: int = 6, language: str = "id") -> object:
    with translation.override(language):
        figures = realisation_get(user=user, fiscal_year=books.year, month=month)
        alerts = realisation_alerts(figures, today=TODAY)
        return load_workbook(workbook_realisation(figures=figures, alerts=alerts))


def _row(sheet: Worksheet, label: str, column: str = "A") -> int:
    for (cell,) in sheet.iter_rows(min_col=1 + ord(column) - 65, max_col=1 + ord(column) - 65):
        if cell.value == label:
            return int(cell.row)
    raise AssertionError(label)


def t(text: str) -> str:
    """``text`` in Indonesian, as the workbook writes it (the catalogue may lag behind)."""
    with translation.override("id"):
        return gettext(text)


SOURCES, MONTHS, ACTIVITIES = "By source", "By month", "Activities"


def test_sheets_are_named_in_the_users_language(books: Books, officer: User) -> None:
    book = _workbook(books, officer)
    names = ["By source", "By kecamatan", "By activity type", "By month", "Activities", "Alerts"]
    assert book.sheetnames == [t(n) for n in names]  # type: ignore[attr-defined]
    title = t("Physical and financial realisation report")
    assert book[t(SOURCES)]["A1"].value == title  # type: ignore[index]


def test_source_sheet_cells_and_formulas(books: Books, officer: User) -> None:
    sheet = _workbook(books, officer)[t(SOURCES)]  # type: ignore[index]
    assert sheet["D3"].value.date() == dt.date(2026, 6, 30)
    assert sheet["D3"].is_date
    assert [sheet[f"{c}6"].value for c in "ABCD"] == ["APBD Kabupaten", 2, 150 * JT, 115 * JT]
    assert sheet["C6"].data_type == "n" and sheet["C6"].number_format == "#,##0"
    assert sheet["E6"].value == "=IF(C6=0,0,D6/C6)" and sheet["E6"].number_format == "0.0%"
    assert sheet["F6"].number_format == "0.0%"
    total = _row(sheet, t("Total"))
    assert total == 8
    assert sheet[f"C{total}"].value == "=SUM(C6:C7)"
    ev = Evaluator(sheet)
    assert ev.cell(f"C{total}") == 350 * JT
    assert ev.cell(f"D{total}") == 165 * JT
    assert round(ev.cell(f"E{total}"), 6) == round(165 / 350, 6)
    assert round(ev.cell(f"F{total}") * 100, 1) == 51.4
    assert [ev.cell(f"{c}{total}") for c in "BGHIJ"] == [3, 1, 1, 1, 1]
    all_spent = CostLine.objects.aggregate(s=Sum("amount_idr"))["s"]
    assert ev.cell(f"D{total + 3}") == all_spent == 170 * JT  # cancelled ones included


def test_month_sheet_accumulates_by_formula(books: Books, officer: User) -> None:
    sheet = _workbook(books, officer)[t(MONTHS)]  # type: ignore[index]
    assert sheet["B4"].value == 350 * JT
    assert (
        sheet["A6"].value.date() == dt.date(2026, 1, 31)
        and sheet["A6"].number_format == "mmmm yyyy"
    )
    ev = Evaluator(sheet)
    assert [ev.cell(f"E{r}") for r in range(6, 12)] == [
        0,
        60 * JT,
        115 * JT,
        115 * JT,
        165 * JT,
        165 * JT,
    ]
    assert sheet["E12"].value is None  # July: after the as-at month
    assert ev.cell("D18") == 165 * JT
    assert round(ev.cell("C11"), 4) == round(300 / 350, 4)  # June's target by schedule


def test_activity_sheet_totals_leave_cancelled_out(books: Books, officer: User) -> None:
    sheet = _workbook(books, officer)[t(ACTIVITIES)]  # type: ignore[index]
    assert [sheet[f"B{r}"].value for r in range(6, 10)] == ["Pameran", "Alat", "Bimtek", "Kemasan"]
    assert (
        sheet["G7"].value.date() == dt.date(2026, 4, 1)
        and sheet["G7"].number_format == "dd/mm/yyyy"
    )
    assert sheet["I6"].value == t("Cancelled") and sheet["M6"].value is None
    ev = Evaluator(sheet)
    assert (ev.cell("J10"), ev.cell("K10")) == (350 * JT, 165 * JT)
    assert round(ev.cell("M10") * 100, 1) == 51.4
    assert (ev.cell("J11"), ev.cell("K11")) == (380 * JT, 170 * JT)


def test_alert_sheet(books: Books, officer: User) -> None:
    sheet = _workbook(books, officer, month=7)[t("Alerts")]  # type: ignore[index]
    ev = Evaluator(sheet)
    over = _row(sheet, "Bimtek")
    assert ev.cell(f"E{over}") == 15 * JT and round(ev.cell(f"F{over}"), 3) == 0.15
    late = _row(sheet, "Alat")
    assert sheet[f"C{late}"].value.date() == dt.date(2026, 6, 30) and sheet[f"E{late}"].value == 31
    dak = _row(sheet, "DAK Fisik")
    assert (ev.cell(f"E{dak}"), ev.cell(f"F{dak}")) == (85_714_285, 114_285_715)
    year = _row(sheet, t("All sources"))
    assert (ev.cell(f"E{year}"), ev.cell(f"F{year}")) == (282_857_142, 67_142_858)


def test_english_workbook(books: Books, officer: User) -> None:
    book = _workbook(books, officer, language="en")
    assert book.sheetnames[0] == "By source"  # type: ignore[attr-defined]
    assert book["Activities"]["I6"].value == "Cancelled"  # type: ignore[index]
    assert Evaluator(book["Activities"]).cell("J10") == 350 * JT  # type: ignore[index]


def test_plan_workbook(books: Books, officer: User) -> None:
    with translation.override("id"):
        sheet = load_workbook(workbook_plan(user=officer, plan=books.plan)).active
    assert sheet["A1"].value == t("Activity plan (Rencana Kegiatan)")
    assert (sheet["C2"].value, sheet["C3"].value, sheet["D3"].value) == (2026, 2, "Rencana APBD-P")
    assert sheet["C4"].value.date() == dt.date(2026, 7, 1) and sheet["C4"].is_date
    assert sheet["C5"].value == "APBD-P 2026"
    lines = [[sheet[f"{c}{r}"].value for c in "BCDF"] for r in range(8, 11)]
    assert [line[2] for line in lines] == ["Alat pengering", "Bimtek pengolahan", "Klinik kemasan"]
    assert sheet["J8"].value == 200 * JT and sheet["J8"].number_format == "#,##0"
    ev = Evaluator(sheet)
    assert (ev.cell("I11"), ev.cell("J11")) == (45, 350 * JT)
    apbd, dak = _row(sheet, "APBD Kabupaten", "B"), _row(sheet, "DAK Fisik", "B")
    assert (ev.cell(f"J{apbd}"), ev.cell(f"J{dak}")) == (150 * JT, 200 * JT)
    assert ev.cell(f"J{dak + 1}") == 350 * JT


def test_plan_of_a_facilitator_holds_their_villages(books: Books, facilitator: User) -> None:
    sheet = load_workbook(workbook_plan(user=facilitator, plan=books.plan)).active
    assert [sheet[f"D{r}"].value for r in (8, 9)] == ["Bimtek pengolahan", "Klinik kemasan"]
    assert Evaluator(sheet).cell("J10") == 150 * JT


def test_download_is_an_xlsx_file(books: Books, client: Client, viewer: User) -> None:
    login(client, viewer)
    answer = client.get("/planning/2026/realisation.xlsx?month=6")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))  # type: ignore[attr-defined]
    assert Evaluator(book[t(SOURCES)]).cell("D8") == 165 * JT
    plan = client.get("/planning/2026/plan.xlsx")
    assert plan.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(plan.streaming_content))).active  # type: ignore[attr-defined]
    assert Evaluator(sheet).cell("J11") == 350 * JT
