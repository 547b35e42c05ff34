"""XLSX workbooks read a row at a time: ``open_xlsx`` checks a workbook and reads what every
sheet needs, ``xlsx_tables`` finds the tables of its sheets and streams their rows.

An XLSX file is a ZIP archive of XML parts (``ovop.core.tables_xlsx_zip``).
``xl/workbook.xml`` lists the sheets (name, visibility, and through
``xl/_rels/workbook.xml.rels`` the part holding each and whether it is a worksheet, a chart
sheet or a dialog sheet) and whether dates count from 1904; ``xl/styles.xml`` gives each cell
style a number format, some of which show dates (``ovop.core.tables_xlsx_cells``);
``xl/sharedStrings.xml`` holds the texts cells refer to by number. Parts are found by name
whatever their case, as calamine finds them. A sheet is read twice: a quick first pass over its
bytes (``ovop.core.tables_xlsx_scan``) finds which columns hold values and the merged ranges
near the top, then its rows are streamed (``ovop.core.tables_xlsx_sheet``).

The shared strings are held in memory for as long as the workbook is read: their size is bound
by that of the upload (``OVOP_IMPORT_MAX_BYTES``); a sheet's cells are not held — neither pass
keeps more than a megabyte of its XML and the rows in it. A part whose size says it would
decompress to more than 200 times its compressed size (and over 16 MiB), or to over 2 GiB, is
refused as damaged, as is any XML with a document type declaration.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from ovop.core.tables_header import Header, MergedCells, Table, TableError, find_table
from ovop.core.tables_xlsx_cells import builtin_format, custom_format
from ovop.core.tables_xlsx_scan import MERGED_ROWS, MergedRange, scan_sheet
from ovop.core.tables_xlsx_sheet import join_runs, stream_rows
from ovop.core.tables_xlsx_zip import MEMBER_ERRORS, XlsxBook, member_chunks, new_parser

__all__ = ["MERGED_ROWS", "Xlsx", "merged_cells", "open_xlsx", "xlsx_tables"]

_RATIO = 200
_RATIO_FLOOR = 16 << 20
_MAX_PART = 2 << 30
_HIDDEN = {"visible": False, "hidden": True, "veryHidden": True}

#: (local name, attributes, local name of the parent) of an element of a small part.
Element = tuple[str, dict[str, str], str]


@dataclass(frozen=True)
class Sheet:
    name: str
    path: str  # the part, "xl/worksheets/sheet1.xml"
    visible: bool
    worksheet: bool  # not a chart sheet, dialog sheet or macro sheet


@dataclass(frozen=True)
class Xlsx:
    """An open XLSX workbook: its sheets in order and what their cells are read with."""

    book: XlsxBook
    sheets: list[Sheet]


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _part(members: dict[str, zipfile.ZipInfo], path: str) -> zipfile.ZipInfo | None:
    """A part by name (case ignored), refused when it would decompress absurdly."""
    info = members.get(path.lower())
    if info is not None and (
        info.file_size > _MAX_PART
        or info.file_size > max(_RATIO * info.compress_size, _RATIO_FLOOR)
    ):
        raise TableError("damaged")
    return info


def _feed(book: XlsxBook, info: zipfile.ZipInfo, setup: Callable[[object], None]) -> None:
    """Parse a part with the handlers ``setup`` installs on the parser."""
    parser = new_parser()
    setup(parser)
    try:
        for chunk in member_chunks(book, info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except MEMBER_ERRORS as error:
        raise TableError("damaged") from error


def _elements(book: XlsxBook, info: zipfile.ZipInfo) -> list[Element]:
    """Every element of a small part (the workbook, its relationships, the styles)."""
    found: list[Element] = []
    parents = [""]

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        found.append((local, attrs, parents[-1]))
        parents.append(local)

    def end(name: str) -> None:
        parents.pop()

    def setup(parser: object) -> None:
        parser.StartElementHandler = start  # type: ignore[attr-defined]
        parser.EndElementHandler = end  # type: ignore[attr-defined]

    _feed(book, info, setup)
    return found


def _styles(elements: Iterable[Element]) -> dict[str, int | None]:
    """Each cell style's index, as ``s="…"`` spells it → DATE, DURATION or None."""
    custom: dict[str, str] = {}
    styles: dict[str, int | None] = {}
    for local, attrs, parent in elements:
        if local == "numFmt" and parent == "numFmts" and attrs.get("formatCode"):
            custom[attrs.get("numFmtId", "")] = attrs["formatCode"]
        elif local == "xf" and parent == "cellXfs":
            number_format = attrs.get("numFmtId")
            if number_format is None:
                kind = None
            elif number_format in custom:
                kind = custom_format(custom[number_format])
            else:
                kind = builtin_format(number_format)
            styles[str(len(styles))] = kind
    return styles


def _shared_strings(book: XlsxBook, info: zipfile.ZipInfo) -> list[str]:
    """The texts of ``<si>``: runs joined, phonetic runs (``<rPh>``) left out."""
    strings: list[str] = []
    runs: list[str] = []
    preserved: list[bool] = []
    state = {"text": False, "phonetic": False}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "t" and not state["phonetic"]:
            runs.append("")
            preserved.append(attrs.get("xml:space") == "preserve")
            state["text"] = True
        elif local == "rPh":
            state["phonetic"] = True
        elif local == "si":
            runs.clear()
            preserved.clear()

    def end(name: str) -> None:
        local = _local(name)
        state["text"] = False
        if local == "rPh":
            state["phonetic"] = False
        elif local == "si":
            strings.append(join_runs(runs, preserved) if runs else "")

    def chars(data: str) -> None:
        if state["text"]:
            runs[-1] += data

    def setup(parser: object) -> None:
        parser.StartElementHandler = start  # type: ignore[attr-defined]
        parser.EndElementHandler = end  # type: ignore[attr-defined]
        parser.CharacterDataHandler = chars  # type: ignore[attr-defined]

    _feed(book, info, setup)
    return strings


def _sheet_path(target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    if target.startswith("xl/"):
        return target
    return posixpath.normpath("xl/" + target)


def _sheets(workbook: list[Element], relations: list[Element]) -> list[Sheet]:
    targets = {
        attrs.get("Id", ""): (attrs.get("Type", ""), attrs.get("Target", ""))
        for local, attrs, _ in relations
        if local == "Relationship"
    }
    sheets = []
    for local, attrs, _ in workbook:
        if local != "sheet":
            continue
        ids = [value for key, value in attrs.items() if key.endswith(":id")]
        kind, target = targets.get(ids[0] if ids else "", ("", ""))
        state = attrs.get("state", "visible")
        if not target or state not in _HIDDEN:
            raise TableError("damaged")
        sheets.append(
            Sheet(
                name=attrs.get("name", ""),
                path=_sheet_path(target),
                visible=not _HIDDEN[state],
                worksheet=kind.endswith("/worksheet"),
            )
        )
    return sheets


def _date1904(workbook: list[Element]) -> bool:
    return any(
        local == "workbookPr" and attrs.get("date1904") in ("1", "true")
        for local, attrs, _ in workbook
    )


def open_xlsx(upload: IO[bytes]) -> Xlsx:
    """Open an XLSX upload: its sheets, styles and shared strings, or ``TableError``."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        raise TableError("damaged") from error
    members = {info.filename.lower(): info for info in archive.infolist()}
    parts = [_part(members, path) for path in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")]
    if parts[0] is None or parts[1] is None:
        raise TableError("damaged")
    bare = XlsxBook(archive, members, [], {}, False)
    workbook, relations = _elements(bare, parts[0]), _elements(bare, parts[1])
    styles_part = _part(members, "xl/styles.xml")
    strings_part = _part(members, "xl/sharedStrings.xml")
    book = XlsxBook(
        archive,
        members,
        _shared_strings(bare, strings_part) if strings_part else [],
        _styles(_elements(bare, styles_part)) if styles_part else {},
        _date1904(workbook),
    )
    return Xlsx(book, _sheets(workbook, relations))


def merged_cells(
    ranges: Iterable[MergedRange], first_column: int, last_column: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """(row number, index) of every merged cell near the top → its range's top-left cell.

    ``ranges`` count rows and columns from 0; a row's cells start at ``first_column`` (the
    first column holding a value, from 0) and end at ``last_column``."""
    merged = {}
    for (top, left), (bottom, right) in ranges:
        if top > MERGED_ROWS:
            continue
        origin = (top + 1, left - first_column)
        for row in range(top, min(bottom, MERGED_ROWS) + 1):
            for column in range(max(left, first_column), min(right, last_column) + 1):
                if (row, column) != (top, left):
                    merged[(row + 1, column - first_column)] = origin
    return merged


def _sheet_table(xlsx: Xlsx, sheet: Sheet, header: Header) -> Table | None:
    info = _part(xlsx.book.members, sheet.path)
    if info is None:
        raise TableError("damaged")
    scan = scan_sheet(xlsx.book, info)
    if not scan.worksheet or scan.columns is None:
        return None
    first, last = scan.columns
    rows = stream_rows(xlsx.book, info, scan.prefix, scan.careful, scan.columns)
    merged: MergedCells = merged_cells(scan.merged, first - 1, last - 1)
    return find_table(sheet.name, rows, header, merged)


def xlsx_tables(xlsx: Xlsx, header: Header) -> Iterator[Table]:
    """The table of each visible worksheet whose header row is found, read as it is asked
    for; ``TableError`` at the end when there was none."""
    found = False
    for sheet in xlsx.sheets:
        if not sheet.visible or not sheet.worksheet:
            continue
        table = _sheet_table(xlsx, sheet, header)
        if table is not None:
            found = True
            yield table
    if not found:
        raise TableError.no_header(header)
