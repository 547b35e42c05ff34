"""XLSX workbooks read by the streaming reader (``ovop.core.tables_xlsx``) give exactly what the
calamine reader gave: the same tables, header rows, labels, rows, row numbers, and cell values
of the same Python types. Workbooks are drawn by Hypothesis and written by openpyxl — with
shared strings (its normal mode) and inline strings (its write-only mode), number formats that
make dates, times and elapsed times, formulas without a cached value, merged headers, hidden and
chart sheets, the 1904 date system, ISO dates, white space between elements — and each is read
through ``read_upload`` twice: as an XLSX, and with the file taken for another kind of workbook
so that calamine reads it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from ovop.core import tables
from ovop.core.tables import TableError, read_upload

pytestmark = pytest.mark.usefixtures("english")

COLUMNS = {
    "name": ["Nama IKM", "Nama usaha"],
    "village": ["Desa", "Kelurahan"],
    "sales": ["Omzet"],
}
HEADER_TEXTS = ["Nama IKM", "Desa", "Omzet (Rp)", "No", "Keterangan", " NAMA USAHA ", "Kelurahan"]
FORMATS = [
    "General",
    "0.00",
    "#,##0",
    '"Rp"#,##0',
    "0.0%",
    "@",
    "[Red]0.00;-0.00",
    "yyyy-mm-dd",
    "dd/mm/yyyy hh:mm",
    "d-mmm-yy",
    "mmm-yy",
    "h:mm AM/PM",
    "hh:mm:ss",
    "mm:ss",
    "[h]:mm:ss",
    "[mm]:ss",
    "[$-421]dd mmmm yyyy",
    "0.00E+00",
]
SPECIAL_TEXTS = [
    "",
    " ",
    "  Kripik  ",
    "a\nb",
    "a\r\nb",
    "\tTab",
    "& < > \" '",
    '<c r="A1">',
    "]]>",
    "1,5 juta",
    "2024-01-12",
    "Désa Aïr — 漢字 😀",
    "0001",
    "1e5",
    "TRUE",
    "#N/A",
]
ILLEGAL = "".join(chr(code) for code in [*range(0, 9), 11, 12, *range(14, 32)])


def read(data: bytes, calamine: bool, **options: Any) -> Any:
    """What ``read_upload`` gives for ``data``: every table with its rows, each cell as its
    type's name and repr — or the code of the refusal."""
    with pytest.MonkeyPatch.context() as patch:
        if calamine:  # the file taken for an XLSB workbook: python-calamine reads it
            patch.setattr(tables, "_zip_kind", lambda upload: "workbook")
        found = []
        try:
            for table in read_upload(io.BytesIO(data), "ikm.xlsx", columns=COLUMNS, **options):
                rows = [
                    (number, [(type(value).__name__, repr(value)) for value in cells])
                    for number, cells in table.rows
                ]
                found.append(
                    (table.sheet, table.header_row, table.labels, table.headers, table.columns)
                )
                found.append(rows)
        except TableError as error:
            found.append(f"refused: {error.code}")
        return found


def assert_same(data: bytes, **options: Any) -> Any:
    ours = read(data, calamine=False, **options)
    assert ours == read(data, calamine=True, **options)
    return ours


# --- what a sheet holds -----------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-(10**18), 10**18),
    st.integers(-100, 100),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from([0.1, 1e-300, 5e-324, 1.7976931348623157e308, -0.0, 2**53 + 1, 59.5, 60, 61]),
)
texts = st.one_of(
    st.sampled_from(SPECIAL_TEXTS),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=ILLEGAL), max_size=8),
)
moments = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.datetimes(  # naive, as a spreadsheet's
        min_value=dt.datetime.combine(dt.date(1900, 1, 1), dt.time()),
        max_value=dt.datetime.combine(dt.date(9999, 12, 30), dt.time()),
    ),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(days=-1000), max_value=dt.timedelta(days=100_000)),
)
formulas = st.sampled_from(["=1+2", "=A1", '="a"&"b"', "=SUM(A1:A3)", "=NA()"])
#: Numbers under a number format: calamine panics on a date far beyond year 9999 (see
#: test_tables_xlsx_parts), so these stay within a few million days.
formatted = st.one_of(
    st.floats(min_value=-3e6, max_value=3e6, allow_nan=False),
    st.integers(-3_000_000, 3_000_000),
    st.sampled_from([0, 0.5, 1, 59, 59.999, 60, 60.5, 61, 2958465, 2958465.9999, 2958466]),
)
values = st.one_of(
    st.none(),
    st.none(),
    numbers,
    texts,
    st.booleans(),
    moments,
    formulas,
    st.tuples(formatted, st.sampled_from(FORMATS)),
)


@st.composite
def sheets(draw: st.DrawFn) -> dict[str, Any]:
    """A sheet's layout: title rows, where its table starts, a header, rows, merged ranges."""
    header = draw(st.permutations(HEADER_TEXTS))[: draw(st.integers(1, len(HEADER_TEXTS)))]
    width = len(header)
    row = st.lists(values, min_size=1, max_size=width + 2)
    return {
        "titles": draw(st.lists(st.sampled_from(["Daftar IKM", "", "Tahun 2024"]), max_size=3)),
        "top": draw(st.integers(0, 2)),
        "left": draw(st.integers(0, 2)),
        "header": header,
        "rows": draw(st.lists(st.one_of(row, row, st.just([])), min_size=1, max_size=8)),
        "merge_title": draw(st.booleans()),
        "merge_header": draw(st.booleans()) and width >= 2,
        "hidden": draw(st.booleans()),
    }


def _cell_value(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, tuple):
        return value
    return value, None


def _write_normal(book: Workbook, title: str, layout: dict[str, Any]) -> None:
    sheet = book.create_sheet(title)
    top, left = layout["top"], layout["left"]
    lines = [[text] for text in layout["titles"]] + [layout["header"], *layout["rows"]]
    for number, line in enumerate(lines, start=top + 1):
        for index, raw in enumerate(line, start=left + 1):
            value, number_format = _cell_value(raw)
            if value is None:
                continue
            cell = sheet.cell(row=number, column=index, value=value)
            if number_format:
                cell.number_format = number_format
    header_row = top + len(layout["titles"]) + 1
    width = len(layout["header"])
    if layout["merge_title"] and layout["titles"]:
        sheet.merge_cells(
            start_row=top + 1, start_column=left + 1, end_row=top + 1, end_column=left + width
        )
    if layout["merge_header"]:
        column = get_column_letter(left + 1)
        sheet.merge_cells(f"{column}{header_row}:{get_column_letter(left + 2)}{header_row}")
    if layout["hidden"]:
        sheet.sheet_state = "hidden"


def _write_streamed(book: Workbook, title: str, layout: dict[str, Any]) -> None:
    sheet = book.create_sheet(title)
    for _ in range(layout["top"]):
        sheet.append([])
    lines = [[text] for text in layout["titles"]] + [layout["header"], *layout["rows"]]
    for line in lines:
        cells: list[Any] = [None] * layout["left"]
        for raw in line:
            value, number_format = _cell_value(raw)
            cell = WriteOnlyCell(sheet, value=value)
            if number_format:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
    if layout["hidden"]:
        sheet.sheet_state = "hidden"


def _indented(data: bytes) -> bytes:
    """The workbook with white space after each end tag of its worksheets (as some tools write
    XML), which the streaming reader must not take for part of a value."""
    upload = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(upload, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                part = re.sub(rb"(</[^>]+>|/>)(?=<)", rb"\1\n  ", part)
            target.writestr(info, part)
    return upload.getvalue()


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    streamed, date1904, iso_dates, chart, indented = (draw(st.booleans()) for _ in range(5))
    layouts = draw(st.lists(sheets(), min_size=1, max_size=3))
    book = Workbook(write_only=streamed)  # built once all is drawn: none is left half-written
    if not streamed:
        book.remove(book.active)
    if date1904:
        book.epoch = CALENDAR_MAC_1904
    book.iso_dates = iso_dates
    for index, layout in enumerate(layouts):
        layout["hidden"] &= index > 0  # a workbook shows at least its first sheet
        (_write_streamed if streamed else _write_normal)(book, f"Lembar {index}", layout)
    if chart:
        book.create_chartsheet("Grafik")
    upload = io.BytesIO()
    book.save(upload)
    return _indented(upload.getvalue()) if indented else upload.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks(), st.sampled_from([1, 2, 3]))
def test_a_drawn_workbook_reads_as_calamine_reads_it(data: bytes, min_matches: int) -> None:
    found = assert_same(data, min_matches=min_matches)
    event(found[-1] if found and isinstance(found[-1], str) else f"{len(found) // 2} tables")
    types = {kind for rows in found[1::2] for _, cells in rows for kind, _ in cells}
    event("types: " + " ".join(sorted(types)))


def test_every_kind_of_value_reads_as_calamine_reads_it() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nama IKM", "Desa", "Omzet"])
    singles = [
        1,
        -2.5,
        10**18,
        1e-300,
        True,
        False,
        "  teks  ",
        "a & <b>",
        dt.date(2024, 1, 12),
        dt.datetime.combine(dt.date(2024, 1, 12), dt.time(8, 30, 15, 250_000)),
        dt.time(23, 59, 59),
        dt.timedelta(hours=30, minutes=5),
        "=1+2",
        dt.date(1900, 2, 28),
        dt.date(1900, 3, 1),
    ]
    for value in singles:
        sheet.append(["x", value, None, value])
    for value, number_format in [(45000.5, "yyyy-mm-dd"), (0.75, "hh:mm"), (1.5, "[h]:mm")]:
        sheet.append(["x", value])
        sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    upload = io.BytesIO()
    book.save(upload)
    ours = assert_same(upload.getvalue())
    assert ours[1][0] == (2, [("str", "'x'"), ("float", "1.0"), ("str", "''"), ("float", "1.0")])
    assert ours[1][-1][1][1] == ("timedelta", "datetime.timedelta(days=1, seconds=43200)")
