"""The cells of one XLSX worksheet, streamed: its XML is fed to expat a megabyte at a time and
the rows of each megabyte are handed on before the next is read, so that a sheet is never held
whatever its length (only those rows, and the workbook's shared strings).

A worksheet's XML looks like ``<row r="2"><c r="B2" s="3" t="s"><v>7</v></c>…</row>``: a cell's
``r`` gives its column (and row), ``s`` its style (which may make a number a date), ``t`` its
type — none or ``n`` a number, ``s`` an index into the shared strings, ``str`` a formula's text,
``inlineStr`` text held in ``<is>``, ``b`` a boolean, ``e`` an error, ``d`` an ISO 8601 date.
Without ``r`` a cell follows the one before it and a row the row before it, as in calamine.
When a cell has several of ``<v>``, ``<f>`` and ``<is>``, the last one decides its value (a
formula without a cached value is empty). The text of ``<t>`` loses its leading and trailing
spaces and line breaks unless it says ``xml:space="preserve"``; phonetic runs (``<rPh>``) are
left out, as Excel shows the text.

Elements are recognised by the worksheet's own prefix (``<x:c>`` in ``<x:worksheet>``), so that
the ``<xm:f>`` of a sparkline after the data is no formula of the last cell. Only start tags and
text reach Python when the sheet has no white space between its elements (``careful`` False,
as Excel and openpyxl write it): then a value's text is all text up to the next start tag. With
white space between elements (``careful``), end tags are followed too.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from ovop.core.tables_header import TableError
from ovop.core.tables_xlsx_cells import (
    COLUMN_NUMBERS,
    ERRORS,
    MAX_ROW,
    iso_value,
    number_value,
    serial_value,
)
from ovop.core.tables_xlsx_zip import MEMBER_ERRORS, XlsxBook, member_chunks, new_parser

_C, _V, _F, _IS, _T, _RPH, _ROW = range(1, 8)
_KINDS = {"c": _C, "v": _V, "f": _F, "is": _IS, "t": _T, "rPh": _RPH, "row": _ROW}
_DIGITS = "0123456789"
_SPACES = " \t\r\n"
_NO_STYLE = object()

#: A cell calamine leaves out: no value, an empty ``<v>``, or a formula without a cached value.
EMPTY: Any = object()

#: What a parser hands on for each row holding a value: (row number, the column numbers of its
#: values, the values, whether the columns run one after the other from the first column).
RowSink = Callable[[int, list[int], list[Any], bool], None]
StartHandler = Callable[[str, dict[str, str]], None]
TextHandler = Callable[[str], None]
EndHandler = Callable[[str], None]


def join_runs(runs: list[str], preserved: list[bool]) -> str:
    """The text of ``<t>`` runs, each trimmed unless it said ``xml:space="preserve"``."""
    if len(runs) == 1:
        return runs[0] if preserved[0] else runs[0].strip(_SPACES)
    return "".join(
        text if keep else text.strip(_SPACES) for text, keep in zip(runs, preserved, strict=True)
    )


class _Inline:
    """The runs of an ``<is>`` being read."""

    __slots__ = ("runs", "preserved")

    def __init__(self) -> None:
        self.runs: list[str] = []
        self.preserved: list[bool] = []


class _Values:
    """The values of a row's cells, from what the parser recorded of each."""

    def __init__(self, book: XlsxBook, first_column: int) -> None:
        self._strings = book.strings
        self._styles = book.styles
        self._date1904 = book.date1904
        self._first_column = first_column

    def row(
        self, number: int, cells: list[dict[str, str]], texts: list[Any]
    ) -> tuple[int, list[int], list[Any], bool]:
        """(row number, columns, values, whether the columns run one after the other from the
        first column) of the cells that hold a value. ``cells`` are the attributes of each
        cell, ``texts`` its ``<v>`` text, an ``_Inline`` for ``<is>``, or None (no value). A
        row without a number (0) takes its first cell's."""
        if not number:
            number = self._row_of(cells[0].get("r"))
        found: list[int] = []
        values: list[Any] = []
        add_col, add_value = found.append, values.append
        ordered = True
        col, expected = 0, self._first_column
        value: Any
        date_styles, columns, strings = self._styles, COLUMN_NUMBERS.get, self._strings
        for attrs, text in zip(cells, texts, strict=True):
            ref = attrs.get("r")
            col = col + 1 if ref is None else columns(ref.rstrip(_DIGITS)) or _odd_column(ref)
            if text is None:
                continue
            kind = attrs.get("t")
            if kind is None or kind == "n":
                try:
                    value = float(text)
                except (ValueError, TypeError):  # TypeError: an <is> in a number cell
                    value = self._not_number(text, kind)
                else:
                    if "_" in text or not text.isascii() or text.strip() is not text:
                        value = self._not_number(text, kind)
                    elif "s" in attrs and date_styles.get(attrs["s"], _NO_STYLE) is not None:
                        value = self._dated(value, attrs["s"])
            elif text.__class__ is _Inline:
                value = join_runs(text.runs, text.preserved) if text.runs else ""
            elif kind == "s" and text.isdigit() and text.isascii() and int(text) < len(strings):
                value = strings[int(text)]
            else:
                value = self._value(kind, text)
            if value is EMPTY:
                continue
            if col != expected:
                ordered = False
            expected = col + 1
            add_col(col)
            add_value(value)
        return number, found, values, ordered

    def _row_of(self, ref: str | None) -> int:
        """The number of a row that said none: its first cell's, else the one after the last."""
        digits = (ref or "")[len((ref or "").rstrip(_DIGITS)) :]
        return _checked_row(int(digits)) if digits else 0

    def _not_number(self, text: Any, kind: str | None) -> Any:
        """A ``<v>`` of a number cell that is no number as Rust reads one."""
        if text.__class__ is _Inline:
            return join_runs(text.runs, text.preserved) if text.runs else ""
        if not text:
            return EMPTY
        number = number_value(text)
        if number is not None:
            return number
        if kind is None:
            return text
        raise TableError("damaged")

    def _dated(self, number: float, style: str) -> Any:
        if style not in self._styles:  # written oddly (s="01"): calamine reads the digits, or 0
            style = str(int(style)) if style.isascii() and style.isdigit() else "0"
        date = self._styles.get(style)
        return number if date is None else serial_value(number, date, self._date1904)

    def _value(self, kind: str | None, text: str) -> Any:
        if kind == "s":
            if not text:
                return EMPTY
            index = int(text) if text.isascii() and text.isdigit() else 0
            if index >= len(self._strings):
                raise TableError("damaged")
            return self._strings[index]
        if kind == "str":
            return text
        if kind == "b":
            return text != "0" if text else EMPTY
        if kind == "e":
            if text and text not in ERRORS:
                raise TableError("damaged")
            return "" if text else EMPTY
        if kind == "d":
            return iso_value(text)
        if kind in ("inlineStr", "is"):
            return EMPTY  # its text is in <is>; a <v> of it is ignored
        raise TableError("damaged")


class SheetParser:
    """Feeds a worksheet's XML to expat and hands each row holding a value to ``sink``.

    While a row is read, each cell's attributes and text are only recorded (the handlers expat
    calls for every tag are kept short); they become values when the row ends.
    ``first_column`` is where a row's columns must start to count as running one after the
    other (the sheet's first column, or 1 when it is not known yet)."""

    def __init__(
        self, book: XlsxBook, prefix: str, sink: RowSink, careful: bool, first_column: int = 1
    ) -> None:
        self._kinds = {prefix + local: kind for local, kind in _KINDS.items()}
        self._values = _Values(book, first_column)
        self._sink = sink
        self._number = self._previous = 0  # this row's number (0: from its cells), the last
        self._cells: list[dict[str, str]] = []
        self._texts: list[Any] = []
        self._phonetic = False  # an <rPh> has started: its <t> is left out
        self._parser = new_parser()
        start, chars, end = self._handlers()
        self._parser.StartElementHandler = start
        self._parser.CharacterDataHandler = chars
        if careful:
            self._parser.EndElementHandler = end

    def feed(self, data: bytes, final: bool = False) -> None:
        """Parse the next bytes of the sheet (``final`` at its end) — ExpatError if malformed."""
        try:
            self._parser.Parse(data, final)
        except IndexError as error:  # a <v> or <t> outside any cell
            raise TableError("damaged") from error
        if final:
            self._close_row()

    def _handlers(self) -> tuple[StartHandler, TextHandler, EndHandler]:
        """The handlers expat calls for each start tag, each run of text and each end tag;
        ``collect`` says where text goes: nowhere, to a ``<v>`` or to an ``<is>``'s run."""
        kinds, other, add_cell, texts = (
            self._kinds.get,
            self._start_other,
            self._cells.append,
            self._texts,
        )
        add_text = texts.append
        phonetic = next(name for name, kind in self._kinds.items() if kind == _RPH)
        collect = 0

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal collect
            kind = kinds(name)
            if kind == _C:
                collect = 0
                add_cell(attrs)
                add_text(None)
            elif kind == _V:
                collect = _V
                texts[-1] = ""
            else:
                collect = other(kind, attrs) if kind is not None else 0

        def chars(data: str) -> None:
            if collect == _V:
                texts[-1] += data
            elif collect:
                texts[-1].runs[-1] += data

        def end(name: str) -> None:
            nonlocal collect
            collect = 0
            if name == phonetic:
                self._phonetic = False

        return start, chars, end

    def _start_other(self, kind: int, attrs: dict[str, str]) -> int:
        """Handle the start of a row, formula, inline string, run or phonetic run; where the
        text that follows goes (0 or _T)."""
        texts = self._texts
        if kind == _ROW:
            self._open_row(attrs.get("r"))
        elif kind == _F:
            texts[-1] = None  # a formula after the value: calamine keeps none
        elif kind == _IS:
            texts[-1] = _Inline()
            self._phonetic = False
        elif kind == _T and texts and texts[-1].__class__ is _Inline:
            if self._phonetic:
                self._phonetic = False
            else:
                texts[-1].runs.append("")
                texts[-1].preserved.append(attrs.get("xml:space") == "preserve")
                return _T
        elif kind == _RPH:
            self._phonetic = True
        return 0

    def _open_row(self, ref: str | None) -> None:
        self._close_row()
        if ref is None:
            self._previous += 1
            self._number = 0
        else:
            try:
                self._previous = self._number = _checked_row(int(ref))
            except ValueError as error:
                raise TableError("damaged") from error

    def _close_row(self) -> None:
        if not self._cells:
            return
        number, cols, values, ordered = self._values.row(self._number, self._cells, self._texts)
        self._cells.clear()
        self._texts.clear()
        if cols:
            self._sink(number or _checked_row(self._previous or 1), cols, values, ordered)


def _odd_column(ref: str) -> int:
    """The column of an ``r`` in lower case; damage when it names none or is past XFD."""
    col = COLUMN_NUMBERS.get(ref.rstrip(_DIGITS).upper())
    if col is None:  # no letters, other characters, or a column past XFD
        raise TableError("damaged")
    return col


def _checked_row(number: int) -> int:
    if not 1 <= number <= MAX_ROW:
        raise TableError("damaged")
    return number


def parse_member(
    book: XlsxBook, info: zipfile.ZipInfo, prefix: str, sink: RowSink, careful: bool
) -> None:
    """Every row of a worksheet to ``sink`` (to learn which columns hold values)."""
    parser = SheetParser(book, prefix, sink, careful)
    try:
        for chunk in member_chunks(book, info):
            parser.feed(chunk)
        parser.feed(b"", final=True)
    except MEMBER_ERRORS as error:
        raise TableError("damaged") from error


def stream_rows(
    book: XlsxBook,
    info: zipfile.ZipInfo,
    prefix: str,
    careful: bool,
    columns: tuple[int, int],
) -> Iterator[tuple[int, list[Any]]]:
    """The rows of a worksheet holding a value, as (row number, cells), each row the cells of
    ``columns`` (first and last column number), "" where a cell is empty."""
    rows = DenseRows(*columns)
    parser = SheetParser(book, prefix, rows.add, careful, columns[0])
    try:
        for chunk in member_chunks(book, info):
            parser.feed(chunk)
            yield from rows.take()
        parser.feed(b"", final=True)
    except MEMBER_ERRORS as error:
        raise TableError("damaged") from error
    yield from rows.take()


class DenseRows:
    """Rows handed on by a parser, laid out over the sheet's columns."""

    def __init__(self, first: int, last: int) -> None:
        self._first = first
        self._width = last - first + 1
        self._batch: list[tuple[int, list[Any]]] = []

    def add(self, number: int, cols: list[int], vals: list[Any], ordered: bool) -> None:
        width = self._width
        if ordered and len(vals) <= width:
            row = vals + [""] * (width - len(vals)) if len(vals) < width else vals
        else:
            row = [""] * width
            first = self._first
            for col, value in zip(cols, vals, strict=True):
                if not 0 <= col - first < width:
                    raise TableError("damaged")  # the scan of the sheet missed this column
                row[col - first] = value
        self._batch.append((number, row))

    def take(self) -> list[tuple[int, list[Any]]]:
        batch = self._batch
        self._batch = []
        return batch
