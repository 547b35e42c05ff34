"""The evaluation report's data as a workbook (XLSX): a contents sheet, then one sheet per
table and one per figure (the numbers it draws), named as the report numbers them ("Tabel
4.1", "Gambar 4.2"). Cells hold the raw numbers — as the API gives them, unrounded — with a
number format that rounds them as the PDF prints them; an interval is two columns (its lower
and upper limit). Texts can never run as formulas (``planning.xlsx_cells``)."""

from __future__ import annotations

from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from ovop.evaluation.report_parts import Cell, Report, Table
from ovop.planning.xlsx_cells import BOLD, TITLE, Sheet, saved

#: The row of a table's column headings; its rows start on the next one.
HEAD = 4


def _value(sheet: Sheet, cell: Cell) -> Any:
    if cell.value is None:
        return None
    if isinstance(cell.value, str):
        return sheet.value(cell.value)
    return sheet.value(cell.value, cell.fmt)


def _contents(workbook: Workbook, report: Report) -> None:
    sheet = Sheet(workbook, _("Contents"), (16, 60, 40))
    sheet.append([sheet.text(_("Evaluation report"), TITLE)])
    sheet.append([_("Programme"), report.programme.name])
    sheet.append([_("Regency"), report.programme.regency.name])
    sheet.append([_("Year evaluated"), report.year])
    sheet.append([_("Printed on"), report.printed_on])
    sheet.append([])
    sheet.append([sheet.text(h) for h in (_("Sheet"), _("Title"), _("Chapter"))])
    for chapter in report.chapters:
        for table in chapter.sheets():
            sheet.append([table.label, table.title, f"{chapter.number}. {chapter.title}"])


def _table_sheet(workbook: Workbook, table: Table, chapter: str) -> None:
    columns = table.xlsx_columns()
    widths = [34 if not c.numeric else 16 for c in columns]
    sheet = Sheet(workbook, table.label, widths)
    sheet.append([sheet.text(f"{table.label} {table.title}", TITLE)])
    sheet.append([chapter])
    sheet.append([])
    sheet.append([sheet.text(c.label, BOLD) for c in columns])
    for row in table.xlsx_rows():
        sheet.append([_value(sheet, cell) for cell in row])
    if not table.rows:
        sheet.append([_("No data yet.")])
    if table.note:
        sheet.append([])
        sheet.append([table.note])


def report_workbook(report: Report) -> IO[bytes]:
    """The workbook of ``report``, in the report's language."""
    with translation.override(report.language):
        workbook = Workbook(write_only=True)
        _contents(workbook, report)
        for chapter in report.chapters:
            heading = f"{chapter.number}. {chapter.title}"
            for table in chapter.sheets():
                _table_sheet(workbook, table, heading)
        return saved(workbook)
