"""Multi-criteria decision methods for choosing flagship products.

Conventions (all methods)
-------------------------
* A decision matrix has one row per alternative and one column per criterion.
* ``weights`` are finite, non-negative and sum to 1 within 1e-9; they are never rescaled.
* ``benefit[j]`` is True when more is better on criterion j and False when less is better
  (a cost). Only booleans are accepted, so pymcdm-style ``1/-1`` cannot slip through.
* Ranks are standard competition ranks: 1 is best and tied alternatives share the smallest
  rank ("1, 2, 2, 4"). Ties are exact floating-point equality.
* Input a method cannot honestly compute with raises :class:`AnalysisError`, whose message
  starts with the location (``matrix[3, 1]``, ``weights``, ``matrix[:, 2]`` ...). No NaN is
  ever returned and nothing is silently repaired.

AHP (Saaty 1980)
    Priorities are the principal (Perron) eigenvector ``w`` of the judgement matrix ``A``,
    scaled to sum to 1, with eigenvalue ``lambda_max``. ``CI = (lambda_max - n)/(n - 1)``,
    ``CR = CI / RI(n)`` with Saaty's random indices for n = 1..15 (0, 0, 0.58, 0.90, 1.12,
    1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59); CI = CR = 0 for n <= 2 and
    the matrix counts as consistent when ``CR <= 0.10``. Rounding can put the computed
    eigenvalue a hair below n, which is impossible for a positive reciprocal matrix; it is
    then reported as n. A judgement matrix must be square, positive, finite, have a unit
    diagonal and be reciprocal (``|a_ji - 1/a_ij| <= 1e-6 * max(a_ji, 1/a_ij)``).
    **Worst pairs.** With ``e_ij = a_ij w_j / w_i`` the Perron equation gives exactly
    ``lambda_max - n = (1/n) * sum_{i<j} (e_ij + 1/e_ij - 2)``. Each judgement therefore
    adds ``(2 cosh(ln e_ij) - 2)/n`` to ``lambda_max - n``, which grows with ``|ln e_ij|``;
    ``worst_pairs`` lists the pairs ``(i, j)``, ``i < j``, by decreasing ``|ln e_ij|`` (ties
    in index order) and leaves out pairs with ``|ln e_ij| <= 1e-9`` (already consistent).
    Several assessors are combined by the element-wise (weighted) geometric mean of their
    matrices (aggregation of individual judgements, AIJ), which stays reciprocal.

TOPSIS (Hwang & Yoon 1981)
    ``r_ij = x_ij / ||x_.j||_2``, ``v_ij = w_j r_ij``; the ideal takes the column maximum
    of ``v`` for a benefit and the minimum for a cost, the anti-ideal the opposite;
    ``D+``/``D-`` are Euclidean distances to them and ``closeness = D- / (D+ + D-)``.
    A column of zeros (norm 0) is an error, and so is a matrix in which every criterion
    with positive weight is constant (closeness would be 0/0). Negative values are allowed:
    dividing by a positive norm keeps their order.

SAW (simple additive weighting)
    ``r_ij = x_ij / max_i x_ij`` for a benefit, ``min_i x_ij / x_ij`` for a cost; the score
    is ``sum_j w_j r_ij``. Ratios only mean something on a ratio scale, so benefit values
    must be >= 0 with a positive maximum and cost values must be > 0.

VIKOR (Opricovic & Tzeng 2004)
    ``f*_j``/``f-_j`` are the best/worst values of criterion j; with
    ``d_ij = (f*_j - x_ij)/(f*_j - f-_j)``, ``S_i = sum_j w_j d_ij``, ``R_i = max_j w_j d_ij``
    and ``Q_i = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*)``; lower Q is better
    and ranks follow Q. Alternatives ordered by Q (ties in index order) are a(1), a(2),
    ...; with ``DQ = 1/(m - 1)``: *acceptable advantage* (C1) is
    ``Q(a(2)) - Q(a(1)) >= DQ``;
    *acceptable stability* (C2) is that a(1) is also best (possibly tied) by S or by R.
    Compromise: both hold -> (a(1),); only C2 fails -> (a(1), a(2)); C1 fails -> every a(k)
    with ``Q(a(k)) - Q(a(1)) < DQ``, in Q order. Comparisons allow 1e-12 for rounding.
    A constant criterion (zero range) is an error, as is ``S- - S* <= 1e-12`` (when
    ``v > 0``) or ``R- - R* <= 1e-12`` (when ``v < 1``): S and R lie in [0, 1], so a smaller
    range is rounding noise and dividing by it would rank noise. Fewer than two
    alternatives is an error too.

Weight sensitivity
    See :func:`weight_sensitivity`; the search itself lives in ``_mcda_sensitivity``.

Selection analysis
    :func:`selection_analysis` runs all of the above for one flagship-selection round in a
    single call (the body lives in ``_mcda_selection``; TOPSIS, SAW and VIKOR in
    ``_mcda_methods``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from ovop.analysis import AnalysisError
from ovop.analysis import _mcda_selection as _selection
from ovop.analysis import _mcda_sensitivity as _sens
from ovop.analysis._mcda_ahp import CR_THRESHOLD, RANDOM_INDEX, ahp_checked, geometric_mean
from ovop.analysis._mcda_kernels import competition_ranks
from ovop.analysis._mcda_methods import (
    saw,
    topsis,
    topsis_normalised,
    vikor,
    vikor_regrets_checked,
)
from ovop.analysis._mcda_results import (
    AHPResult,
    SawResult,
    SelectionAnalysis,
    SynthesisResult,
    TopsisResult,
    VikorResult,
    WeightRange,
)
from ovop.analysis._mcda_validate import (
    FloatArray,
    as_float_array,
    benefit_vector,
    check_finite,
    decision_matrix,
    matrix_list,
    pairwise_matrix,
    saw_ratios,
    weight_vector,
)

__all__ = [
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "AHPResult",
    "SawResult",
    "SelectionAnalysis",
    "SynthesisResult",
    "TopsisResult",
    "VikorResult",
    "WeightRange",
    "aggregate_judgements",
    "ahp",
    "ahp_synthesis",
    "ranks_from_scores",
    "rescaled_weights",
    "saw",
    "selection_analysis",
    "topsis",
    "vikor",
    "weight_sensitivity",
]

IntArray = npt.NDArray[np.int64]

_AHP_MAX_N = len(RANDOM_INDEX)


def ranks_from_scores(values: npt.ArrayLike, descending: bool = True) -> IntArray:
    """Competition ranks of ``values`` (1 = best; ties share the smallest rank).

    ``descending=True`` means higher is better; use False for costs such as VIKOR's Q.
    """
    v = as_float_array(values, "values")
    if v.ndim != 1:
        raise AnalysisError(f"values: must be 1-dimensional, got shape {v.shape}")
    check_finite(v, "values")
    return competition_ranks(v, descending)


# --------------------------------------------------------------------------------------- AHP


def ahp(matrix: npt.ArrayLike) -> AHPResult:
    """Eigenvector priorities and consistency of one pairwise-comparison matrix."""
    return ahp_checked(pairwise_matrix(matrix, "matrix", _AHP_MAX_N))


def aggregate_judgements(
    matrices: Sequence[npt.ArrayLike] | npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> FloatArray:
    """Element-wise (weighted) geometric mean of several assessors' judgement matrices.

    ``weights`` (one per matrix, non-negative, summing to 1) default to equal weights.
    """
    items = matrix_list(matrices, "matrices")
    checked = [pairwise_matrix(m, f"matrices[{k}]", max_n=None) for k, m in enumerate(items)]
    for k, m in enumerate(checked[1:], start=1):
        if m.shape != checked[0].shape:
            raise AnalysisError(
                f"matrices[{k}]: shape {m.shape} differs from matrices[0] {checked[0].shape}"
            )
    count = len(checked)
    w = np.full(count, 1.0 / count) if weights is None else weight_vector(weights, count)
    return geometric_mean(checked, w)


def ahp_synthesis(
    criteria_matrix: npt.ArrayLike, alternative_matrices: Sequence[npt.ArrayLike] | npt.ArrayLike
) -> SynthesisResult:
    """Two-level AHP: criteria weights times each criterion's alternative priorities.

    ``alternative_matrices[j]`` compares the alternatives on criterion j. The result's
    ``local_priorities`` is alternatives x criteria, ``global_priorities`` its product with
    the criteria weights, and ``cr_by_matrix`` the criteria CR followed by each
    alternative matrix's CR.
    """
    criteria = ahp_checked(pairwise_matrix(criteria_matrix, "criteria_matrix", _AHP_MAX_N))
    n = criteria.weights.shape[0]
    items = matrix_list(alternative_matrices, "alternative_matrices")
    if len(items) != n:
        raise AnalysisError(
            f"alternative_matrices: expected {n} matrices (one per criterion), got {len(items)}"
        )
    results: list[AHPResult] = []
    for k, item in enumerate(items):
        name = f"alternative_matrices[{k}]"
        a = pairwise_matrix(item, name, _AHP_MAX_N)
        if results and a.shape[0] != results[0].weights.shape[0]:
            m = results[0].weights.shape[0]
            raise AnalysisError(f"{name}: expected {m}x{m} like the first, got shape {a.shape}")
        results.append(ahp_checked(a))
    local = np.column_stack([r.weights for r in results])
    global_priorities = local @ criteria.weights
    return SynthesisResult(
        criteria_weights=criteria.weights,
        local_priorities=local,
        global_priorities=global_priorities,
        ranks=competition_ranks(global_priorities),
        cr_by_matrix=(criteria.cr, *(r.cr for r in results)),
    )


# ------------------------------------------------------------------------- weight sensitivity


def rescaled_weights(weights: npt.ArrayLike, criterion: int, value: float) -> FloatArray:
    """Weights with ``weights[criterion] = value`` and the others rescaled to sum ``1 - value``.

    The others keep their proportions; if they are all zero they share ``1 - value``
    equally. This is the path along which :func:`weight_sensitivity` moves a weight.
    """
    w = as_float_array(weights, "weights")
    if w.ndim != 1 or not 0 <= criterion < w.shape[0]:
        raise AnalysisError(f"criterion: must index the {w.shape[0]} weights, got {criterion}")
    if not 0.0 <= value <= 1.0:
        raise AnalysisError(f"value: must be within [0, 1], got {value}")
    if w.shape[0] == 1 and value != 1.0:
        raise AnalysisError(f"value: a single criterion must keep weight 1, got {value}")
    return _sens.path_weights(weight_vector(w, w.shape[0]), criterion, value)


def weight_sensitivity(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    benefit: npt.ArrayLike,
    method: Literal["topsis", "saw", "vikor"] = "topsis",
    *,
    v: float = 0.5,
) -> list[WeightRange]:
    """For each criterion, the interval of its weight within which the winner stays first.

    Criterion j's weight moves from 0 to 1 along :func:`rescaled_weights`. The winner is
    the alternative ranked first at the given weights (the lowest index if several tie);
    "stays first" allows ties. For SAW, whose scores are linear in the weight, the
    interval ends are exact line crossings. For TOPSIS and VIKOR (ranked by Q only, not
    the compromise rules) the scores are evaluated in closed form on a grid of 2001 points
    plus the current weight, and each crossing is refined by bisection to 1e-10; a lead
    change and recovery narrower than the grid step (5e-4) can go unseen. Where VIKOR's
    S or R has a zero range along the path, that term counts as 0 for every alternative,
    and where TOPSIS cannot separate any alternative all count as tied. With a single
    criterion the weight cannot move: low = high = current and no alternative takes over.
    """
    x = decision_matrix(matrix)
    n = x.shape[1]
    w = weight_vector(weights, n)
    b = benefit_vector(benefit, n)
    # each branch runs the method once: same validation and errors, and the winner
    if method == "saw":
        winner = int(np.argmin(saw(x, w, b).ranks))
        return _sens.saw_ranges(saw_ratios(x, b), w, winner)
    if method == "topsis":
        winner = int(np.argmin(topsis(x, w, b).ranks))
        return _sens.topsis_ranges(topsis_normalised(x), b, w, winner)
    if method == "vikor":
        winner = int(np.argmin(vikor(x, w, b, v).ranks))
        return _sens.vikor_ranges(vikor_regrets_checked(x, b, v), w, v, winner)
    raise AnalysisError(f"method: must be 'topsis', 'saw' or 'vikor', got {method!r}")


# ------------------------------------------------------------------------ selection analysis


def selection_analysis(
    judgements: Sequence[npt.ArrayLike] | npt.ArrayLike,
    matrix: npt.ArrayLike,
    benefit: npt.ArrayLike,
    *,
    v: float = 0.5,
    assessor_weights: npt.ArrayLike | None = None,
    sensitivity_method: Literal["topsis", "saw", "vikor"] = "topsis",
) -> SelectionAnalysis:
    """Everything a flagship-selection round shows, in one call.

    ``judgements`` holds each assessor's n x n pairwise matrix of the criteria (errors name
    ``judgements[k]``); ``matrix`` the scores, alternatives x the same n criteria; ``benefit``
    the direction of each criterion. Each judgement gets its own AHP; the judgements are
    combined by the element-wise geometric mean (``assessor_weights`` default to equal),
    whose AHP weights feed TOPSIS, SAW and VIKOR (with ``v``). VIKOR alone may fail on
    scores the others can rank (a constant criterion, a flat S or R): its error is then
    kept in ``vikor_error`` and the rest is still returned. The sensitivity is that of
    ``sensitivity_method``'s winner, as :func:`weight_sensitivity` computes it.
    """
    return _selection.analyse(
        judgements,
        matrix,
        benefit,
        v=v,
        assessor_weights=assessor_weights,
        sensitivity_method=sensitivity_method,
    )
