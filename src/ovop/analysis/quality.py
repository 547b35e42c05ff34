"""Checks of survey values that are probably wrong: pure arithmetic on plain numbers.

Three checks, each cheap enough to run over a round of 100,000 respondents × 10 indicators
while the values stream past:

- **jump** — a value more than ``JUMP_FACTOR`` times the same respondent's baseline value of
  the indicator, or under ``1 / JUMP_FACTOR`` of it. Only a positive baseline gives a ratio:
  from zero (no online sales yet) or from a loss, any figure is "infinitely" larger and the
  ratio says nothing, so those values are left to the other checks.
- **range** — a value outside the indicator's plausible range (entry refuses such values, but
  the range may have been narrowed since) or, among at least ``ROBUST_MIN_VALUES`` values of
  the indicator in the round, beyond the robust fence ``median ± ROBUST_LIMIT × MAD ×
  MAD_TO_SD`` (see :func:`robust_fence`).
- **duplicate** — two respondents whose whole set of answers is the same, at least
  ``DUPLICATE_MIN_ANSWERS`` of them: a form copied and pasted instead of asked again.

Nothing here reads a database; ``ovop.monitoring.services_quality`` feeds the numbers in.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

Number = Decimal | float | int

#: A jump of more than ten times (one order of magnitude) between baseline and follow-up is
#: far beyond what a small enterprise grows or shrinks in the one to three years between
#: rounds; it is nearly always a zero typed too many or too few, or a yearly figure typed
#: where a monthly one was asked (×12 is already beyond it).
JUMP_FACTOR = 10

#: The MAD times 1.4826 estimates the standard deviation of normally distributed values
#: (1.4826 = 1 / Φ⁻¹(3/4), the 75th percentile of the standard normal).
MAD_TO_SD = 1.4826
#: How many such "standard deviations" from the median a value may lie before it is doubted.
#: Leys et al. (2013) suggest 2.5 as a default and 3 as very conservative; enterprise revenue
#: and output are strongly right-skewed, so a wide fence of 5 keeps the flags to values that
#: are almost surely typing errors, not merely the district's largest firms.
ROBUST_LIMIT = 5.0
#: Below ten values the median and the MAD are too unsteady to judge anyone by.
ROBUST_MIN_VALUES = 10

#: Fewer answers than this match by chance (two empty entries with one "yes" each).
DUPLICATE_MIN_ANSWERS = 3


def is_jump(value: Number, baseline: Number | None) -> bool:
    """True when ``value`` is more than ``JUMP_FACTOR`` × ``baseline`` or under a
    ``JUMP_FACTOR``-th of it; False when there is no positive baseline to compare with, or
    the value is zero or less."""
    if baseline is None or baseline <= 0 or value <= 0:
        return False  # a zero is a business that stopped, not a dropped digit
    return bool(value > JUMP_FACTOR * baseline or value * JUMP_FACTOR < baseline)


def is_outside(value: Number, low: Number | None, high: Number | None) -> bool:
    """True when ``value`` is below ``low`` or above ``high`` (either may be missing)."""
    return bool((low is not None and value < low) or (high is not None and value > high))


@dataclass(frozen=True)
class Fence:
    """The robust fence of one indicator's values in a round."""

    median: float
    mad: float
    low: float
    high: float

    def excludes(self, value: float) -> bool:
        return value < self.low or value > self.high


def robust_fence(values: Sequence[float], *, log: bool = False) -> Fence | None:
    """``median ± ROBUST_LIMIT × MAD × MAD_TO_SD`` of ``values``, the median absolute
    deviation rule of Leys, C., Ley, C., Klein, O., Bernard, P. & Licata, L. (2013). Detecting
    outliers: do not use standard deviation around the mean, use absolute deviation around the
    median. *Journal of Experimental Social Psychology* 49(4), 764–766. Unlike the mean and
    standard deviation, the median and the MAD are not dragged towards the very value being
    judged.

    None with fewer than ``ROBUST_MIN_VALUES`` values, or when the MAD is zero (more than half
    of the values are equal, and the fence would shut out every value that differs from them).

    ``log``: the rule is applied to log(1 + value) and the fence turned back into values (for
    values of zero or more: revenue, capital, counts, whose spread is multiplicative — on the
    plain scale every large enterprise would lie outside); ``mad`` is then in log units.
    """
    if len(values) < ROBUST_MIN_VALUES:
        return None
    scaled = [math.log1p(v) for v in values] if log else list(values)
    median = float(statistics.median(scaled))
    mad = float(statistics.median([abs(v - median) for v in scaled]))
    if mad == 0.0:
        return None
    reach = ROBUST_LIMIT * mad * MAD_TO_SD
    if log:
        return Fence(
            median=math.expm1(median),
            mad=mad,
            low=math.expm1(median - reach),
            high=math.expm1(median + reach),
        )
    return Fence(median=median, mad=mad, low=median - reach, high=median + reach)


Answer = tuple[int, str, Number | str | None]


def fingerprint(answers: Iterable[Answer]) -> bytes | None:
    """A digest of a respondent's whole set of answers, (question id, part, value) each,
    in any order; None with fewer than ``DUPLICATE_MIN_ANSWERS`` answered. Equal sets give
    equal digests (a number compares by value: 5 and 5.0000 are the same answer); keeping
    16 bytes instead of the answers lets a round of 100,000 respondents be compared in a few
    megabytes."""
    items = sorted((q, part, _canonical(v)) for q, part, v in answers if v not in (None, ""))
    if len(items) < DUPLICATE_MIN_ANSWERS:
        return None
    text = "\n".join(f"{q}\t{part}\t{v}" for q, part, v in items)
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _canonical(value: Number | str | None) -> str:
    if isinstance(value, str):
        return "s:" + value
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value or 0)
    number = number.normalize()
    return "n:" + format(number if number != 0 else Decimal(0), "f")


def duplicate_groups(prints: Iterable[tuple[int, bytes | None]]) -> list[list[int]]:
    """The groups (of two or more respondent ids, ascending) whose fingerprints are equal;
    respondents without a fingerprint are never grouped."""
    by_print: dict[bytes, list[int]] = defaultdict(list)
    for respondent, digest in prints:
        if digest is not None:
            by_print[digest].append(respondent)
    groups = [sorted(ids) for ids in by_print.values() if len(ids) > 1]
    return sorted(groups)
