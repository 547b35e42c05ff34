"""Dates in spreadsheet cells, as offices type them — always the day before the month.

Read: ``datetime.date``/``datetime`` values (calamine gives them for date cells); Excel serial
numbers of the 1900 date system (a date cell read as a number: 45303 is 12 January 2024; the
time of day is dropped; serial 60 is Excel's 29 February 1900, a day that never was);
``12/01/2024``, ``12-01-2024`` and ``12.01.2024`` as day/month/year (never the American
month/day); ``2024-01-12`` and ``2024/01/12`` (year first); a month by its Indonesian or
English name or abbreviation, in any case: ``12 Januari 2024``, ``12 Jan 2024``, ``12-Agu-2024``,
``12 Ags 2024``, ``12 January 2024``, ``Jumat, 12 Januari 2024``. A time after the date
(``2024-01-12 00:00:00``, what a CSV export of a date cell often holds) is ignored.

Refused with the reason: another shape (``not_date``; a two-digit year too), a month above 12
(``no_month`` — mostly an American date), a day the month does not have (``no_day``), and a
year before 1900 or after 2100 (``date_range``).
"""

from __future__ import annotations

import datetime
import math
import re

from django.utils.dates import MONTHS

from ovop.core.cells_errors import CellError

FIRST_YEAR = 1900
LAST_YEAR = 2100

#: Month names and abbreviations, Indonesian and English (case does not matter).
MONTH_NAMES: dict[str, int] = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "ags", "agt", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}

_TIME = r"(?:[ T][0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2}(?:\.[0-9]+)?)?)?"
_YEAR_FIRST = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})" + _TIME, re.ASCII)
_DAY_FIRST = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})" + _TIME, re.ASCII)
_NAMED = re.compile(
    r"(?:[^\W\d_]+,\s*)?([0-9]{1,2})[\s.-]*([^\W\d_]+)\.?[\s,.-]*([0-9]{4})" + _TIME
)
_SPACES = re.compile(r"\s+")
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: Excel's serial numbers: 1 is 1 January 1900, 60 the 29 February 1900 that never was.
_EXCEL_BEFORE_LEAP_BUG = datetime.date(1899, 12, 31)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_LAST_SERIAL = (datetime.date(LAST_YEAR, 12, 31) - _EXCEL_EPOCH).days


def _checked(year: int, month: int, day: int, value: object) -> datetime.date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError("date_range", value)
    if not 1 <= month <= 12:
        raise CellError("no_month", value, month=month)
    days = _DAYS[month] + (month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
    if not 1 <= day <= days:
        raise CellError("no_day", value, month=MONTHS[month], year=year, days=days)
    return datetime.date(year, month, day)


def _from_serial(serial: float, value: object) -> datetime.date:
    if not math.isfinite(serial) or not 1 <= serial < _LAST_SERIAL + 1:
        raise CellError("date_range", value)
    days = int(serial)
    if days == 60:
        raise CellError("no_day", "29/02/1900", month=MONTHS[2], year=1900, days=28)
    start = _EXCEL_BEFORE_LEAP_BUG if days < 60 else _EXCEL_EPOCH
    return start + datetime.timedelta(days=days)


def _from_text(value: str) -> datetime.date:
    text = value.strip()
    match = _DAY_FIRST.fullmatch(text)
    if match:
        return _checked(int(match[4]), int(match[3]), int(match[1]), text)
    text = _SPACES.sub(" ", text)
    match = _YEAR_FIRST.fullmatch(text)
    if match:
        return _checked(int(match[1]), int(match[3]), int(match[4]), text)
    match = _NAMED.fullmatch(text)
    month = MONTH_NAMES.get(match[2].casefold()) if match else None
    if match is None or month is None:
        raise CellError("empty" if not text else "not_date", text)
    return _checked(int(match[3]), month, int(match[1]), text)


def read_date(value: object) -> datetime.date:
    """The date a cell holds, by the rules of the module's docstring."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _checked(value.year, value.month, value.day, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value, value)
    if isinstance(value, str):
        return _from_text(value)
    raise CellError("empty" if value is None else "not_date", value)
