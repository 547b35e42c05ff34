"""Reading a long XLSX sheet holds a batch of rows, never the sheet: the streaming reader's
memory, measured with tracemalloc."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Iterator

import pytest

from ovop.core.tables import read_upload
from tests.core.test_tables_xlsx import COLUMNS
from tests.core.test_tables_xlsx_parts import HEADER, sheet_xml, workbook

pytestmark = pytest.mark.usefixtures("english")


def _long_sheet(rows: int) -> bytes:
    """A sheet of ``rows`` rows of a number under its header, written as it is compressed."""
    upload = io.BytesIO(workbook([sheet_xml("")]))
    data = upload.getvalue()
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(target, "w") as archive:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, source.read(info))
        with archive.open(
            zipfile.ZipInfo("xl/worksheets/sheet1.xml"), "w", force_zip64=True
        ) as part:
            for chunk in _sheet_chunks(rows):
                part.write(chunk)
    return target.getvalue()


def _sheet_chunks(rows: int) -> Iterator[bytes]:
    yield sheet_xml("").split("<sheetData>")[0].encode() + b"<sheetData>" + HEADER.encode()
    for start in range(2, rows + 2, 1000):
        yield "".join(
            f'<row r="{n}"><c r="B{n}"><v>{n / 4}</v></c></row>'
            for n in range(start, min(start + 1000, rows + 2))
        ).encode()
    yield b"</sheetData></worksheet>"


def _peak(data: bytes) -> tuple[int, int]:
    """(rows read, peak bytes allocated while reading them)."""
    tracemalloc.start()
    try:
        tables = read_upload(io.BytesIO(data), "ikm.xlsx", columns=COLUMNS)
        count = sum(1 for table in tables for _ in table.rows)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_holds_a_row_batch_not_the_sheet() -> None:
    small, large = _long_sheet(20_000), _long_sheet(200_000)
    small_rows, small_peak = _peak(small)
    large_rows, large_peak = _peak(large)
    assert (small_rows, large_rows) == (20_000, 200_000)
    assert large_peak < 12 << 20  # about 5 MiB: a chunk of the sheet, its rows, the parser
    assert large_peak < small_peak + (2 << 20)  # ten times the rows, the same memory
