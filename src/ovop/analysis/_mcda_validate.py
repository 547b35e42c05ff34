"""Input checks shared by the methods in :mod:`ovop.analysis.mcda`.

Every check raises :class:`~ovop.analysis.AnalysisError` with a message that starts with the
location of the problem (``matrix[2, 1]``, ``weights``, ``benefit[0]`` ...), so that a caller
can show it unchanged. Nothing here repairs input.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ovop.analysis import AnalysisError

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Weights must sum to 1 within this absolute tolerance.
WEIGHT_SUM_TOL = 1e-9
#: Relative tolerance for reciprocity (a_ji = 1/a_ij) and a unit diagonal in AHP matrices.
RECIPROCAL_RTOL = 1e-6


def as_float_array(value: npt.ArrayLike, name: str) -> FloatArray:
    """Read ``value`` as a C-ordered float64 array (no copy if it already is one)."""
    try:
        arr = np.asarray(value, dtype=np.float64, order="C")
    except (TypeError, ValueError) as exc:
        raise AnalysisError(f"{name}: could not be read as numbers ({exc})") from None
    return arr


def first_non_finite(arr: FloatArray, name: str) -> AnalysisError:
    """Build the error for the first NaN/inf entry of ``arr`` (call only when one exists)."""
    bad = np.argwhere(~np.isfinite(arr))
    where = ", ".join(str(int(k)) for k in bad[0]) if bad.size else "?"
    value = arr[tuple(bad[0])] if bad.size else float("nan")
    return AnalysisError(f"{name}[{where}]: must be finite, got {value}")


def check_finite(arr: FloatArray, name: str) -> None:
    """Raise for the first NaN or infinite entry of ``arr`` (one pass over the data)."""
    if not np.isfinite(arr).all():
        raise first_non_finite(arr, name)


def decision_matrix(matrix: npt.ArrayLike, *, finite: bool = True) -> FloatArray:
    """A non-empty 2-D float matrix, alternatives in rows and criteria in columns.

    With ``finite=False`` the NaN/inf scan is left to the caller (TOPSIS folds it into its
    column statistics to save a pass over large inputs).
    """
    x = as_float_array(matrix, "matrix")
    if x.ndim != 2:
        raise AnalysisError(
            f"matrix: must be 2-dimensional (alternatives x criteria), got shape {x.shape}"
        )
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise AnalysisError(
            f"matrix: needs at least one alternative and one criterion, got shape {x.shape}"
        )
    if finite:
        check_finite(x, "matrix")
    return x


def weight_vector(weights: npt.ArrayLike, n: int, name: str = "weights") -> FloatArray:
    """Non-negative finite weights of length ``n`` that sum to 1 within 1e-9."""
    w = as_float_array(weights, name)
    if w.ndim != 1 or w.shape[0] != n:
        raise AnalysisError(f"{name}: expected {n} values, got shape {w.shape}")
    check_finite(w, name)
    negative = np.flatnonzero(w < 0)
    if negative.size:
        k = int(negative[0])
        raise AnalysisError(f"{name}[{k}]: must be >= 0, got {w[k]}")
    total = float(w.sum())
    if abs(total - 1.0) > WEIGHT_SUM_TOL:
        raise AnalysisError(f"{name}: must sum to 1 (within {WEIGHT_SUM_TOL}), sum is {total!r}")
    return w


def benefit_vector(benefit: npt.ArrayLike, n: int) -> BoolArray:
    """Booleans of length ``n``: True for a benefit criterion, False for a cost criterion.

    Integers such as pymcdm's 1/-1 are refused on purpose: -1 would silently read as True.
    """
    b = np.asarray(benefit)
    if b.ndim != 1 or b.shape[0] != n:
        raise AnalysisError(
            f"benefit: expected {n} values (one per criterion), got shape {b.shape}"
        )
    if b.dtype != np.bool_:
        raise AnalysisError(
            f"benefit: must be booleans (True = benefit, False = cost), got dtype {b.dtype}"
        )
    return b


def pairwise_matrix(matrix: npt.ArrayLike, name: str, max_n: int | None) -> FloatArray:
    """A positive, finite, reciprocal AHP judgement matrix with a unit diagonal.

    ``max_n`` is the largest size with a tabulated random index (None: no limit).
    """
    a = as_float_array(matrix, name)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise AnalysisError(f"{name}: must be a square matrix, got shape {a.shape}")
    n = a.shape[0]
    if n == 0:
        raise AnalysisError(f"{name}: is empty")
    if max_n is not None and n > max_n:
        raise AnalysisError(f"{name}: the random index is tabulated for n <= {max_n}, got n = {n}")
    check_finite(a, name)
    bad = np.argwhere(a <= 0)
    if bad.size:
        i, j = (int(k) for k in bad[0])
        raise AnalysisError(f"{name}[{i}, {j}]: must be > 0, got {a[i, j]}")
    diag = np.diagonal(a)
    off = np.flatnonzero(np.abs(diag - 1.0) > RECIPROCAL_RTOL)
    if off.size:
        i = int(off[0])
        raise AnalysisError(f"{name}[{i}, {i}]: diagonal must be 1, got {a[i, i]}")
    _check_reciprocal(a, name)
    return a


def _check_reciprocal(a: FloatArray, name: str) -> None:
    expected = 1.0 / a.T  # expected[j, i] = 1 / a[i, j]
    mismatch = np.abs(a - expected) > RECIPROCAL_RTOL * np.maximum(a, expected)
    # (i, j) with i < j whose mirror a[j, i] disagrees, in row-major order of (i, j)
    bad = np.argwhere(np.triu(mismatch.T, k=1))
    if bad.size:
        i, j = (int(k) for k in bad[0])
        raise AnalysisError(
            f"{name}[{j}, {i}]: must be 1/{name}[{i}, {j}] = {expected[j, i]:.6g}, "
            f"got {a[j, i]:.6g}"
        )


def matrix_list(
    matrices: Sequence[npt.ArrayLike] | npt.ArrayLike, name: str
) -> list[npt.ArrayLike]:
    """Split a sequence or a 3-D array of matrices into a list; refuse an empty one."""
    if isinstance(matrices, np.ndarray):
        if matrices.ndim != 3:
            raise AnalysisError(f"{name}: a stacked array must be 3-D, got shape {matrices.shape}")
        items: list[npt.ArrayLike] = list(matrices)
    elif isinstance(matrices, Sequence) and not isinstance(matrices, str | bytes):
        items = list(matrices)
    else:
        raise AnalysisError(f"{name}: must be a sequence of square matrices")
    if not items:
        raise AnalysisError(f"{name}: is empty")
    return items


def saw_ratios(x: FloatArray, b: BoolArray) -> FloatArray:
    """SAW linear normalisation (x/max for benefit, min/x for cost) after its checks."""
    bad = np.argwhere(np.where(b, x < 0, x <= 0))
    if bad.size:
        i, j = (int(k) for k in bad[0])
        need = ">= 0 (SAW uses ratios x/max)" if b[j] else "> 0 for the ratio min/x"
        raise AnalysisError(f"matrix[{i}, {j}]: must be {need}, got {x[i, j]}")
    col_max = x.max(axis=0)
    zero = np.flatnonzero(b & (col_max == 0))
    if zero.size:
        raise AnalysisError(
            f"matrix[:, {int(zero[0])}]: benefit column has maximum 0, so x/max is undefined"
        )
    ratios = np.empty_like(x)
    ratios[:, b] = x[:, b] / col_max[b]
    ratios[:, ~b] = x.min(axis=0)[~b] / x[:, ~b]
    return ratios
