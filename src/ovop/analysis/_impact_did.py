"""Difference-in-differences kernels (private to the impact module).

Both paths return the estimate, its residuals u and the vector a with
``estimate = sum_i a_i y_i`` (the interaction's row of (X'X)^-1 X'). Every covariance in
use only needs a and u:

* classical: s^2 sum_i a_i^2 with s^2 = sum_i u_i^2 / (N - K)
* HC1:       N / (N - K) sum_i a_i^2 u_i^2
* cluster:   G / (G - 1) (N - 1) / (N - K) sum_g (sum_{i in g} a_i u_i)^2
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.linalg
from numpy.typing import ArrayLike, NDArray

from ovop.analysis import AnalysisError

SeType = Literal["cluster", "hc1", "classical"]
Floats = NDArray[np.float64]
_CELLS = ("control rows before", "control rows after", "treated rows before", "treated rows after")
_SIGN = np.array([1.0, -1.0, -1.0, 1.0])  # cell = 2 * treated + post
_FAST_COND = 1e3


def finite_vector(values: ArrayLike, name: str, n: int | None = None) -> Floats:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise AnalysisError(f"{name} must hold numbers only") from err
    if arr.ndim != 1:
        raise AnalysisError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if n is not None and arr.shape[0] != n:
        raise AnalysisError(f"{name} has {arr.shape[0]} values, y has {n}")
    if not np.isfinite(arr).all():
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise AnalysisError(f"{name}[{bad}] is missing or not finite")
    return arr


def binary(values: ArrayLike, name: str, n: int) -> NDArray[np.intp]:
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise AnalysisError(f"{name} must be one-dimensional with {n} values")
    if arr.dtype == np.bool_:
        return arr.astype(np.intp)
    if arr.dtype.kind not in "iuf":
        raise AnalysisError(f"{name} must hold 0 and 1 only")
    bad = (arr != 0) & (arr != 1)
    if bad.any():
        raise AnalysisError(f"{name}[{int(np.flatnonzero(bad)[0])}] is not 0 or 1")
    return arr.astype(np.intp)


def cells(
    treated: NDArray[np.intp], post: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Cell code 2 * treated + post and the four cell sizes (all must be non-empty)."""
    cell = 2 * treated + post
    counts = np.bincount(cell, minlength=4)
    if (counts == 0).any():
        raise AnalysisError(
            f"the data have no {_CELLS[int(np.argmin(counts))]}; "
            "each group is needed in both periods"
        )
    return cell, counts


def cluster_codes(cluster: ArrayLike, n: int) -> tuple[NDArray[np.intp], int]:
    """Integer cluster codes (possibly with unused values) and the number of clusters."""
    arr = np.asarray(cluster)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise AnalysisError(f"cluster must be one-dimensional with {n} labels")
    if arr.dtype.kind in "iu" and n and arr.min() >= 0 and arr.max() < 4 * n + 1024:
        codes = arr.astype(np.intp, copy=False)  # small non-negative ints: use as they are
        return codes, int(np.count_nonzero(np.bincount(codes)))
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise AnalysisError("cluster labels must not be missing")
    try:
        labels, codes = np.unique(arr, return_inverse=True)
    except TypeError as err:
        raise AnalysisError("cluster labels must be all numbers or all strings") from err
    if arr.dtype == object and any(label is None for label in labels.tolist()):
        raise AnalysisError("cluster labels must not be missing")
    return codes.astype(np.intp, copy=False), int(labels.shape[0])


def saturated(
    y: Floats, cell: NDArray[np.intp], counts: NDArray[np.intp]
) -> tuple[float, Floats, Floats]:
    """The 2x2 model: fitted values are the four cell means."""
    shift = float(y.mean())  # centring leaves the estimate and residuals unchanged
    centred = y - shift
    means = np.bincount(cell, weights=centred, minlength=4) / counts
    estimate = float((means[3] - means[2]) - (means[1] - means[0]))
    resid = centred - means[cell]
    return estimate, resid, (_SIGN / counts)[cell]


def _design(treated: NDArray[np.intp], post: NDArray[np.intp], z: Floats) -> tuple[Floats, Floats]:
    """[1, T, P, T*P, Z - mean(Z)] with unit-length columns, and the column lengths."""
    n = treated.shape[0]
    inter = (treated * post).astype(np.float64)
    x = np.column_stack([np.ones(n), treated, post, inter, z - z.mean(axis=0)])
    norms = np.linalg.norm(x, axis=0)
    if (norms == 0).any():
        raise AnalysisError(
            f"covariate column {int(np.argmin(norms)) - 4} is constant, "
            "so it is collinear with the intercept"
        )
    return x / norms, norms


def _normal_equations(x: Floats, y: Floats) -> tuple[float, Floats, Floats] | None:
    """Cholesky of X'X with one refinement step (corrected semi-normal equations).

    Used only when cond(X) <= 1e3, where its error (about cond(X)**2 * 1e-16) stays far
    below 1e-8; returns None otherwise so that the QR path decides.
    """
    try:
        r = np.linalg.cholesky(x.T @ x).T
    except np.linalg.LinAlgError:
        return None
    singular = np.linalg.svd(r, compute_uv=False)
    if singular[-1] * _FAST_COND < singular[0]:
        return None

    def solve(rhs: Floats) -> Floats:
        inner = scipy.linalg.solve_triangular(r, rhs, trans="T")
        return np.asarray(scipy.linalg.solve_triangular(r, inner), dtype=np.float64)

    beta = solve(x.T @ y)
    beta += solve(x.T @ (y - x @ beta))
    unit = np.zeros(r.shape[0])
    unit[3] = 1.0
    return float(beta[3]), y - x @ beta, solve(unit)


def _householder(x: Floats, y: Floats) -> tuple[float, Floats, Floats]:
    """Thin QR; also the place where a rank-deficient design is detected and named."""
    q, r = np.linalg.qr(x)
    singular = np.linalg.svd(r, compute_uv=False)
    if singular[-1] <= singular[0] * max(x.shape) * np.finfo(np.float64).eps:
        weakest = int(np.argmin(np.abs(np.diag(r))))
        what = f"covariate column {weakest - 4}" if weakest >= 4 else "the design"
        raise AnalysisError(
            f"{what} is collinear with the other regressors (rank-deficient design)"
        )
    qty = q.T @ y
    unit = np.zeros(r.shape[0])
    unit[3] = 1.0
    inner = scipy.linalg.solve_triangular(r, unit, trans="T")
    w = np.asarray(scipy.linalg.solve_triangular(r, inner), dtype=np.float64)
    beta3 = float(scipy.linalg.solve_triangular(r, qty)[3])
    return beta3, y - q @ qty, w


def with_covariates(
    y: Floats, treated: NDArray[np.intp], post: NDArray[np.intp], z: Floats
) -> tuple[float, Floats, Floats]:
    """OLS with covariates on the centred, column-scaled design.

    Centring Z and y and scaling columns change only the other coefficients, never delta,
    its residuals or its weights a = X (X'X)^-1 e_delta.
    """
    x, norms = _design(treated, post, z)
    yc = y - y.mean()
    fit = _normal_equations(x, yc) or _householder(x, yc)
    beta3, resid, w = fit
    return beta3 / norms[3], resid, (x @ w) / norms[3]


def variance(
    se: SeType, a: Floats, u: Floats, k: int, codes: NDArray[np.intp] | None, n_clusters: int | None
) -> float:
    """Sampling variance of the estimate under the chosen covariance (see module doc)."""
    n = a.shape[0]
    if se == "classical":
        return float(np.dot(u, u) / (n - k) * np.dot(a, a))
    au = a * u
    if se == "hc1":
        return float(n / (n - k) * np.dot(au, au))
    assert codes is not None and n_clusters is not None
    sums = np.bincount(codes, weights=au)
    g = n_clusters
    return float(g / (g - 1) * (n - 1) / (n - k) * np.dot(sums, sums))
