"""Staggered difference-in-differences after Callaway & Sant'Anna (2021).

Why
---
When units start treatment at different times and the effect changes with time since
treatment, the usual two-way fixed-effects regression y = a_i + l_t + b D_it + e is not an
average of treatment effects: it also compares units that are newly treated with units
treated earlier, whose outcomes are still moving because of their own treatment, so some
effects get negative weight and b can even take the wrong sign (Goodman-Bacon 2021,
"Difference-in-differences with variation in treatment timing", Journal of Econometrics
225(2):254-277). Callaway & Sant'Anna ("Difference-in-Differences with multiple time
periods", Journal of Econometrics 225(2):200-230, 2021) instead estimate one clean 2x2
comparison per cohort and period, ATT(g,t), each against units that are not (yet) treated,
and only then average these with weights chosen in advance. This module reproduces the R
package ``did`` (``att_gt`` and ``aggte`` with ``bstrap=FALSE``) for a balanced panel
without covariates; the tests check it against the package's ``mpdta`` example to 1e-6.

Data and sample (:func:`att_gt`)
--------------------------------
One row per unit and period: ``unit`` (any labels), ``time`` (whole numbers, e.g. years),
outcome ``y`` and ``group``, the first period in which the unit is treated (0, None or NaN:
never treated; it must be the same in every row of a unit, and treatment never switches
off). As in R: a first treatment after the last period counts as never treated; units
first treated in the first period or before have no pre-treatment period and are dropped
(``n_dropped``); with ``control_group="notyettreated"`` and no never-treated unit, the
periods from the last cohort's first treatment on are dropped, so that this cohort serves
as the never-treated group. n is the number of units left.

Group-time effects
------------------
For cohort g and each period t after the first, the change d_i = y_i,t - y_i,b is compared
between the cohort (T, n_T units) and the comparison units (C, n_C units)::

    ATT(g,t) = mean_T(d) - mean_C(d)
    base b   = g - 1 (the last period before g)   when t >= g  (effects)
             = t - 1 (the period before t)        when t <  g  (placebo / pre-trend checks)
    C        = never-treated units                               control_group="nevertreated"
             = never-treated units and units first treated after t,
               other than cohort g itself                        control_group="notyettreated"

This is R's default ``base_period="varying"`` and ``anticipation=0``. Without covariates
R's default doubly robust estimator (``est_method="dr"``), its outcome regression and its
inverse probability weighting all reduce to this difference of means (the propensity score
and the regression are intercepts); covariates are not supported here. Each estimate has
an influence function, one value per unit::

    IF_i =  n / n_T (d_i - mean_T(d))    i in T
         = -n / n_C (d_i - mean_C(d))    i in C,    0 for every other unit
    se   = sqrt(mean_i IF_i^2 / n) = sqrt(SS_T / n_T^2 + SS_C / n_C^2)

(SS the sum of squared deviations), R's analytic standard error, which for panel data is
already clustered by unit. ``ci95`` = att -/+ z se with z = 1.959964, the normal 97.5 %
quantile (pointwise intervals; R's simultaneous bands need its multiplier bootstrap and
are not computed here).

Aggregations (:func:`aggregate`)
--------------------------------
With p_g = n_g / n the share of all n units that is in cohort g, an aggregate over a set K
of cells is theta = sum_k w_k ATT_k with w_k = p_g(k) / S, S = sum_{k in K} p_g(k), and::

    IF_i = sum_k w_k IF_k,i + (1 / S) sum_{k in K, g(k) = G_i} (ATT_k - theta)

where G_i is unit i's cohort. The second term accounts for the weights being estimated
(R's ``wif``); the standard error is again sqrt(mean IF^2 / n).

=========  =================================================  ==============================
``kind``   each entry of ``by``                               ``overall``
=========  =================================================  ==============================
simple     (none)                                             K = every cell with t >= g
group      cohort g: mean of its cells with t >= g            p_g-weighted mean over
           (equal weights, no weights term)                   cohorts, with weights term
dynamic    event time e = t - g: K = cells with t - g = e     plain mean over e >= 0
calendar   period t >= first cohort: K = cells of t, t >= g   plain mean over those periods
=========  =================================================  ==============================

The overall effects of dynamic and calendar are plain means of their entries, and their
influence function is the plain mean of the entries' influence functions (R adds no
weights term there either). ``min_e`` and ``max_e`` keep only event times in that range
(dynamic only); the dynamic overall is NaN when no event time >= 0 is kept.

The weights term of the group aggregation follows R ``did`` after its pull request 223
(2025), which compares each unit's cohort with the list of cohorts; earlier releases
(2.1.2 and before) compared it with the first entries of the per-cell group vector and give
a different overall standard error for ``type="group"`` (the estimates are the same). The
Python ports csdid 0.4.3 and differences 0.3.0 agree with the form used here.

Not covered: covariates, ``base_period="universal"``, anticipation, sampling weights,
unbalanced panels and repeated cross-sections, clustering above the unit, the bootstrap,
``balance_e``. R reports a standard error <= 1.5e-7 as NA; here it is reported as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypeAlias

import scipy.stats
from numpy.typing import ArrayLike

from ovop.analysis import AnalysisError
from ovop.analysis._staggered_aggregate import (
    Aggregation,
    by_group,
    calendar,
    dynamic,
    simple,
)
from ovop.analysis._staggered_core import InfluenceFunctions, estimate
from ovop.analysis._staggered_panel import balanced_panel, sample

ControlGroup: TypeAlias = Literal["nevertreated", "notyettreated"]
AggregateKind: TypeAlias = Literal["simple", "group", "dynamic", "calendar"]

#: Normal 97.5 % quantile used for every ``ci95`` (R's ``qnorm(1 - alp / 2)``, alp = 0.05).
Z95 = float(scipy.stats.norm.ppf(0.975))

__all__ = [
    "Aggregate",
    "AggregateKind",
    "AggregatePart",
    "AnalysisError",
    "ControlGroup",
    "GroupTime",
    "InfluenceFunctions",
    "StaggeredResult",
    "Z95",
    "aggregate",
    "att_gt",
]


def _ci(estimate: float, se: float) -> tuple[float, float]:
    return estimate - Z95 * se, estimate + Z95 * se


@dataclass(frozen=True, slots=True)
class GroupTime:
    """ATT(g,t) of cohort ``group`` in period ``time``, compared with period ``base``."""

    group: int
    time: int
    base: int
    att: float
    se: float
    ci95: tuple[float, float]
    n_treated: int
    n_control: int

    @property
    def post(self) -> bool:
        """True for a treatment effect (time >= group), False for a pre-treatment check."""
        return self.time >= self.group


class AggregatePart(NamedTuple):
    """One entry of an aggregation: a cohort, an event time or a period (``label``)."""

    label: int
    att: float
    se: float
    ci95: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """An aggregation of the ATT(g,t) (table in the module docstring)."""

    kind: AggregateKind
    overall_att: float
    overall_se: float
    overall_ci95: tuple[float, float]
    by: tuple[AggregatePart, ...]


@dataclass(frozen=True, slots=True)
class StaggeredResult:
    """Every ATT(g,t), in R's order (by cohort, then by period).

    ``influence`` holds what is needed to rebuild the per-unit influence functions (used by
    :func:`aggregate`; ``influence.matrix()`` gives them as an n_units x n_cells array).
    """

    cells: tuple[GroupTime, ...]
    control_group: ControlGroup
    periods: tuple[int, ...]
    groups: tuple[int, ...]
    n_units: int
    n_dropped: int
    influence: InfluenceFunctions = field(repr=False, compare=False)


def att_gt(
    unit: ArrayLike,
    time: ArrayLike,
    y: ArrayLike,
    group: ArrayLike,
    *,
    control_group: ControlGroup = "nevertreated",
) -> StaggeredResult:
    """Group-time average treatment effects of a balanced panel (see the module docstring).

    Raises AnalysisError, naming the row, unit, period or argument, for arrays of unequal
    length, missing or non-finite values, periods or groups that are not whole numbers, a
    unit with two rows for a period or none (an unbalanced panel), a group that varies
    within a unit, fewer than 2 units or periods, no unit treated after the first period,
    and no never-treated unit when ``control_group="nevertreated"``.
    """
    if control_group not in ("nevertreated", "notyettreated"):
        raise AnalysisError(
            f"control_group must be 'nevertreated' or 'notyettreated', got {control_group!r}"
        )
    panel = sample(balanced_panel(unit, time, y, group), control_group)
    fit = estimate(panel, control_group)
    c = fit.cells
    cells = tuple(
        GroupTime(
            group=int(c.group[k]),
            time=int(c.time[k]),
            base=int(c.base[k]),
            att=float(c.att[k]),
            se=float(c.se[k]),
            ci95=_ci(float(c.att[k]), float(c.se[k])),
            n_treated=int(c.n_treated[k]),
            n_control=int(c.n_control[k]),
        )
        for k in range(c.att.shape[0])
    )
    return StaggeredResult(
        cells=cells,
        control_group=control_group,
        periods=tuple(int(p) for p in panel.periods),
        groups=tuple(int(g) for g in fit.cohorts),
        n_units=fit.n_units,
        n_dropped=panel.n_dropped,
        influence=fit,
    )


def _event_bound(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnalysisError(f"{name} must be a whole number or None, got {value!r}")
    return value


def aggregate(
    result: StaggeredResult,
    kind: AggregateKind = "group",
    *,
    min_e: int | None = None,
    max_e: int | None = None,
) -> Aggregate:
    """Aggregate the ATT(g,t) like R's ``aggte(..., bstrap=FALSE)`` (module docstring).

    ``kind`` is "simple", "group" (R's default), "dynamic" or "calendar"; ``min_e`` and
    ``max_e`` bound the event times of "dynamic". Raises AnalysisError for another kind,
    bounds given for another kind, non-integer bounds, min_e > max_e, or bounds that keep
    no event time.
    """
    low, high = _event_bound(min_e, "min_e"), _event_bound(max_e, "max_e")
    if (low is not None or high is not None) and kind != "dynamic":
        raise AnalysisError(f"min_e and max_e apply to kind='dynamic' only, not {kind!r}")
    if low is not None and high is not None and low > high:
        raise AnalysisError(f"min_e ({low}) is larger than max_e ({high})")
    fit = result.influence
    if kind == "simple":
        agg = simple(fit)
    elif kind == "group":
        agg = by_group(fit)
    elif kind == "dynamic":
        agg = dynamic(fit, low, high)
    elif kind == "calendar":
        agg = calendar(fit)
    else:
        raise AnalysisError(
            f"kind must be 'simple', 'group', 'dynamic' or 'calendar', got {kind!r}"
        )
    return _public(kind, agg)


def _public(kind: AggregateKind, agg: Aggregation) -> Aggregate:
    parts = tuple(
        AggregatePart(label, att, se, _ci(att, se))
        for label, att, se in zip(agg.labels, agg.att, agg.se, strict=True)
    )
    overall_ci = _ci(agg.overall_att, agg.overall_se)  # NaN stays NaN
    return Aggregate(kind, agg.overall_att, agg.overall_se, overall_ci, parts)
