"""Weight-sensitivity search behind :func:`ovop.analysis.mcda.weight_sensitivity`.

Moving criterion j's weight to ``t`` while the other weights keep their proportions gives
the path ``w(t) = t e_j + (1 - t) u`` where ``u`` is the other weights scaled to sum 1
(equal shares if they are all zero). Along that path every method has a closed form in
``t`` once the weight-free part is precomputed, so a whole grid of ``t`` costs a few
vector operations on an (grid x alternatives) array:

* SAW: ``score_i(t) = beta_i + t (a_i - beta_i)`` with ``a_i = r_ij`` and
  ``beta_i = sum_k u_k r_ik``. Lines: the interval ends are computed exactly.
* TOPSIS: the ideal of ``w * r`` is ``w`` times the ideal of ``r`` (weights are
  non-negative), and the supports of ``t e_j`` and ``(1 - t) u`` are disjoint, so
  ``D+^2(t) = t^2 P_ij + (1 - t)^2 sum_k u_k^2 P_ik`` with ``P = (r - ideal)^2``, and the
  same for ``D-``.
* VIKOR: ``S(t) = t d_ij + (1 - t) sum_k u_k d_ik``,
  ``R(t) = max(t d_ij, (1 - t) max_k u_k d_ik)``, then Q as in the method. A zero range of
  S or R (at most 1e-12) along the path makes that term 0 for every alternative.

For TOPSIS and VIKOR the search scans outwards from the current weight on a grid of
``_GRID`` points and bisects the first bracket where the winner is no longer first.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from ovop.analysis._mcda_results import WeightRange

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
#: scores for a vector of weights t (shape G) -> array (G, alternatives), higher is better
Profile = Callable[[FloatArray], FloatArray]

_GRID = 2001
_BISECT_TOL = 1e-10
_ROOT_TIE = 1e-12
_FLAT = 1e-12  # a VIKOR S or R range at or below this counts as zero (as in the method)


def others_share(w: FloatArray, j: int) -> FloatArray:
    """The weights other than j scaled to sum 1 (zero at j); equal shares if all zero."""
    u = w.copy()
    u[j] = 0.0
    total = u.sum()
    if total > 0:
        u /= total
    else:
        u[:] = 1.0 / (u.shape[0] - 1)
        u[j] = 0.0
    return u


def path_weights(w: FloatArray, j: int, t: float) -> FloatArray:
    """``t e_j + (1 - t) u``: criterion j at ``t``, the others in their proportions."""
    if w.shape[0] == 1:
        return np.array([t])
    out = (1.0 - t) * others_share(w, j)
    out[j] = t
    return out


def _single(w: FloatArray, winner: int) -> list[WeightRange]:
    t0 = float(w[0])
    return [WeightRange(0, t0, t0, t0, winner, None, None)]


# ---------------------------------------------------------------------------------- SAW


def saw_ranges(ratios: FloatArray, w: FloatArray, winner: int) -> list[WeightRange]:
    """Exact intervals for SAW from the crossings of straight lines."""
    n = w.shape[0]
    if n == 1:
        return _single(w, winner)
    ranges = []
    for j in range(n):
        beta = ratios @ others_share(w, j)
        slope = ratios[:, j] - beta
        # winner minus alternative i: gap_i + t * rate_i (the winner's own entry is 0)
        gap = beta[winner] - beta
        rate = slope[winner] - slope
        t0 = float(w[j])
        low, below = _saw_end(gap, rate, rate > 0, lower=True)
        high, above = _saw_end(gap, rate, rate < 0, lower=False)
        ranges.append(WeightRange(j, t0, min(low, t0), max(high, t0), winner, below, above))
    return ranges


def _saw_end(
    gap: FloatArray, rate: FloatArray, active: BoolArray, *, lower: bool
) -> tuple[float, int | None]:
    """The nearest crossing on one side, clipped to [0, 1], and who leads beyond it."""
    limit = 0.0 if lower else 1.0
    candidates = np.flatnonzero(active)
    if candidates.size == 0:
        return limit, None
    roots = -gap[candidates] / rate[candidates]
    edge = float(roots.max() if lower else roots.min())
    if (lower and edge <= 0.0) or (not lower and edge >= 1.0):
        return limit, None
    tied = candidates[np.abs(roots - edge) <= _ROOT_TIE]
    # beyond the edge the alternative whose gap to the winner shrinks fastest leads
    rates = rate[tied]
    leader = tied[int(np.argmax(rates) if lower else np.argmin(rates))]
    return edge, int(leader)


# ------------------------------------------------------------------------------- TOPSIS


def topsis_ranges(
    normalised: FloatArray, benefit: BoolArray, w: FloatArray, winner: int
) -> list[WeightRange]:
    """Intervals for TOPSIS from the closed-form distances along the weight path."""
    col_max, col_min = normalised.max(axis=0), normalised.min(axis=0)
    p_plus = (normalised - np.where(benefit, col_max, col_min)) ** 2
    p_minus = (normalised - np.where(benefit, col_min, col_max)) ** 2

    def profile_for(j: int) -> Profile:
        u2 = others_share(w, j) ** 2
        a_plus, b_plus = p_plus[:, j], p_plus @ u2
        a_minus, b_minus = p_minus[:, j], p_minus @ u2

        def closeness(t: FloatArray) -> FloatArray:
            own, rest = (t**2)[:, np.newaxis], ((1.0 - t) ** 2)[:, np.newaxis]
            d_plus = np.sqrt(own * a_plus + rest * b_plus)
            d_minus = np.sqrt(own * a_minus + rest * b_minus)
            total = d_plus + d_minus
            out: FloatArray = np.full_like(total, 0.5)
            np.divide(d_minus, total, out=out, where=total > 0)
            return out

        return closeness

    return _scanned_ranges(w, winner, profile_for)


# -------------------------------------------------------------------------------- VIKOR


def vikor_ranges(regrets: FloatArray, w: FloatArray, v: float, winner: int) -> list[WeightRange]:
    """Intervals for VIKOR (leader by Q) from S and R along the weight path."""

    def profile_for(j: int) -> Profile:
        u = others_share(w, j)
        own = regrets[:, j]
        rest_sum = regrets @ u
        rest_max = (regrets * u).max(axis=1)

        def minus_q(t: FloatArray) -> FloatArray:
            tt = t[:, np.newaxis]
            s = tt * own + (1.0 - tt) * rest_sum
            r = np.maximum(tt * own, (1.0 - tt) * rest_max)
            q: FloatArray = v * _unit_rows(s) + (1.0 - v) * _unit_rows(r)
            return -q

        return minus_q

    return _scanned_ranges(w, winner, profile_for)


def _unit_rows(values: FloatArray) -> FloatArray:
    low = values.min(axis=1, keepdims=True)
    span = values.max(axis=1, keepdims=True) - low
    out = np.zeros_like(values)
    np.divide(values - low, span, out=out, where=span > _FLAT)
    return out


# ------------------------------------------------------------------------ grid + bisection


def _scanned_ranges(
    w: FloatArray, winner: int, profile_for: Callable[[int], Profile]
) -> list[WeightRange]:
    n = w.shape[0]
    if n == 1:
        return _single(w, winner)
    ranges = []
    for j in range(n):
        t0 = float(w[j])
        low, below, high, above = _scan(profile_for(j), t0, winner)
        ranges.append(WeightRange(j, t0, low, high, winner, below, above))
    return ranges


def _first(scores: FloatArray, winner: int) -> npt.NDArray[np.bool_]:
    """Per row of ``scores``: is ``winner`` first (ties allowed)?"""
    first: npt.NDArray[np.bool_] = scores[:, winner] >= scores.max(axis=1)
    return first


def _scan(profile: Profile, t0: float, winner: int) -> tuple[float, int | None, float, int | None]:
    grid = np.union1d(np.linspace(0.0, 1.0, _GRID), [t0])
    here = int(np.searchsorted(grid, t0))
    good = _first(profile(grid), winner)
    low: float = 0.0
    high: float = 1.0
    below: int | None = None
    above: int | None = None
    bad_left = np.flatnonzero(~good[:here])
    if bad_left.size:
        k = int(bad_left[-1])
        low, below = _bisect(profile, winner, float(grid[k + 1]), float(grid[k]))
    bad_right = np.flatnonzero(~good[here + 1 :])
    if bad_right.size:
        k = here + 1 + int(bad_right[0])
        high, above = _bisect(profile, winner, float(grid[k - 1]), float(grid[k]))
    return low, below, high, above


def _bisect(profile: Profile, winner: int, good_t: float, bad_t: float) -> tuple[float, int]:
    """Shrink [good_t, bad_t] to 1e-10; return the good end and the leader at the bad end."""
    while abs(bad_t - good_t) > _BISECT_TOL:
        mid = 0.5 * (good_t + bad_t)
        if _first(profile(np.array([mid])), winner)[0]:
            good_t = mid
        else:
            bad_t = mid
    leader = int(np.argmax(profile(np.array([bad_t]))[0]))
    return good_t, leader
