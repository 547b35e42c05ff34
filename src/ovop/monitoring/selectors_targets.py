"""The regencies' targets beside the participants' running sums of the same year, for the
national dashboard's count of targets by effectiveness band.

Five thousand targets (514 regencies x 10 indicators) and their sums come back in one query:
the database adds each regency's tally rows (``monitoring.tallies``) and joins them to the
targets, and Python turns the plain tuples into columns (no object per target).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection
from numpy.typing import NDArray

from ovop.monitoring.choices import Arm, Direction
from ovop.monitoring.models import Indicator, Target, ValueTally
from ovop.monitoring.models_tallies import TallyLevel
from ovop.regions.models import Level, Region


@dataclass(frozen=True)
class TargetSums:
    """The targets as columns (one entry per target), for figures worked out at once."""

    target: NDArray[np.float64]
    aggregation: NDArray[np.str_]
    lower_is_better: NDArray[np.bool_]
    #: The participants' running sums over every product category (NaN: no value yet).
    n: NDArray[np.float64]
    total: NDArray[np.float64]
    ones: NDArray[np.float64]


def _sql() -> str:
    target, region = Target._meta.db_table, Region._meta.db_table
    indicator, tally = Indicator._meta.db_table, ValueTally._meta.db_table
    return f"""
SELECT CAST(t.target_value AS DOUBLE PRECISION), i.aggregation, i.direction,
       CAST(s.n AS DOUBLE PRECISION), s.total, CAST(s.ones AS DOUBLE PRECISION)
FROM {target} t
JOIN {region} r ON r.id = t.region_id AND r.level = %s
JOIN {indicator} i ON i.id = t.indicator_id
LEFT JOIN (
    SELECT area_code, indicator_id, SUM(n) AS n, SUM(total) AS total, SUM(ones) AS ones
    FROM {tally}
    WHERE level = %s AND category = '' AND year = %s AND arm = %s
    GROUP BY area_code, indicator_id
) s ON s.area_code = r.code AND s.indicator_id = t.indicator_id
WHERE t.year = %s
"""


def regency_targets(year: int) -> TargetSums:
    """Every regency's target of ``year`` with its participants' sums of that year."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [Level.REGENCY, TallyLevel.REGENCY, year, Arm.PARTICIPANT, year])
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    target, aggregation, direction, n, total, ones = columns

    def numbers(values: tuple[object, ...]) -> NDArray[np.float64]:
        # floats from the database (None: no value yet, which numpy makes NaN)
        return np.array(values, dtype=np.float64)

    return TargetSums(
        target=numbers(target),
        aggregation=np.array(aggregation, dtype=np.str_),
        lower_is_better=np.array(direction, dtype=np.str_) == Direction.LOWER,
        n=numbers(n),
        total=numbers(total),
        ones=numbers(ones),
    )
