"""Effectiveness bands, cost per unit of outcome with a Fieller interval, budget absorption.

Achievement ratio (:func:`achievement`)
---------------------------------------
The ratio says how much of a target was reached, 1.0 being the target met exactly. It is the
rule of :func:`ovop.analysis.targets.achievement` (which gives it in percent, for the target
tables of monitoring) — one rule for every page, report and API of ovop, held equal by a
test::

    higher is better (sales, members, exports):        ratio = actual / target
    lower is better (cost per unit, waste, defects):   ratio = (2 target - actual) / target

The lower-is-better formula is the one of Indonesia's government performance reports (LAN
guide, Keputusan Kepala LAN No. 239/IX/6/8/2003): meeting the target exactly is 1.0, and
each unit above the target costs as much as a unit below it would have earned. Examples: 90
sold against a target of 100 gives 0.9; a waste rate of 8 % against a ceiling of 10 % gives
1.2; 20 % against the same ceiling gives 0.0, and anything worse a negative ratio (the
lowest band). Zero defects against a ceiling of 4 gives 2.0.

There is no ratio (None) when the target is 0: nothing can be measured against a zero
yardstick, in either direction; a report should say "met" or "not met" in words instead.
A negative target is refused (the ratio would point the wrong way; restate the indicator,
e.g. "a fall of 10" as a target of 10 on a falling-is-better indicator). A negative actual
value (a loss, a fall) is kept.

Effectiveness bands (:class:`Bands`, :func:`band_of`, :func:`bands_of`)
----------------------------------------------------------------------
The ratio is put in one of five bands. The default (:data:`DEFAULT_BANDS`):

======================  ===========================  ==============================
ratio                   code                         Indonesian term
======================  ===========================  ==============================
>= 1.00 (100 %)         ``very_effective``           sangat efektif
0.90 to < 1.00          ``effective``                efektif
0.80 to < 0.90          ``fairly_effective``         cukup efektif
0.60 to < 0.80          ``less_effective``           kurang efektif
< 0.60                  ``not_effective``            tidak efektif
======================  ===========================  ==============================

Source, and how sure we are of it. This five-band scale is commonly cited in Indonesian
theses and journal articles on regional financial performance (revenue effectiveness,
spending effectiveness) as coming from the Minister of Home Affairs' decision
Kepmendagri No. 690.900.327 of 1996 on the guidance for assessing regional financial
performance. The decision's own text could not be found; what was found are secondary
quotations, which disagree in details:

* a 2013 teaching blog (ilmumanajemendanakuntansi.blogspot.com, "Alat analisis efektivitas
  dan kriteria") quotes Munir D. et al. (2004, pp. 49 and 150-151), who give the number
  690.900.327 but the year 1994, and word the bands "above 100 %: very effective; above
  90 % up to 100 %: effective; above 80 % up to 90 %: fairly effective; above 60 % up to
  80 %: less effective; below 60 %: not effective" -- which puts a ratio of exactly 100 %
  in "effective", not in "very effective";
* the table above reads the same cut-offs as inclusive lower bounds (exactly 90 % is
  "effective"), the reading this project takes by default;
* Mahmudi (2010) is quoted, in a thesis excerpt (text-id.123dok.com, "Rasio derajat
  desentralisasi fiskal"), with a different five-band scale cut at 75, 90 and 100 %.

So the bands are a configurable default, not a rule: the thresholds and codes are data
(:class:`Bands`), and ``closed`` chooses which band a ratio exactly on a threshold belongs
to: ``"lower"`` (the default, the table above: exactly 0.9 is "effective") or ``"upper"``
(the "above 90 % up to 100 %" wording: exactly 0.9 is "fairly effective", exactly 1.0 is
"effective"). Thresholds are ratios (1.0 = 100 %), strictly decreasing, each in (0, 10];
the upper limit catches thresholds typed as percentages (90 instead of 0.9). Ratios are
compared exactly as given: 0.8999999 is below 0.9; a caller that reports rounded percentages
should round before banding, so that the band matches the figure printed next to it.

Codes, not labels, are returned: translating them ("sangat efektif", "very effective") is
the caller's job.

Cost per unit of outcome (:func:`cost_per_unit`)
------------------------------------------------
With C the rupiah spent and theta the estimated effect (e.g. a difference-in-differences
estimate, in units of the outcome) with standard error s, the cost per unit of outcome
gained is R = C / theta. C is known exactly (it is what was paid), so only the denominator
is uncertain. Fieller's theorem (Fieller 1954, "Some problems in interval estimation",
JRSS B 16(2):175-185; for cost-effectiveness ratios Willan & O'Brien 1996, Health Economics
5(4):297-305) gives the 95 % set of ratios R for which C - R theta is compatible with 0::

    (C - R theta)^2 <= z^2 R^2 s^2,        z = 1.959964 (normal 97.5 % quantile)

With C exact this is the same as: R = C / b for some b in the effect's own interval
[L, U] = [theta - z s, theta + z s]. Hence, for C > 0:

=========================  ======================================  ====================
effect's interval          95 % set of the cost per unit            ``ci95``
=========================  ======================================  ====================
excludes 0 (L > 0)         [C / U, C / L]                           (C/U, C/L)
excludes 0 (U < 0)         [C / U, C / L], both negative            (C/U, C/L)
L = 0 exactly              [C / U, +inf)                            (C/U, inf)
U = 0 exactly              (-inf, C / L]                            (-inf, C/L)
contains 0 (L < 0 < U)     (-inf, C / L] and [C / U, +inf)          (-inf, inf)
=========================  ======================================  ====================

In the last case the set is two rays; ``ci95`` is (-inf, inf) and ``excluded`` holds the
gap (C / L, C / U) that the data rule out. What that means for a report: **the effect is
not distinguishable from zero, so the cost per unit is not bounded** -- the data are
compatible with an arbitrarily high cost per unit, and with the programme having made the
outcome worse. The one thing that can still be said is a floor: *if* the effect is
positive, each unit cost at least C / U rupiah. A report should not print the point
estimate C / theta on its own then.

A negative ratio means the outcome fell: it is rupiah spent per unit lost, and should be
reported as such, not as a cost-effectiveness. ``estimate`` is None when theta = 0. With
C = 0 every ratio is 0 when the interval excludes 0, and any value otherwise. ``effect_se``
may be 0 (an exact effect): then ``ci95`` = (C/theta, C/theta) and ``method`` is
``"exact"``; an effect of exactly 0 with se 0 has no ratio at all and is refused.

Budget absorption (:func:`absorption`)
--------------------------------------
The share of the planned budget actually spent, realised / planned (1.0 = fully absorbed;
above 1 means overspending and is kept). A planned budget of 0 gives None; negative amounts
are refused.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

from ovop.analysis import AnalysisError

#: Which band a ratio exactly on a threshold belongs to (see the module docstring).
Closed: TypeAlias = Literal["lower", "upper"]
#: "fieller": Fieller interval; "exact": the effect has se 0, so the ratio is exact.
CostMethod: TypeAlias = Literal["fieller", "exact"]
Amount: TypeAlias = float | Decimal
#: Ratios where a missing one may be None or NaN (one row or a table of rows).
MaybeRatios: TypeAlias = Sequence[float | None] | Sequence[Sequence[float | None]] | ArrayLike

#: Normal 97.5 % quantile for every ``ci95`` (the same value as ``staggered.Z95``).
Z95 = float(scipy.stats.norm.ppf(0.975))
#: Thresholds above this are almost surely percentages typed where ratios are meant.
MAX_THRESHOLD = 10.0

__all__ = [
    "DEFAULT_BANDS",
    "MAX_THRESHOLD",
    "Z95",
    "AnalysisError",
    "Bands",
    "Closed",
    "CostMethod",
    "CostRatio",
    "MaybeRatios",
    "absorption",
    "achievement",
    "band_of",
    "bands_of",
    "cost_per_unit",
]


def _check_codes(codes: tuple[str, ...], n_thresholds: int) -> None:
    if len(codes) != n_thresholds + 1:
        need = n_thresholds + 1
        raise AnalysisError(f"{n_thresholds} thresholds need {need} codes, got {len(codes)}")
    seen: dict[str, int] = {}
    for i, code in enumerate(codes):
        if not isinstance(code, str) or not code:
            raise AnalysisError(f"codes[{i}] must be a non-empty string, got {code!r}")
        if code in seen:
            raise AnalysisError(f"codes[{i}] ({code!r}) repeats codes[{seen[code]}]")
        seen[code] = i


def _check_thresholds(thresholds: tuple[float, ...]) -> None:
    if not thresholds:
        raise AnalysisError("bands need at least one threshold")
    for i, t in enumerate(thresholds):
        if not (math.isfinite(t) and 0 < t <= MAX_THRESHOLD):
            raise AnalysisError(
                f"thresholds[{i}] must be a ratio in (0, {MAX_THRESHOLD:g}], got {t!r}"
            )
        if i and t >= thresholds[i - 1]:
            raise AnalysisError(
                f"thresholds must decrease: thresholds[{i}] ({t!r}) is not below "
                f"thresholds[{i - 1}] ({thresholds[i - 1]!r})"
            )


@dataclass(frozen=True, slots=True)
class Bands:
    """Bands from best to worst: ``codes[0]`` for ratios at or above ``thresholds[0]``,
    ``codes[i]`` between ``thresholds[i]`` and ``thresholds[i - 1]``, ``codes[-1]`` below
    ``thresholds[-1]``; ``closed`` places a ratio exactly on a threshold (module docstring).

    Raises AnalysisError, naming the entry, for thresholds that are not strictly decreasing
    ratios in (0, 10], a number of codes other than thresholds + 1, and empty or repeated
    codes.
    """

    thresholds: tuple[float, ...]
    codes: tuple[str, ...]
    closed: Closed = "lower"

    def __post_init__(self) -> None:
        try:
            thresholds = tuple(float(t) for t in self.thresholds)
        except (TypeError, ValueError) as err:
            raise AnalysisError("thresholds must hold numbers only") from err
        codes = tuple(self.codes)
        _check_thresholds(thresholds)
        _check_codes(codes, len(thresholds))
        if self.closed not in ("lower", "upper"):
            raise AnalysisError(f"closed must be 'lower' or 'upper', got {self.closed!r}")
        object.__setattr__(self, "thresholds", thresholds)
        object.__setattr__(self, "codes", codes)


#: The commonly cited five-band scale (module docstring): a configurable default.
DEFAULT_BANDS = Bands(
    thresholds=(1.0, 0.9, 0.8, 0.6),
    codes=("very_effective", "effective", "fairly_effective", "less_effective", "not_effective"),
)


def _band_index(ratios: NDArray[np.float64], bands: Bands) -> NDArray[np.intp]:
    """Index into ``bands.codes`` (NaN gives an arbitrary index; callers mask it)."""
    ascending = np.asarray(bands.thresholds[::-1], dtype=np.float64)
    side: Literal["left", "right"] = "right" if bands.closed == "lower" else "left"
    reached = np.searchsorted(ascending, ratios, side=side)  # thresholds passed
    return np.asarray(len(bands.thresholds) - reached, dtype=np.intp)


def band_of(ratio: float, bands: Bands = DEFAULT_BANDS) -> str:
    """The code of the band of an achievement ratio (1.0 = 100 %; ``math.inf`` allowed).

    Raises AnalysisError for None, NaN or a value that is not a number.
    """
    if ratio is None or isinstance(ratio, bool | str | bytes):
        raise AnalysisError(f"ratio must be a number, got {ratio!r}")
    try:
        value = float(ratio)
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"ratio must be a number, got {ratio!r}") from err
    if math.isnan(value):
        raise AnalysisError("ratio is NaN: there is no band for a missing ratio")
    return bands.codes[int(_band_index(np.array([value]), bands)[0])]


def bands_of(ratios: MaybeRatios, bands: Bands = DEFAULT_BANDS) -> NDArray[np.object_]:
    """:func:`band_of` for an array of any shape: an object array of codes, with None where
    the ratio is None or NaN (no ratio, no band)."""
    try:
        r = np.asarray(ratios, dtype=np.float64)  # None becomes NaN
    except (TypeError, ValueError) as err:
        raise AnalysisError("ratios must hold numbers or None only") from err
    codes = np.array([*bands.codes, None], dtype=object)
    index = _band_index(r.ravel(), bands)
    index[np.isnan(r.ravel())] = len(bands.codes)  # the trailing None
    return np.asarray(codes[index].reshape(r.shape), dtype=object)


def _number(value: Amount, name: str) -> float:
    if value is None or isinstance(value, bool | str | bytes):
        raise AnalysisError(f"{name} must be a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"{name} must be a number, got {value!r}") from err
    if not math.isfinite(number):
        raise AnalysisError(f"{name} must be finite, got {number!r}")
    return number


def achievement(actual: Amount, target: Amount, higher_is_better: bool = True) -> float | None:
    """Achievement ratio: actual / target, or (2 target - actual) / target when lower is
    better (module docstring); None when the target is 0.

    Raises AnalysisError for a value that is not a finite number or a negative target.
    """
    a, t = _number(actual, "actual"), _number(target, "target")
    if t < 0:
        raise AnalysisError(f"target is negative ({t!r}): an achievement ratio needs a target >= 0")
    if t == 0:
        return None
    return a / t if higher_is_better else (2 * t - a) / t


@dataclass(frozen=True, slots=True)
class CostRatio:
    """Rupiah per unit of outcome gained, with its Fieller 95 % set (module docstring).

    ``excluded`` is set only when the effect's interval contains 0: the 95 % set is then
    everything outside this open interval, and ``ci95`` is (-inf, inf).
    """

    estimate: float | None
    ci95: tuple[float, float]
    method: CostMethod
    excluded: tuple[float, float] | None = None

    @property
    def bounded(self) -> bool:
        """True when both ends of ``ci95`` are finite."""
        return math.isfinite(self.ci95[0]) and math.isfinite(self.ci95[1])


def _fieller(
    cost: float, low: float, high: float
) -> tuple[tuple[float, float], tuple[float, float] | None]:
    """The set {cost / b : b in [low, high]} as (hull, excluded gap or None)."""
    if low > 0 or high < 0:
        return (cost / high + 0.0, cost / low + 0.0), None  # + 0.0 turns -0.0 into 0.0
    if cost == 0:
        return (-math.inf, math.inf), None
    if low == 0:
        return (cost / high, math.inf), None
    if high == 0:
        return (-math.inf, cost / low), None
    return (-math.inf, math.inf), (cost / low, cost / high)


def cost_per_unit(cost: Amount, effect: float, effect_se: float) -> CostRatio:
    """Cost / effect with a Fieller 95 % interval, the cost being known exactly.

    Raises AnalysisError for a value that is not a finite number, a negative cost or
    standard error, and an effect of 0 with a standard error of 0.
    """
    c = _number(cost, "cost")
    e, s = _number(effect, "effect"), _number(effect_se, "effect_se")
    if c < 0:
        raise AnalysisError(f"cost is negative ({c!r})")
    if s < 0:
        raise AnalysisError(f"effect_se is negative ({s!r})")
    if e == 0 and s == 0:
        raise AnalysisError("effect is 0 with effect_se 0: there is no cost per unit")
    ci95, excluded = _fieller(c, e - Z95 * s, e + Z95 * s)
    return CostRatio(
        estimate=None if e == 0 else c / e + 0.0,  # no -0.0 when the cost is 0
        ci95=ci95,
        method="exact" if s == 0 else "fieller",
        excluded=excluded,
    )


def absorption(realised: Amount, planned: Amount) -> float | None:
    """Share of the planned budget spent, realised / planned (None when planned is 0).

    Raises AnalysisError for a value that is not a finite number or is negative.
    """
    r, p = _number(realised, "realised"), _number(planned, "planned")
    if r < 0:
        raise AnalysisError(f"realised is negative ({r!r})")
    if p < 0:
        raise AnalysisError(f"planned is negative ({p!r})")
    return None if p == 0 else r / p
