"""Chapter 1 of the report, "were the goals reached?": every target of the programme's
indicators in its regency up to the report's year, with the participants' actual value, the
achievement and its effectiveness band (``effectiveness.programme_targets``, as the programme's
page and the API's ``targets/`` show them), a chart of the achievements, and the count by band.
A target without an achievement says why: no round of its year, no finished value, or a
target of zero (nothing can be measured against a zero yardstick)."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _

from ovop.evaluation import effectiveness, services
from ovop.evaluation.effectiveness import TargetLine
from ovop.evaluation.report_charts import bar_chart
from ovop.evaluation.report_parts import (
    Block,
    Cell,
    Column,
    Figure,
    Table,
    Text,
    empty,
    number_cell,
    percent_cell,
    text_cell,
    year_cell,
)
from ovop.programme.models import Programme


def why_no_achievement(line: TargetLine) -> str:
    row = line.row
    if row.achievement_pct is not None:
        return ""
    if row.round is None:
        return _("no round of this year asks the indicator yet")
    if row.actual is None:
        return _("no finished entry holds a value yet")
    if row.target.target_value == 0:
        return _("a target of zero cannot serve as a yardstick")
    return _("no achievement")


def _row(line: TargetLine) -> list[Cell]:
    row, target = line.row, line.row.target
    return [
        text_cell(target.indicator.name),
        text_cell(target.indicator.code),
        text_cell(target.region.name),
        year_cell(target.year),
        Cell(float(target.target_value), row.target_text, "#,##0.####"),
        Cell(row.actual, row.actual_text, "#,##0.00") if row.actual is not None else text_cell(""),
        number_cell(row.respondents),
        percent_cell(row.achievement_pct),
        text_cell(line.band_label or why_no_achievement(line)),
    ]


def targets_table(lines: list[TargetLine]) -> Table:
    columns = [
        Column(_("Indicator")),
        Column(_("Code"), pdf=False),
        Column(_("Region")),
        Column(_("Year"), numeric=True),
        Column(_("Target"), numeric=True),
        Column(_("Actual"), numeric=True),
        Column(_("Respondents"), numeric=True),
        Column(_("Achievement (%)"), numeric=True),
        Column(_("Band, or why there is none")),
    ]
    note = _(
        "Achievement: actual ÷ target; for an indicator where lower is better, (2 × target − "
        "actual) ÷ target, as in government performance reports. Actual: the participants' "
        "values in the round of the target's year, combined as the indicator says."
    )
    return Table(
        "targets", _("Targets and their achievement"), columns, [_row(x) for x in lines], note
    )


def _label(line: TargetLine, regency: str) -> str:
    target = line.row.target
    place = "" if target.region.code == regency else f", {target.region.name}"
    return f"{target.indicator.name} {target.year}{place}"


def achievement_figure(lines: list[TargetLine], regency: str) -> Figure | None:
    reached = [x for x in lines if x.row.achievement_pct is not None]
    items = [(_label(x, regency), float(x.row.achievement_pct or 0)) for x in reached]
    chart = bar_chart(items, lambda v: f"{round(v):d}\u00a0%", reference=100.0)
    if chart is None:
        return None
    columns = [Column(_("Target")), Column(_("Achievement (%)"), numeric=True), Column(_("Band"))]
    rows = [
        [text_cell(name), percent_cell(x.row.achievement_pct), text_cell(x.band_label)]
        for (name, _v), x in zip(items, reached, strict=True)
    ]
    title = _("Achievement of each target (the dashed line is 100 %)")
    data = Table("targets-chart", title, columns, rows)
    return Figure("targets-chart", title, "evaluation/report/_bars_svg.html", chart, data)


def _bands_text(lines: list[TargetLine], limits: tuple[int, ...], default: bool) -> Text:
    counts = Counter(x.band for x in lines if x.band)
    parts = [
        f"{effectiveness.BAND_LABELS[code]}: {counts.get(code, 0)}"
        for code in effectiveness.BAND_LABELS
    ]
    rule = _(
        "very effective from %(a)s %%, effective from %(b)s %%, fairly effective from %(c)s %%, "
        "less effective from %(d)s %%, not effective below"
    ) % dict(zip("abcd", limits, strict=True))
    source = (
        _("the default commonly used in Indonesian local-government evaluation")
        if default
        else _("set for this programme")
    )
    text = _("%(n)s of %(total)s targets have an achievement. Bands (%(source)s): %(rule)s.") % {
        "n": sum(counts.values()),
        "total": len(lines),
        "source": source,
        "rule": rule,
    }
    return Text(text, items=tuple(parts))


def goal_blocks(programme: Programme, year: int) -> list[Block]:
    limits = services.settings_of(programme).band_limits_pct
    lines = effectiveness.programme_targets(programme, limits, until_year=year)
    if not lines:
        return [
            empty(
                _(
                    "no target is set for the programme's indicators up to %(year)s (officers "
                    "set targets on each indicator's page in Monitoring)"
                )
                % {"year": year}
            )
        ]
    blocks: list[Block] = [
        _bands_text(lines, limits, limits == effectiveness.DEFAULT_LIMITS),
        targets_table(lines),
    ]
    figure = achievement_figure(lines, programme.regency.code)
    if figure is not None:
        blocks.append(figure)
    return blocks
