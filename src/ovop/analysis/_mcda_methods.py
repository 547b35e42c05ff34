"""TOPSIS, SAW and VIKOR, re-exported by :mod:`ovop.analysis.mcda` (whose docstring
gives the formulas and conventions); the checked helpers are shared with the weight
sensitivity and the selection analysis."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ovop.analysis import AnalysisError
from ovop.analysis._mcda_kernels import (
    column_stats,
    competition_ranks,
    topsis_distances,
    vikor_regrets,
)
from ovop.analysis._mcda_results import SawResult, TopsisResult, VikorResult
from ovop.analysis._mcda_validate import (
    BoolArray,
    FloatArray,
    benefit_vector,
    decision_matrix,
    first_non_finite,
    saw_ratios,
    weight_vector,
)

IntArray = npt.NDArray[np.int64]

_VIKOR_TOL = 1e-12


# ------------------------------------------------------------------------------------ TOPSIS


def topsis(matrix: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike) -> TopsisResult:
    """TOPSIS with vector normalisation; memory-lean for very tall matrices."""
    x = decision_matrix(matrix, finite=False)
    n = x.shape[1]
    w = weight_vector(weights, n)
    b = benefit_vector(benefit, n)
    col_max, col_min, sumsq = column_stats(x)
    if not (np.isfinite(col_max).all() and np.isfinite(col_min).all()):
        raise first_non_finite(x, "matrix")
    scale = w / _topsis_norms(sumsq)
    _require_spread(scale, col_max, col_min)
    d_plus, d_minus = topsis_distances(
        x, scale, np.where(b, col_max, col_min), np.where(b, col_min, col_max)
    )
    total = d_plus + d_minus
    if not (total > 0).all():  # only reachable through underflow
        i = int(np.flatnonzero(~(total > 0))[0])
        raise AnalysisError(f"matrix[{i}, :]: distances to ideal and anti-ideal underflow to 0")
    closeness = np.divide(d_minus, total, out=total)
    return TopsisResult(closeness, d_plus, d_minus)


def _topsis_norms(sumsq: FloatArray) -> FloatArray:
    norms = np.sqrt(sumsq)
    for j in range(norms.shape[0]):
        if norms[j] == 0:
            raise AnalysisError(
                f"matrix[:, {j}]: column is all zeros; vector normalisation divides by its norm"
            )
        if not np.isfinite(norms[j]):
            raise AnalysisError(f"matrix[:, {j}]: values too large, the column norm overflows")
    return norms


def _require_spread(scale: FloatArray, col_max: FloatArray, col_min: FloatArray) -> None:
    if not ((scale > 0) & (col_max > col_min)).any():
        raise AnalysisError(
            "matrix: every criterion with positive weight is constant across the alternatives,"
            " so TOPSIS closeness is 0/0"
        )


def topsis_normalised(x: FloatArray) -> FloatArray:
    """``x / ||x_.j||`` for an already checked matrix (used by the sensitivity search)."""
    _, _, sumsq = column_stats(x)
    normalised: FloatArray = x / _topsis_norms(sumsq)
    return normalised


# --------------------------------------------------------------------------------------- SAW


def saw(matrix: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike) -> SawResult:
    """Simple additive weighting with linear (max / min-ratio) normalisation."""
    x = decision_matrix(matrix)
    n = x.shape[1]
    w = weight_vector(weights, n)
    scores = saw_ratios(x, benefit_vector(benefit, n)) @ w
    return SawResult(scores, competition_ranks(scores))


# ------------------------------------------------------------------------------------- VIKOR


def vikor(
    matrix: npt.ArrayLike, weights: npt.ArrayLike, benefit: npt.ArrayLike, v: float = 0.5
) -> VikorResult:
    """VIKOR ranking by Q with the acceptable-advantage/stability tests and compromise set."""
    x = decision_matrix(matrix)
    n = x.shape[1]
    w = weight_vector(weights, n)
    regrets = vikor_regrets_checked(x, benefit_vector(benefit, n), v)
    weighted = regrets * w
    s = weighted.sum(axis=1)
    r = weighted.max(axis=1)
    q = v * _spread_term(s, v > 0, "S") + (1 - v) * _spread_term(r, v < 1, "R")
    order = np.argsort(q, kind="stable")
    c1, c2, compromise = _vikor_compromise(q, s, r, order)
    return VikorResult(s, r, q, competition_ranks(q, descending=False), c1, c2, compromise)


def vikor_regrets_checked(x: FloatArray, b: BoolArray, v: float) -> FloatArray:
    if not 0.0 <= v <= 1.0:  # also false for NaN
        raise AnalysisError(f"v: must be within [0, 1], got {v}")
    if x.shape[0] < 2:
        raise AnalysisError(f"matrix: VIKOR needs at least 2 alternatives, got {x.shape[0]}")
    col_max, col_min = x.max(axis=0), x.min(axis=0)
    constant = np.flatnonzero(col_max == col_min)
    if constant.size:
        raise AnalysisError(
            f"matrix[:, {int(constant[0])}]: criterion is constant; VIKOR divides by its range"
        )
    return vikor_regrets(x, b, col_max, col_min)


def _spread_term(values: FloatArray, needed: bool, label: str) -> FloatArray:
    low, high = values.min(), values.max()
    if high - low > _VIKOR_TOL:
        term: FloatArray = (values - low) / (high - low)
        return term
    if needed:
        raise AnalysisError(
            f"matrix: every alternative has the same {label}, so Q divides by a zero range"
        )
    return np.zeros_like(values)


def _vikor_compromise(
    q: FloatArray, s: FloatArray, r: FloatArray, order: IntArray
) -> tuple[bool, bool, tuple[int, ...]]:
    m = q.shape[0]
    dq = 1.0 / (m - 1)
    first, second = int(order[0]), int(order[1])
    advantage = bool(q[second] - q[first] >= dq - _VIKOR_TOL)
    stability = bool(s[first] <= s.min() + _VIKOR_TOL or r[first] <= r.min() + _VIKOR_TOL)
    if advantage and stability:
        return advantage, stability, (first,)
    if advantage:
        return advantage, stability, (first, second)
    close = [int(k) for k in order if q[k] - q[first] < dq - _VIKOR_TOL]
    return advantage, stability, tuple(close)
