"""Reading what offices type into spreadsheet cells: one reader per kind of value, for every
spreadsheet and field-data import of ovop.

Each reader takes a cell as calamine or the csv module gives it (text; a float for a number,
even a whole one; a ``date``/``datetime`` for a date cell; ``""`` for an empty cell) and
returns the value, or raises ``CellError`` whose ``code`` says why and whose
``describe(column)`` gives the reason as a sentence naming the column:

- ``read_decimal``, ``read_rupiah``, ``read_percent`` — numbers (``ovop.core.cells_numbers``);
- ``read_date`` — dates, day first (``ovop.core.cells_dates``);
- ``read_identifier`` — NIB, NIK and phone numbers kept as digits;
- ``read_yes_no`` and ``read_text``;
- ``place_key`` and ``close_names`` — matching village and kecamatan names
  (``ovop.core.cells_places``).

Whether a blank cell is allowed is the caller's decision: test it with ``is_blank`` first (a
reader given a blank cell refuses it with the code ``empty``). The readers are meant for a
million cells per import: no reader does more than a few precompiled regular-expression
matches, and plain numbers and date cells take a short way.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Literal

from ovop.core.cells_dates import read_date
from ovop.core.cells_errors import REASONS, CellError
from ovop.core.cells_numbers import read_decimal, read_percent, read_rupiah
from ovop.core.cells_places import close_names, place_key
from ovop.core.text import clean_text

__all__ = [
    "REASONS",
    "CellError",
    "close_names",
    "is_blank",
    "place_key",
    "read_date",
    "read_decimal",
    "read_identifier",
    "read_percent",
    "read_rupiah",
    "read_text",
    "read_yes_no",
]

IdentifierKind = Literal["nib", "nik", "phone"]

#: How many digits each identifier has: (fewest, most).
DIGITS: dict[str, tuple[int, int]] = {"nib": (13, 13), "nik": (16, 16), "phone": (8, 15)}
#: Excel keeps 15 significant digits of a number; a longer one comes back rounded.
EXCEL_DIGITS = 15

YES = frozenset({"ya", "iya", "y", "yes", "1", "true", "benar", "ada"})
NO = frozenset({"tidak", "tdk", "t", "n", "no", "0", "false", "salah", "tidak ada"})

_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s.\-()]+")
_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]*)?e[+-]?[0-9]+", re.ASCII | re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


def is_blank(value: object) -> bool:
    """True for an empty cell: None, ``""`` or only white space."""
    return value is None or (isinstance(value, str) and (not value or value.isspace()))


def _excel_display(number: float) -> str:
    """A large number as Excel's General format shows it: ``1,23457E+12``."""
    mantissa, exponent = f"{number:.5E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".").replace(".", ",")
    return f"{mantissa}E+{int(exponent):02d}"


def _digits_of_number(value: int | float, kind: IdentifierKind) -> str:
    """The digits of an identifier that came as a number (a numeric cell)."""
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise CellError("not_digits", value)
    if value < 0:
        raise CellError("not_digits", value)
    if isinstance(value, float) and value >= 10**EXCEL_DIGITS:
        raise CellError("scientific", _excel_display(value))
    value = int(value)
    digits = str(value)
    if kind == "phone" and not digits.startswith(("0", "62")):
        digits = "0" + digits  # the leading 0 a numeric cell drops: 0812… came as 812…
    return digits


def read_identifier(value: object, kind: IdentifierKind) -> str:
    """An NIB (13 digits), NIK (16 digits) or phone number (8 to 15 digits, a leading + kept)
    as a string of digits.

    Spaces, dots, dashes and brackets between the digits are dropped, and so is the apostrophe
    Excel users type to keep a number as text. A number from a numeric cell is accepted when it
    has the right count of digits (a phone number gets back the leading 0 the cell dropped); a
    number Excel shows in scientific notation (``1,23E+12`` in the text, or a number of more
    than 15 digits, which Excel has rounded) is refused with ``scientific``.
    """
    fewest, most = DIGITS[kind]
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits, plus = _digits_of_number(value, kind), ""
    elif isinstance(value, str):
        text = value.strip().lstrip("'")
        if _SCIENTIFIC.fullmatch(text):
            raise CellError("scientific", text)
        plus = "+" if kind == "phone" and text.startswith("+") else ""
        digits = _SEPARATORS.sub("", text.removeprefix(plus))
        if not _DIGITS.fullmatch(digits):
            raise CellError("empty" if not text else "not_digits", value)
    else:
        raise CellError("empty" if value is None else "not_digits", value)
    if not fewest <= len(digits) <= most:
        expected = str(most) if fewest == most else f"{fewest}–{most}"
        raise CellError("digit_count", value, count=len(digits), digits=expected)
    return plus + digits


def read_yes_no(value: object) -> bool:
    """``ya``/``tidak`` and their usual forms (``y``/``t``, ``yes``/``no``, ``1``/``0``,
    ``true``/``false``, ``benar``/``salah``, ``ada``/``tidak ada``), in any case. ``t`` is the
    Indonesian short form of *tidak*, not *true*."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = _SPACES.sub(" ", value.strip()).casefold()
        if word in YES:
            return True
        if word in NO:
            return False
    raise CellError("empty" if is_blank(value) else "not_yes_no", value)


def read_text(value: object, max_length: int) -> str:
    """A cell as one line of text: trimmed, runs of white space (line breaks too) made one
    space, bidi control characters removed; refused when longer than ``max_length``. A whole
    number from a numeric cell reads without ``.0``; a blank cell reads as ``""``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = _SPACES.sub(" ", clean_text(str(value))).strip()
    if len(text) > max_length:
        raise CellError("too_long", text, limit=max_length, count=len(text))
    return text
