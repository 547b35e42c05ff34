"""Achievement of a target: the actual value as a percent of the target.

Higher-is-better indicators: achievement = actual ÷ target × 100.
Lower-is-better indicators (costs, waste, defects): achievement = (target − (actual − target))
÷ target × 100, the formula of Indonesia's government performance reports for indicators whose
lower realisation means better performance (Pedoman Penyusunan Pelaporan Akuntabilitas Kinerja
Instansi Pemerintah, Keputusan Kepala LAN No. 239/IX/6/8/2003): reaching the target exactly is
100 %, every unit above it costs as much as a unit below it would have earned.

A target of zero has no percent (there is nothing to divide by); the caller shows "—".

The actual value a target is compared with comes from many respondents; ``aggregate`` makes it
one figure the way the indicator says (sum, mean, median, or the share answering yes).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from decimal import Decimal


def achievement(
    *, actual: Decimal | float | None, target: Decimal | float, lower_is_better: bool = False
) -> float | None:
    """The percent of ``target`` that ``actual`` reaches, the direction respected."""
    if actual is None or target == 0:
        return None
    a, t = float(actual), float(target)
    if lower_is_better:
        return (t - (a - t)) / t * 100.0
    return a / t * 100.0


#: How many respondents' values make one figure (``Indicator.aggregation``).
HOW = ("sum", "mean", "median", "share")


def aggregate(values: Sequence[float | Decimal], how: str) -> float | None:
    """One figure from the values of many respondents, or None when there is no value.

    ``sum`` adds them, ``mean`` and ``median`` are the usual ones, and ``share`` is the percent
    of the answers that are 1 (yes), the others (0, no) counting among the answers. Decimals
    are accepted and read as floats.
    """
    if how not in HOW:
        raise ValueError(f"unknown aggregation {how!r}; expected one of {', '.join(HOW)}")
    numbers = [float(v) for v in values]
    if not numbers:
        return None
    if how == "sum":
        return math.fsum(numbers)
    if how == "mean":
        return math.fsum(numbers) / len(numbers)
    if how == "median":
        return float(statistics.median(numbers))
    return sum(1 for v in numbers if v == 1.0) / len(numbers) * 100.0
