"""Numbers in spreadsheet cells: decimals, whole rupiah and percentages.

A number from a numeric cell (calamine gives floats: ``1500000.0``) is taken as it is: an
integral float becomes a whole number, a fraction keeps its shortest decimal form (``0.15``
→ ``Decimal("0.15")``, never ``0.1499999…``). A number typed as text is read the Indonesian
way; the rule, for a string without a unit:

- a comma is the decimal mark and comes at most once: ``1,5``, ``1.234,56``, ``1.500.000,00``;
- dots group thousands: each dot is followed by exactly three digits and the first group does
  not start with 0 — ``1.500`` is one thousand five hundred, ``1.500.000`` a million and a half;
- in a string without a comma, a single dot followed by one or two digits is a decimal point
  (``12.5``, ``0.25``: nobody groups thousands that way);
- anything else with a dot or a comma is refused as ``ambiguous``: ``1,500,000`` and
  ``1,500.00`` (English grouping), ``1,500`` (a decimal or English thousands?), ``0.125``,
  ``1.2345``, ``1.50.000``.

``Rp``/``IDR`` before the number and a unit after it are read as ``ovop.core.money`` reads
them (``rb``/``ribu``/``k`` 10³, ``jt``/``juta`` 10⁶, ``m``/``M``/``miliar`` 10⁹, ``t``/
``triliun`` 10¹²): ``1,5 juta`` → 1500000; with a unit, ``1,500 juta`` is one and a half
million as in money.py. A minus sign is refused unless the caller allows negatives.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from ovop.core.cells_errors import CellError, shown
from ovop.core.money import UNITS, MoneyError, check_rupiah, parse_rupiah, split_amount

#: Longer text is not read as a number (a number of 40 characters is already absurd).
MAX_NUMBER_LENGTH = 40

_PLAIN = re.compile(r"-?[0-9]{1,30}", re.ASCII)
#: The common shapes, read without the general rules: 1500000, 1.500.000, 1.234,56, 0,125.
_COMMON = re.compile(
    r"(?P<whole>[1-9][0-9]{0,2}(?:\.[0-9]{3}){1,9}|[0-9]{1,30})(?:,(?P<decimals>[0-9]{1,30}))?",
    re.ASCII,
)
_COMMON_RUPIAH = re.compile(
    r"(?:rp\.? ?)?([1-9][0-9]{0,2}(?:\.[0-9]{3}){1,5}|[0-9]{1,16})", re.ASCII | re.IGNORECASE
)
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+", re.ASCII)
_DOT_DECIMAL = re.compile(r"[0-9]+\.[0-9]{1,2}", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_ENGLISH_THOUSANDS = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}", re.ASCII)
_PERCENT = re.compile(r"(?P<sign>[-\u2212]\s*)?(?P<number>[0-9][0-9.,]*)(?:\s*%)?")


def _from_number(value: object) -> Decimal | None:
    """The value of a numeric cell (int, float, Decimal), None when ``value`` is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("not_number", value)
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellError("not_number", value)
        return value
    return None


def _read_digits(number: str, text: str, *, with_unit: bool) -> Decimal:
    """``number`` — digits, dots and commas, as ``split_amount`` leaves it — by the rules of
    the module's docstring; ``text`` is what the cell held, for the message."""
    whole, comma, decimals = number.partition(",")
    if comma:
        if not decimals or not _DIGITS.fullmatch(decimals):
            code = "ambiguous" if "," in decimals or "." in decimals else "not_number"
            raise CellError(code, text)
        if "." in whole and not _GROUPED.fullmatch(whole):
            raise CellError("ambiguous", text)
        if not with_unit and _ENGLISH_THOUSANDS.fullmatch(number):
            raise CellError("ambiguous", text)
        return Decimal(whole.replace(".", "") + "." + decimals)
    if "." not in whole:
        return Decimal(whole)
    if _GROUPED.fullmatch(whole):
        return Decimal(whole.replace(".", ""))
    if _DOT_DECIMAL.fullmatch(whole):
        return Decimal(whole)
    raise CellError("ambiguous", text)


def _checked_sign(value: Decimal, negative: bool, text: object, allow_negative: bool) -> Decimal:
    if negative and value:
        if not allow_negative:
            raise CellError("negative", text)
        return -value
    return value


def _common(text: str) -> Decimal | None:
    """The number of a common unsigned shape, or None (the general rules then apply)."""
    match = _COMMON.fullmatch(text) if len(text) <= MAX_NUMBER_LENGTH else None
    if match is None:
        return None
    whole, decimals = match["whole"], match["decimals"]
    if decimals is None:
        return Decimal(whole.replace(".", ""))
    if len(decimals) == 3 and "." not in whole and len(whole) <= 3 and whole[0] != "0":
        return None  # 1,500: refused by the general rules
    return Decimal(whole.replace(".", "") + "." + decimals)


def _read_decimal_text(text: str, allow_negative: bool) -> Decimal:
    if len(text) > MAX_NUMBER_LENGTH:
        raise CellError("too_long", text, limit=MAX_NUMBER_LENGTH, count=len(text))
    parts = split_amount(text)
    if parts is None:
        raise CellError("empty" if not text else "not_number", text)
    negative, number, unit = parts
    value = _read_digits(number, text, with_unit=unit is not None)
    if unit is not None:
        value *= UNITS[unit]
    return _checked_sign(value, negative, text, allow_negative)


def read_decimal(value: object, *, allow_negative: bool = False) -> Decimal:
    """A decimal number from a cell: a numeric cell as it is, text by the module's rules."""
    number = _from_number(value)
    if number is not None:
        return _checked_sign(abs(number), number < 0, value, allow_negative)
    if not isinstance(value, str):
        raise CellError("empty" if value is None else "not_number", value)
    text = value.strip()
    common = _common(text)
    if common is not None:
        return common
    if _PLAIN.fullmatch(text):
        return _checked_sign(Decimal(text.lstrip("-")), text[0] == "-", text, allow_negative)
    return _read_decimal_text(text, allow_negative)


def read_rupiah(value: object) -> int:
    """Whole rupiah from a cell: text as ``parse_rupiah`` reads it (its reasons kept), a
    numeric cell when it holds a whole, non-negative number of rupiah."""
    try:
        if isinstance(value, str):
            text = value.strip()
            common = _COMMON_RUPIAH.fullmatch(text)
            if common is not None:
                return check_rupiah(int(common[1].replace(".", "")))
            return parse_rupiah(text)
        try:
            number = _from_number(value)
        except CellError:  # not a finite number
            raise MoneyError("not_understood", shown(value)) from None
        if number is None:
            raise MoneyError("empty" if value is None else "not_understood", shown(value))
        if number != number.to_integral_value():
            raise MoneyError("fraction", shown(value))
        return check_rupiah(int(number))
    except MoneyError as error:
        raise CellError.from_money(error) from None


def read_percent(value: object, *, fraction: bool = False, allow_negative: bool = False) -> Decimal:
    """A percentage: ``"15%"``, ``"15 %"``, ``"15"`` and ``"15,5 %"`` are 15 and 15,5.

    A number from a numeric cell is read as it is — 15 means 15 % and 0.15 means 0,15 % —
    because a cell that Excel formats as a percentage holds 0.15 for the 15 % it shows, and
    the two cannot be told apart. For a column known to be formatted so, pass
    ``fraction=True``: numbers from numeric cells are then multiplied by 100 (0.15 → 15).
    Text is always read as written, a bare ``"15"`` being 15 %.
    """
    number = _from_number(value)
    if number is not None:
        if fraction:
            number *= 100
        return _checked_sign(abs(number), number < 0, value, allow_negative)
    if not isinstance(value, str):
        raise CellError("empty" if value is None else "not_percent", value)
    text = value.strip()
    match = _PERCENT.fullmatch(text)
    if match is None or len(text) > MAX_NUMBER_LENGTH:
        raise CellError("empty" if not text else "not_percent", text)
    percent = _read_digits(match["number"], text, with_unit=False)
    return _checked_sign(percent, match["sign"] is not None, text, allow_negative)
