"""Reading an uploaded spreadsheet into rows, for any import: ``read_upload``.

The kind of file is told by its first bytes, never by its name: a ZIP holding
``xl/workbook.xml`` is an XLSX workbook (``xl/workbook.bin`` an XLSB one), one whose
``mimetype`` says so an ODS spreadsheet; an OLE2 container (``D0 CF 11 E0``) is a legacy XLS
workbook — or, when it holds a stream named "EncryptedPackage", an XLSX protected by a password,
which is refused; anything else without control characters is CSV or text
(``ovop.core.tables_text``).

XLSX, what offices send nearly always, is streamed by ``ovop.core.tables_xlsx``: a sheet is
never held, so an import's memory does not grow with the file. XLS, XLSB and ODS — legacy or
rare — are read by calamine, which loads a whole sheet. Both give the same values: numbers as
floats, dates as ``date``/``datetime``/``time`` (elapsed times as ``timedelta``), booleans as
``bool``, empty and error cells as ``""``.

Each worksheet (hidden ones and chart sheets are skipped) becomes a ``Table`` when one of its first
``HEADER_SEARCH_ROWS`` non-blank rows names at least ``min_matches`` of the columns the caller
expects: title rows above the header are passed over. Header cells are compared by
``header_key``: case, spaces, punctuation and a unit in brackets do not matter ("Omzet
(Rp/bulan)" is "omzet"); a header cell left blank by a merged range takes the text of the
range's top-left cell. A table's ``rows`` yields ``(row_number, cells)``, the row number as
Excel shows it, blank rows skipped, each row padded to the header's width; a sheet's rows start
at its first column that holds anything.

Tables are produced one at a time and their rows lazily: a CSV file is decoded and parsed as
it is read, an XLSX sheet streamed as its table is read, and another workbook's sheet loaded
only when its table is reached.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

import python_calamine
from django.conf import settings

from ovop.core.tables_header import (
    Header,
    Row,
    Table,
    TableError,
    find_table,
    header_key,
)
from ovop.core.tables_text import text_tables
from ovop.core.tables_xlsx import merged_cells, open_xlsx, xlsx_tables

__all__ = ["Table", "TableError", "header_key", "read_upload"]

#: The largest file read unless the setting OVOP_IMPORT_MAX_BYTES says otherwise.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_CHUNK = 1 << 20
_SNIFF = 8192


def _merged_cells(sheet: python_calamine.CalamineSheet) -> dict[tuple[int, int], tuple[int, int]]:
    """(row number, index) of every merged cell near the top → its range's top-left cell.

    calamine counts rows and columns from 0; its rows start at the sheet's first row but its
    cells at the first column that holds anything (``sheet.start``)."""
    first_column, last_column = (sheet.start or (0, 0))[1], (sheet.end or (0, 0))[1]
    return merged_cells(sheet.merged_cell_ranges or (), first_column, last_column)


def _sheet_rows(sheet: python_calamine.CalamineSheet) -> Iterator[tuple[int, Row]]:
    try:
        yield from enumerate(sheet.iter_rows(), start=1)
    except python_calamine.CalamineError as error:
        raise TableError("damaged") from error


def _workbook_tables(book: python_calamine.CalamineWorkbook, header: Header) -> Iterator[Table]:
    found = False
    for meta in book.sheets_metadata:
        if (
            meta.visible != python_calamine.SheetVisibleEnum.Visible
            or meta.typ != python_calamine.SheetTypeEnum.WorkSheet
        ):
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
        except python_calamine.CalamineError as error:
            raise TableError("damaged") from error
        if sheet.start is None:
            continue
        table = find_table(meta.name, _sheet_rows(sheet), header, _merged_cells(sheet))
        if table is not None:
            found = True
            yield table
    if not found:
        raise TableError.no_header(header)


def _contains(upload: IO[bytes], needles: tuple[bytes, ...]) -> bool:
    """Whether any of ``needles`` occurs in the file (read in chunks, from the start)."""
    upload.seek(0)
    overlap = max(len(needle) for needle in needles) - 1
    tail = b""
    while chunk := upload.read(_CHUNK):
        window = tail + chunk
        if any(needle in window for needle in needles):
            return True
        tail = window[-overlap:]
    return False


def _zip_kind(upload: IO[bytes]) -> str:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "workbook"
            if "mimetype" in names and archive.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument.spreadsheet"
            ):
                return "workbook"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise TableError("damaged") from error
    raise TableError("not_spreadsheet")


def _kind(upload: IO[bytes], start: bytes) -> str:
    """``xlsx``, ``workbook`` (another workbook) or ``text``; a file of another kind is
    refused."""
    if start.startswith(_ZIP):
        return _zip_kind(upload)
    if start.startswith(_OLE2):
        if _contains(upload, (_ENCRYPTED,)):
            raise TableError("password")
        if not _contains(upload, _XLS_STREAMS):
            raise TableError("not_spreadsheet")
        return "workbook"
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16, as Excel saves "Unicode text"
    if start.startswith(b"%PDF") or _BINARY.search(start):
        raise TableError("not_spreadsheet")
    return "text"


def _size(upload: IO[bytes]) -> int:
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    return size


def _open_workbook(upload: IO[bytes]) -> python_calamine.CalamineWorkbook:
    upload.seek(0)
    try:
        return python_calamine.load_workbook(upload)
    except python_calamine.PasswordError as error:
        raise TableError("password") from error
    except python_calamine.CalamineError as error:
        raise TableError("damaged") from error


def read_upload(
    upload: IO[bytes],
    name: str,
    *,
    columns: Mapping[str, Iterable[Any]],
    min_matches: int | None = None,
    max_bytes: int | None = None,
) -> Iterator[Table]:
    """The tables of an uploaded file, one per sheet whose header row names at least
    ``min_matches`` (by default two, or one when one column is expected) of ``columns``: a
    mapping of each column's name to the header texts that mean it, the first of them naming
    the column in messages. ``name`` is the file's name, the "sheet" of a CSV file.

    The file is checked at once (size, kind, that it opens) and ``TableError`` raised if it
    cannot be read; a sheet that turns out damaged, or the end of a file in which no header
    row was found, raises it while the tables are iterated. ``max_bytes`` defaults to the
    setting ``OVOP_IMPORT_MAX_BYTES`` (50 MB). The upload is read, not closed."""
    limit = max_bytes or int(getattr(settings, "OVOP_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))
    size = _size(upload)
    if size > limit:
        raise TableError("too_large", size=size, limit=limit)
    start = upload.read(_SNIFF)
    if not start.strip():
        raise TableError("empty")
    header = Header.of(columns, min_matches)
    kind = _kind(upload, start)
    if kind == "text":
        return text_tables(upload, name, header, start)
    if kind == "xlsx":
        return xlsx_tables(open_xlsx(upload), header)
    return _workbook_tables(_open_workbook(upload), header)
