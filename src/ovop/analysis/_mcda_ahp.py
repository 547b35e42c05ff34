"""AHP eigenvector priorities, consistency ratio and the most inconsistent judgements.

The formulas and the ranking rule for ``worst_pairs`` are documented in
:mod:`ovop.analysis.mcda`.
"""

from __future__ import annotations

import numpy as np

from ovop.analysis._mcda_results import AHPResult
from ovop.analysis._mcda_validate import FloatArray

#: Saaty's (1980) random consistency index for n = 1..15.
RANDOM_INDEX = (
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
#: A matrix is consistent when its CR is at most this.
CR_THRESHOLD = 0.10
#: Pairs with |ln e_ij| at or below this are consistent and left out of ``worst_pairs``.
_PAIR_TOL = 1e-9


def ahp_checked(a: FloatArray) -> AHPResult:
    """AHP of an already validated judgement matrix (n <= 15)."""
    n = a.shape[0]
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    principal = np.abs(vectors[:, k].real)
    weights = principal / principal.sum()
    lambda_max = max(float(values[k].real), float(n))
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    cr = ci / RANDOM_INDEX[n - 1] if n > 2 else 0.0
    return AHPResult(weights, lambda_max, ci, cr, cr <= CR_THRESHOLD, _worst_pairs(a, weights))


def geometric_mean(checked: list[FloatArray], weights: FloatArray) -> FloatArray:
    """Element-wise weighted geometric mean of validated judgement matrices of one shape."""
    logs = np.log(np.stack(checked))
    combined: FloatArray = np.exp(np.tensordot(weights, logs, axes=1))
    np.fill_diagonal(combined, 1.0)
    return combined


def _worst_pairs(a: FloatArray, w: FloatArray) -> tuple[tuple[int, int], ...]:
    deviation = np.abs(np.log(a * w[np.newaxis, :] / w[:, np.newaxis]))
    rows, cols = np.triu_indices(a.shape[0], k=1)
    dev = deviation[rows, cols]
    keep = dev > _PAIR_TOL
    rows, cols, dev = rows[keep], cols[keep], dev[keep]
    # deviations equal in exact arithmetic (a circular set of judgements) differ in their last
    # bits from one numpy build to another: compared to 9 decimals, they tie and the pairs'
    # order decides
    order = np.lexsort((cols, rows, -np.round(dev, 9)))
    return tuple((int(rows[k]), int(cols[k])) for k in order)
