"""Why a spreadsheet cell was refused: ``CellError`` and the sentence of each reason.

The readers of ``ovop.core.cells`` raise ``CellError(code, value)``; ``describe(column)``
gives the reason as a sentence in the active language, naming the column. ``read_rupiah``
keeps the reasons of ``ovop.core.money`` (its codes are those of ``money.REASONS``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ovop.core.money import MoneyError

#: The longest value a cell reader shows back in a message (longer ones end with "…").
SHOWN_LENGTH = 40

#: Why a cell was refused, as a sentence with %(column)s and %(value)s (and, for some,
#: the parameters named in it).
REASONS = {
    "empty": _("%(column)s: this cell must be filled in."),
    "too_long": _("%(column)s: at most %(limit)s characters (this cell has %(count)s)."),
    "negative": _("%(column)s cannot be negative."),
    "not_number": _("%(column)s: “%(value)s” is not a number; write it like 1.500.000 or 1,5."),
    "ambiguous": _(
        "%(column)s: “%(value)s” is unclear: write decimals with a comma (1,5 or 0,125) and "
        "group thousands with dots (1.500.000)."
    ),
    "not_percent": _(
        "%(column)s: “%(value)s” is not a percentage; write it like 15 %% or 15,5 %%."
    ),
    "not_date": _(
        "%(column)s: “%(value)s” is not a date; write the day first, then the month: "
        "12/01/2024, 12 Januari 2024 or 2024-01-12."
    ),
    "no_month": _(
        "%(column)s: “%(value)s” is not a date: there is no month %(month)s. Write the day "
        "first, then the month: 13/01/2024."
    ),
    "no_day": _("%(column)s: “%(value)s” is not a date: %(month)s %(year)s has %(days)s days."),
    "date_range": _("%(column)s: “%(value)s” is outside the years 1900 to 2100."),
    "not_digits": _("%(column)s: “%(value)s” must be written with digits only."),
    "digit_count": _("%(column)s: “%(value)s” has %(count)s digits, not %(digits)s."),
    "scientific": _(
        "%(column)s: Excel turned the number into %(value)s — format the column as text and "
        "type the number again."
    ),
    "not_yes_no": _("%(column)s: “%(value)s” is not yes or no; write Ya or Tidak."),
}


def shown(value: object) -> str:
    """A cell's value as the message shows it: text trimmed (and cut), numbers with a decimal
    comma as the office's Excel shows them, dates as 2024-01-12."""
    if isinstance(value, str):
        text = value.strip()
        return text if len(text) <= SHOWN_LENGTH else text[:SHOWN_LENGTH] + "…"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class CellError(ValueError):
    """A cell that does not hold a clear value; ``code`` is a key of ``REASONS`` (of
    ``money.REASONS`` for a rupiah amount)."""

    def __init__(self, code: str, value: object, **params: object) -> None:
        super().__init__(code, value)
        self.code = code
        self.value = value
        self.params = params
        self.money: MoneyError | None = None

    @classmethod
    def from_money(cls, error: MoneyError) -> CellError:
        """A refused amount of rupiah, keeping the reason ``parse_rupiah`` gave."""
        cell = cls(error.code, error.value)
        cell.money = error
        return cell

    def describe(self, column: str | None = None) -> str:
        """The reason as a sentence in the active language, naming ``column``."""
        name = column or gettext("Value")
        if self.money is not None:
            return self.money.describe(name)
        params = {"column": name, "value": shown(self.value), **self.params}
        return str(REASONS[self.code]) % params

    def __str__(self) -> str:
        return self.describe()
