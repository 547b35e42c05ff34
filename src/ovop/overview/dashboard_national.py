"""The dashboard of every programme at once (a province's or the ministry's view): each
indicator's figures over all regencies, and how many of the regencies' targets reached each
effectiveness band — both from the regency-level value tallies, a few thousand rows
whatever the number of values (``monitoring.tallies``).

A figure over many programmes adds their rounds of the chosen year; the rounds of one
programme in one year are added too (a programme rarely surveys twice a year). Headline
impact estimates belong to one programme each and are shown on its own dashboard.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
from django.db.models import Sum
from numpy.typing import NDArray

from ovop.analysis.effectiveness import bands_of
from ovop.evaluation.effectiveness import DEFAULT_LIMITS, bands_for
from ovop.monitoring.choices import Aggregation, Arm
from ovop.monitoring.models import Indicator, ValueTally
from ovop.monitoring.models_tallies import TallyLevel
from ovop.monitoring.selectors_targets import TargetSums, regency_targets
from ovop.overview.dashboard_filters import Filters
from ovop.overview.dashboard_indicators import IndicatorLine, figure_of

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


def _values(rows: TargetSums) -> NDArray[np.float64]:
    """``figure_value`` of every target's sums at once (NaN where it gives None)."""
    kind = rows.aggregation
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = rows.total / rows.n
        share = rows.ones / rows.n * 100.0
    value = np.where(
        kind == Aggregation.SUM, rows.total, np.where(kind == Aggregation.SHARE, share, mean)
    )
    value[(kind == Aggregation.MEDIAN) | ~(rows.n > 0)] = np.nan
    return value


def target_bands(filters: Filters) -> dict[str, int]:
    """The regencies' targets of the year by the band their participants' figure reaches
    under the default bands (each programme's own limits show on its dashboard); "" counts
    the targets without a value yet. One query (the sums added up by the database), the
    achievements worked out on columns (``analysis.targets.achievement``'s arithmetic, its
    rounding to 0.1 %) and one vectorised banding."""
    rows = regency_targets(filters.year)
    actual, target = _values(rows), rows.target
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(
            rows.lower_is_better,
            (target - (actual - target)) / target * 100.0,
            actual / target * 100.0,
        )
    pct[target == 0] = np.nan
    ratios = [None if math.isnan(p) else round(p, 1) / 100 for p in pct.tolist()]
    counts = Counter(bands_of(ratios, bands_for(DEFAULT_LIMITS)).tolist())
    return {NO_VALUE if code is None else code: n for code, n in counts.items()}
