"""Labels turned into dense codes 0 … k-1: what a panel of units and periods, or any grouping
by id, is indexed by. Compact integers (ids from a database, years) are coded in one counting
pass instead of a sort, which matters for millions of rows."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ovop.analysis import AnalysisError

Ints = NDArray[np.int64]


def dense_codes(arr: NDArray[np.generic], name: str) -> tuple[NDArray[np.generic], Ints]:
    """Sorted distinct labels and each row's index into them; ``name`` names the array in
    the error for a missing value."""
    n = arr.shape[0]
    if arr.dtype.kind in "iu" and n:
        low = int(arr.min())
        span = int(arr.max()) - low
        if span < 2 * n + 1024:  # compact integers: O(n) by counting instead of sorting
            offset = (arr - low).astype(np.intp, copy=False)
            present = np.bincount(offset, minlength=span + 1) > 0
            position = np.cumsum(present) - 1
            labels = (np.flatnonzero(present) + low).astype(arr.dtype)
            return labels, position[offset].astype(np.int64)
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise AnalysisError(f"{name}[{int(np.flatnonzero(~np.isfinite(arr))[0])}] is missing")
    if arr.dtype == object:
        missing = np.frompyfunc(lambda v: v is None, 1, 1)(arr).astype(bool)
        if missing.any():
            raise AnalysisError(f"{name}[{int(np.flatnonzero(missing)[0])}] is missing")
    try:
        labels, codes = np.unique(arr, return_inverse=True)
    except TypeError as err:
        raise AnalysisError(f"{name} labels must be all numbers or all strings") from err
    return labels, codes.astype(np.int64, copy=False)
