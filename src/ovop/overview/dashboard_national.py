"""The dashboard of every programme at once (a province's or the ministry's view): each
indicator's figures over all regencies, and how many of the regencies' targets reached each
effectiveness band — both from the regency-level value tallies, a few thousand rows
whatever the number of values (``monitoring.tallies``).

A figure over many programmes adds their rounds of the chosen year; the rounds of one
programme in one year are added too (a programme rarely surveys twice a year). Headline
impact estimates belong to one programme each and are shown on its own dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum

from ovop.analysis.effectiveness import band_of
from ovop.analysis.targets import achievement
from ovop.evaluation.effectiveness import DEFAULT_LIMITS, bands_for
from ovop.monitoring.choices import Arm, Direction
from ovop.monitoring.models import Indicator, Target, ValueTally
from ovop.monitoring.models_tallies import TallyLevel
from ovop.overview.dashboard_filters import Filters
from ovop.overview.dashboard_indicators import IndicatorLine, figure_of
from ovop.regions.models import Level

#: The band of a target without a value yet.
NO_VALUE = ""


def _regency_rows(filters: Filters) -> Any:
    return ValueTally.objects.filter(
        level=TallyLevel.REGENCY, category=filters.category, year=filters.year
    )


def national_lines(filters: Filters) -> list[IndicatorLine]:
    """Every indicator surveyed in the year, participants and comparison over all
    regencies (two queries)."""
    sums: dict[tuple[int, str], dict[str, Any]] = {
        (row["indicator_id"], row["arm"]): row
        for row in _regency_rows(filters)
        .values("indicator_id", "arm")
        .annotate(n=Sum("n"), total=Sum("total"), ones=Sum("ones"))
    }
    indicators = Indicator.objects.filter(pk__in={key[0] for key in sums}).order_by(
        "domain", "code"
    )
    return [
        IndicatorLine(
            indicator=indicator,
            round=None,
            participants=figure_of(sums.get((indicator.pk, Arm.PARTICIPANT)), indicator),
            comparison=figure_of(sums.get((indicator.pk, Arm.COMPARISON)), indicator),
            target=None,
            achievement_pct=None,
            band="",
        )
        for indicator in indicators
    ]


def target_bands(filters: Filters) -> dict[str, int]:
    """The regencies' targets of the year by the band their participants' figure reaches
    under the default bands (each programme's own limits show on its dashboard); "" counts
    the targets without a value yet. Three queries."""
    targets = Target.objects.filter(year=filters.year, region__level=Level.REGENCY).select_related(
        "indicator", "region"
    )
    sums: dict[tuple[str, int], dict[str, float]] = defaultdict(
        lambda: {"n": 0, "total": 0.0, "ones": 0}
    )
    rows = (
        _regency_rows(Filters(filters.year))
        .filter(arm=Arm.PARTICIPANT)
        .values_list("area_code", "indicator_id", "n", "total", "ones")
    )
    for code, indicator, n, total, ones in rows.iterator(chunk_size=5000):
        into = sums[(code, indicator)]
        into["n"] += n
        into["total"] += total
        into["ones"] += ones
    bands = bands_for(DEFAULT_LIMITS)
    counts: dict[str, int] = defaultdict(int)
    for target in targets:
        figure = figure_of(sums.get((target.region.code, target.indicator_id)), target.indicator)
        pct = None
        if figure.value is not None:
            pct = achievement(
                actual=figure.value,
                target=target.target_value,
                lower_is_better=target.indicator.direction == Direction.LOWER,
            )
        counts[NO_VALUE if pct is None else band_of(round(pct, 1) / 100, bands)] += 1
    return dict(counts)
