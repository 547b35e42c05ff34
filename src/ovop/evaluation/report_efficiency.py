"""Chapter 2 of the report, "at what cost?": the programme's efficiency as the efficiency page
and the API's ``efficiency/?year=`` give it (``efficiency.programme_efficiency`` up to the
report's year): budget absorption and physical progress by fiscal year, the money and reach
of each activity type, and the cost per unit of outcome gained with Fieller's interval.

Absorption and progress are fractions in the data (as the API gives them) and percents on
paper; a cost per unit the data cannot bound is said in words, with its floor."""

from __future__ import annotations

import math

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.evaluation.efficiency import Efficiency, TypeLine, programme_efficiency
from ovop.evaluation.efficiency_outcomes import OUTCOMES
from ovop.evaluation.presenting_efficiency import (
    OutcomeRow,
    money,
    outcome_tables,
    ratio_texts,
    statuses,
)
from ovop.evaluation.report_charts import bar_chart
from ovop.evaluation.report_impacts import unit_format
from ovop.evaluation.report_parts import (
    TWO,
    Block,
    Cell,
    Column,
    Figure,
    Table,
    Text,
    empty,
    formatted_cell,
    money_cell,
    none_cell,
    number_cell,
    text_cell,
    year_cell,
)
from ovop.evaluation.sentences import amount
from ovop.monitoring.models import Indicator
from ovop.programme.models import Programme

SHARE = "0.0%"


def share_cell(value: float | None) -> Cell:
    """A fraction (0.934) printed as a percent (93,4 %)."""
    if value is None:
        return none_cell()
    text = number_format(round(100 * value, 1), 1, use_l10n=True, force_grouping=True)
    return Cell(value, f"{text}\u00a0%", SHARE)


def years_table(result: Efficiency) -> Table:
    rows = []
    for line in result.years.lines:
        total = line.total
        rows.append(
            [
                year_cell(line.year),
                number_cell(line.villages),
                Cell(line.figures.as_at.isoformat(), line.figures.as_at.strftime("%d/%m/%Y")),
                number_cell(total.activities),
                Cell(None, statuses(total)),
                money_cell(total.planned_idr),
                money_cell(total.realised_idr),
                share_cell(line.absorption),
                share_cell(total.progress_share),
                text_cell(line.reason),
            ]
        )
    columns = [
        Column(_("Fiscal year"), numeric=True),
        Column(_("Villages"), numeric=True),
        Column(_("As at"), numeric=True),
        Column(_("Activities"), numeric=True, pdf=False),
        Column(_("Activities by status"), xlsx=False),
        Column(_("Planned (Rp)"), numeric=True),
        Column(_("Realised (Rp)"), numeric=True),
        Column(_("Absorption"), numeric=True),
        Column(_("Physical progress"), numeric=True),
        Column(_("Why there is no figure")),
    ]
    note = _(
        "The activities in the programme's villages that had joined by each year; cancelled "
        "activities are left out of the money and the progress. Physical progress: weighted "
        "by the planned cost."
    )
    return Table(
        "efficiency-years", _("Budget absorption and physical progress"), columns, rows, note
    )


def absorption_figure(result: Efficiency) -> Figure | None:
    lines = [x for x in result.years.lines if x.absorption is not None]
    items = [(str(x.year), 100 * (x.absorption or 0.0)) for x in lines]
    chart = bar_chart(items, lambda v: f"{round(v):d}\u00a0%", reference=100.0)
    if chart is None:
        return None
    columns = [Column(_("Fiscal year"), numeric=True), Column(_("Absorption"), numeric=True)]
    rows = [[year_cell(x.year), share_cell(x.absorption)] for x in lines]
    title = _("Budget absorption by fiscal year (the dashed line is 100 %)")
    data = Table("efficiency-absorption", title, columns, rows)
    return Figure("efficiency-absorption", title, "evaluation/report/_bars_svg.html", chart, data)


def _type_row(line: TypeLine) -> list[Cell]:
    per = line.per_certificate_idr
    return [
        text_cell(line.label),
        text_cell(", ".join(str(y) for y in line.years)),
        number_cell(line.row.activities),
        money_cell(line.row.planned_idr),
        money_cell(line.row.realised_idr),
        number_cell(line.enterprises),
        number_cell(line.participants),
        number_cell(line.certificates),
        formatted_cell(per, money, TWO),
    ]


def types_table(result: Efficiency) -> Table:
    columns = [
        Column(_("Activity type")),
        Column(_("Fiscal years")),
        Column(_("Activities"), numeric=True),
        Column(_("Planned (Rp)"), numeric=True),
        Column(_("Realised (Rp)"), numeric=True),
        Column(_("IKM reached"), numeric=True),
        Column(_("Participants"), numeric=True),
        Column(_("Certificates"), numeric=True),
        Column(_("Cost per certificate"), numeric=True),
    ]
    rows = [_type_row(line) for line in result.types]
    title = _("Money and reach by activity type")
    note = _(
        "IKM reached and participants: those who attended. Cost per certificate: money "
        "realised ÷ certificates obtained through the type's activities (— where none was)."
    )
    return Table("efficiency-types", title, columns, rows, note)


def _ratio_cell(value: float | None) -> Cell:
    if value is None or not math.isfinite(value):
        return none_cell()
    return Cell(value, money(value), TWO)


def _outcome_row(row: OutcomeRow, indicator: Indicator) -> list[Cell]:
    outcome, effect, ratio = row.outcome, row.outcome.effect, row.outcome.ratio
    assert effect is not None
    fmt = unit_format(indicator)

    def shown(value: float | None) -> Cell:
        return formatted_cell(value, lambda v: amount(v, indicator), fmt)

    texts = ratio_texts(ratio) if ratio else ("—", "—", "")
    low, high = ratio.ci95 if ratio else (None, None)
    cost = texts[0] if texts[1] == "—" else f"{texts[0]}\n({texts[1]})"
    return [
        text_cell(row.line.label),
        year_cell(outcome.up_to_year) if outcome.up_to_year else none_cell(),
        money_cell(outcome.cost_idr),
        number_cell(outcome.enterprises),
        Cell(None, f"{row.effect}\n({row.effect_interval})"),
        shown(effect.estimate),
        shown(effect.ci95[0]),
        shown(effect.ci95[1]),
        shown(outcome.total_gain),
        Cell(None, cost),
        Cell(ratio.estimate if ratio else None, texts[0], TWO),
        _ratio_cell(low),
        _ratio_cell(high),
        text_cell(texts[2]),
    ]


OUTCOME_COLUMNS = (
    (gettext_lazy("Activity type"), False, True, True),
    (gettext_lazy("Up to"), True, True, True),
    (gettext_lazy("Money realised (Rp)"), True, True, True),
    (gettext_lazy("IKM"), True, True, True),
    # xgettext:no-python-format
    (gettext_lazy("Effect per IKM (95% interval)"), True, True, False),
    (gettext_lazy("Effect per IKM"), True, False, True),
    (gettext_lazy("Lower limit"), True, False, True),
    (gettext_lazy("Upper limit"), True, False, True),
    (gettext_lazy("Total gain"), True, True, True),
    # xgettext:no-python-format
    (gettext_lazy("Cost per unit (95% interval)"), True, True, False),
    (gettext_lazy("Cost per unit"), True, False, True),
    (gettext_lazy("Cost: lower limit"), True, False, True),
    (gettext_lazy("Cost: upper limit"), True, False, True),
    (gettext_lazy("Remarks"), False, True, True),
)


def outcome_blocks(result: Efficiency, index: int) -> list[Block]:
    """The cost per unit of one outcome by activity type; the types without an estimate are
    named with their reason below the table."""
    table = outcome_tables(result)[index]
    indicator = table.indicator
    estimated = [r for r in table.rows if r.outcome.effect is not None]
    if indicator is None or not estimated:
        reasons = sorted({r.outcome.reason for r in table.rows if r.outcome.reason})
        return [empty("; ".join(reasons) or _("no survey round measures this outcome yet"))]
    columns = [
        Column(str(label), numeric, pdf, xlsx) for label, numeric, pdf, xlsx in OUTCOME_COLUMNS
    ]
    title = _("Cost %(per)s (%(name)s)") % {"per": table.per_unit, "name": indicator.name}
    note = _(
        # xgettext:no-python-format
        "Cost per unit: money realised ÷ (effect per IKM × IKM that took part), with Fieller's "
        "95% interval. The effect is that of the programme on the IKM that attended the type's "
        "activities, which may have attended others too: the types' gains overlap."
    )
    rows = [_outcome_row(r, indicator) for r in estimated]
    blocks: list[Block] = [Table(f"efficiency-{table.code}", title, columns, rows, note)]
    others: dict[str, list[str]] = {}
    for row in table.rows:
        if row.outcome.effect is None:
            others.setdefault(row.outcome.reason, []).append(row.line.label)
    if others:
        items = tuple(f"{', '.join(types)}: {reason}" for reason, types in others.items())
        blocks.append(Text(_("Activity types without an estimate, and why:"), items=items))
    return blocks


def efficiency_blocks(user: User, programme: Programme, year: int) -> list[Block]:
    result = programme_efficiency(user=user, programme=programme, until_year=year)
    if result.years.reason:
        return [empty(result.years.reason)]
    blocks: list[Block] = [years_table(result)]
    figure = absorption_figure(result)
    if figure is not None:
        blocks.append(figure)
    if result.types_reason:
        blocks.append(empty(result.types_reason))
        return blocks
    blocks.append(types_table(result))
    for index in range(len(OUTCOMES)):
        blocks += outcome_blocks(result, index)
    return blocks
