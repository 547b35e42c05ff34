"""The office spreadsheet of a round: one row per respondent, one column per question.

Headers are in Indonesian with the unit ("Omzet per bulan (rupiah per bulan)"); the first
columns identify the respondent (its id in ovop, then the enterprise, owner, village and
group for the people filling it in); a question with options gets a drop-down of them; stored
values are already filled in, so that an office can complete or correct what it has. A
second sheet explains how to fill it in; a hidden one names the round, so that the file of
another round is recognised and refused.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ovop.core.exports import neutralise
from ovop.monitoring.answers import Question, round_questions, unit_text
from ovop.monitoring.choices import ValueType
from ovop.monitoring.models import Respondent, Round
from ovop.monitoring.selectors_rounds import EntryField, shown_value

DATA_SHEET = "Data"
KEY_SHEET = "ovop"
#: The identifying columns: column name → its header texts (Indonesian first, then English).
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "respondent": ("ID responden", "Respondent id", "respondent", "id"),
    "enterprise": ("Nama usaha", "Enterprise", "business name"),
    "owner": ("Pemilik", "Owner"),
    "village": ("Desa", "Village", "Desa/Kelurahan"),
    "arm": ("Kelompok", "Group"),
}


def header_of(question: Question) -> str:
    """The Indonesian header of a question: its label and its unit (a count has none)."""
    with translation.override("id"):
        unit = unit_text(question.indicator.unit)
        return f"{question.label} ({unit})" if unit else question.label


def question_aliases(question: Question) -> tuple[str, ...]:
    """Every header text that names ``question``: Indonesian and English, with or without
    the unit (a unit in brackets is ignored when headers are compared), and its name."""
    texts = [header_of(question)]
    for language in ("id", "en"):
        with translation.override(language):
            texts.append(question.label)
    texts.append(question.name)
    return tuple(dict.fromkeys(texts))


def columns_of(questions: Iterable[Question]) -> dict[str, tuple[str, ...]]:
    return {**ID_COLUMNS, **{q.name: question_aliases(q) for q in questions}}


def respondent_key(respondent: Respondent) -> str:
    return f"r{respondent.pk}"


def _instructions(round_: Round) -> list[list[Any]]:
    with translation.override("id"):
        return [
            [_("How to fill in this spreadsheet")],
            [round_.name],
            [],
            [
                _(
                    "One row per respondent. Do not change the column “ID responden”: it tells "
                    "ovop which enterprise the row belongs to."
                )
            ],
            [
                _(
                    "Money may be typed as 1500000, 1.500.000, Rp 1.500.000 or 1,5 juta. Decimals "
                    "take a comma: 72,5."
                )
            ],
            [
                _(
                    "Percentages as 15 or 15%. Yes/no as ya or tidak. Leave a cell empty when the "
                    "answer is not known."
                )
            ],
            [
                _(
                    "An import is checked first: you see every row that cannot be read, with the "
                    "reason, and nothing is stored until you confirm. Either every row is stored "
                    "or none."
                )
            ],
            [
                _(
                    "Importing the same file again changes nothing; a changed value keeps its "
                    "earlier value in the history."
                )
            ],
        ]


def round_template(round_: Round, respondents: Iterable[Respondent]) -> IO[bytes]:
    """The XLSX of ``round_`` with a row for each of ``respondents`` (stored values filled in)."""
    questions = round_questions(round_)
    book = Workbook(write_only=False)
    sheet = book.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    headers = [ID_COLUMNS[c][0] for c in ID_COLUMNS] + [header_of(q) for q in questions]
    sheet.append(headers)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    for index, width in enumerate([14, 28, 22, 20, 16] + [18] * len(questions), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    rows = 0
    for respondent in respondents:
        stored = {(v.indicator_id, v.breakdown): v for v in respondent.values.all()}
        values = [shown_value(q, stored.get(q.key)) for q in questions]
        _append(
            sheet,
            [
                respondent_key(respondent),
                respondent.enterprise.name,
                respondent.enterprise.owner_name,
                respondent.enterprise.village.name,
                respondent.get_arm_display(),
                *values,
            ],
        )
        rows += 1
    _drop_downs(sheet, questions, rows)
    notes = book.create_sheet("Petunjuk")
    for line in _instructions(round_):
        notes.append(line)
    notes.column_dimensions["A"].width = 110
    key = book.create_sheet(KEY_SHEET)
    key.append(["round", round_.pk, "version", round_.form_version])
    key.sheet_state = "hidden"
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    book.save(out)
    out.seek(0)
    return out


def _append(sheet: Any, row: list[Any]) -> None:
    """Append ``row``; texts are neutralised and kept as text, never read as formulas."""
    sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _drop_downs(sheet: Any, questions: list[Question], rows: int) -> None:
    first = len(ID_COLUMNS) + 1
    last_row = max(rows + 1, 2) + 500  # room for rows the office adds
    for offset, question in enumerate(questions):
        indicator = question.indicator
        if indicator.value_type == ValueType.BOOLEAN:
            options = ["ya", "tidak"]
        elif indicator.value_type == ValueType.CHOICE:
            with translation.override("id"):
                options = [
                    indicator.option_label(c).replace(",", " ") for c in indicator.option_codes()
                ]
        else:
            continue
        letter = get_column_letter(first + offset)
        rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        rule.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(rule)


__all__ = ["EntryField", "columns_of", "header_of", "respondent_key", "round_template"]
