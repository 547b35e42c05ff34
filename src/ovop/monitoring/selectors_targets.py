"""The regencies' targets beside the participants' running sums of the same year, for the
national dashboard's count of targets by effectiveness band.

Five thousand targets (514 regencies x 10 indicators) and their sums come back in one query:
the database adds each regency's tally rows (``monitoring.tallies``) and joins them to the
targets, so Python reads plain tuples instead of building two dictionaries of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from ovop.monitoring.choices import Arm, Direction
from ovop.monitoring.models import Indicator, Target, ValueTally
from ovop.monitoring.models_tallies import TallyLevel
from ovop.regions.models import Level, Region


@dataclass(frozen=True)
class TargetSums:
    target: float
    aggregation: str
    lower_is_better: bool
    #: The participants' running sums over every product category (None: no value yet).
    sums: dict[str, float] | None


def _sql() -> str:
    target, region = Target._meta.db_table, Region._meta.db_table
    indicator, tally = Indicator._meta.db_table, ValueTally._meta.db_table
    return f"""
SELECT t.target_value, i.aggregation, i.direction, s.n, s.total, s.ones
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


def regency_targets(year: int) -> list[TargetSums]:
    """Every regency's target of ``year`` with its participants' sums of that year."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [Level.REGENCY, TallyLevel.REGENCY, year, Arm.PARTICIPANT, year])
        rows = cursor.fetchall()
    return [
        TargetSums(
            target=float(target),
            aggregation=aggregation,
            lower_is_better=direction == Direction.LOWER,
            sums=None if n is None else {"n": n, "total": total, "ones": ones},
        )
        for target, aggregation, direction, n, total, ones in rows
    ]
