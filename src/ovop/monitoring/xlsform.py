"""A survey round as an XLSForm for ODK Collect, KoboCollect and ODK Central, and its roster.

The form has three sheets (``survey``, ``choices``, ``settings``) and two languages,
Indonesian (the default) and English; every translatable column is filled in both, because
Collect falls back to no other language and pyxform warns about a gap. Its questions:

* ``respondent`` — the enterprise interviewed, chosen from the attachment ``respondents.csv``
  (columns ``name``, ``label``, ``village``, ``arm``; see ``roster_csv``) or, for a small
  round, from an inline choice list that needs no attachment;
* a group ``ind`` holding one question per indicator, named by the indicator's code. The
  exports then prefix the names (``ind/omzet`` in KoboToolbox, ``ind-omzet`` in ODK Central);
  every name is unique form-wide, so ``ovop.monitoring.fieldexports`` matches a column on its
  last segment.

An indicator split by gender is asked as ``<code>__female`` and ``<code>__male``; its total is
not asked but computed in a ``calculate`` named ``<code>`` (their sum), which the exports carry
and the youth part is checked against. ``<code>__youth`` is asked when the indicator has a
youth part. ``asked_breakdowns`` names the parts one indicator's questions give.

Numbers: Collect's integer widget takes at most nine digits, so an integer indicator is an
``integer`` question only when its whole range fits in nine digits; rupiah amounts are always
``decimal`` questions constrained to whole rupiah with ``. = int(.)``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ovop.core.exports import csv_row
from ovop.monitoring.choices import MAX_ROUND_INDICATORS, Breakdown, Unit, ValueType

if TYPE_CHECKING:
    from ovop.monitoring.models import Indicator, Round

ID = "Indonesian (id)"
EN = "English (en)"


def _translated(column: str) -> list[str]:
    return [f"{column}::{ID}", f"{column}::{EN}"]


SURVEY_COLUMNS = [
    *("type", "name", *_translated("label"), *_translated("hint")),
    *("required", *_translated("required_message")),
    *("constraint", *_translated("constraint_message"), "calculation", "appearance"),
]
CHOICES_COLUMNS = ["list_name", "name", *_translated("label")]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "instance_name"]
ROSTER_FILE = "respondents.csv"
ROSTER_COLUMNS = ["name", "label", "village", "arm"]
GROUP = "ind"
#: Beyond this many respondents an inline list makes the form too heavy: use the attachment.
MAX_INLINE_RESPONDENTS = 50_000
#: The largest magnitude Collect's integer widget accepts (nine digits).
NINE_DIGITS = Decimal(999_999_999)
RUPIAH = frozenset({Unit.IDR, Unit.IDR_MONTH})
#: The indicator's fields an ``IndicatorSpec`` takes as they are.
COPIED = (
    *("code", "name_id", "name_en", "value_type", "unit", "min_value", "max_value"),
    *("definition_id", "definition_en", "by_gender", "by_youth"),
)
RESERVED = frozenset({"respondent", GROUP, "meta", "yes_no", "respondents"})

Texts = tuple[str, str]  # (Indonesian, English)


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_id: str
    name_en: str
    value_type: str
    unit: str = ""
    unit_id: str = ""
    unit_en: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    definition_id: str = ""
    definition_en: str = ""
    #: (code, Indonesian label, English label) of a one-of-a-list indicator's options.
    options: tuple[tuple[str, str, str], ...] = ()
    by_gender: bool = False
    by_youth: bool = False


@dataclass(frozen=True)
class RosterRow:
    key: str
    label: str
    village: str
    arm: str


@dataclass(frozen=True)
class FormSpec:
    form_id: str
    version: str
    title: str
    indicators: tuple[IndicatorSpec, ...]
    #: Only read when ``respondents_inline``: otherwise the roster travels as the CSV file.
    respondents: tuple[RosterRow, ...] = ()
    respondents_inline: bool = False


def asked_breakdowns(*, by_gender: bool, by_youth: bool) -> tuple[str, ...]:
    """The parts (``Breakdown`` values) an indicator's questions give, the total as ``""``."""
    parts = (
        (Breakdown.FEMALE.value, Breakdown.MALE.value) if by_gender else (Breakdown.TOTAL.value,)
    )
    return parts + ((Breakdown.YOUTH.value,) if by_youth else ())


# ---------------------------------------------------------------- reading the round


def round_xlsform(round_: Round, *, respondents_inline: bool = False) -> bytes:
    return xlsform_workbook(round_form_spec(round_, respondents_inline=respondents_inline))


def round_form_spec(
    round_: Round, *, respondents_inline: bool = False, on_read: Callable[[], None] | None = None
) -> FormSpec:
    """The round's form: its indicators in order and, for an inline list, its respondents
    (``on_read`` is called after each one read: a background build reports its progress)."""
    if round_.form_version > 9999:
        raise ValueError(_("The field form version cannot exceed 9999."))
    questions = list(round_.questions.select_related("indicator"))
    roster: tuple[RosterRow, ...] = ()
    if respondents_inline:
        roster = tuple(_counted(round_roster(round_, limit=MAX_INLINE_RESPONDENTS + 1), on_read))
    return FormSpec(
        form_id=f"ovop_round_{round_.pk}",
        version=f"{round_.year}{round_.form_version:04d}",
        title=round_.name,
        indicators=tuple(indicator_spec(q.indicator) for q in questions),
        respondents=roster,
        respondents_inline=respondents_inline,
    )


def indicator_spec(indicator: Indicator) -> IndicatorSpec:
    unit = Unit(indicator.unit).label if indicator.unit in Unit.values else indicator.unit
    unit_id, unit_en = _bilingual(lambda: str(unit))
    options = tuple(
        (str(o["code"]), str(o.get("label_id") or o["code"]), str(o.get("label_en") or ""))
        for o in indicator.options
        if isinstance(o, dict) and o.get("code")
    )
    copied = {name: getattr(indicator, name) for name in COPIED}
    return IndicatorSpec(**copied, unit_id=unit_id, unit_en=unit_en, options=options)


def round_roster(round_: Round, *, limit: int | None = None) -> Iterable[RosterRow]:
    """The round's respondents as roster rows: key ``r<pk>``, "Enterprise — Owner — Village"."""
    respondents = round_.respondents.select_related("enterprise__village")
    for respondent in respondents[:limit] if limit else respondents.iterator():
        enterprise = respondent.enterprise
        village = enterprise.village
        yield RosterRow(
            key=f"r{respondent.pk}",
            label=" — ".join(
                part for part in (enterprise.name, enterprise.owner_name, village.name) if part
            ),
            village=village.code,
            arm=respondent.arm,
        )


def _counted(rows: Iterable[RosterRow], each: Callable[[], None] | None) -> Iterable[RosterRow]:
    for row in rows:
        yield row
        if each is not None:
            each()


def respondents_csv(round_: Round) -> bytes:
    return roster_csv(round_roster(round_))


def roster_csv(rows: Iterable[RosterRow]) -> bytes:
    """The ``respondents.csv`` attachment: UTF-8 without a byte-order mark, comma-separated,
    every text that a spreadsheet would run as a formula neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROSTER_COLUMNS)
    for row in rows:
        writer.writerow(csv_row([row.key, row.label, row.village, row.arm]))
    return out.getvalue().encode("utf-8")


# ---------------------------------------------------------------- writing the form


def xlsform_workbook(spec: FormSpec, *, on_written: Callable[[], None] | None = None) -> bytes:
    """The XLSForm of ``spec`` as XLSX bytes (``on_written`` is called after each respondent
    written into the choice list)."""
    _check(spec)
    survey = [
        _respondent_row(spec),
        _row("begin_group", GROUP, {"label": _both(gettext_noop("Indicators"))}),
    ]
    inline = spec.respondents_inline
    choices = [["respondents", r.key, r.label, r.label] for r in spec.respondents] if inline else []
    if any(i.value_type == ValueType.BOOLEAN for i in spec.indicators):
        choices += [
            ["yes_no", "ya", *_both(gettext_noop("Yes"))],
            ["yes_no", "tidak", *_both(gettext_noop("No"))],
        ]
    for indicator in spec.indicators:
        survey += _indicator_rows(indicator)
        choices += [[f"ind_{indicator.code}", *option] for option in _options(indicator)]
    survey.append(_row("end_group", ""))
    name = f"concat(${{respondent}}, '-{spec.form_id}')"
    return _workbook(
        {
            "survey": [SURVEY_COLUMNS] + [[r.get(c, "") for c in SURVEY_COLUMNS] for r in survey],
            "choices": [CHOICES_COLUMNS, *choices],
            "settings": [SETTINGS_COLUMNS, [spec.title, spec.form_id, spec.version, ID, name]],
        },
        on_row=_respondent_counter(on_written) if on_written else None,
    )


def _respondent_counter(each: Callable[[], None]) -> Callable[[str, list[str]], None]:
    def counted(sheet: str, values: list[str]) -> None:
        if sheet == "choices" and values[0] == "respondents":
            each()

    return counted


def _check(spec: FormSpec) -> None:
    if len(spec.indicators) > MAX_ROUND_INDICATORS:
        message = _("A field form asks at most %(n)s indicators.")
        raise ValueError(message % {"n": MAX_ROUND_INDICATORS})
    if spec.respondents_inline and len(spec.respondents) > MAX_INLINE_RESPONDENTS:
        message = _("More than %(n)s respondents: attach them as a CSV file instead.")
        raise ValueError(message % {"n": MAX_INLINE_RESPONDENTS})
    names = [n for i in spec.indicators for n in _question_names(i)]
    clash = sorted({n for n in names if n in RESERVED or names.count(n) > 1})
    if clash:
        message = _("These question names are used twice or reserved: %(names)s.")
        raise ValueError(message % {"names": ", ".join(clash)})


def _question_names(indicator: IndicatorSpec) -> list[str]:
    parts = asked_breakdowns(by_gender=indicator.by_gender, by_youth=indicator.by_youth)
    return [indicator.code] + [f"{indicator.code}__{p}" for p in parts if p]


def _respondent_row(spec: FormSpec) -> dict[str, str]:
    inline = spec.respondents_inline
    kind = "select_one respondents" if inline else f"select_one_from_file {ROSTER_FILE}"
    texts = {
        "label": _both(gettext_noop("Respondent")),
        "hint": _both(gettext_noop("The enterprise interviewed.")),
    }
    return _asked(kind, "respondent", texts, appearance="autocomplete")


def _indicator_rows(indicator: IndicatorSpec) -> list[dict[str, str]]:
    code, kind = indicator.code, indicator.value_type
    if kind in (ValueType.BOOLEAN, ValueType.CHOICE):
        choices = "yes_no" if kind == ValueType.BOOLEAN else f"ind_{code}"
        texts = {"label": _name(indicator), "hint": _definition(indicator)}
        return [_asked(f"select_one {choices}", code, texts)]
    if not indicator.by_gender:
        rows = [_number(indicator, code, _name(indicator))]
    else:
        women = _name(indicator, gettext_noop("%(name)s — women"))
        men = _name(indicator, gettext_noop("%(name)s — men"))
        total = f"${{{code}__female}} + ${{{code}__male}}"
        rows = [
            _number(indicator, f"{code}__female", women),
            _number(indicator, f"{code}__male", men),
            _row("calculate", code, calculation=total),
        ]
    if indicator.by_youth:
        youth = _name(indicator, gettext_noop("%(name)s — youth (under 30)"))
        rows.append(_number(indicator, f"{code}__youth", youth, at_most_total=True))
    return rows


def _name(indicator: IndicatorSpec, message: str = "%(name)s") -> Texts:
    """The msgid ``message`` translated into each language, naming the indicator."""
    names = {"id": indicator.name_id, "en": indicator.name_en or indicator.name_id}
    return _bilingual(lambda: _(message) % {"name": names[_lang()]})


def _number(
    indicator: IndicatorSpec, name: str, label: Texts, *, at_most_total: bool = False
) -> dict[str, str]:
    kind, conditions, message = _numeric_rule(indicator)
    if at_most_total:
        conditions.append(f". <= ${{{indicator.code}}}")
        message = _join(message, _both(gettext_noop("The youth part cannot exceed the total.")))
    unit = _bilingual(lambda: _("Unit: %(unit)s.") % {"unit": _unit(indicator)})
    texts = {"label": label, "hint": _join(_definition(indicator), unit)}
    texts["constraint_message"] = message
    constraint = " and ".join(conditions)
    return _asked(kind, name, texts, constraint=constraint, appearance="thousands-sep")


def _numeric_rule(indicator: IndicatorSpec) -> tuple[str, list[str], Texts]:
    """The question type, the constraint's conditions and its message for a number."""
    low, high = indicator.min_value, indicator.max_value
    if indicator.value_type == ValueType.PERCENT:
        low = Decimal(0) if low is None else max(low, Decimal(0))
        high = Decimal(100) if high is None else min(high, Decimal(100))
    rupiah = indicator.unit in RUPIAH
    whole = indicator.value_type == ValueType.INTEGER or rupiah
    fits = all(b is not None and abs(b) <= NINE_DIGITS for b in (low, high))
    kind = "integer" if whole and fits and not rupiah else "decimal"
    conditions = [f". {op} {_plain(b)}" for op, b in ((">=", low), ("<=", high)) if b is not None]
    if whole and kind == "decimal":
        conditions.append(". = int(.)")
    if not conditions:
        return kind, conditions, ("", "")
    return kind, conditions, _bilingual(lambda: _range_message(indicator, low, high, whole))


def _range_message(
    indicator: IndicatorSpec, low: Decimal | None, high: Decimal | None, whole: bool
) -> str:
    params = {"unit": _unit(indicator), "low": _readable(low), "high": _readable(high)}
    messages = {  # (whole, has a lowest value, has a highest value): message
        (True, True, True): _("A whole number from %(low)s to %(high)s (%(unit)s)."),
        (False, True, True): _("A number from %(low)s to %(high)s (%(unit)s)."),
        (True, True, False): _("A whole number of at least %(low)s (%(unit)s)."),
        (False, True, False): _("A number of at least %(low)s (%(unit)s)."),
        (True, False, True): _("A whole number of at most %(high)s (%(unit)s)."),
        (False, False, True): _("A number of at most %(high)s (%(unit)s)."),
        (True, False, False): _("A whole number (%(unit)s)."),
    }
    return messages[whole, low is not None, high is not None] % params


def _definition(indicator: IndicatorSpec) -> Texts:
    return (indicator.definition_id, indicator.definition_en or indicator.definition_id)


def _unit(indicator: IndicatorSpec) -> str:
    if _lang() == "id":
        return indicator.unit_id or indicator.unit_en or indicator.unit
    return indicator.unit_en or indicator.unit_id or indicator.unit


def _options(indicator: IndicatorSpec) -> list[list[str]]:
    if indicator.value_type != ValueType.CHOICE:
        return []
    if not indicator.options:
        raise ValueError(_("Indicator %(code)s has no options.") % {"code": indicator.code})
    return [
        [code, label_id, label_en or label_id] for code, label_id, label_en in indicator.options
    ]


def _asked(kind: str, name: str, texts: dict[str, Texts], **plain: str) -> dict[str, str]:
    """A question that must be answered."""
    required = {"required_message": _both(gettext_noop("Please answer this question."))}
    return _row(kind, name, texts | required, required="yes", **plain)


def _row(
    kind: str, name: str, texts: dict[str, Texts] | None = None, **plain: str
) -> dict[str, str]:
    row = {"type": kind, "name": name, **plain}
    for column, pair in (texts or {}).items():
        row.update(zip(_translated(column), pair, strict=True))
    return row


def _workbook(
    sheets: dict[str, list[list[str]]], on_row: Callable[[str, list[str]], None] | None = None
) -> bytes:
    """An XLSX of text cells only: nothing written there can become a formula. ``on_row`` is
    called with the sheet's title and the row after each row written."""
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append([_text_cell(sheet, value) for value in values])
            if on_row is not None:
                on_row(title, values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(sheet: Any, value: str) -> Any:
    if not value:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


# ---------------------------------------------------------------- two languages


def _bilingual(build: Callable[[], str]) -> Texts:
    """``build()`` run with Indonesian active, then with English."""
    with translation.override("id"):
        indonesian = build()
    with translation.override("en"):
        english = build()
    return indonesian, english


def _both(msgid: str) -> Texts:
    """``msgid`` (marked for translation with ``gettext_noop``) in Indonesian and English."""
    return _bilingual(lambda: _(msgid))


def _join(first: Texts, second: Texts) -> Texts:
    return (f"{first[0]} {second[0]}".strip(), f"{first[1]} {second[1]}".strip())


def _lang() -> str:
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def _plain(number: Decimal) -> str:
    """``number`` as XPath writes it: digits, no exponent, no trailing zeros."""
    return format(number.normalize(), "f")


def _readable(number: Decimal | None) -> str:
    """``number`` grouped for a reader of the active language: 5.000.000.000 or 5,000,000,000."""
    if number is None:
        return ""
    text = format(number.normalize(), ",f")
    return text.translate(str.maketrans(",.", ".,")) if _lang() == "id" else text
