"""A round's questions and the reading of one answer, whatever path it came by.

A round asks each of its indicators once; an indicator split by gender is asked as its women's
and men's parts (and its youth part), and its total is their sum, stored as well so that every
reader finds the total in one place. ``read_answer`` turns what a person typed, a spreadsheet
cell or a field-form value into what is stored — a number, or an option's code — applying the
indicator's type and its range, and says in the user's language what is wrong otherwise. Web
forms, office spreadsheets, ODK/Kobo exports and the API all read through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
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
    low = indicator.min_value
    high = indicator.max_value
    if question.breakdown and low is not None and low < 0:
        low = Decimal(0)
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
