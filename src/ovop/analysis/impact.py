"""Before/after comparisons, difference-in-differences, effectiveness and efficiency.

Paired before/after (:func:`paired`)
------------------------------------
With d_i = after_i - before_i over the n complete pairs (a pair with a missing side, NaN
or None, is dropped and counted in ``n_dropped``)::

    mean_diff = mean(d)            sd_diff = sd(d) with divisor n - 1
    t = mean_diff / (sd_diff / sqrt(n)),   p_t two-sided from Student's t with n - 1 df
    ci95 = mean_diff -/+ t_{0.975, n-1} sd_diff / sqrt(n)

which is ``scipy.stats.ttest_rel(after, before)``. ``p_wilcoxon`` is
``scipy.stats.wilcoxon(after - before)`` with scipy's defaults (two-sided, zero differences
dropped). ``cohens_d`` is the paired effect size d_z = mean_diff / sd_diff.
``median_pct_change`` is the median over pairs of 100 (after - before) / |before|; pairs
with before == 0 have no percentage and are left out of that median (None if no pair is
left). Degenerate spreads, instead of NaN:

* every difference is 0: t = 0, p_t = 1, p_wilcoxon = 1, cohens_d = 0, ci95 = (0, 0);
* every difference is the same c != 0: t = +/-inf, p_t = 0, cohens_d = +/-inf,
  ci95 = (c, c); the Wilcoxon p-value is scipy's.

t and d are computed on d / max|d|, so very small or very large differences neither
underflow nor overflow (scipy's own result can be inf there).

Difference-in-differences (:func:`did`)
---------------------------------------
Ordinary least squares of y = a + b T + c P + delta T P (+ covariates Z g), with T the
treated indicator and P the post-period indicator; ``estimate`` is delta. Without
covariates the fit is the four cell means, so delta = (ybar_11 - ybar_10) -
(ybar_01 - ybar_00) exactly (first index T, second P) and everything is computed from
cell and cluster sums (``np.bincount``) in a few vectorised passes. With covariates the
covariates are centred and the columns scaled to unit length (this changes neither delta
nor its residuals); the fit then uses a Cholesky factor of X'X with one refinement step
when cond(X) <= 1e3 (error about cond(X)^2 1e-16) and a Householder QR of X otherwise,
which is also where a rank-deficient design is detected and named.

Standard errors reproduce statsmodels ``OLS(y, X).fit(...)`` with its defaults, K being the
number of regressors (4 + covariates) and G the number of clusters:

=============  ===================================================  ===================
``se``         variance of delta (a: delta's row of (X'X)^-1 X')    p-value and CI
=============  ===================================================  ===================
classical      s^2 sum_i a_i^2,  s^2 = sum u^2 / (N - K)            Student t, N - K df
hc1            N / (N - K) sum_i a_i^2 u_i^2                        standard normal
cluster        G/(G-1) (N-1)/(N-K) sum_g (sum_{i in g} a_i u_i)^2   standard normal
=============  ===================================================  ===================

statsmodels sets ``use_t=True`` only for the non-robust fit; with ``cov_type="HC1"`` or
``"cluster"`` and no ``use_t`` it reports z-statistics and normal p-values and intervals
(checked in the statsmodels 0.15 source, ``RegressionResults.__init__`` and
``get_robustcov_results``; the G - 1 degrees of freedom it stores for clusters are used
only when ``use_t=True``). Many applied papers use t with G - 1 df for clustered errors
instead, which gives wider intervals when there are few clusters. If the residuals are all
zero (se = 0), p is 0 when delta != 0 and 1 when delta == 0, and ci95 = (delta, delta).

Effectiveness and efficiency
----------------------------
``effectiveness(actual, target)`` = actual / target (1.0 = target met; signs are kept, so a
reduction target of -10 met by -5 gives 0.5); a target of 0 gives None, because a zero
target cannot serve as a yardstick. ``efficiency(cost_idr, gain)`` =
cost per unit of outcome gained; a gain <= 0 gives None (there is nothing to divide the cost
by), a negative cost raises AnalysisError. Both take scalars or arrays; with arrays the
result is a float array with NaN where the scalar version returns None.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias, overload

import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

from ovop.analysis import AnalysisError
from ovop.analysis._impact_did import (
    SeType,
    binary,
    cells,
    cluster_codes,
    finite_vector,
    saturated,
    variance,
    with_covariates,
)

#: Measurements where a missing value may be given as None or NaN.
MaybeFloats: TypeAlias = Sequence[float | None] | ArrayLike

__all__ = [
    "AnalysisError",
    "DidResult",
    "MaybeFloats",
    "PairedResult",
    "SeType",
    "did",
    "effectiveness",
    "efficiency",
    "paired",
]


@dataclass(frozen=True, slots=True)
class PairedResult:
    """Before/after comparison of matched pairs (see the module docstring)."""

    n: int
    n_dropped: int
    mean_before: float
    mean_after: float
    mean_diff: float
    ci95: tuple[float, float]
    t: float
    p_t: float
    p_wilcoxon: float
    cohens_d: float
    median_pct_change: float | None


@dataclass(frozen=True, slots=True)
class DidResult:
    """Difference-in-differences estimate; ``n_clusters`` is None without cluster labels."""

    estimate: float
    se: float
    ci95: tuple[float, float]
    p: float
    n: int
    n_clusters: int | None
    se_type: SeType


def _with_gaps(values: MaybeFloats, name: str) -> NDArray[np.float64]:
    try:
        arr = np.asarray(values, dtype=np.float64)  # None becomes NaN
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"{name} must hold numbers or None only") from err
    if arr.ndim != 1:
        raise AnalysisError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if np.isinf(arr).any():
        raise AnalysisError(f"{name}[{int(np.flatnonzero(np.isinf(arr))[0])}] is infinite")
    return arr


def _spread(d: NDArray[np.float64]) -> tuple[float, float, float, float]:
    """t, p_t, Cohen's d and the standard error of the mean difference.

    t and d are scale-free: differences so tiny or huge that squaring them would underflow
    or overflow are first divided by max|d|; others are used as they are, in the same order
    of operations as scipy's ttest_rel, so that ill-conditioned data (a spread a billionth of
    the mean) gives the same digits.
    """
    n = d.shape[0]
    if (d == d[0]).all():
        if d[0] == 0:
            return 0.0, 1.0, 0.0, 0.0
        return math.copysign(math.inf, d[0]), 0.0, math.copysign(math.inf, d[0]), 0.0
    largest = float(np.abs(d).max())
    scale = largest if not 1e-100 < largest < 1e100 else 1.0
    unit = d / scale if scale != 1.0 else d
    mean, sd = float(unit.mean()), float(unit.std(ddof=1))
    t = mean / (sd / math.sqrt(n))
    return t, float(2 * scipy.stats.t.sf(abs(t), n - 1)), mean / sd, scale * sd / math.sqrt(n)


def paired(before: MaybeFloats, after: MaybeFloats) -> PairedResult:
    """Compare matched before/after measurements (paired t, Wilcoxon, effect sizes).

    Raises AnalysisError when the lengths differ, a value is infinite or non-numeric, or
    fewer than 2 complete pairs remain.
    """
    b, a = _with_gaps(before, "before"), _with_gaps(after, "after")
    if b.shape != a.shape:
        raise AnalysisError(f"before has {b.shape[0]} values but after has {a.shape[0]}")
    keep = ~(np.isnan(b) | np.isnan(a))
    n = int(keep.sum())
    if n < 2:
        raise AnalysisError(f"need at least 2 complete pairs, got {n}")
    b, a = b[keep], a[keep]
    d = a - b
    mean_diff = float(d.mean())
    t, p_t, cohens_d, se = _spread(d)
    half = float(scipy.stats.t.ppf(0.975, n - 1)) * se
    p_w = 1.0 if not d.any() else float(scipy.stats.wilcoxon(d).pvalue)
    nonzero = b != 0
    with np.errstate(over="ignore"):  # a tiny non-zero 'before' may give an infinite %
        pct = 100.0 * d[nonzero] / np.abs(b[nonzero])
    return PairedResult(
        n=n,
        n_dropped=int(keep.shape[0] - n),
        mean_before=float(b.mean()),
        mean_after=float(a.mean()),
        mean_diff=mean_diff,
        ci95=(mean_diff - half, mean_diff + half),
        t=t,
        p_t=p_t,
        p_wilcoxon=p_w,
        cohens_d=cohens_d,
        median_pct_change=float(np.median(pct)) if pct.size else None,
    )


def _covariates(covariates: ArrayLike | None, n: int) -> NDArray[np.float64] | None:
    if covariates is None:
        return None
    try:
        z = np.asarray(covariates, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise AnalysisError("covariates must hold numbers only") from err
    z = z.reshape(-1, 1) if z.ndim == 1 else z
    if z.ndim != 2 or z.shape[0] != n:
        raise AnalysisError(f"covariates must have {n} rows (one per y), got shape {z.shape}")
    if not np.isfinite(z).all():
        row, col = (int(v[0]) for v in np.nonzero(~np.isfinite(z)))
        raise AnalysisError(f"covariates[{row}, {col}] is missing or not finite")
    return z if z.shape[1] else None


def _inference(
    estimate: float, se: float, se_type: SeType, df: int
) -> tuple[tuple[float, float], float]:
    if se == 0:
        return (estimate, estimate), (1.0 if estimate == 0 else 0.0)
    z = abs(estimate) / se
    if se_type == "classical":
        q, p = scipy.stats.t.ppf(0.975, df), 2 * scipy.stats.t.sf(z, df)
    else:
        q, p = scipy.stats.norm.ppf(0.975), 2 * scipy.stats.norm.sf(z)
    return (estimate - float(q) * se, estimate + float(q) * se), float(p)


def did(
    y: ArrayLike,
    treated: ArrayLike,
    post: ArrayLike,
    *,
    cluster: ArrayLike | None = None,
    covariates: ArrayLike | None = None,
    se: SeType = "cluster",
) -> DidResult:
    """Difference-in-differences by OLS with classical, HC1 or cluster-robust errors.

    ``treated`` and ``post`` hold 0/1 (or booleans), ``cluster`` one label per row (ints,
    strings, ...), ``covariates`` an (N,) or (N, k) array. See the module docstring for
    formulas and the statsmodels conventions matched. Raises AnalysisError for unequal
    lengths, missing values, non-binary indicators, an empty treated/control x pre/post
    cell, a rank-deficient design, too few rows, or cluster errors without >= 2 clusters.
    """
    if se not in ("cluster", "hc1", "classical"):
        raise AnalysisError(f"se must be 'cluster', 'hc1' or 'classical', got {se!r}")
    yv = finite_vector(y, "y")
    n = yv.shape[0]
    t, p = binary(treated, "treated", n), binary(post, "post", n)
    cell, counts = cells(t, p)
    codes, n_clusters = cluster_codes(cluster, n) if cluster is not None else (None, None)
    if se == "cluster" and n_clusters is None:
        raise AnalysisError("se='cluster' needs cluster labels (cluster=...)")
    if se == "cluster" and n_clusters is not None and n_clusters < 2:
        raise AnalysisError(f"cluster-robust errors need at least 2 clusters, got {n_clusters}")
    z = _covariates(covariates, n)
    k = 4 + (0 if z is None else z.shape[1])
    if n <= k:
        raise AnalysisError(f"need more rows than the {k} regressors, got {n}")
    if z is None:
        estimate, resid, weights = saturated(yv, cell, counts)
    else:
        estimate, resid, weights = with_covariates(yv, t, p, z)
    se_value = math.sqrt(variance(se, weights, resid, k, codes, n_clusters))
    ci95, p_value = _inference(estimate, se_value, se, n - k)
    return DidResult(estimate, se_value, ci95, p_value, n, n_clusters, se)


@overload
def effectiveness(actual: float, target: float) -> float | None: ...
@overload
def effectiveness(actual: ArrayLike, target: ArrayLike) -> float | None | NDArray[np.float64]: ...
def effectiveness(actual: ArrayLike, target: ArrayLike) -> float | None | NDArray[np.float64]:
    """Share of the target reached, actual / target (None or NaN when the target is 0)."""
    a = finite_vector(np.atleast_1d(np.asarray(actual, dtype=np.float64)).ravel(), "actual")
    t = finite_vector(np.atleast_1d(np.asarray(target, dtype=np.float64)).ravel(), "target")
    a, t = np.broadcast_arrays(a, t) if a.size == 1 or t.size == 1 else (a, t)
    if a.shape != t.shape:
        raise AnalysisError(f"actual has {a.shape[0]} values but target has {t.shape[0]}")
    out = np.full(a.shape, np.nan)
    np.divide(a, t, out=out, where=t != 0)
    return _scalar_or_array(out, np.ndim(actual) == 0 and np.ndim(target) == 0)


@overload
def efficiency(cost_idr: float, gain: float) -> float | None: ...
@overload
def efficiency(cost_idr: ArrayLike, gain: ArrayLike) -> float | None | NDArray[np.float64]: ...
def efficiency(cost_idr: ArrayLike, gain: ArrayLike) -> float | None | NDArray[np.float64]:
    """Rupiah spent per unit of outcome gained (None or NaN when the gain is <= 0)."""
    c = finite_vector(np.atleast_1d(np.asarray(cost_idr, dtype=np.float64)).ravel(), "cost_idr")
    g = finite_vector(np.atleast_1d(np.asarray(gain, dtype=np.float64)).ravel(), "gain")
    if (c < 0).any():
        raise AnalysisError(f"cost_idr[{int(np.flatnonzero(c < 0)[0])}] is negative")
    c, g = np.broadcast_arrays(c, g) if c.size == 1 or g.size == 1 else (c, g)
    if c.shape != g.shape:
        raise AnalysisError(f"cost_idr has {c.shape[0]} values but gain has {g.shape[0]}")
    out = np.full(c.shape, np.nan)
    np.divide(c, g, out=out, where=g > 0)
    return _scalar_or_array(out, np.ndim(cost_idr) == 0 and np.ndim(gain) == 0)


def _scalar_or_array(out: NDArray[np.float64], scalar: bool) -> float | None | NDArray[np.float64]:
    if not scalar:
        return out
    value = float(out[0])
    return None if math.isnan(value) else value
