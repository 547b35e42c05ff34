"""A quick first pass over a worksheet's bytes, before its cells are streamed: what the streaming
pass needs to know before its first row.

- Which columns hold a value. calamine's rows run from the first column that holds anything to
  the last (a sheet that starts in column B has no column A), every row as wide; so the first
  row cannot be laid out before the whole sheet has been seen.
- The merged ranges near the top (``<mergeCells>`` follows the cells): a header cell left blank
  by a merged range takes the text of the range's top-left cell.
- Whether the XML has white space between its elements (then the streaming pass follows end
  tags too), and its prefix (``<x:worksheet>``).

The bytes are decompressed again (zlib is fast: about 0.1 s for 48 MB) and searched with regular
expressions: for the columns, only for a cell outside the columns found so far, in the common
form ``<c r="B7"…>`` — when a cell is written otherwise (no ``r``, other attributes first,
comments, CDATA), the sheet's values are found by parsing it instead, which takes as long as
the streaming pass. A document type declaration is refused: its entities could expand without
bound.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ovop.core.tables_header import HEADER_SEARCH_ROWS, TableError
from ovop.core.tables_xlsx_cells import MAX_COLUMN, cell_position, column_letters, column_number
from ovop.core.tables_xlsx_sheet import SheetParser, parse_member
from ovop.core.tables_xlsx_zip import MEMBER_ERRORS, XlsxBook, member_chunks

#: Merged ranges starting further down than this (counted from 0) cannot touch a header row.
MERGED_ROWS = 10 * HEADER_SEARCH_ROWS

#: (top, left), (bottom, right) of a merged range, counted from 0 as calamine counts.
MergedRange = tuple[tuple[int, int], tuple[int, int]]

_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.\-]*):)?([A-Za-z_][\w.\-]*)[\s/>]")
_SPACE_BETWEEN = re.compile(rb">[ \t\r\n]+<")
_SPACES = b" \t\r\n"
#: A prolog longer than this (before the root element) is no worksheet's.
_PROLOG_LIMIT = 1 << 20


@dataclass
class SheetScan:
    """What the first pass found in a worksheet."""

    worksheet: bool = False  # its root element is a worksheet (not a chart or dialog sheet)
    prefix: str = ""  # of its elements, "x:" for <x:worksheet>
    columns: tuple[int, int] | None = None  # first and last column holding a value
    merged: list[MergedRange] = field(default_factory=list)  # those near the top
    careful: bool = False  # white space between elements: follow end tags
    regular: bool = True  # every cell written as <c r="…"…>, no comments nor CDATA


def _outside(letters: str, below: bool) -> list[str]:
    """Patterns for the column letters before (``below``) or after ``letters``."""
    count = len(letters)
    found = [f"[A-Z]{{1,{count - 1}}}"] if below and count > 1 else []
    if not below:
        found.append(f"[A-Z]{{{count + 1},}}")
    for index, letter in enumerate(letters):
        if letter == ("A" if below else "Z"):
            continue
        span = f"A-{chr(ord(letter) - 1)}" if below else f"{chr(ord(letter) + 1)}-Z"
        rest = count - index - 1
        found.append(letters[:index] + f"[{span}]" + (f"[A-Z]{{{rest}}}" if rest else ""))
    return found


@functools.lru_cache(maxsize=256)
def _cells_pattern(prefix: str, columns: tuple[int, int] | None) -> re.Pattern[bytes]:
    """What the pass over the cells looks for, all at once: a comment, CDATA section,
    declaration or processing instruction (group 1), a cell not written ``<c r="`` (group 2),
    or the letters of a cell outside ``columns`` — any cell when None (group 3)."""
    if columns is None:
        letters = "[A-Za-z]+"
    else:
        choices = _outside(column_letters(columns[0]), True)
        choices += _outside(column_letters(columns[1]), False)
        letters = "(?i:" + "|".join(choices) + ")"
    cell = re.escape(prefix) + "c"
    pattern = f'<(?:([!?])|{cell}(?:([>/\t\n\r]| (?!r="))| r="({letters})[0-9]))'
    return re.compile(pattern.encode())


@functools.lru_cache(maxsize=16)
def _merge_pattern(prefix: str) -> re.Pattern[bytes]:
    return re.compile(
        f"<{re.escape(prefix)}mergeCell\\b[^>]*?\\bref\\s*=\\s*[\"']([^\"']*)[\"']".encode()
    )


def _pieces(book: XlsxBook, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in pieces that never cut a tag (each but the last ends before ``<``)."""
    carry = b""
    for chunk in member_chunks(book, info):
        data = carry + chunk
        cut = data.rfind(b"<")
        if cut < 0 or (cut == 0 and b">" in data):  # text, or one whole tag and text
            carry = b""
            yield data
            continue
        if cut == 0:  # a tag that goes on in the next chunk
            carry = data
            continue
        carry = data[cut:]
        yield data[:cut]
    if carry:
        yield carry


def merged_range(ref: str) -> MergedRange | None:
    """ "B3:D4" → ((2, 1), (3, 3)); a single cell is a range of one."""
    corners = [cell_position(part) for part in ref.split(":")]
    if not 1 <= len(corners) <= 2 or None in corners:
        return None
    (top, left), (bottom, right) = corners[0], corners[-1]  # type: ignore[misc]
    return (top - 1, left - 1), (bottom - 1, right - 1)


class _Scanner:
    def __init__(self, book: XlsxBook) -> None:
        self.book = book
        self.scan = SheetScan()
        self._prolog = b""
        self._body = False  # the root element has been seen
        self._pending = b""  # a cell whose end is in the next piece
        self._ends_with_space = False

    def feed(self, piece: bytes) -> None:
        if not self._body:
            piece = self._root(self._prolog + piece)
            if not self._body or not self.scan.worksheet:
                return
        self._spaces(piece)
        if self.scan.regular:
            self._cells(self._pending + piece)
        if b"mergeCell" in piece:
            self._merged(piece)

    def _root(self, data: bytes) -> bytes:
        """The bytes after the root element's start, once it is found (else keeps them)."""
        position = 0
        while (start := data.find(b"<", position)) >= 0:
            if data.startswith(b"<?", start) or data.startswith(b"<!--", start):
                end = data.find(b"?>" if data[start + 1] == ord("?") else b"-->", start)
                if end < 0:
                    break
                position = end + 2
                continue
            if data.startswith(b"<!", start):
                raise TableError("damaged")  # <!DOCTYPE: entities that could expand
            match = _ROOT.match(data, start)
            if match is None:
                raise TableError("damaged")
            prefix, local = match.group(1), match.group(2)
            self._body = True
            self.scan.prefix = prefix.decode() + ":" if prefix else ""
            self.scan.worksheet = local == b"worksheet"
            return data[match.end() :]
        if len(data) > _PROLOG_LIMIT:
            raise TableError("damaged")
        self._prolog = data
        return b""

    def _spaces(self, piece: bytes) -> None:
        """White space alone between two tags (perhaps across the cut between pieces)."""
        if self.scan.careful:
            return
        if self._ends_with_space and piece.startswith(b"<") or _SPACE_BETWEEN.search(piece):
            self.scan.careful = True
        stripped = piece.rstrip(_SPACES)
        self._ends_with_space = len(stripped) < len(piece) and (
            not stripped or stripped.endswith(b">")
        )

    def _cells(self, data: bytes) -> None:
        """Whether every cell is written ``<c r="…`` and nothing could hide or fake one; and
        the columns widened by every cell holding a value outside them."""
        prefix = self.scan.prefix
        pattern = _cells_pattern(prefix, self.scan.columns)
        position = 0
        self._pending = b""
        while match := pattern.search(data, position):
            if match.group(3) is None:
                self.scan.regular = False
                return
            position = match.end()
            column = column_number(match.group(3).decode())
            if column > MAX_COLUMN:
                raise TableError("damaged")
            tag_end = data.find(b">", position)
            if tag_end < 0:
                self._pending = data[match.start() :]
                return
            if data[tag_end - 1] == ord("/"):
                continue  # <c r="…" s="…"/>: no value
            close = data.find(f"</{prefix}c>".encode(), tag_end)
            if close < 0:
                self._pending = data[match.start() :]
                return
            if self._holds_value(data[match.start() : close + len(prefix) + 4]):
                first, last = self.scan.columns or (column, column)
                self.scan.columns = (min(first, column), max(last, column))
                pattern = _cells_pattern(prefix, self.scan.columns)

    def _holds_value(self, cell: bytes) -> bool:
        """Whether a cell's XML gives a value (calamine leaves out some that look like one)."""
        found: list[int] = []
        row = self.scan.prefix.encode() + b"row"
        parser = SheetParser(self.book, self.scan.prefix, lambda *row: found.append(1), True)
        try:
            parser.feed(b"<" + row + b">" + cell + b"</" + row + b">", final=True)
        except MEMBER_ERRORS as error:
            raise TableError("damaged") from error
        return bool(found)

    def _merged(self, piece: bytes) -> None:
        for ref in _merge_pattern(self.scan.prefix).findall(piece):
            merged = merged_range(ref.decode("ascii", "replace"))
            if merged is not None and merged[0][0] <= MERGED_ROWS:
                self.scan.merged.append(merged)

    def finish(self) -> None:
        if self._pending:
            raise TableError("damaged")  # a cell that never ends


def _value_columns(book: XlsxBook, info: zipfile.ZipInfo, scan: SheetScan) -> None:
    """The columns holding values, found by parsing the whole sheet."""
    found: list[int] = []

    def widen(number: int, cols: list[int], vals: list[Any], ordered: bool) -> None:
        low, high = min(cols), max(cols)
        found[:] = [min(found[0], low), max(found[1], high)] if found else [low, high]

    parse_member(book, info, scan.prefix, widen, careful=True)
    scan.columns = (found[0], found[1]) if found else None
    scan.careful = True


def scan_sheet(book: XlsxBook, info: zipfile.ZipInfo) -> SheetScan:
    """The first pass over a worksheet; damage raises ``TableError("damaged")``."""
    scanner = _Scanner(book)
    try:
        for piece in _pieces(book, info):
            scanner.feed(piece)
    except MEMBER_ERRORS as error:
        raise TableError("damaged") from error
    scanner.finish()
    scan = scanner.scan
    if scan.worksheet and not scan.regular:
        _value_columns(book, info, scan)
    return scan
