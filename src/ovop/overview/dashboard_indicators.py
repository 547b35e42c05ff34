"""The dashboard's indicators: participants' and comparison enterprises' figures in the chosen
year, against the year's target, read from the value tallies (``monitoring.tallies``) — a few
rows per indicator whatever the number of values, and never older than the values.

The figure is the indicator's own aggregation over the year's last round asking it (as the
targets' page reads it): a mean, a sum, or the share answering yes. A median cannot be kept as
a running sum: such an indicator says so and links to its page, which reads the values.
Targets are set for a place, not a product category: with a category chosen the achievement
is left out and the page says why.

The headline impact estimates are the evaluation's (``ovop.evaluation.headlines``): computed in
the background for each version of the data, never on the dashboard's request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum

from ovop.analysis.effectiveness import band_of
from ovop.analysis.targets import achievement
from ovop.evaluation.effectiveness import BAND_LABELS, bands_for
from ovop.evaluation.selectors import indicators_asked
from ovop.evaluation.sentences import mean_text, percent
from ovop.evaluation.services import settings_of
from ovop.monitoring.choices import Aggregation, Arm, Direction, ValueType
from ovop.monitoring.models import Indicator, Round, Target, ValueTally
from ovop.monitoring.models_tallies import TallyLevel
from ovop.overview.dashboard_filters import Filters
from ovop.programme.models import Programme


@dataclass(frozen=True)
class Figure:
    n: int
    value: float | None
    text: str = ""


def value_text(value: float, indicator: Indicator) -> str:
    """A figure as the indicator's aggregation gives it: a share is already in percent."""
    if indicator.aggregation == Aggregation.SHARE:
        return percent(value)
    return mean_text(value, indicator)


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    round: Round | None
    participants: Figure
    comparison: Figure
    target: Target | None
    achievement_pct: float | None
    band: str
    #: Why a figure is missing ("median", "no_round"), "" when none is.
    note: str = ""

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS[self.band]) if self.band else ""

    @property
    def target_text(self) -> str:
        if self.target is None:
            return ""
        return value_text(float(self.target.target_value), self.indicator)

    @property
    def achievement_text(self) -> str:
        return "" if self.achievement_pct is None else percent(self.achievement_pct)


def figure_value(sums: dict[str, Any] | None, aggregation: str) -> float | None:
    """The figure an aggregation makes of running sums: a mean, a sum, or the share answering
    yes; None for a median (it cannot be kept as a running sum) or without values."""
    if not sums or not sums["n"] or aggregation == Aggregation.MEDIAN:
        return None
    if aggregation == Aggregation.SUM:
        return float(sums["total"])
    if aggregation == Aggregation.SHARE:
        return float(sums["ones"]) / float(sums["n"]) * 100.0
    return float(sums["total"]) / float(sums["n"])


def figure_of(sums: dict[str, Any] | None, indicator: Indicator) -> Figure:
    """The indicator's figure from its running sums, with its text."""
    n = int(sums["n"]) if sums else 0
    value = figure_value(sums, indicator.aggregation)
    return Figure(n, None) if value is None else Figure(n, value, value_text(value, indicator))


def _latest_rounds(programme: Programme, year: int) -> dict[int, Round]:
    """Indicator → the year's last round of the programme asking it (one query)."""
    found: dict[int, Round] = {}
    rounds = Round.objects.filter(programme=programme, year=year).order_by("period_end", "pk")
    for round_ in rounds.prefetch_related("questions"):
        for question in round_.questions.all():
            found[question.indicator_id] = round_
    return found


def _sums(
    rounds: list[Round], filters: Filters, area: str
) -> dict[tuple[int, int, str], dict[str, Any]]:
    level = TallyLevel.KECAMATAN if filters.kecamatan is not None else TallyLevel.REGENCY
    rows = (
        ValueTally.objects.filter(
            round__in=rounds, level=level, area_code=area, category=filters.category
        )
        .values("round_id", "indicator_id", "arm")
        .annotate(n=Sum("n"), total=Sum("total"), ones=Sum("ones"))
    )
    return {(r["round_id"], r["indicator_id"], r["arm"]): r for r in rows}


def _targets(indicators: list[Indicator], area_id: int, year: int) -> dict[int, Target]:
    rows = Target.objects.filter(indicator__in=indicators, region_id=area_id, year=year)
    return {t.indicator_id: t for t in rows}


def indicator_lines(programme: Programme, filters: Filters) -> list[IndicatorLine]:
    """Every indicator the programme's rounds ask, in the chosen year and place (five
    queries, whatever the number of values)."""
    indicators = list(indicators_asked(programme))
    rounds = _latest_rounds(programme, filters.year)
    place = filters.kecamatan or programme.regency
    sums = _sums(list(set(rounds.values())), filters, place.code)
    targets = {} if filters.category else _targets(indicators, place.pk, filters.year)
    limits = settings_of(programme).band_limits_pct
    lines = []
    for indicator in indicators:
        round_ = rounds.get(indicator.pk)
        key = (round_.pk if round_ else 0, indicator.pk)
        mine = figure_of(sums.get((*key, Arm.PARTICIPANT)), indicator)
        other = figure_of(sums.get((*key, Arm.COMPARISON)), indicator)
        target = targets.get(indicator.pk)
        pct = None
        if target is not None and mine.value is not None:
            pct = achievement(
                actual=mine.value,
                target=target.target_value,
                lower_is_better=indicator.direction == Direction.LOWER,
            )
        pct = None if pct is None else round(pct, 1)
        band = band_of(pct / 100, bands_for(limits)) if pct is not None else ""
        note = "median" if indicator.aggregation == Aggregation.MEDIAN else ""
        note = "choice" if indicator.value_type == ValueType.CHOICE else note
        note = note or ("" if round_ else "no_round")
        lines.append(IndicatorLine(indicator, round_, mine, other, target, pct, band, note))
    return lines
