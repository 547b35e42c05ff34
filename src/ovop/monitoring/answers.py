"""A round's questions and the reading of one answer, whatever path it came by.

A round asks each of its indicators once; an indicator split by gender is asked as its women's
and men's parts (and its youth part), and its total is their sum, stored as well so that every
reader finds the total in one place. ``read_answer`` turns what a person typed, a spreadsheet
cell or a field-form value into what is stored — a number, or an option's code — applying the
indicator's type and its range, and says in the user's language what is wrong otherwise. Web
forms, office spreadsheets, ODK/Kobo exports and the API all read through it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import repeat
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ovop.core import cells
from ovop.monitoring.choices import MAX_VALUE, VALUE_PLACES, Breakdown, Unit, ValueType
from ovop.monitoring.models import Indicator, Round

MONEY_UNITS = frozenset({Unit.IDR, Unit.IDR_MONTH})
#: Words that stand for an empty answer in office spreadsheets ("-", "n/a").
BLANKS = frozenset({"", "-", "–", "—", "n/a", "na", "#n/a"})
_QUANTUM = Decimal(1).scaleb(-VALUE_PLACES)
#: The shapes every reading rule agrees on: digits, with one or two decimals after a dot or
#: a comma ("1500000", "12,5", "0.25"); "1.500" (thousands) and the rest take the full rules.
_PLAIN_NUMBER = re.compile(r"[0-9]{1,15}(?:[.,][0-9]{1,2})?", re.ASCII)
#: Money is read as ``money.parse_rupiah`` reads it, where a dot always groups thousands.
_PLAIN_DIGITS = re.compile(r"[0-9]{1,15}", re.ASCII)
#: Number cells whose shortest form has at most VALUE_PLACES decimals and no exponent.
_FLOAT_COLUMN = re.compile(r"-?[0-9]{1,15}\.[0-9]{1,4}(?:\n-?[0-9]{1,15}\.[0-9]{1,4})*", re.ASCII)
_FAST_TYPES = frozenset({ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT})
Answer = tuple[Decimal | None, str]


class AnswerError(ValueError):
    """An answer that cannot be stored; ``str()`` is the reason in the active language."""


@dataclass(frozen=True)
class Question:
    indicator: Indicator
    breakdown: str

    @property
    def name(self) -> str:
        """The field's name in forms, spreadsheets and field forms: ``omzet``,
        ``tenaga_kerja__female``."""
        code = self.indicator.code
        return f"{code}__{self.breakdown}" if self.breakdown else code

    @property
    def key(self) -> tuple[int, str]:
        return (self.indicator.pk, self.breakdown)

    @property
    def label(self) -> str:
        if not self.breakdown:
            return self.indicator.name
        return f"{self.indicator.name} — {Breakdown(self.breakdown).label}"

    @property
    def unit_label(self) -> str:
        return str(Unit(self.indicator.unit).label)


def questions_of(indicators: Iterable[Indicator]) -> list[Question]:
    """The questions asking ``indicators``, in order."""
    asked: list[Question] = []
    for indicator in indicators:
        if indicator.by_gender:
            asked.append(Question(indicator, Breakdown.FEMALE))
            asked.append(Question(indicator, Breakdown.MALE))
            if indicator.by_youth:
                asked.append(Question(indicator, Breakdown.YOUTH))
        else:
            asked.append(Question(indicator, Breakdown.TOTAL))
            if indicator.by_youth:
                asked.append(Question(indicator, Breakdown.YOUTH))
    return asked


def round_indicators(round_: Round) -> list[Indicator]:
    return [q.indicator for q in round_.questions.select_related("indicator").order_by("order")]


def round_questions(round_: Round) -> list[Question]:
    return questions_of(round_indicators(round_))


def _shown(value: Decimal) -> str:
    return number_format(
        value.normalize() if value == value.to_integral() else value, force_grouping=True
    )


def unit_text(unit: str) -> str:
    """The unit as a range or a header writes it; a count has none ("0 to 200")."""
    return "" if unit == Unit.COUNT else str(Unit(unit).label)


def range_text(indicator: Indicator) -> str:
    """ "0 to 5.000.000.000 rupiah per month", for hints and messages."""
    unit = unit_text(indicator.unit)
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None:
        return (
            _("%(low)s to %(high)s %(unit)s")
            % {
                "low": _shown(low),
                "high": _shown(high),
                "unit": unit,
            }
        ).strip()
    if low is not None:
        return (_("at least %(low)s %(unit)s") % {"low": _shown(low), "unit": unit}).strip()
    if high is not None:
        return (_("at most %(high)s %(unit)s") % {"high": _shown(high), "unit": unit}).strip()
    return unit


def _number(question: Question, raw: Any) -> Decimal:
    indicator = question.indicator
    negative = indicator.min_value is not None and indicator.min_value < 0
    try:
        if indicator.unit in MONEY_UNITS and indicator.value_type == ValueType.INTEGER:
            value = _signed_rupiah(raw) if negative else Decimal(cells.read_rupiah(raw))
        elif indicator.value_type == ValueType.PERCENT:
            value = cells.read_percent(raw)
        else:
            value = cells.read_decimal(raw, allow_negative=negative)
    except cells.CellError as error:
        raise AnswerError(error.describe(question.label)) from None
    value = Decimal(value)
    if indicator.value_type == ValueType.INTEGER and value != value.to_integral_value():
        raise AnswerError(
            _("%(field)s: give a whole number, not %(value)s.")
            % {"field": question.label, "value": raw}
        )
    if abs(value) > MAX_VALUE:
        raise AnswerError(
            _("%(field)s: %(value)s is far too large.") % {"field": question.label, "value": raw}
        )
    low, high = _bounds(question)
    if (low is not None and value < low) or (high is not None and value > high):
        raise AnswerError(
            _("%(field)s: %(value)s is outside %(range)s.")
            % {"field": question.label, "value": _shown(value), "range": range_text(indicator)}
        )
    return value.quantize(_QUANTUM)


def _signed_rupiah(raw: Any) -> Decimal:
    """Rupiah that may be negative (a loss): "-Rp 250.000", "- 1,5 juta", -250000.0."""
    if isinstance(raw, str) and raw.strip().startswith(("-", "−")):
        return -Decimal(cells.read_rupiah(raw.strip()[1:]))
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw < 0:
        return -Decimal(cells.read_rupiah(-raw))
    return Decimal(cells.read_rupiah(raw))


def _bounds(question: Question) -> tuple[Decimal | None, Decimal | None]:
    low, high = question.indicator.min_value, question.indicator.max_value
    if question.breakdown and low is not None and low < 0:
        low = Decimal(0)  # a part (women, men, youth) is never negative
    return low, high


def _limits(question: Question) -> tuple[Decimal, Decimal]:
    """``_bounds`` with the largest value allowed at all standing in for a missing bound."""
    low, high = _bounds(question)
    return (-MAX_VALUE if low is None else low, MAX_VALUE if high is None else high)


def answer_reader(question: Question) -> Callable[[Any], Answer | None]:
    """``read_answer`` bound to ``question``, quicker for the cells of a large import.

    A number cell or a plain number typed as text ("1500000", "12,5") is read on the spot
    when it is valid; anything else — blanks, units, grouping, a value out of range, every
    error — goes through ``read_answer``, so the result and every message are the same."""
    indicator = question.indicator
    kind = indicator.value_type
    if kind not in _FAST_TYPES:
        return partial(read_answer, question)
    low, high = _limits(question)
    whole = kind == ValueType.INTEGER
    numbers = True
    money = indicator.unit in MONEY_UNITS and whole
    plain = (_PLAIN_DIGITS if money else _PLAIN_NUMBER).fullmatch

    def read(raw: Any) -> Answer | None:
        kind_of = type(raw)
        value: Decimal | None = None
        if kind_of is str:
            if raw.isascii() and raw.isdigit() and len(raw) <= 15:  # the commonest: 1500000
                value = Decimal(raw)
                if low <= value <= high:
                    return (value, "")
                return read_answer(question, raw)
            if plain(raw):
                value = Decimal(raw.replace(",", "."))
        elif numbers and kind_of is float:
            if raw.is_integer() and abs(raw) < 1e15:
                value = Decimal(int(raw))
            elif not whole and abs(raw) < 1e15:
                value = Decimal(repr(raw))
                if value.as_tuple().exponent < -VALUE_PLACES:  # type: ignore[operator]
                    value = None
        elif numbers and kind_of is int:
            value = Decimal(raw)
        if (
            value is not None
            and low <= value <= high
            and (not whole or value == value.to_integral_value())
        ):
            return (value, "")
        return read_answer(question, raw)

    return read


def column_reader(question: Question) -> Callable[[list[Any]], list[Answer | None] | None]:
    """A whole column of a large import read at once when every cell is a plain number in
    range — digits with an optional minus and one or two decimals ("1500000", "-250000",
    "12,5"; money: whole digits only), or a number cell holding a whole number — in a few
    C-level passes (one regular expression over the joined column, ``map(Decimal, …)``,
    ``min``/``max``) instead of a call per cell. None otherwise: the caller then reads the
    column cell by cell (``answer_reader``), which gives the same values and the messages."""
    if question.indicator.value_type not in _FAST_TYPES:
        return lambda cells: None
    low, high = _limits(question)

    whole = question.indicator.value_type == ValueType.INTEGER
    money = question.indicator.unit in MONEY_UNITS and whole
    cell = r"-?[0-9]{1,15}" if money else r"-?[0-9]{1,15}(?:[.,][0-9]{1,2})?"
    column = re.compile(f"{cell}(?:\n{cell})*", re.ASCII).fullmatch
    signed = low < 0

    def read_all(cells: list[Any]) -> list[Answer | None] | None:
        if not cells:
            return []
        kinds = set(map(type, cells))
        if kinds == {str}:
            values = _typed_column(cells, column, signed, whole)
        elif kinds == {float}:
            values = _number_column(cells, whole)
        else:
            return None
        if values is None or min(values) < low or max(values) > high:
            return None
        return list(zip(values, repeat("")))

    return read_all


def _typed_column(
    cells: list[str], column: Callable[[str], Any], signed: bool, whole: bool
) -> list[Decimal] | None:
    """The numbers of a column of text cells, or None when one is not a plain number."""
    joined = "\n".join(cells)
    if column(joined) is None or (not signed and "-" in joined):
        return None
    if "," in joined:
        joined = joined.replace(",", ".")
    values = list(map(Decimal, joined.split("\n")))
    if len(values) != len(cells):
        return None  # a cell holding a line break ("12\n13") is no plain number
    if whole and "." in joined:
        return None  # "12.5" in a whole-number column: read cell by cell
    return values


def _number_column(cells: list[float], whole: bool) -> list[Decimal] | None:
    """The numbers of a column of number cells, or None when one needs the full rules."""
    if all(map(float.is_integer, cells)):
        if max(map(abs, cells)) >= 1e15:
            return None
        return list(map(Decimal, map(int, cells)))
    if whole:
        return None
    shown = "\n".join(map(repr, cells))  # fractions by their shortest form, as a cell is read
    if _FLOAT_COLUMN.fullmatch(shown) is None:
        return None
    return list(map(Decimal, shown.split("\n")))


def read_answer(question: Question, raw: Any) -> tuple[Decimal | None, str] | None:
    """What to store for ``raw`` (None: blank); raises ``AnswerError``."""
    if raw is None or (isinstance(raw, str) and raw.strip().lower() in BLANKS):
        return None
    indicator = question.indicator
    if indicator.value_type == ValueType.BOOLEAN:
        try:
            return (Decimal(1) if cells.read_yes_no(raw) else Decimal(0), "")
        except cells.CellError as error:
            raise AnswerError(error.describe(question.label)) from None
    if indicator.value_type == ValueType.CHOICE:
        return (None, _choice(indicator, question.label, raw))
    return (_number(question, raw), "")


def _choice(indicator: Indicator, label: str, raw: Any) -> str:
    text = str(raw).strip()
    key = cells.place_key(text) if text else ""
    for option in indicator.options:
        names = (option.get("code", ""), option.get("label_id", ""), option.get("label_en", ""))
        if any(text == n or (key and cells.place_key(str(n)) == key) for n in names):
            return str(option["code"])
    offered = ", ".join(indicator.option_label(c) for c in indicator.option_codes())
    raise AnswerError(
        _("%(field)s: “%(value)s” is not one of the options (%(options)s).")
        % {"field": label, "value": text[:60], "options": offered}
    )


def totals(
    questions: Sequence[Question],
    answers: dict[tuple[int, str], Any],
    stored: Mapping[tuple[int, str], Any] | None = None,
) -> None:
    """Add the total of each indicator split by gender: the sum of its women's and men's
    parts (blank when both are blank); a part not among ``answers`` is taken from
    ``stored``."""
    stored = stored or {}
    for pk in sorted({q.indicator.pk for q in questions if q.indicator.by_gender}):
        parts = [
            answers[(pk, b)] if (pk, b) in answers else stored.get((pk, b))
            for b in (Breakdown.FEMALE, Breakdown.MALE)
        ]
        numbers = [p[0] for p in parts if p is not None and p[0] is not None]
        answers[(pk, Breakdown.TOTAL)] = (sum(numbers, Decimal(0)), "") if numbers else None
