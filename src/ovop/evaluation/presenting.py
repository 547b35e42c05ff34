"""An impact as the page and the report lay it out: rows of text in the active language.
Formatting only; the numbers come from ``impact``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ovop.evaluation import charts
from ovop.evaluation.designs import Effect
from ovop.evaluation.impact import Estimated, IndicatorImpact, MeanPoint
from ovop.evaluation.sentences import amount, mean_text, percent
from ovop.monitoring.choices import Arm

DESIGNS = {
    "before_after": gettext_lazy("Before and after (participants only)"),
    "did": gettext_lazy("Difference-in-differences"),
    "staggered": gettext_lazy("Staggered adoption (Callaway & Sant'Anna)"),
}


@dataclass(frozen=True)
class EstimateRow:
    design: str
    label: str
    estimate: str = ""
    interval: str = ""
    p: str = ""
    sample: str = ""
    reason: str = ""
    headline: bool = False


@dataclass(frozen=True)
class MeansRow:
    year: int
    participants: str
    participants_n: int
    comparison: str
    comparison_n: int
    asked_participants: int
    asked_comparison: int


@dataclass(frozen=True)
class EventRow:
    e: int
    estimate: str
    interval: str
    before: bool
    covers_zero: bool


def headline_row(result: Estimated) -> EstimateRow | None:
    """The headline's row (in percent for a log-scale headline), for the programme's table."""
    rows = [r for r in estimate_rows(result) if r.headline]
    return rows[-1] if rows else None


def event_rows(result: Estimated) -> list[EventRow]:
    """The event study, in percent on the log scale."""
    log = result.events_scale == "log"
    rows = []
    for point in result.events:
        low, high = point.ci95
        if log:
            texts = [percent(100 * math.expm1(x)) for x in (point.att, low, high)]
        else:
            texts = [amount(x, result.indicator) for x in (point.att, low, high)]
        rows.append(
            EventRow(point.e, texts[0], f"{texts[1]} … {texts[2]}", point.e < 0, low <= 0 <= high)
        )
    return rows


def p_text(p: float) -> str:
    if p < 0.001:
        return "< " + number_format(0.001, 3, use_l10n=True)
    return number_format(round(p, 3), 3, use_l10n=True)


def means_chart(result: Estimated) -> charts.MeansChart | None:
    series: dict[str, list[tuple[int, float]]] = {}
    for point in result.means:
        series.setdefault(point.arm, []).append((point.year, point.mean))
    return charts.means_chart(series, lambda v: mean_text(v, result.indicator))


def event_chart(result: Estimated) -> charts.EventChart | None:
    """On the log scale the effects are drawn in percent, as the table gives them."""
    log = result.events_scale == "log"

    def shown(value: float) -> float:
        return 100 * math.expm1(value) if log else value

    events = [(p.e, shown(p.att), shown(p.ci95[0]), shown(p.ci95[1])) for p in result.events]
    label = percent if log else (lambda v: amount(v, result.indicator))
    return charts.event_chart(events, label)


def estimate_rows(result: Estimated) -> list[EstimateRow]:
    rows = [_before_after_row(result)]
    for design in ("did", "staggered"):
        effect = result.effects.get(design)
        label = str(DESIGNS[design])
        if effect is None:
            rows.append(EstimateRow(design, label, reason=result.reasons.get(design, "")))
            continue
        rows.append(_effect_row(result, effect, label))
        log = result.effects.get(f"{design}_log")
        if log is not None:
            middle, low, high = log.percent()
            rows.append(
                EstimateRow(
                    design + "_log",
                    _("%(design)s, in percent") % {"design": label},
                    percent(middle),
                    f"{percent(low)} … {percent(high)}",
                    p_text(log.p),
                    _sample(log),
                    headline=design == result.design,
                )
            )
    return rows


def staggered_rows(result: Estimated) -> list[EstimateRow]:
    """The staggered-adoption rows alone (the estimate over every programme has no other)."""
    return [row for row in estimate_rows(result) if row.design.startswith("staggered")]


def _sample(effect: Effect) -> str:
    values = {"t": effect.n_treated, "c": effect.n_control}
    if effect.design == "staggered":
        return _("%(t)s treated, %(c)s not treated in the years measured") % values
    return _("%(t)s participants, %(c)s comparison") % values


def _effect_row(result: Estimated, effect: Effect, label: str) -> EstimateRow:
    indicator = result.indicator
    return EstimateRow(
        effect.design,
        label,
        amount(effect.estimate, indicator),
        f"{amount(effect.ci95[0], indicator)} … {amount(effect.ci95[1], indicator)}",
        p_text(effect.p),
        _sample(effect),
        headline=effect.design == result.design,
    )


def _before_after_row(result: Estimated) -> EstimateRow:
    label = str(DESIGNS["before_after"])
    change = result.before_after
    if change is None:
        return EstimateRow("before_after", label, reason=result.reasons.get("before_after", ""))
    indicator = result.indicator
    return EstimateRow(
        "before_after",
        label,
        amount(change.mean_diff, indicator),
        f"{amount(change.ci95[0], indicator)} … {amount(change.ci95[1], indicator)}",
        _("t-test %(t)s; Wilcoxon %(w)s")
        % {"t": p_text(change.p_t), "w": p_text(change.p_wilcoxon)},
        _("%(n)s participants, %(first)s and %(last)s")
        % {"n": change.n, "first": change.first_year, "last": change.last_year},
        headline=result.design == "before_after",
    )


def means_rows(
    result: Estimated, asked: Mapping[tuple[int, str], int] | None = None
) -> list[MeansRow]:
    """The means by year and side; ``asked``: the respondents of each year and side (0 when
    not given)."""
    found: dict[tuple[int, str], MeanPoint] = {(m.year, m.arm): m for m in result.means}

    def mean(year: int, arm: str) -> tuple[str, int]:
        point = found.get((year, arm))
        return (mean_text(point.mean, result.indicator), point.n) if point else ("—", 0)

    rows = []
    for year in result.years:
        treated, n_treated = mean(year, Arm.PARTICIPANT)
        control, n_control = mean(year, Arm.COMPARISON)
        asked = {} if asked is None else asked
        rows.append(
            MeansRow(
                year,
                treated,
                n_treated,
                control,
                n_control,
                asked.get((year, Arm.PARTICIPANT), 0),
                asked.get((year, Arm.COMPARISON), 0),
            )  # fmt: skip
        )
    return rows


@dataclass(frozen=True)
class SubgroupRow:
    label: str
    estimate: str
    interval: str
    p: str
    p_holm: str
    q_bh: str
    n_treated: int
    clear: bool


@dataclass(frozen=True)
class SubgroupView:
    label: str
    rows: list[SubgroupRow]
    test: str
    skipped: list[tuple[str, str]]
    #: How many participants are in no subgroup, in words ("" when none).
    left_out: str = ""


def _left_out_text(dimension: str, n: int) -> str:
    """The participants with nothing to group them by, said for the dimension."""
    if not n:
        return ""
    if dimension == "owner_gender":
        text = ngettext(
            "%(n)s participant whose owner's gender is not recorded is in no subgroup.",
            "%(n)s participants whose owner's gender is not recorded are in no subgroup.",
            n,
        )
    elif dimension == "category":
        text = ngettext(
            "%(n)s participant without a product recorded is in no subgroup.",
            "%(n)s participants without a product recorded are in no subgroup.",
            n,
        )
    else:
        text = ngettext(
            "%(n)s participant is in no subgroup.", "%(n)s participants are in no subgroup.", n
        )
    return text % {"n": n}


def subgroup_views(result: IndicatorImpact) -> list[SubgroupView]:
    """The subgroup tables in the headline's unit (percent on the log scale)."""
    log = result.headline_log is not None

    def shown(value: float) -> str:
        return percent(100 * math.expm1(value)) if log else amount(value, result.indicator)

    views = []
    for table in result.subgroups:
        rows = [
            SubgroupRow(
                e.label,
                shown(e.estimate),
                f"{shown(e.ci95[0])} … {shown(e.ci95[1])}",
                p_text(e.p),
                p_text(e.p_holm),
                p_text(e.q_bh),
                d.n_treated,
                e.p_holm < 0.05,
            )  # fmt: skip
            for e, d in zip(table.effects, table.details, strict=True)
        ]
        test = ""
        if table.heterogeneity is not None:
            h = table.heterogeneity
            test = _(
                "Equal effects in every subgroup? Cochran's Q = %(q)s, %(df)s df, p = %(p)s; "
                "I² = %(i2)s."
            ) % {
                "q": number_format(round(h.q, 2), 2, use_l10n=True),
                "df": h.df,
                "p": p_text(h.p),
                "i2": percent(100 * h.i2),
            }
        left_out = _left_out_text(table.dimension, table.left_out)
        views.append(SubgroupView(table.label, rows, test, list(table.skipped), left_out))
    return views
