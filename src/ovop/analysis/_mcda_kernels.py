"""Numerical kernels behind :mod:`ovop.analysis.mcda`: ranking and the TOPSIS passes.

TOPSIS is written for very tall matrices (a million alternatives and more):

* one pass computes, per column, the maximum, the minimum and the sum of squares. It reads
  the matrix as blocks of ``_BLOCK_ROWS`` rows laid side by side, so that numpy reduces over
  a long inner axis instead of ten-element rows. NaN and inf propagate into the maximum or
  the minimum, so the same pass also tells whether the matrix is finite;
* a second pass walks the rows in cache-sized chunks and accumulates both squared
  distances. A chunk needs one scratch buffer, so the extra memory is the outputs (a few
  vectors of length m) plus a buffer of ``_CHUNK_ELEMENTS`` floats, never a full-size copy.

The distance to a reference point in the weighted normalised space is computed as
``sum_j (s_j * (x_ij - p_j))**2`` with ``s_j = w_j / ||x_.j||``; this equals
``sum_j (s_j x_ij - s_j p_j)**2`` and keeps the terms of order ``w_j`` whatever the scale of
the data.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_BLOCK_ROWS = 32
_CHUNK_ELEMENTS = 1 << 16
#: Below this many matrix elements one thread is faster than starting several.
_PARALLEL_ELEMENTS = 1 << 21
_MAX_WORKERS = 4
_POOL: ThreadPoolExecutor | None = None


def competition_ranks(values: FloatArray, descending: bool = True) -> IntArray:
    """Standard competition ranks ("1224"): 1 = best, ties share the smallest rank.

    ``values`` must be a finite 1-D array (the caller checks). Ties are exact equality.
    """
    key = -values if descending else values
    order = np.argsort(key)
    sorted_key = key[order]
    m = sorted_key.shape[0]
    positions = np.arange(m, dtype=np.int64)
    if m > 1:
        same = sorted_key[1:] == sorted_key[:-1]
        positions[1:][same] = 0
        np.maximum.accumulate(positions, out=positions)
    ranks = np.empty(m, dtype=np.int64)
    ranks[order] = positions + 1
    return ranks


def column_stats(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per-column maximum, minimum and sum of squares of a C-contiguous 2-D array."""
    m, n = x.shape
    full = (m // _BLOCK_ROWS) * _BLOCK_ROWS
    parts_max: list[FloatArray] = []
    parts_min: list[FloatArray] = []
    sumsq = np.zeros(n)
    if full:
        wide = x[:full].reshape(full // _BLOCK_ROWS, _BLOCK_ROWS * n)
        parts_max.append(wide.max(axis=0).reshape(_BLOCK_ROWS, n).max(axis=0))
        parts_min.append(wide.min(axis=0).reshape(_BLOCK_ROWS, n).min(axis=0))
        sumsq += np.einsum("ij,ij->j", wide, wide).reshape(_BLOCK_ROWS, n).sum(axis=0)
    if full < m:
        tail = x[full:]
        parts_max.append(tail.max(axis=0))
        parts_min.append(tail.min(axis=0))
        sumsq += np.einsum("ij,ij->j", tail, tail)
    col_max = np.max(parts_max, axis=0) if len(parts_max) > 1 else parts_max[0]
    col_min = np.min(parts_min, axis=0) if len(parts_min) > 1 else parts_min[0]
    return col_max, col_min, sumsq


def topsis_distances(
    x: FloatArray, scale: FloatArray, ideal: FloatArray, anti: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Euclidean distances of every row to ``ideal`` and ``anti`` after scaling by ``scale``.

    ``ideal`` and ``anti`` are in the units of ``x``; ``scale`` maps a column to the
    weighted normalised space. ``x`` must be C-contiguous. A large matrix is split into one
    band of rows per CPU, worked on in threads (numpy releases the GIL in these loops);
    each row's arithmetic is the same whatever the split, so the result is too.
    """
    m, n = x.shape
    outputs = (np.empty(m), np.empty(m))
    workers = min(os.cpu_count() or 1, _MAX_WORKERS)
    if workers < 2 or m * n < _PARALLEL_ELEMENTS:
        _distances_into(x, scale, ideal, anti, outputs, 0, m)
    else:
        bounds = np.linspace(0, m, workers + 1).astype(np.int64)
        jobs = [
            _pool().submit(_distances_into, x, scale, ideal, anti, outputs, int(lo), int(hi))
            for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
        ]
        for job in jobs:
            job.result()
    np.sqrt(outputs[0], out=outputs[0])
    np.sqrt(outputs[1], out=outputs[1])
    return outputs


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=_MAX_WORKERS, thread_name_prefix="ovop-topsis")
    return _POOL


def _distances_into(
    x: FloatArray,
    scale: FloatArray,
    ideal: FloatArray,
    anti: FloatArray,
    outputs: tuple[FloatArray, FloatArray],
    first: int,
    stop_row: int,
) -> None:
    """Squared distances of rows ``first`` to ``stop_row`` into ``outputs``, chunk by chunk."""
    n = x.shape[1]
    rows = max(1, _CHUNK_ELEMENTS // n)
    tiled_scale = np.tile(scale, rows)
    targets = (np.tile(ideal, rows), np.tile(anti, rows))
    buffer = np.empty(rows * n)
    flat = x.reshape(-1)
    for start in range(first, stop_row, rows):
        stop = min(start + rows, stop_row)
        size = (stop - start) * n
        segment = flat[start * n : start * n + size]
        for target, out in zip(targets, outputs, strict=True):
            diff = np.subtract(segment, target[:size], out=buffer[:size])
            diff *= tiled_scale[:size]
            block = diff.reshape(stop - start, n)
            np.einsum("ij,ij->i", block, block, out=out[start:stop])


def vikor_regrets(
    x: FloatArray, benefit: BoolArray, col_max: FloatArray, col_min: FloatArray
) -> FloatArray:
    """Normalised regret ``(f*_j - x_ij) / (f*_j - f-_j)`` in [0, 1]; columns not constant."""
    best = np.where(benefit, col_max, col_min)
    worst = np.where(benefit, col_min, col_max)
    regrets: FloatArray = (best - x) / (best - worst)
    return regrets
