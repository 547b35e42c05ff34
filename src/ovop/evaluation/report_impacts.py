"""The report's change chapters (4 economic, 5 social, 6 environmental, and the outputs of
chapter 8): each indicator of the domain the rounds asked, its headline effect with the 95 %
interval, the participants' change before and after, the means by year and the event study as
figures, and the indicators of the domain no round has asked yet.

Every number is the impact's own (``impact.indicator_impact``, as the API's
``/indicators/<code>/`` gives it); the texts round them as the indicator's page does.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.evaluation import presenting
from ovop.evaluation.designs import Effect
from ovop.evaluation.efficiency_outcomes import OUTCOMES
from ovop.evaluation.impact import RUPIAH as RUPIAH_UNITS
from ovop.evaluation.impact import IndicatorImpact
from ovop.evaluation.report_parts import (
    ONE,
    P_VALUE,
    RUPIAH,
    TWO,
    Block,
    Cell,
    Column,
    Figure,
    Table,
    Text,
    empty,
    formatted_cell,
    none_cell,
    number_cell,
    p_cell,
    percent_cell,
    text_cell,
    year_cell,
)
from ovop.evaluation.sentences import amount, impact_sentence, mean_text, percent
from ovop.monitoring.choices import Arm, Unit
from ovop.monitoring.models import Indicator

SHORT_DESIGNS = {
    "staggered": gettext_lazy("Staggered adoption"),
    "did": gettext_lazy("Difference-in-differences"),
    "before_after": gettext_lazy("Before and after"),
}


def unit_format(indicator: Indicator) -> str:
    """The workbook's format of the indicator's amounts, rounded as ``sentences.amount``."""
    if indicator.unit in RUPIAH_UNITS:
        return RUPIAH
    if indicator.unit == Unit.YES_NO:
        return P_VALUE  # a share of 0–1: three decimals keep its percentage points' one
    if indicator.unit in (Unit.PERCENT, Unit.SCORE, Unit.PERSONS, Unit.KG, Unit.KG_MONTH):
        return ONE
    return TWO


def _amount(value: float | None, indicator: Indicator) -> Cell:
    return formatted_cell(value, lambda v: amount(v, indicator), unit_format(indicator))


def _judged(result: IndicatorImpact) -> Effect | None:
    """The estimate significance is judged on: the log scale where there is one."""
    return result.headline_log or result.headline


def is_clear(result: IndicatorImpact) -> bool:
    """Whether the headline's interval (on the log scale where there is one) excludes zero."""
    judged = _judged(result)
    return judged is not None and judged.significant


def _remark(result: IndicatorImpact) -> str:
    judged = _judged(result)
    if judged is None:
        reasons = result.reasons
        reason = reasons.get("did") or reasons.get("staggered") or reasons.get("before_after", "")
        if result.before_after is not None:
            return _("No comparison: %(reason)s") % {"reason": reason}
        return reason
    if judged.significant:
        return _("Clear effect: the interval excludes zero")
    return _("No clear effect yet: the interval includes zero")


def _effect_texts(result: IndicatorImpact, effect: Effect) -> tuple[str, str]:
    indicator = result.indicator
    estimate = amount(effect.estimate, indicator)
    interval = f"{amount(effect.ci95[0], indicator)} … {amount(effect.ci95[1], indicator)}"
    log = result.headline_log
    if log is not None:
        middle, low, high = log.percent()
        estimate += f"\n({percent(middle)})"
        interval += f"\n({percent(low)} … {percent(high)})"
    return estimate, interval


def _impact_row(result: IndicatorImpact) -> list[Cell]:
    indicator, effect, log = result.indicator, result.headline, result.headline_log
    judged = _judged(result)
    design = str(SHORT_DESIGNS[result.design]) if result.design else "—"
    texts = _effect_texts(result, effect) if effect else ("—", "—")
    percents = log.percent() if log else (None, None, None)
    return [
        text_cell(indicator.name),
        text_cell(str(Unit(indicator.unit).label)),
        text_cell(design if effect else "—"),
        Cell(None, texts[0]),
        _amount(effect.estimate if effect else None, indicator),
        Cell(None, texts[1]),
        _amount(effect.ci95[0] if effect else None, indicator),
        _amount(effect.ci95[1] if effect else None, indicator),
        *(percent_cell(v) for v in percents),
        p_cell(judged.p if judged else None),
        p_cell(effect.p if effect else None),
        p_cell(log.p if log else None),
        number_cell(effect.n_treated if effect else None),
        number_cell(effect.n_control if effect else None),
        Cell(None, f"{effect.n_treated} / {effect.n_control}" if effect else "—"),
        text_cell(_remark(result)),
    ]


def impact_table(results: list[IndicatorImpact], key: str, title: str) -> Table:
    columns = [
        Column(_("Indicator")),
        Column(_("Unit"), pdf=False),
        Column(_("Design")),
        Column(_("Effect"), numeric=True, xlsx=False),
        Column(_("Effect"), numeric=True, pdf=False),
        # xgettext:no-python-format
        Column(_("95% confidence interval"), numeric=True, xlsx=False),
        Column(_("Lower limit"), numeric=True, pdf=False),
        Column(_("Upper limit"), numeric=True, pdf=False),
        Column(_("Effect (%)"), numeric=True, pdf=False),
        Column(_("Lower limit (%)"), numeric=True, pdf=False),
        Column(_("Upper limit (%)"), numeric=True, pdf=False),
        Column("p", numeric=True, xlsx=False),
        Column(_("p (in the unit)"), numeric=True, pdf=False),
        Column(_("p (in percent)"), numeric=True, pdf=False),
        Column(_("Participants"), numeric=True, pdf=False),
        Column(_("Comparison"), numeric=True, pdf=False),
        Column(_("n (participants / comparison)"), numeric=True, xlsx=False),
        Column(_("Remarks")),
    ]
    note = _(
        "The effect is the headline design's estimate in the indicator's unit; for amounts in "
        "rupiah the percentage change below it (log scale) is the one judged. p: the "
        "two-sided p-value of that estimate."
    )
    return Table(key, title, columns, [_impact_row(r) for r in results], note)


def _change_row(result: IndicatorImpact) -> list[Cell] | None:
    change, indicator = result.before_after, result.indicator
    if change is None:
        return None

    def mean(value: float) -> Cell:
        return formatted_cell(value, lambda v: mean_text(v, indicator), unit_format(indicator))

    low, high = change.ci95
    return [
        text_cell(indicator.name),
        year_cell(change.first_year),
        year_cell(change.last_year),
        number_cell(change.n),
        mean(change.mean_before),
        mean(change.mean_after),
        _amount(change.mean_diff, indicator),
        Cell(None, f"{amount(low, indicator)} … {amount(high, indicator)}"),
        _amount(low, indicator),
        _amount(high, indicator),
        p_cell(change.p_t),
        p_cell(change.p_wilcoxon),
    ]


def before_after_table(results: list[IndicatorImpact], key: str, title: str) -> Table | None:
    """The participants' change between the first and the last year (None when no indicator
    has one)."""
    rows = [row for row in map(_change_row, results) if row is not None]
    if not rows:
        return None
    columns = [
        Column(_("Indicator")),
        Column(_("From"), numeric=True),
        Column(_("To"), numeric=True),
        Column("n", numeric=True),
        Column(_("Mean before"), numeric=True),
        Column(_("Mean after"), numeric=True),
        Column(_("Change in the mean"), numeric=True),
        # xgettext:no-python-format
        Column(_("95% confidence interval"), numeric=True, xlsx=False),
        Column(_("Lower limit"), numeric=True, pdf=False),
        Column(_("Upper limit"), numeric=True, pdf=False),
        Column(_("p (t-test)"), numeric=True),
        Column(_("p (Wilcoxon)"), numeric=True),
    ]
    note = _(
        "Participants with a value in both years only; without a comparison group the change "
        "is not necessarily the programme's doing."
    )
    return Table(key, title, columns, rows, note)


def means_figure(result: IndicatorImpact, key: str) -> Figure | None:
    chart = presenting.means_chart(result)
    if chart is None:
        return None
    indicator = result.indicator
    by_key = {(m.year, m.arm): m for m in result.means}

    def shown(value: float) -> str:
        return mean_text(value, indicator)

    rows = []
    for year in result.years:
        cells = [year_cell(year)]
        for arm in (Arm.PARTICIPANT, Arm.COMPARISON):
            point = by_key.get((year, arm))
            value = point.mean if point else None
            cells.append(formatted_cell(value, shown, unit_format(indicator)))
            cells.append(number_cell(point.n if point else 0))
        rows.append(cells)
    columns = [
        Column(_("Year"), numeric=True),
        Column(_("Participants: mean"), numeric=True),
        Column(_("Participants: n"), numeric=True),
        Column(_("Comparison group: mean"), numeric=True),
        Column(_("Comparison group: n"), numeric=True),
    ]
    title = _("%(name)s: means by year") % {"name": indicator.name}
    data = Table(key, title, columns, rows)
    note = _("Participants: solid line, round markers. Comparison group: dashed line, squares.")
    return Figure(key, title, "evaluation/report/_means_svg.html", chart, data, note)


def event_figure(result: IndicatorImpact, key: str) -> Figure | None:
    chart = presenting.event_chart(result)
    if chart is None:
        return None
    log = result.events_scale == "log"
    indicator = result.indicator
    rows = []
    for point in result.events:
        cells = [number_cell(point.e)]
        for value in (point.att, *point.ci95):
            if log:
                cells.append(number_cell(value, 4) if math.isfinite(value) else none_cell())
            else:
                cells.append(_amount(value if math.isfinite(value) else None, indicator))
        if log:
            cells += [percent_cell(100 * math.expm1(v)) for v in (point.att, *point.ci95)]
        rows.append(cells)
    columns = [Column(_("Years since the first year treated"), numeric=True)]
    scale = _("log scale") if log else str(Unit(indicator.unit).label)
    for label in (_("Effect"), _("Lower limit"), _("Upper limit")):
        columns.append(Column(f"{label} ({scale})", numeric=True))
    if log:
        columns += [
            Column(_("Effect (%)"), numeric=True),
            Column(_("Lower limit (%)"), numeric=True),
        ]
        columns.append(Column(_("Upper limit (%)"), numeric=True))
    title = _("%(name)s: effect by years since the first year treated") % {"name": indicator.name}
    note = _(
        # xgettext:no-python-format
        "Each marker is the effect with its 95% interval; hollow markers are the years before "
        "treatment, where no effect is expected. The dashed line is zero."
    )
    data = Table(key, title, columns, rows)
    return Figure(key, title, "evaluation/report/_event_svg.html", chart, data, note)


def _left_out_note(results: list[IndicatorImpact]) -> Text | None:
    parts = []
    for result in results:
        unfinished = result.left_out.get("unfinished", 0)
        flagged = result.left_out.get("flagged", 0)
        if unfinished or flagged:
            values = {"name": result.indicator.name, "u": unfinished, "f": flagged}
            parts.append(
                _("%(name)s: %(u)s values of unfinished entries, %(f)s values flagged") % values
            )
    if not parts:
        return None
    return Text(_("Left out of the estimates, and why:"), items=tuple(parts))


def domain_blocks(
    results: list[IndicatorImpact], key: str, title: str, not_asked: list[Indicator]
) -> list[Block]:
    """The blocks of one domain's change: its table, sentences, figures and the rest."""
    blocks: list[Block] = []
    if not results and not not_asked:
        blocks.append(empty(_("no survey round of the programme asks an indicator of this kind")))
    elif results:
        blocks.append(impact_table(results, f"{key}-impacts", title))
        blocks.append(Text(_("In words:"), items=tuple(impact_sentence(r) for r in results)))
        change = before_after_table(
            results, f"{key}-before-after", _("Participants before and after")
        )
        if change is not None:
            blocks.append(change)
        blocks += _figures(results, key)
        left_out = _left_out_note(results)
        if left_out is not None:
            blocks.append(left_out)
    if not_asked:
        names = ", ".join(i.name for i in not_asked)
        blocks.append(empty(_("no survey round asks %(names)s yet") % {"names": names}))
    return blocks


def _figures(results: list[IndicatorImpact], key: str) -> list[Block]:
    """The means of every indicator with a clear effect, and the event study of the first."""
    figures: list[Block] = []
    clear = [r for r in results if is_clear(r)]
    for result in clear:
        figure = means_figure(result, f"{key}-means-{result.indicator.code}")
        if figure is not None:
            figures.append(figure)
    # the event study of the outcome the efficiency prices first (revenue), then of an
    # amount judged on the log scale, then the first
    first = sorted(clear, key=lambda r: (r.indicator.code not in OUTCOMES, r.events_scale != "log"))
    for result in first:
        figure = event_figure(result, f"{key}-events-{result.indicator.code}")
        if figure is not None:
            figures.append(figure)
            break
    return figures
