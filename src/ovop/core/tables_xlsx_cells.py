"""What one cell of an XLSX sheet holds, in the Python types python-calamine 0.9.1 gives for it
(so that a workbook reads the same through ``ovop.core.tables_xlsx`` as through calamine).

- A number is a ``float``, whole or not (``<v>12</v>`` is ``12.0``); ``inf`` and ``nan`` parse.
  Text that is no number gives the text when the cell has no type, and is damage when it says
  ``t="n"``.
- A number under a date or time format is a ``datetime.time`` below 1, a ``datetime.date`` when
  whole, else a ``datetime.datetime``; under an elapsed-time format (``[h]:mm``) a
  ``datetime.timedelta``. Serial numbers count days from 1899-12-30 (1904-01-01 in a workbook
  saved with the 1904 system), to the millisecond; below 60 one day is added, because Excel
  counts a 29 February 1900 that never was. A date Python cannot hold stays the number.
- Booleans are ``bool``; an error cell (``#N/A``, ``#DIV/0!`` …) is ``""``; an ISO 8601 cell
  (``t="d"``) is a date, a time or a datetime when it parses, else its text.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

#: The number format of a style: a date or time of day, or an elapsed time.
DATE = 1
DURATION = 2

#: Built-in number formats (no ``numFmt`` element in styles.xml) that show dates or times.
_BUILTIN_DATES = {*range(14, 23), *range(27, 37), 45, 47, *range(50, 59)}
_BUILTIN_DURATION = 46
#: The error values Excel writes in ``<v>`` of a ``t="e"`` cell.
ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"))

_MS_PER_DAY = 86_400_000
#: Where serial numbers count from; a spreadsheet's times have no time zone (nor have calamine's).
_EPOCH_1900 = dt.datetime.combine(dt.date(1899, 12, 30), dt.time())
_EPOCH_1904 = dt.datetime.combine(dt.date(1904, 1, 1), dt.time())
#: The earliest day (counted from 1899-12-30) a negative serial number may fall on and still give
#: a time of day: the start of the range of the Rust library calamine computes dates with.
_EARLIEST_DAY = -96_439_723
_DAYS_1900_TO_1904 = 1463

_DATE_TOKENS = frozenset("dmhysDMHYS")
_AM_PM_TOKENS = frozenset("pm/PM")
_ELAPSED_UNITS = frozenset("mhsMHS")

_ISO_DATE = re.compile(r"\s*\+?(\d+)-(\d{1,2})-(\d{1,2})\s*")
_ISO_DATETIME = re.compile(
    r"\s*\+?(\d+)-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d+))?\s*"
)
_ISO_TIME = re.compile(r"\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?\s*")


def builtin_format(number_format_id: str) -> int | None:
    """``DATE``, ``DURATION`` or None for a built-in format id as styles.xml writes it."""
    if not number_format_id.isdigit() or number_format_id != str(int(number_format_id)):
        return None
    number = int(number_format_id)
    if number == _BUILTIN_DURATION:
        return DURATION
    return DATE if number in _BUILTIN_DATES else None


def custom_format(code: str) -> int | None:
    """``DATE``, ``DURATION`` or None for a format code such as ``dd/mm/yyyy``.

    Only the first section (up to ``;``) counts. A character after ``\\``, ``_`` or ``*`` and
    text in double quotes are literal; brackets hold colours, conditions and locales
    (``[Red]``, ``[$-409]``) except that ``[h]``, ``[mm]`` or ``[ss]`` make an elapsed time.
    After an ``a`` (of ``AM/PM``), ``p``, ``m`` or ``/`` mean a date; otherwise any of
    ``d m h y s`` outside brackets does."""
    literal = quoted = am_pm = elapsed = False
    depth = 0
    previous = " "
    for char in code:
        if literal:
            literal = False
        elif char in "\\_*":
            literal = True
        elif quoted:
            quoted = char != '"'
        elif char == '"':
            quoted = True
        elif char == ";":
            return None
        elif char == "[":
            depth += 1
        elif char == "]":
            if depth == 1 and elapsed:
                return DURATION
            depth = max(depth - 1, 0)
        elif depth == 0 and not am_pm and char in "aA":
            am_pm = True
        elif depth == 0 and char in (_AM_PM_TOKENS if am_pm else _DATE_TOKENS):
            return DATE
        elif not (elapsed and char.lower() == previous.lower()):
            elapsed = previous == "[" and char in _ELAPSED_UNITS
        previous = char
    return None


def _round_half_away(number: float) -> int:
    """``number`` to the nearest integer, halves away from zero (as Rust's ``f64::round``)."""
    floor = math.floor(number)
    rest = number - floor
    if rest > 0.5 or (rest == 0.5 and number > 0):
        return floor + 1
    return floor


def _time_of_day(milliseconds: int) -> dt.time:
    seconds, millisecond = divmod(milliseconds % _MS_PER_DAY, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return dt.time(hour, minute, second, millisecond * 1000)


def serial_value(number: float, kind: int, date1904: bool) -> Any:
    """A number under a date (``kind`` ``DATE``) or elapsed-time format as calamine gives it."""
    if not math.isfinite(number):
        return number
    if kind == DURATION:
        try:
            return dt.timedelta(milliseconds=_round_half_away(number * _MS_PER_DAY))
        except OverflowError:
            return number
    days = number if date1904 or number >= 60.0 else number + 1.0
    milliseconds = _round_half_away(days * _MS_PER_DAY)
    if number < 1.0:
        earliest = _EARLIEST_DAY - (_DAYS_1900_TO_1904 if date1904 else 0)
        if milliseconds < earliest * _MS_PER_DAY:
            return number
        return _time_of_day(milliseconds)
    try:
        moment = (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(
            milliseconds=milliseconds
        )
    except OverflowError:
        return number
    return moment.date() if number.is_integer() else moment


def _microseconds(fraction: str | None) -> int:
    return int((fraction or "")[:6].ljust(6, "0"))


def _iso_moment(text: str) -> dt.date | dt.datetime | dt.time:
    """Raises ValueError (or AttributeError through a missing match) when ``text`` is none."""
    if "T" in text:
        match = _ISO_DATETIME.fullmatch(text)
        year, month, day, hour, minute, second, fraction = match.groups()  # type: ignore[union-attr]
        moment = dt.time(
            int(hour), int(minute), min(int(second), 59), _microseconds(fraction)
        )  # a leap second (60) is held as 59, as python-calamine does
        return dt.datetime.combine(dt.date(int(year), int(month), int(day)), moment)
    if ":" in text:
        match = _ISO_TIME.fullmatch(text)
        hour, minute, second, fraction = match.groups()  # type: ignore[union-attr]
        return dt.time(int(hour), int(minute), min(int(second or 0), 59), _microseconds(fraction))
    year, month, day = _ISO_DATE.fullmatch(text).groups()  # type: ignore[union-attr]
    return dt.date(int(year), int(month), int(day))


def iso_value(text: str) -> Any:
    """An ISO 8601 cell (``t="d"``): a date, datetime or time, or its text if it is none."""
    try:
        return _iso_moment(text)
    except (ValueError, AttributeError, OverflowError):
        return text


def number_value(text: str) -> float | None:
    """The number ``<v>`` spells, or None: as Rust parses floats, so no spaces around and no
    underscores (which Python's ``float`` would take)."""
    try:
        number = float(text)
    except ValueError:
        return None
    if "_" in text or not text.isascii() or text.strip() is not text:
        return None
    return number


def _column_numbers() -> dict[str, int]:
    numbers: dict[str, int] = {}
    letters = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    names = list(letters)
    names += [a + b for a in letters for b in letters]
    names += [a + b + c for a in letters for b in letters for c in letters]
    for number, name in enumerate(names[:16384], start=1):
        numbers[name] = number
    return numbers


#: "A" → 1 … "XFD" → 16384: every column a sheet can have.
COLUMN_NUMBERS = _column_numbers()
MAX_COLUMN = 16384
MAX_ROW = 1_048_576


def column_letters(number: int) -> str:
    """1 → "A", 28 → "AB" (numbers above ``MAX_COLUMN`` too)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_number(letters: str) -> int:
    """ "AB" → 28, case ignored, with no upper limit; 0 for no letters."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def cell_position(reference: str) -> tuple[int, int] | None:
    """ "B3" → (3, 2): row and column numbers, or None for something else."""
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters) :]
    if not letters.isascii() or not letters.isalpha() or not digits.isdigit():
        return None
    return int(digits), column_number(letters)
