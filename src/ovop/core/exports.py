"""Cells of exported spreadsheets (CSV and XLSX) that can never run as formulas.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (CSV injection: ``=HYPERLINK(…)``, ``+1+cmd|' /C calc'!A0``). As OWASP
advises, such a text is written with an apostrophe in front; a text that is nothing but a
signed number ("+6281234567890", "-5") is no formula and is left as it is. In XLSX every text
is also written as a string cell, never as a formula cell. Every export goes through here.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def neutralise(value: Any) -> Any:
    """``value`` with an apostrophe in front when it is a text a spreadsheet would run."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_row(row: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``: every text neutralised."""
    return [neutralise(value) for value in row]


def xlsx_row(sheet: Any, row: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` of a write-only worksheet: texts neutralised and written as
    string cells (openpyxl would otherwise store a text starting with ``=`` as a formula);
    numbers, dates and empty cells as they are."""
    cells: list[Any] = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


#: Excel reads a CSV file as UTF-8 only when it starts with this byte-order mark.
CSV_BOM = "\ufeff"
#: Windows set to Indonesian writes decimals with a comma, so Excel splits CSV cells on ";".
CSV_DELIMITER = ";"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The lines of a CSV file as Indonesian Excel opens it: the byte-order mark, then every
    row separated by ``;`` with its texts neutralised (for a ``StreamingHttpResponse``)."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield CSV_BOM
    for row in rows:
        yield writer.writerow(csv_row(row))


def xlsx_file(*, title: str, rows: Iterable[Iterable[Any]]) -> IO[bytes]:
    """A one-sheet workbook written in openpyxl's write-only mode (rows are not kept in
    memory), as a file positioned at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])  # Excel's limit for a sheet name
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    workbook.save(out)
    out.seek(0)
    return out
