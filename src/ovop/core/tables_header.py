"""What every uploaded table has: a header row found among its first rows, the columns it
names, and rows under it — and ``TableError``, why a file cannot be read as one.

A header cell is compared by ``header_key``: case, spaces, punctuation and a unit in brackets
do not matter ("Omzet (Rp/bulan)" is "omzet"). The header row is the first of the first
``HEADER_SEARCH_ROWS`` non-blank rows that names at least ``min_matches`` expected columns, so
that title rows above it are passed over; a header cell left blank by a merged range takes
the text of the range's top-left cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: How many non-blank rows at the top of a sheet may come before its header row.
HEADER_SEARCH_ROWS = 30

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORDS = re.compile(r"[\W_]+")

Row = list[Any]
#: (row number, index) of a merged cell → (row number, index) of its range's top-left cell.
MergedCells = Mapping[tuple[int, int], tuple[int, int]]

#: Why a file was refused, as a sentence with %(field)s.
REASONS = {
    "empty": _("%(field)s: the file is empty."),
    "too_large": _(
        "%(field)s: the file is %(size)s; at most %(limit)s can be read. Split it into smaller "
        "files."
    ),
    "not_spreadsheet": _("%(field)s: this file is not a spreadsheet (XLSX, XLS, ODS or CSV)."),
    "password": _(
        "%(field)s: the file is protected by a password — remove the password in Excel and "
        "upload again."
    ),
    "damaged": _(
        "%(field)s: the file is damaged or incomplete — open it in Excel, save it again and "
        "upload it again."
    ),
    "encoding": _(
        "%(field)s: the characters of this text file cannot be read; save it from Excel as "
        "“CSV UTF-8”."
    ),
    "no_header": _(
        "%(field)s: no row at the top of the file names the columns; the header row must name "
        "at least %(count)s of: %(names)s."
    ),
}


class TableError(ValueError):
    """A file that cannot be read as a table; ``code`` is a key of ``REASONS``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @classmethod
    def no_header(cls, header: Header) -> TableError:
        return cls("no_header", count=header.min_matches, names=", ".join(header.labels))

    def describe(self, field: str | None = None) -> str:
        """The reason as a sentence in the active language, naming ``field`` ("File")."""
        params = {"field": field or gettext("File"), **self.params}
        for size in ("size", "limit"):
            if size in params:
                params[size] = filesizeformat(params[size])
        return str(REASONS[self.code]) % params

    def __str__(self) -> str:
        return self.describe()


def _label(value: object) -> str:
    """A header cell as written, on one line (a year read as 2024.0 is "2024")."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def header_key(text: object) -> str:
    """A header cell as compared: case folded, words kept, brackets and punctuation dropped —
    "Omzet (Rp/bulan)" and " OMZET " are both ``"omzet"``, "Nama_IKM" is ``"nama ikm"``."""
    folded = unicodedata.normalize("NFKC", _label(text)).casefold()
    return " ".join(_NOT_WORDS.sub(" ", _BRACKETS.sub(" ", folded)).split())


def is_blank_row(cells: Iterable[Any]) -> bool:
    """True when no cell holds anything but white space."""
    for value in cells:
        if value.__class__ is str:
            if value and not value.isspace():
                return False
        elif value is not None:
            return False
    return True


@dataclass(frozen=True)
class Header:
    """The columns a caller expects: the header texts that name each, and how many of them a
    row must name to be the header row."""

    names: dict[str, str]  # header_key of a text → column name
    labels: list[str]  # each column as a message names it
    min_matches: int

    @classmethod
    def of(cls, columns: Mapping[str, Iterable[Any]], min_matches: int | None = None) -> Header:
        """``columns`` maps each column's name to the header texts that mean it (the first of
        them names the column in messages); ``min_matches`` defaults to 2 (1 for one column)."""
        names: dict[str, str] = {}
        labels = []
        for name, aliases in columns.items():
            texts = [str(alias) for alias in aliases]
            labels.append(texts[0] if texts else name)
            for text in (name, *texts):
                names.setdefault(header_key(text), name)
        return cls(names, labels, min_matches or min(2, len(columns)))

    def columns(self, cells: Row) -> dict[str, int]:
        """Which expected column each header cell names (the first cell, when named twice)."""
        found: dict[str, int] = {}
        for index, value in enumerate(cells):
            name = self.names.get(header_key(value))
            if name is not None:
                found.setdefault(name, index)
        return found


@dataclass
class Table:
    """One sheet's rows under its header row. ``rows`` can be iterated once."""

    sheet: str
    header_row: int  # 1-based, as Excel shows it
    labels: list[str]  # the header cells as written (merged ones filled), spaces collapsed
    headers: list[str]  # the same through ``header_key``
    columns: dict[str, int]  # expected column name → index of its cell in a row
    rows: Iterator[tuple[int, Row]]


def _filled(number: int, cells: Row, merged: MergedCells, seen: dict[int, Row]) -> Row:
    filled = list(cells)
    for index, value in enumerate(cells):
        origin = merged.get((number, index)) if value == "" else None
        if origin is None or origin[0] not in seen:
            continue
        top_row = seen[origin[0]]
        if 0 <= origin[1] < len(top_row):
            filled[index] = top_row[origin[1]]
    return filled


def _body(rows: Iterator[tuple[int, Row]], width: int) -> Iterator[tuple[int, Row]]:
    for number, cells in rows:
        if not is_blank_row(cells):
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            yield number, cells


def find_table(
    sheet: str,
    rows: Iterator[tuple[int, Row]],
    header: Header,
    merged: MergedCells | None = None,
) -> Table | None:
    """The table of ``rows`` — ``(row number, cells)`` from the top of a sheet — or None when
    none of its first non-blank rows is a header row. The table's rows continue ``rows``."""
    seen: dict[int, Row] = {}
    for number, cells in rows:
        if is_blank_row(cells):
            continue
        seen[number] = cells
        if merged:
            cells = _filled(number, cells, merged, seen)
        columns = header.columns(cells)
        if len(columns) >= header.min_matches:
            labels = [_label(value) for value in cells]
            headers = [header_key(value) for value in cells]
            return Table(sheet, number, labels, headers, columns, _body(rows, len(cells)))
        if len(seen) >= HEADER_SEARCH_ROWS:
            return None
    return None
