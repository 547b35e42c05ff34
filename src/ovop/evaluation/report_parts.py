"""The parts of the evaluation report's data (``report.report_build``): chapters of blocks,
cells that keep both the raw number and the text printed.

A chapter is a list of blocks: a paragraph, a numbered table, a numbered figure (an inline SVG
chart with the table of the numbers it draws), or a plain "no data yet" notice saying why a
part has nothing to show. A table cell keeps the raw number, exactly as the API gives it, and
the text printed (the number rounded and formatted for the report's language); the workbook
writes the raw numbers with a number format that rounds them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ovop.core.money import format_rupiah
from ovop.monitoring.models import Round
from ovop.programme.models import Programme

#: Number formats of the workbook's cells, by the rounding the report prints.
RUPIAH = "#,##0"
WHOLE = "#,##0"
ONE = "#,##0.0"
TWO = "#,##0.00"
P_VALUE = "0.000"


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell: the raw value (a number as the API gives it, or a text) and the text
    the PDF prints; ``fmt`` is the workbook's number format of a number."""

    value: float | int | str | None
    text: str
    fmt: str = ""


@dataclass(frozen=True, slots=True)
class Column:
    """A column; ``pdf`` / ``xlsx`` False leaves it out of that rendering (an interval is one
    column of text on paper and two columns of numbers in the workbook)."""

    label: str
    numeric: bool = False
    pdf: bool = True
    xlsx: bool = True


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Cell]]
    note: str = ""
    #: "4.1" once numbered; ``label`` is "Tabel 4.1" in the report's language.
    number: str = ""
    label: str = ""

    def _printed(self) -> list[bool]:
        """The columns printed: those meant for paper that hold something in some row."""
        return [
            column.pdf and any(row[k].text not in ("", "—") for row in self.rows)
            for k, column in enumerate(self.columns)
        ]

    def pdf_columns(self) -> list[Column]:
        return [c for c, shown in zip(self.columns, self._printed(), strict=True) if shown]

    def pdf_rows(self) -> list[list[tuple[Cell, Column]]]:
        """Each row's printed cells with their columns."""
        printed = self._printed()
        return [
            [(cell, c) for cell, c, shown in zip(row, self.columns, printed, strict=True) if shown]
            for row in self.rows
        ]

    def xlsx_columns(self) -> list[Column]:
        return [c for c in self.columns if c.xlsx]

    def xlsx_rows(self) -> list[list[Cell]]:
        keep = [c.xlsx for c in self.columns]
        return [[cell for cell, shown in zip(row, keep, strict=True) if shown] for row in self.rows]


@dataclass
class Figure:
    """A chart (geometry for the template ``template``) and the numbers it draws."""

    kind: ClassVar[str] = "figure"
    key: str
    title: str
    template: str
    chart: Any
    data: Table
    note: str = ""
    number: str = ""
    label: str = ""


@dataclass(frozen=True)
class Text:
    """A paragraph, or (``empty``) a notice that a part has no data yet and why."""

    kind: ClassVar[str] = "text"
    text: str
    empty: bool = False
    items: tuple[str, ...] = ()


Block = Table | Figure | Text


@dataclass
class Chapter:
    number: int
    key: str
    title: str
    question: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    def sheets(self) -> list[Table]:
        """Its tables and its figures' numbers, in the order they are printed."""
        found: list[Table] = []
        for block in self.blocks:
            if isinstance(block, Table):
                found.append(block)
            elif isinstance(block, Figure):
                found.append(block.data)
        return found


@dataclass(frozen=True)
class MethodNote:
    title: str
    paragraphs: tuple[str, ...]


@dataclass
class Report:
    programme: Programme
    year: int
    language: str
    printed_on: dt.date
    chapters: list[Chapter]
    methods: list[MethodNote]

    def sheets(self) -> list[Table]:
        """Every table and every figure's numbers, in the order they are printed."""
        return [table for chapter in self.chapters for table in chapter.sheets()]


# --- cells ------------------------------------------------------------------------------------


def _grouped(value: float, places: int) -> str:
    # rounded first: Django cuts the digits past ``places`` off instead of rounding them
    return number_format(round(value, places), places, use_l10n=True, force_grouping=True)


def none_cell() -> Cell:
    return Cell(None, "—")


def text_cell(text: str) -> Cell:
    return Cell(text, text or "—")


def year_cell(year: int) -> Cell:
    """A year, never grouped ("2025", not "2.025")."""
    return Cell(year, str(year), "0")


def money_cell(value: float | int | None) -> Cell:
    if value is None:
        return none_cell()
    return Cell(value, format_rupiah(round(value)).replace(" ", "\u00a0"), RUPIAH)


def number_cell(value: float | int | None, places: int = 0) -> Cell:
    if value is None:
        return none_cell()
    fmt = {0: WHOLE, 1: ONE}.get(places, TWO)
    return Cell(value, _grouped(value, places), fmt)


def percent_cell(value: float | int | None, places: int = 1) -> Cell:
    """A percent (``value`` already in percent: 93.4 for 93.4 %)."""
    if value is None:
        return none_cell()
    return Cell(value, f"{_grouped(value, places)}\u00a0%", ONE if places == 1 else WHOLE)


def p_cell(value: float | None) -> Cell:
    if value is None:
        return none_cell()
    text = (
        "<\u00a0" + number_format(0.001, 3, use_l10n=True) if value < 0.001 else _grouped(value, 3)
    )
    return Cell(value, text, P_VALUE)


def formatted_cell(value: float | None, shown: Callable[[float], str], fmt: str) -> Cell:
    """A number printed by ``shown`` (an indicator's unit, for example)."""
    return none_cell() if value is None else Cell(value, shown(value), fmt)


def share_pct(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in percent (unrounded), None when ``whole`` is 0."""
    return 100 * part / whole if whole else None


def empty(reason: str) -> Text:
    """The notice of a part with nothing to show: "No data yet: <reason>"."""
    return Text(_("No data yet: %(reason)s") % {"reason": reason}, empty=True)


# --- the report -------------------------------------------------------------------------------


def round_years(programme: Programme) -> list[int]:
    """The years of the programme's survey rounds, latest first."""
    years = Round.objects.filter(programme=programme).values_list("year", flat=True)
    return sorted(set(years), reverse=True)


def years_offered(programme: Programme, today: dt.date | None = None) -> list[int]:
    """The years the page offers a report of: its rounds' years, latest first; this year when
    it has no round yet (a report then says what is still missing)."""
    years = round_years(programme)
    this_year = (today or timezone.localdate()).year
    if not years and programme.start_year <= this_year:
        years = [this_year]
    return years


def report_language(active: str | None) -> str:
    """The report's language for the active one: English for English, else Indonesian."""
    return "en" if (active or "").startswith("en") else "id"


def year_allowed(programme: Programme, year: int, today: dt.date | None = None) -> bool:
    """A report may be made for a year of the programme (from its start year to this year)
    or any year a round of it measures."""
    this_year = (today or timezone.localdate()).year
    return programme.start_year <= year <= this_year or year in round_years(programme)


def numbered(number: int, key: str, title: str, question: str, blocks: Sequence[Block]) -> Chapter:
    """A chapter whose tables and figures are numbered "4.1", "4.2", … (each on its own)."""
    tables = figures = 0
    for block in blocks:
        if isinstance(block, Table):
            tables += 1
            block.number = f"{number}.{tables}"
            block.label = _("Table %(n)s") % {"n": block.number}
        elif isinstance(block, Figure):
            figures += 1
            block.number = f"{number}.{figures}"
            block.label = _("Figure %(n)s") % {"n": block.number}
            block.data.number = block.number
            block.data.label = block.label
    return Chapter(number, key, title, question, list(blocks))
