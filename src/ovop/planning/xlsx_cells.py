"""Cells of the planning reports' workbooks (openpyxl write-only mode: rows go to disk as they
are appended): real numbers with the rupiah format, dates, percentages, formulas for totals
and shares, and texts that can never run as formulas (``ovop.core.exports.neutralise``)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ovop.core.exports import neutralise

RUPIAH = "#,##0"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
MONTH = "mmmm yyyy"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)


class Sheet:
    """A write-only worksheet that knows the number of the next row."""

    def __init__(self, workbook: Workbook, title: str, widths: Iterable[int] = ()) -> None:
        self.ws = workbook.create_sheet(_sheet_name(title))
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.next_row = 1

    def append(self, cells: Iterable[Any]) -> int:
        """Append a row of cells (values or cells made here); its row number."""
        self.ws.append([c if isinstance(c, Cell) else self.value(c) for c in cells])
        self.next_row += 1
        return self.next_row - 1

    def value(self, value: Any, fmt: str = "", font: Font | None = None) -> Any:
        """A cell of ``value``: a text as a string cell (neutralised), a date with the date
        format, a number as it is; ``fmt`` and ``font`` when given."""
        cell = WriteOnlyCell(self.ws, value=neutralise(value) if isinstance(value, str) else value)
        if isinstance(value, str):
            cell.data_type = "s"
        if isinstance(value, dt.date) and not fmt:
            fmt = DATE
        if fmt:
            cell.number_format = fmt
        if font is not None:
            cell.font = font
        return cell

    def text(self, value: str, font: Font | None = BOLD) -> Any:
        return self.value(value, font=font)

    def money(self, value: int | None) -> Any:
        return self.value(value, RUPIAH)

    def percent(self, share: float | None) -> Any:
        return self.value(share, PERCENT)

    def formula(self, expression: str, fmt: str = RUPIAH, font: Font | None = None) -> Any:
        """A formula cell (``expression`` without its "="), built here from cell addresses."""
        cell = WriteOnlyCell(self.ws, value="=" + expression)
        cell.data_type = "f"
        cell.number_format = fmt
        if font is not None:
            cell.font = font
        return cell


def _sheet_name(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if c in "[]:*?/\\" else c for c in title)[:31]


def quoted(text: str) -> str:
    """``text`` as a string literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def share(part: str, whole: str) -> str:
    """The formula of ``part`` ÷ ``whole``, 0 when ``whole`` is 0."""
    return f"IF({whole}=0,0,{part}/{whole})"


def saved(workbook: Workbook) -> IO[bytes]:
    """The workbook as a file positioned at its start (kept in memory up to 8 MB)."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    workbook.save(out)
    out.seek(0)
    return out
