"""Amounts of rupiah as people type them, read into whole rupiah: one parser for every form,
API and spreadsheet import of the project.

What is read (spaces, case and a leading "Rp", "Rp." or "IDR" do not matter; a trailing
"rupiah", ",-" or ".-" is allowed):

- digits, with dots grouping thousands: ``60000000``, ``60.000.000``, ``Rp 60.000.000``;
- a dot is ALWAYS a thousands separator and must be followed by exactly three digits, so
  ``1.500`` is one thousand five hundred, and ``1.5`` or ``60.000000`` are refused;
- a comma starts decimals. Without a unit only zero cents are accepted (``Rp 1.500.000,00``,
  ``35.000,-``): ``1.500,50`` is refused as a fraction of a rupiah, and ``1,5``, ``1,500`` or
  ``1,500,000`` are refused as ambiguous (a fraction, a forgotten unit, or English grouping?);
- a unit multiplies: ``rb``/``ribu``/``k`` (10³), ``jt``/``juta`` (10⁶), ``m``/``M``/``miliar``/
  ``milyar`` (10⁹, the Indonesian "M", not the English million), ``t``/``triliun`` (10¹²):
  ``1,5 juta``, ``750 rb``, ``2 M``. The result must still be whole rupiah;
- refused: negative amounts, more than ``MAX_RUPIAH`` (10¹⁵, a thousand trillion), inputs longer
  than ``MAX_INPUT_LENGTH`` characters, anything else.

``parse_rupiah`` raises ``MoneyError``, whose ``code`` says why and whose ``describe(field)``
gives a translated sentence naming the field. ``format_rupiah`` writes ``Rp 60.000.000``, which
``parse_rupiah`` reads back. The page script ``static/ovop/money.js`` applies the same rules to
show what was understood while the user types.
"""

from __future__ import annotations

import re
from fractions import Fraction

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_RUPIAH = 10**15
MAX_INPUT_LENGTH = 40

UNITS: dict[str, int] = {
    "rb": 10**3,
    "ribu": 10**3,
    "k": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
    "t": 10**12,
    "triliun": 10**12,
}

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_SHAPE = re.compile(
    r"(?:rp\.?|idr)?\s?(?P<number>[0-9][0-9.,]*?)(?:,-|\.-)?\s?"
    r"(?P<unit>" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")?(?:\s?rupiah)?",
    re.ASCII,
)
_NEGATIVE = re.compile(r"^(?:rp\.?\s?|idr\s?)?[-\u2212]\s?(?:rp\.?\s?|idr\s?)?[0-9]", re.ASCII)
_SIGN = re.compile(r"^((?:rp\.?\s?|idr\s?)?)[-\u2212]\s?", re.ASCII)
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)

#: Why an input was refused, as a sentence with %(field)s and %(value)s.
REASONS = {
    "empty": _("%(field)s: enter an amount, for example 60.000.000."),
    "too_long": _("%(field)s: at most %(limit)s characters."),
    "negative": _("%(field)s cannot be negative."),
    "too_large": _("%(field)s is too large: at most Rp 1.000.000.000.000.000."),
    "not_understood": _(
        "%(field)s: “%(value)s” is not an amount of rupiah; write it like 60.000.000, "
        "1,5 juta or 750 rb."
    ),
    "dot": _(
        "%(field)s: “%(value)s” is unclear: a dot separates thousands and is followed by "
        "three digits (60.000.000); decimals take a comma (1,5 juta)."
    ),
    "ambiguous": _(
        "%(field)s: “%(value)s” is unclear: a comma starts decimals, and an amount without a "
        "unit is whole rupiah. Write 1.500 for one thousand five hundred, or add a unit: "
        "1,5 juta."
    ),
    "fraction": _("%(field)s: “%(value)s” has a fraction of a rupiah; amounts are whole rupiah."),
}


class MoneyError(ValueError):
    """An input that is not a clear amount of rupiah; ``code`` is a key of ``REASONS``."""

    def __init__(self, code: str, value: str) -> None:
        super().__init__(code, value)
        self.code = code
        self.value = value

    def describe(self, field: str | None = None) -> str:
        """The reason as a sentence in the active language, naming ``field`` ("Amount")."""
        params = {
            "field": field or gettext("Amount"),
            "value": self.value,
            "limit": MAX_INPUT_LENGTH,
        }
        return str(REASONS[self.code]) % params

    def __str__(self) -> str:
        return self.describe()


def _number(text: str, number: str, unit: str | None) -> Fraction:
    """The value of ``number`` (digits, thousands dots, decimal comma) in rupiah."""
    whole, comma, decimals = number.partition(",")
    if "," in decimals or "." in decimals:
        raise MoneyError("ambiguous", text)
    if comma and not decimals:
        raise MoneyError("not_understood", text)
    if "." in whole and not _GROUPED.fullmatch(whole):
        raise MoneyError("dot", text)
    if not _DIGITS.fullmatch(whole.replace(".", "")):
        raise MoneyError("not_understood", text)
    value = Fraction(int(whole.replace(".", "")))
    if decimals:
        value += Fraction(int(decimals), 10 ** len(decimals))
    if unit is not None:
        return value * UNITS[unit]
    if decimals and (set(decimals) != {"0"} or len(decimals) > 2):
        if "." in whole and len(decimals) <= 2:
            raise MoneyError("fraction", text)
        raise MoneyError("ambiguous", text)
    return value


def split_amount(text: str) -> tuple[bool, str, str | None] | None:
    """What an amount as typed is made of, or None when it has not the shape of one:
    whether it is negative, its number (digits, dots and commas, not yet read) and its unit (a
    key of ``UNITS``, or None). ``"Rp -1,5 juta"`` → ``(True, "1,5", "juta")``. The currency,
    spaces, case and a trailing ",-" or "rupiah" are dropped as ``parse_rupiah`` drops them;
    ``ovop.core.cells_numbers`` reads the number by its own rules for decimals."""
    cleaned = _SPACES.sub(" ", text.strip()).lower()
    negative = _NEGATIVE.match(cleaned) is not None
    if negative:
        cleaned = _SIGN.sub(r"\1", cleaned, count=1)
    match = _SHAPE.fullmatch(cleaned)
    if match is None:
        return None
    return negative, match["number"], match["unit"]


def parse_rupiah(text: str) -> int:
    """Whole rupiah from what a person typed; raises ``MoneyError`` saying why not."""
    shown = text.strip()
    if len(shown) > MAX_INPUT_LENGTH:
        raise MoneyError("too_long", shown[:MAX_INPUT_LENGTH] + "…")
    if not shown:
        raise MoneyError("empty", shown)
    parts = split_amount(shown)
    if parts is None:
        raise MoneyError("not_understood", shown)
    negative, number, unit = parts
    if negative:
        raise MoneyError("negative", shown)
    value = _number(shown, number, unit)
    if value.denominator != 1:
        raise MoneyError("fraction", shown)
    if value > MAX_RUPIAH:
        raise MoneyError("too_large", shown)
    return int(value)


def check_rupiah(amount: int) -> int:
    """An integer amount checked against the same bounds as typed ones."""
    if amount < 0:
        raise MoneyError("negative", str(amount))
    if amount > MAX_RUPIAH:
        raise MoneyError("too_large", str(amount))
    return amount


def group_thousands(amount: int) -> str:
    """``60000000`` → ``"60.000.000"`` (Indonesian grouping, whatever the active language)."""
    return f"{amount:,}".replace(",", ".")


def format_rupiah(amount: int) -> str:
    """``60000000`` → ``"Rp 60.000.000"``; ``parse_rupiah`` reads it back."""
    if amount < 0:
        return "-Rp " + group_thousands(-amount)
    return "Rp " + group_thousands(amount)
