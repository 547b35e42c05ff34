"""Effects by subgroup: per-subgroup tests, multiplicity adjustment and a heterogeneity test.

What goes in
------------
One estimate and its standard error per subgroup, e.g. the difference-in-differences effect
of the programme computed separately for each kecamatan, product category, owner's gender
or star level (``impact.did`` on each subset). The subgroups of one call must be disjoint
sets of units (one dimension at a time: kecamatan *or* gender, not both in one call),
because the heterogeneity test below treats the k estimates as independent.

Per subgroup (:func:`subgroup_effects`)
---------------------------------------
With theta_i the estimate and s_i its standard error::

    z_i  = theta_i / s_i
    p_i  = 2 (1 - Phi(|z_i|))                 two-sided normal p-value for "effect = 0"
    ci95 = theta_i -/+ 1.959964 s_i

(normal, as for the robust standard errors of ``impact.did``). With k subgroups, k tests are
made, so some small p-values are expected by chance alone. Two adjustments are reported,
both computed over the k subgroups of the call (the family), with p_(1) <= ... <= p_(k) the
sorted p-values:

* Holm (1979, "A simple sequentially rejective multiple test procedure", Scandinavian
  Journal of Statistics 6(2):65-70) controls the family-wise error rate, the chance of even
  one false "effect != 0", under any dependence between the tests::

      p_holm_(j) = min(1, max_{i <= j} (k - i + 1) p_(i))

* Benjamini & Hochberg (1995, "Controlling the false discovery rate", JRSS B
  57(1):289-300) control the expected share of false findings among the subgroups called
  significant, valid for independent tests (and for positively dependent ones, Benjamini &
  Yekutieli 2001, Annals of Statistics 29(4):1165-1188)::

      q_bh_(j) = min(1, min_{i >= j} k p_(i) / i)

Both are what R's ``p.adjust(p, "holm")`` / ``p.adjust(p, "BH")`` and statsmodels'
``multipletests(p, method="holm")`` / ``"fdr_bh"`` return; the tests check them against
statsmodels and against the 15 p-values of Benjamini & Hochberg's own example (section 4,
data of Neuhaus et al. 1992), where their procedure rejects the four smallest at 0.05.
Each adjusted p-value is >= the raw one, and the Holm value is >= the BH value.

Heterogeneity: do the subgroups differ? (:func:`cochran_q`)
-----------------------------------------------------------
"Significant in subgroup A, not in subgroup B" does not show that A and B differ (Gelman &
Stern 2006, "The difference between 'significant' and 'not significant' is not itself
statistically significant", The American Statistician 60(4):328-331). The question is
answered by Cochran's Q (Cochran 1954, "The combination of estimates from different
experiments", Biometrics 10(1):101-129), with inverse-variance weights w_i = 1 / s_i^2::

    theta_bar = sum w_i theta_i / sum w_i          (the fixed-effect pooled estimate)
    se(theta_bar) = 1 / sqrt(sum w_i)
    Q   = sum w_i (theta_i - theta_bar)^2,   df = k - 1,   p = P(chi2_df > Q)
    I^2 = max(0, (Q - df) / Q)                     (0 when Q = 0)

Under "every subgroup has the same true effect" Q follows a chi-squared distribution with
k - 1 degrees of freedom. I^2 (Higgins & Thompson 2002, "Quantifying heterogeneity in a
meta-analysis", Statistics in Medicine 21(11):1539-1558) is the share of the spread of the
estimates that is more than their standard errors explain; Higgins et al. (2003, BMJ
327:557-560) read 25 %, 50 % and 75 % as low, moderate and high. With few subgroups Q has
little power (a large p does not show the effects are equal) and I^2 is very imprecise.
The weights are computed as (s_min / s_i)^2 and rescaled, so very small or very large
standard errors neither overflow nor underflow. The tests check Q, I^2 and the pooled
estimate against metafor's ``rma(yi, vi, method="FE")`` on the BCG vaccine trials
(``dat.bcg``, log risk ratios): Q(df = 12) = 152.2330, I^2 = 92.1173 %, -0.4303.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.stats
from numpy.typing import ArrayLike, NDArray

from ovop.analysis import AnalysisError

#: Normal 97.5 % quantile used for every ``ci95`` (the same value as ``staggered.Z95``).
Z95 = float(scipy.stats.norm.ppf(0.975))

__all__ = [
    "Z95",
    "AnalysisError",
    "Heterogeneity",
    "SubgroupEffect",
    "SubgroupEffects",
    "benjamini_hochberg",
    "cochran_q",
    "holm",
    "subgroup_effects",
]


@dataclass(frozen=True, slots=True)
class SubgroupEffect:
    """One subgroup's estimate, its test of "effect = 0" and the adjusted p-values."""

    label: str
    estimate: float
    se: float
    ci95: tuple[float, float]
    z: float
    p: float
    p_holm: float
    q_bh: float


@dataclass(frozen=True, slots=True)
class Heterogeneity:
    """Cochran's Q test of equal effects across subgroups, I^2 and the pooled estimate."""

    q: float
    df: int
    p: float
    i2: float
    pooled: float
    pooled_se: float


@dataclass(frozen=True, slots=True)
class SubgroupEffects:
    """Per-subgroup results in the order given, and the heterogeneity test over them."""

    subgroups: tuple[SubgroupEffect, ...]
    heterogeneity: Heterogeneity


def _vector(values: ArrayLike, name: str) -> NDArray[np.float64]:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"{name} must hold numbers only") from err
    if arr.ndim != 1:
        raise AnalysisError(f"{name} must be one-dimensional, got shape {arr.shape}")
    return arr


def _p_values(p: ArrayLike) -> NDArray[np.float64]:
    arr = _vector(p, "p")
    bad = ~((arr >= 0) & (arr <= 1))  # also catches NaN
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise AnalysisError(f"p[{i}] must be between 0 and 1, got {float(arr[i])!r}")
    return arr


def holm(p: ArrayLike) -> NDArray[np.float64]:
    """Holm's step-down adjusted p-values, in the order given (module docstring)."""
    arr = _p_values(p)
    k = arr.shape[0]
    order = np.argsort(arr, kind="stable")
    scaled = (k - np.arange(k)) * arr[order]
    out = np.empty(k)
    out[order] = np.minimum(1.0, np.maximum.accumulate(scaled))
    return out


def benjamini_hochberg(p: ArrayLike) -> NDArray[np.float64]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the order given."""
    arr = _p_values(p)
    k = arr.shape[0]
    order = np.argsort(arr, kind="stable")
    # p (k / i) rather than k p / i: k / i rounds to >= 1 and to <= k - i + 1, so the result
    # stays >= p and <= Holm's value in floating point too
    scaled = arr[order] * (k / np.arange(1, k + 1))
    out = np.empty(k)
    out[order] = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
    return out


def _named(i: int, labels: Sequence[str] | None) -> str:
    return f" (subgroup {labels[i]!r})" if labels is not None else ""


def _checked(
    estimates: ArrayLike, ses: ArrayLike, labels: Sequence[str] | None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    theta, se = _vector(estimates, "estimates"), _vector(ses, "ses")
    if labels is not None and len(labels) != theta.shape[0]:
        raise AnalysisError(f"labels has {len(labels)} values but estimates has {theta.shape[0]}")
    if se.shape != theta.shape:
        raise AnalysisError(f"estimates has {theta.shape[0]} values but ses has {se.shape[0]}")
    if theta.shape[0] < 2:
        which = f" ({labels[0]!r})" if labels is not None and len(labels) == 1 else ""
        raise AnalysisError(f"need at least 2 subgroups, got {theta.shape[0]}{which}")
    if not np.isfinite(theta).all():
        i = int(np.flatnonzero(~np.isfinite(theta))[0])
        raise AnalysisError(f"estimates[{i}]{_named(i, labels)} is not finite")
    bad = ~(np.isfinite(se) & (se > 0))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise AnalysisError(
            f"ses[{i}]{_named(i, labels)} must be positive and finite, got {float(se[i])!r}"
        )
    return theta, se


def _q_test(theta: NDArray[np.float64], se: NDArray[np.float64]) -> Heterogeneity:
    smallest = float(se.min())
    w = (smallest / se) ** 2  # w_i / w_max: in (0, 1], no overflow
    pooled = float((w * theta).sum() / w.sum())
    with np.errstate(over="ignore"):  # a spread of many standard errors may give Q = inf
        q = float((((theta - pooled) / se) ** 2).sum())
    df = theta.shape[0] - 1
    i2 = 1.0 if math.isinf(q) else max(0.0, (q - df) / q) if q > 0 else 0.0
    return Heterogeneity(
        q=q,
        df=df,
        p=float(scipy.stats.chi2.sf(q, df)),
        i2=i2,
        pooled=pooled,
        pooled_se=smallest / math.sqrt(float(w.sum())),
    )


def cochran_q(estimates: ArrayLike, ses: ArrayLike) -> Heterogeneity:
    """Cochran's Q, its chi-squared p-value, I^2 and the fixed-effect pooled estimate.

    Raises AnalysisError for unequal lengths, fewer than 2 estimates, an estimate that is
    not finite, or a standard error that is not positive and finite.
    """
    return _q_test(*_checked(estimates, ses, None))


def _labels(labels: Sequence[object]) -> list[str]:
    if isinstance(labels, str):
        raise AnalysisError("labels must be a sequence of labels, not one string")
    names = [str(label) for label in labels]
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in first:
            raise AnalysisError(f"labels[{i}] ({name!r}) repeats labels[{first[name]}]")
        first[name] = i
    return names


def subgroup_effects(
    labels: Sequence[object], estimates: ArrayLike, ses: ArrayLike
) -> SubgroupEffects:
    """Per-subgroup tests with Holm and Benjamini-Hochberg adjustment, and Cochran's Q.

    ``labels`` name the subgroups (any values; shown as text). Raises AnalysisError, naming
    the subgroup, for repeated labels, unequal lengths, fewer than 2 subgroups, an estimate
    that is not finite, or a standard error that is not positive and finite.
    """
    names = _labels(labels)
    theta, se = _checked(estimates, ses, names)
    with np.errstate(over="ignore"):  # a tiny se may give z = +/-inf, p = 0
        z = theta / se
    p = 2.0 * scipy.stats.norm.sf(np.abs(z))
    p_holm, q_bh = holm(p), benjamini_hochberg(p)
    rows = tuple(
        SubgroupEffect(
            label=names[i],
            estimate=float(theta[i]),
            se=float(se[i]),
            ci95=(float(theta[i] - Z95 * se[i]), float(theta[i] + Z95 * se[i])),
            z=float(z[i]),
            p=float(p[i]),
            p_holm=float(p_holm[i]),
            q_bh=float(q_bh[i]),
        )
        for i in range(theta.shape[0])
    )
    return SubgroupEffects(rows, _q_test(theta, se))
