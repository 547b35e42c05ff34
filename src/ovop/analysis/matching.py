"""Comparison groups: nearest non-participants by Mahalanobis distance, and their balance.

Each programme participant (a treated row) is matched to the non-participating IKM (control
rows) nearest to it on registry attributes, as in the Thai OTOP impact study: Mahalanobis
matching first, then difference-in-differences (:mod:`ovop.analysis.impact`).

Distance
--------
For a treated row x_t and a control row x_c::

    d(x_t, x_c) = sqrt((x_t - x_c)' S^+ (x_t - x_c))                   (Mahalanobis 1936)
    S = ((n_T - 1) S_T + (n_C - 1) S_C) / (n_T + n_C - 2)

S is the pooled within-group covariance, the weighted average of the treated and control
covariance matrices (divisor n - 1), as used for Mahalanobis matching by Rubin (1980,
"Bias reduction using Mahalanobis-metric matching", Biometrics 36(2):293-298) and MatchIt's
``pooled_cov``. The total covariance would count the very difference between the groups
that matching is meant to remove as spread. Columns constant within both groups (zero
pooled variance) are dropped and listed in ``dropped_columns``: every control has the same
value there, so they cannot rank the controls. S^+ = D^-1 R^+ D^-1, where D holds the
pooled standard deviations, R = D^-1 S D^-1 = V L V' is the pooled correlation matrix and
R^+ = V L^-1 V' over the eigenvalues above 1e-10 x max(L) (``numpy.linalg.pinv(R,
rtol=1e-10, hermitian=True)``); ``rank`` counts them. If S is invertible, S^+ = S^-1. If S
is singular because columns are exactly collinear (dummies summing to one, a total next to
its parts), every difference x_t - x_c lies in the span of S and d is the same as with
``numpy.linalg.pinv(S)``. Only a linear relation that holds within the groups but not
between them (e.g. fewer rows than covariates) makes the two differ. Inverting R instead
of S keeps the cut-off free of units: next to a turnover in rupiah (variance ~1e18),
pinv(S) would discard a 0/1 column as rounding noise. MatchIt likewise standardises the
covariates before its generalised inverse.

Search
------
With W = D^-1 V L^-1/2 (kept eigenvalues only), z = (x - mean) W turns d into the Euclidean
distance between z-vectors. With replacement (the default) the ``ratio`` nearest allowed
controls of each treated row come from a k-d tree (``scipy.spatial.cKDTree``) over the
distinct control rows of its stratum; controls with identical covariates are taken in row
order, and different rows at exactly the same computed distance in the tree's order.
Without replacement the total distance over all pairs is minimised exactly with
``scipy.optimize.linear_sum_assignment`` (Crouse 2016, IEEE TAES 52(4):1679-1696) on the
dense distance matrix, each treated row repeated ``ratio`` times: optimal matching
(Rosenbaum 1989, "Optimal matching for observational studies", JASA 84(408):1024-1032),
which, unlike greedy matching, does not depend on the order in which rows are taken. A
stratum may then hold at most ``MAX_ASSIGNMENT_CELLS`` treated-copy x control pairs.

Strata, caliper, weights
------------------------
With strata (one int label per row, e.g. an encoded (category, kecamatan) pair) a treated
row is matched only to controls of its own stratum. When its stratum has no control at all
it is matched in the whole pool and listed in ``relaxed``, or, with ``strict=True``, left
unmatched (``no_control_in_stratum``). Without replacement the strata are solved one by one
(they share no control, so together they are optimal) and the relaxed rows last, among the
controls still unused. A ``caliper`` (in units of d) removes pairs with d > caliper (plus
1e-12 relative, so that rounding does not drop a pair exactly at the caliper): a row
left with none is unmatched (``beyond_caliper``); one with fewer than ``ratio`` (or in a
stratum with fewer controls) keeps what it has. Without replacement and with a caliper the
assignment first maximises the number of pairs within the caliper, then minimises their
total distance; a row that lost its controls to others is unmatched (``controls_used_up``).
The weight of control j is the sum over the treated rows i matched to it of 1 / m_i, m_i
being the number of controls of row i: times used / ratio when every row has its full
``ratio``. :func:`balance` uses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import inf
from typing import Literal, TypeAlias

import numpy as np
import scipy.optimize
import scipy.spatial
from numpy.typing import ArrayLike, NDArray

from ovop.analysis import AnalysisError
from ovop.analysis._matching_balance import (
    SMD_BALANCED,
    VARIANCE_RATIO_BALANCED,
    BalanceTable,
    CovariateBalance,
    balance_table,
    covariates,
)

__all__ = [
    "MAX_ASSIGNMENT_CELLS",
    "MAX_BALANCE_COVARIATES",
    "MAX_CONTROLS",
    "MAX_COVARIATES",
    "MAX_RATIO",
    "MAX_TREATED",
    "SMD_BALANCED",
    "VARIANCE_RATIO_BALANCED",
    "AnalysisError",
    "BalanceTable",
    "CovariateBalance",
    "MatchResult",
    "Reason",
    "Unmatched",
    "balance",
    "match",
]

#: Largest number of treated rows in one call.
MAX_TREATED = 20_000
#: Largest number of control rows in one call.
MAX_CONTROLS = 200_000
#: Most covariates matched on: a k-d tree search slows quickly beyond about a dozen
#: dimensions (20,000 x 200,000 rows take about 20 s at 12 and minutes at 20).
MAX_COVARIATES = 12
#: Most controls per treated row.
MAX_RATIO = 5
#: Without replacement, most (treated rows x ratio) x controls pairs in one stratum: the
#: dense distance matrix then takes at most 160 MB.
MAX_ASSIGNMENT_CELLS = 20_000_000
#: Most covariates in one balance table (a cheap O(rows x columns) computation).
MAX_BALANCE_COVARIATES = 100

_EIGEN_RTOL = 1e-10
_ROUNDING = 1e-12  # relative slack of the caliper

Reason: TypeAlias = Literal["no_control_in_stratum", "beyond_caliper", "controls_used_up"]
Ints = NDArray[np.intp]
Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Unmatched:
    """A treated row without a match, and why (a code for the caller to translate)."""

    treated: int
    reason: Reason


@dataclass(frozen=True, eq=False)
class MatchResult:
    """Matches per treated row (control row numbers, nearest first, with their distances).

    ``control_weights`` (one per control row, read-only) are described in the module
    docstring. Equality is identity, because of the array.
    """

    matches: tuple[tuple[int, ...], ...]
    distances: tuple[tuple[float, ...], ...]
    unmatched: tuple[Unmatched, ...]
    relaxed: tuple[int, ...]
    n_controls_used: int
    control_weights: Floats
    dropped_columns: tuple[int, ...]
    rank: int
    replace: bool
    ratio: int

    def __post_init__(self) -> None:
        self.control_weights.flags.writeable = False


@dataclass(frozen=True)
class _Metric:
    keep: NDArray[np.bool_]  # columns with pooled variance
    centre: Floats
    whiten: Floats  # W with W W' = S^+

    def z(self, x: Floats) -> Floats:
        return np.asarray((x[:, self.keep] - self.centre) @ self.whiten, dtype=np.float64)


def _metric(t: Floats, c: Floats) -> _Metric:
    keep = (np.ptp(t, axis=0) > 0) | (np.ptp(c, axis=0) > 0)
    if not keep.any():
        raise AnalysisError(
            "no covariate varies within the treated or the control rows: nothing to match on"
        )
    t, c = t[:, keep], c[:, keep]
    dt, dc = t - t.mean(axis=0), c - c.mean(axis=0)
    pooled = (dt.T @ dt + dc.T @ dc) / (t.shape[0] + c.shape[0] - 2)
    sd = np.sqrt(np.diag(pooled))
    values, vectors = np.linalg.eigh(pooled / np.outer(sd, sd))
    kept = values > _EIGEN_RTOL * values.max()
    whiten = vectors[:, kept] / np.sqrt(values[kept]) / sd[:, None]
    centre = np.concatenate([t, c]).mean(axis=0)
    return _Metric(keep, centre, whiten)


def _strata(labels: ArrayLike | None, name: str, n: int) -> Ints | None:
    if labels is None:
        return None
    arr = np.asarray(labels)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise AnalysisError(f"{name} must hold one label per row ({n}), got shape {arr.shape}")
    if arr.dtype.kind not in "iu":
        raise AnalysisError(f"{name} must hold integer labels")
    return arr.astype(np.intp, copy=False)


def _by_label(labels: Ints) -> dict[int, Ints]:
    """Row numbers of each label, ascending."""
    order = np.argsort(labels, kind="stable")
    keys, first = np.unique(labels[order], return_index=True)
    return dict(zip(keys.tolist(), np.split(order, first[1:]), strict=True))


def _nearest(
    zt: Floats, xc: Floats, rows: Ints, metric: _Metric, ratio: int
) -> tuple[Ints, Floats]:
    """The ``ratio`` nearest of the control ``rows`` to each zt (row numbers, distances)."""
    distinct, inverse, counts = np.unique(xc[rows], axis=0, return_inverse=True, return_counts=True)
    members = rows[np.argsort(inverse.ravel(), kind="stable")]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    k = min(ratio, distinct.shape[0])
    dist, near = scipy.spatial.cKDTree(metric.z(distinct)).query(zt, k=[*range(1, k + 1)])
    idx = np.full((zt.shape[0], ratio), -1, dtype=np.intp)
    out = np.full((zt.shape[0], ratio), np.inf)
    filled = np.zeros(zt.shape[0], dtype=np.intp)
    for j in range(k):
        group = near[:, j]
        for m in range(ratio):  # the m-th control with these covariates, in row order
            take = np.flatnonzero((filled < ratio) & (counts[group] > m))
            idx[take, filled[take]] = members[starts[group[take]] + m]
            out[take, filled[take]] = dist[take, j]
            filled[take] += 1
    return idx, out


def _assign(
    zt: Floats, zc: Floats, ratio: int, caliper: float | None
) -> tuple[Ints, Floats, Floats]:
    """Minimum-total-distance assignment of ``ratio`` distinct controls per treated row.

    Returns the positions in ``zc`` (-1 where none), their distances, and each treated
    row's smallest distance to any control (to tell the caliper from a shortage).
    """
    n, cells = zt.shape[0], zt.shape[0] * ratio * zc.shape[0]
    if cells > MAX_ASSIGNMENT_CELLS:
        raise AnalysisError(
            f"matching without replacement compares {n} treated rows x {ratio} with "
            f"{zc.shape[0]} controls ({cells} pairs), more than {MAX_ASSIGNMENT_CELLS}; "
            "use exact strata or matching with replacement"
        )
    d = scipy.spatial.distance.cdist(zt, zc)
    closest = d.min(axis=1)
    cost = np.repeat(d, ratio, axis=0)
    if caliper is not None:  # a pair within the caliper is worth more than any total
        cost[cost > caliper] = (min(cost.shape) + 1) * caliper + 1.0
    copy, col = scipy.optimize.linear_sum_assignment(cost)
    owner = copy // ratio
    ok = d[owner, col] <= caliper if caliper is not None else np.ones(copy.shape, np.bool_)
    owner, col = owner[ok], col[ok]
    order = np.lexsort((col, d[owner, col], owner))
    owner, col = owner[order], col[order]
    slot = np.arange(owner.shape[0]) - np.searchsorted(owner, owner)
    idx = np.full((n, ratio), -1, dtype=np.intp)
    out = np.full((n, ratio), np.inf)
    idx[owner, slot], out[owner, slot] = col, d[owner, col]
    return idx, out, closest


def _check_options(ratio: int, caliper: float | None) -> None:
    if isinstance(ratio, bool) or not isinstance(ratio, int | np.integer):
        raise AnalysisError(f"ratio must be a whole number, got {ratio!r}")
    if not 1 <= ratio <= MAX_RATIO:
        raise AnalysisError(f"ratio must be between 1 and {MAX_RATIO}, got {ratio}")
    if caliper is not None and (
        isinstance(caliper, bool) or not isinstance(caliper, int | float) or not 0 < caliper < inf
    ):
        raise AnalysisError(f"caliper must be a finite distance > 0, got {caliper!r}")


class _Matcher:
    """Fills ``idx``/``dist`` (treated x ratio) block by block."""

    def __init__(self, xt: Floats, xc: Floats, ratio: int, caliper: float | None) -> None:
        self.xc, self.ratio, self.caliper = xc, ratio, caliper
        self.metric = _metric(xt, xc)
        self.zt = self.metric.z(xt)
        self.idx = np.full((xt.shape[0], ratio), -1, dtype=np.intp)
        self.dist = np.full((xt.shape[0], ratio), np.inf)
        self.reasons: dict[int, Reason] = {}

    def with_replacement(self, treated: Ints, controls: Ints) -> None:
        idx, dist = _nearest(self.zt[treated], self.xc, controls, self.metric, self.ratio)
        if self.caliper is not None:
            idx[dist > self.caliper] = -1
        self.idx[treated], self.dist[treated] = idx, dist

    def without_replacement(self, treated: Ints, controls: Ints) -> None:
        if controls.size == 0:
            self.reasons.update((int(i), "controls_used_up") for i in treated)
            return
        zc = self.metric.z(self.xc[controls])
        pos, dist, closest = _assign(self.zt[treated], zc, self.ratio, self.caliper)
        self.idx[treated] = np.where(pos >= 0, controls[pos], -1)
        self.dist[treated] = dist
        for i, near in zip(treated[pos[:, 0] < 0].tolist(), closest[pos[:, 0] < 0], strict=True):
            far = self.caliper is not None and near > self.caliper
            self.reasons[i] = "beyond_caliper" if far else "controls_used_up"

    def result(self, relaxed: list[int], replace: bool) -> MatchResult:
        found = self.idx >= 0
        self.dist[~found] = np.inf
        for i in np.flatnonzero(~found[:, 0]).tolist():
            self.reasons.setdefault(i, "beyond_caliper")
        share = np.broadcast_to(1.0 / np.maximum(found.sum(axis=1), 1)[:, None], found.shape)
        weights = np.bincount(self.idx[found], share[found], self.xc.shape[0]).astype(np.float64)
        return MatchResult(
            matches=tuple(tuple(r[r >= 0].tolist()) for r in self.idx),
            distances=tuple(tuple(d[np.isfinite(d)].tolist()) for d in self.dist),
            unmatched=tuple(Unmatched(i, r) for i, r in sorted(self.reasons.items())),
            relaxed=tuple(sorted(relaxed)),
            n_controls_used=int(np.count_nonzero(weights)),
            control_weights=weights,
            dropped_columns=tuple(np.flatnonzero(~self.metric.keep).tolist()),
            rank=int(self.metric.whiten.shape[1]),
            replace=replace,
            ratio=self.ratio,
        )


def match(
    treated: ArrayLike,
    control: ArrayLike,
    *,
    treated_strata: ArrayLike | None = None,
    control_strata: ArrayLike | None = None,
    strict: bool = False,
    caliper: float | None = None,
    replace: bool = True,
    ratio: int = 1,
) -> MatchResult:
    """Match each treated row to its ``ratio`` nearest controls by Mahalanobis distance.

    ``treated`` (n_T x k) and ``control`` (n_C x k) hold the covariates; strata are given
    for both sides or for neither. See the module docstring for the distance, the search,
    strata, caliper and weights. Raises :class:`AnalysisError` for empty or non-finite
    matrices, unequal widths, sizes over ``MAX_TREATED``/``MAX_CONTROLS``/
    ``MAX_COVARIATES``, a ratio outside 1..``MAX_RATIO``, a caliper that is not > 0, bad
    strata, no covariate that varies, and (without replacement) a stratum over
    ``MAX_ASSIGNMENT_CELLS``.
    """
    xt = covariates(treated, "treated", MAX_TREATED, MAX_COVARIATES)
    xc = covariates(control, "control", MAX_CONTROLS, MAX_COVARIATES)
    if xt.shape[1] != xc.shape[1]:
        raise AnalysisError(f"treated has {xt.shape[1]} covariates but control has {xc.shape[1]}")
    _check_options(ratio, caliper)
    st = _strata(treated_strata, "treated_strata", xt.shape[0])
    sc = _strata(control_strata, "control_strata", xc.shape[0])
    if (st is None) != (sc is None):
        raise AnalysisError("give strata for both treated and control rows, or for neither")
    m = _Matcher(xt, xc, int(ratio), None if caliper is None else caliper * (1 + _ROUNDING))
    run = m.with_replacement if replace else m.without_replacement
    every = np.arange(xc.shape[0])
    relaxed: list[int] = []
    if st is None or sc is None:
        run(np.arange(xt.shape[0]), every)
        return m.result(relaxed, replace)
    pools = _by_label(sc)
    for label, rows in _by_label(st).items():
        if label in pools:
            run(rows, pools[label])
        elif strict:
            m.reasons.update((int(i), "no_control_in_stratum") for i in rows)
        else:
            relaxed.extend(rows.tolist())
    if relaxed:
        unused = every if replace else np.setdiff1d(every, m.idx[m.idx >= 0])
        run(np.array(sorted(relaxed), dtype=np.intp), unused)
    return m.result(relaxed, replace)


def balance(
    treated: ArrayLike,
    control: ArrayLike,
    matching: MatchResult,
    *,
    binary: Sequence[int] = (),
) -> BalanceTable:
    """Standardised mean differences and variance ratios before and after ``matching``.

    ``treated`` and ``control`` hold the covariates to check (the matched ones or others),
    with the rows given to :func:`match`. ``binary`` lists 0/1 columns, whose SMD uses the
    proportion formula. Formulas and sources: :mod:`ovop.analysis._matching_balance`.
    Raises :class:`AnalysisError` when the rows do not fit ``matching``, a side has fewer
    than 2 rows, no treated row was matched, or a binary column holds other values.
    """
    xt = covariates(treated, "treated", MAX_TREATED, MAX_BALANCE_COVARIATES)
    xc = covariates(control, "control", MAX_CONTROLS, MAX_BALANCE_COVARIATES)
    n_t, n_c = len(matching.matches), matching.control_weights.shape[0]
    if xt.shape[0] != n_t or xc.shape[0] != n_c:
        raise AnalysisError(
            f"the matching has {n_t} treated and {n_c} control rows, "
            f"got {xt.shape[0]} and {xc.shape[0]}"
        )
    if xt.shape[1] != xc.shape[1]:
        raise AnalysisError(f"treated has {xt.shape[1]} covariates but control has {xc.shape[1]}")
    if n_t < 2 or n_c < 2:
        raise AnalysisError("balance needs at least 2 treated and 2 control rows")
    matched = np.array([bool(m) for m in matching.matches])
    if not matched.any():
        raise AnalysisError("no treated row was matched: there is no matched sample to check")
    return balance_table(xt, xc, matched, matching.control_weights, binary)
