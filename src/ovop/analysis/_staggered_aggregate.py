"""Aggregations of ATT(g,t) as in R ``did``'s ``aggte`` (private to ovop.analysis.staggered).

With p_g = n_g / n the share of all units first treated in g, an aggregate over a set K of
cells with weights w_k = p_g(k) / S, S = sum_{k in K} p_g(k), is theta = sum_k w_k att_k,
and its influence function is::

    IF_i = sum_k w_k IF_k,i + (1 / S) sum_{k in K, g(k) = G_i} (att_k - theta)

The second term is the estimation effect of the weights (R's ``wif``): it is what
``wif(keepers, pg, ...) %*% att[keepers]`` reduces to, written per unit through the
unit's own cohort G_i (0 for units outside every cohort in K). ``se = sqrt(mean IF^2 / n)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ovop.analysis import AnalysisError
from ovop.analysis._staggered_core import InfluenceFunctions

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Aggregation:
    """One aggregation: per-label estimates and the overall one (NaN when undefined)."""

    labels: tuple[int, ...]
    att: tuple[float, ...]
    se: tuple[float, ...]
    overall_att: float
    overall_se: float


def standard_error(influence: Floats) -> float:
    """sqrt(mean(IF^2) / n), R's ``getSE`` without the bootstrap."""
    n = int(influence.shape[0])
    return math.sqrt(float(np.dot(influence, influence))) / n


def _shares(fit: InfluenceFunctions) -> Floats:
    """p_g per cohort code (index 0: never treated), over all n units."""
    counts = np.bincount(fit.unit_code, minlength=fit.cohorts.shape[0] + 1)
    return np.asarray(counts / fit.n_units, dtype=np.float64)


def weights_effect(unit_code: Ints, codes: Ints, att: Floats, share: Floats) -> Floats:
    """(1 / S) sum_{k: code_k = G_i} (att_k - theta) per unit (module docstring)."""
    total = float(share.sum())
    theta = float(np.dot(share, att)) / total
    table = np.zeros(max(int(unit_code.max()), int(codes.max())) + 1)
    np.add.at(table, codes, (att - theta) / total)
    return np.asarray(table[unit_code], dtype=np.float64)


def _weighted(fit: InfluenceFunctions, keep: Mask, with_weights: bool) -> tuple[float, Floats]:
    """theta and IF of the p_g-weighted mean of the kept cells."""
    cells, share = fit.cells, _shares(fit)[fit.cell_code]
    w = np.where(keep, share, 0.0)
    w /= w.sum()
    att = float(np.dot(w, cells.att))
    influence = fit.combine(w)
    if with_weights:
        codes = fit.cell_code[keep]
        influence += weights_effect(fit.unit_code, codes, cells.att[keep], share[keep])
    return att, influence


def _build(
    labels: list[int], parts: list[tuple[float, Floats]], overall: tuple[float, Floats] | None
) -> Aggregation:
    return Aggregation(
        labels=tuple(labels),
        att=tuple(att for att, _ in parts),
        se=tuple(standard_error(influence) for _, influence in parts),
        overall_att=overall[0] if overall else math.nan,
        overall_se=standard_error(overall[1]) if overall else math.nan,
    )


def _mean_of(parts: list[tuple[float, Floats]]) -> tuple[float, Floats]:
    """Equal-weight average of components, without a weights term (R does the same)."""
    att = float(np.mean([a for a, _ in parts]))
    influence = np.column_stack([f for _, f in parts]).mean(axis=1)
    return att, influence


def simple(fit: InfluenceFunctions) -> Aggregation:
    """p_g-weighted mean of every post-treatment ATT(g,t)."""
    post = fit.cells.time >= fit.cells.group
    return _build([], [], _weighted(fit, post, with_weights=True))


def by_group(fit: InfluenceFunctions) -> Aggregation:
    """Mean over each cohort's post-treatment periods; overall p_g-weighted across cohorts."""
    cells = fit.cells
    post = cells.time >= cells.group
    parts = [_weighted(fit, post & (cells.group == g), False) for g in fit.cohorts.tolist()]
    share = _shares(fit)[1:]
    weight = share / share.sum()
    att = np.array([a for a, _ in parts])
    influence = np.column_stack([f for _, f in parts]) @ weight
    codes = np.arange(1, fit.cohorts.shape[0] + 1, dtype=np.int64)
    influence += weights_effect(fit.unit_code, codes, att, share)
    overall = (float(np.dot(weight, att)), influence)
    return _build(fit.cohorts.tolist(), parts, overall)


def dynamic(fit: InfluenceFunctions, min_e: int | None, max_e: int | None) -> Aggregation:
    """Event study: p_g-weighted mean of the cells with t - g = e, for each e; the overall
    effect is the plain mean over e >= 0 (NaN when no such e is in range)."""
    event = fit.cells.time - fit.cells.group
    low = -math.inf if min_e is None else min_e
    high = math.inf if max_e is None else max_e
    events = [e for e in np.unique(event).tolist() if low <= e <= high]
    if not events:
        raise AnalysisError(
            f"no event time lies between min_e={min_e} and max_e={max_e} "
            f"(the data have {int(event.min())} to {int(event.max())})"
        )
    parts = [_weighted(fit, event == e, with_weights=True) for e in events]
    after = [part for e, part in zip(events, parts, strict=True) if e >= 0]
    return _build(events, parts, _mean_of(after) if after else None)


def calendar(fit: InfluenceFunctions) -> Aggregation:
    """p_g-weighted mean of the treated cohorts' cells in each period from the first
    treatment on; the overall effect is the plain mean over those periods."""
    cells = fit.cells
    post = cells.time >= cells.group
    times = [t for t in np.unique(cells.time).tolist() if t >= int(fit.cohorts.min())]
    parts = [_weighted(fit, post & (cells.time == t), with_weights=True) for t in times]
    return _build(times, parts, _mean_of(parts))
