"""Worked examples, properties and input checks for ovop.analysis.matching (no database)."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.spatial.distance import mahalanobis

from ovop.analysis import AnalysisError
from ovop.analysis.matching import (
    MAX_ASSIGNMENT_CELLS,
    MAX_CONTROLS,
    MAX_COVARIATES,
    MAX_TREATED,
    SMD_BALANCED,
    MatchResult,
    Unmatched,
    balance,
    match,
)

# Two treated and four control IKM on two covariates. Pooled within-group covariance by
# hand: treated mean (2.5, 1.5), deviations (-1.5, 0.5), (1.5, -0.5): sums of squares and
# cross-products xx 4.5, yy 0.5, xy -1.5. Control mean (2.5, 2.25), deviations (-2.5, -2.25),
# (-0.5, 0.75), (2.5, -1.25), (0.5, 2.75): xx 13, yy 14.75, xy 3.5. Together over
# n_T + n_C - 2 = 4: S = [[17.5, 2], [2, 15.25]] / 4.
T = np.array([[1.0, 2.0], [4.0, 1.0]])
C = np.array([[0.0, 0.0], [2.0, 3.0], [5.0, 1.0], [3.0, 5.0]])
S = np.array([[17.5, 2.0], [2.0, 15.25]]) / 4
VI = np.linalg.inv(S)


def d(t: int, c: int) -> float:
    """Reference distance of the worked example, by scipy."""
    return float(mahalanobis(T[t], C[c], VI))


def flat(rows: tuple[tuple[float, ...], ...]) -> list[float]:
    return [x for row in rows for x in row]


def test_hand_worked_nearest_controls() -> None:
    # Distances (scipy): T0 to C0..C3 1.084, 0.661, 2.055, 1.720; T1 to C0..C3 1.933,
    # 1.496, 0.482, 2.176. The nearest are C1 for T0 and C2 for T1.
    r = match(T, C)
    assert r.matches == ((1,), (2,))
    assert r.distances[0][0] == pytest.approx(d(0, 1), rel=1e-12)
    assert r.distances[1][0] == pytest.approx(d(1, 2), rel=1e-12)
    assert (r.unmatched, r.relaxed, r.n_controls_used) == ((), (), 2)
    assert r.control_weights.tolist() == [0.0, 1.0, 1.0, 0.0]
    assert (r.dropped_columns, r.rank, r.replace, r.ratio) == ((), 2, True, 1)
    with pytest.raises(ValueError):
        r.control_weights[0] = 5.0


def test_ratio_two_with_replacement() -> None:
    r = match(T, C, ratio=2)
    assert r.matches == ((1, 0), (2, 1))
    assert flat(r.distances) == pytest.approx([d(0, 1), d(0, 0), d(1, 2), d(1, 1)], rel=1e-12)
    # C1 serves both rows: 1/2 + 1/2; C0 and C2 once each: 1/2.
    assert r.control_weights.tolist() == [0.5, 1.0, 0.5, 0.0]
    assert r.n_controls_used == 3


def test_caliper_unmatches_and_shortens() -> None:
    r = match(T, C, caliper=0.6)  # T0's nearest is 0.661 away, T1's 0.482
    assert r.matches == ((), (2,))
    assert r.distances[0] == ()
    assert r.unmatched == (Unmatched(0, "beyond_caliper"),)
    assert r.control_weights.tolist() == [0.0, 0.0, 1.0, 0.0]
    # ratio 2 within 1.2: T0 keeps both (0.661, 1.084), T1 only C2 (its second is 1.496)
    r = match(T, C, caliper=1.2, ratio=2)
    assert r.matches == ((1, 0), (2,))
    assert r.unmatched == ()
    assert r.control_weights.tolist() == [0.5, 0.5, 1.0, 0.0]


def test_pseudo_inverse_for_collinear_and_constant_columns() -> None:
    # Column 2 = column 0 + column 1, so S3 = A S A' with A = [[1, 0], [0, 1], [1, 1]]
    # is singular; column 3 is 7 everywhere and column 4 is 1 for treated and 0 for
    # controls: both have no pooled variance and are dropped.
    s3 = np.array([[4.375, 0.5, 4.875], [0.5, 3.8125, 4.3125], [4.875, 4.3125, 9.1875]])
    extra_t = np.column_stack([T.sum(axis=1), np.full(2, 7.0), np.ones(2)])
    extra_c = np.column_stack([C.sum(axis=1), np.full(4, 7.0), np.zeros(4)])
    t5, c5 = np.hstack([T, extra_t]), np.hstack([C, extra_c])
    r = match(t5, c5, ratio=4)
    assert (r.dropped_columns, r.rank) == ((3, 4), 2)
    pinv = np.linalg.pinv(s3, rtol=1e-10, hermitian=True)
    for i in range(2):
        expected = sorted((mahalanobis(t5[i, :3], c5[j, :3], pinv), j) for j in range(4))
        assert r.matches[i] == tuple(j for _, j in expected)
        assert r.distances[i] == pytest.approx(tuple(e for e, _ in expected), rel=1e-9)
        assert r.distances[i] == pytest.approx(match(T, C, ratio=4).distances[i], rel=1e-9)


def test_units_do_not_matter() -> None:
    scaled = np.array([1e9, 1e-3])  # e.g. turnover in rupiah next to a share
    r, ref = match(T * scaled, C * scaled), match(T, C)
    assert r.matches == ref.matches
    assert flat(r.distances) == pytest.approx(flat(ref.distances), rel=1e-12)


def test_identical_controls_are_taken_in_row_order() -> None:
    c = np.array([[2.0, 3.0], [0.0, 0.0], [2.0, 3.0], [5.0, 1.0], [2.0, 3.0], [3.0, 5.0]])
    assert match(T, c, ratio=2).matches[0] == (0, 2)
    r = match(T, c, ratio=4)
    assert r.matches[0][:3] == (0, 2, 4)
    assert r.distances[0][0] == r.distances[0][1] == r.distances[0][2]


def test_strata_respected_and_relaxed() -> None:
    # T0 in stratum 0 (controls C0, C3): C0 (1.084), not its overall nearest C1.
    # T1 in stratum 5, which has no control: matched in the whole pool, to C2.
    ts, cs = np.array([0, 5]), np.array([0, 1, 1, 0])
    r = match(T, C, treated_strata=ts, control_strata=cs)
    assert r.matches == ((0,), (2,))
    assert r.distances[0][0] == pytest.approx(d(0, 0), rel=1e-12)
    assert (r.relaxed, r.unmatched) == ((1,), ())
    r = match(T, C, treated_strata=ts, control_strata=cs, strict=True)
    assert r.matches == ((0,), ())
    assert (r.relaxed, r.unmatched) == ((), (Unmatched(1, "no_control_in_stratum"),))


def test_relaxed_rows_without_replacement_take_unused_controls() -> None:
    # T0's stratum holds only C2, which is also T1's nearest: T1 (relaxed) gets C1.
    r = match(T, C, treated_strata=[1, 5], control_strata=[0, 0, 1, 0], replace=False)
    assert r.matches == ((2,), (1,))
    assert r.relaxed == (1,)
    assert r.distances[1][0] == pytest.approx(d(1, 1), rel=1e-12)


def test_without_replacement_is_optimal_not_greedy() -> None:
    # One covariate: treated 0 and 2, controls 1.1 and 3.5. Pooled variance
    # (2 + 2 * 1.2^2) / 2 = 2.44. Both rows are nearest to C0; greedy (closest pair
    # first: T1-C0 0.9, then T0-C1 3.5) totals 4.4, the optimum (T0-C0 1.1, T1-C1 1.5) 2.6.
    t, c = np.array([[0.0], [2.0]]), np.array([[1.1], [3.5]])
    assert match(t, c).matches == ((0,), (0,))
    r = match(t, c, replace=False)
    assert r.matches == ((0,), (1,))
    assert sum(x[0] for x in r.distances) == pytest.approx(2.6 / math.sqrt(2.44), rel=1e-12)
    assert r.control_weights.tolist() == [1.0, 1.0]


def test_without_replacement_ratio_two_and_shortage() -> None:
    # Totals of the three ways to give T0 and T1 two controls each out of four (scipy
    # distances above): {C1, C0} + {C2, C3} is the least.
    r = match(T, C, replace=False, ratio=2)
    assert r.matches == ((1, 0), (2, 3))
    assert r.control_weights.tolist() == [0.5, 0.5, 0.5, 0.5]
    # Three treated, two controls: the far one is left without.
    r = match([[0.0], [1.0], [10.0]], [[0.5], [1.5]], replace=False)
    assert r.matches == ((0,), (1,), ())
    assert r.unmatched == (Unmatched(2, "controls_used_up"),)


def test_balance_hand_computed() -> None:
    # Column 0 continuous, column 1 binary. T0 is matched to C1 and C2 (1/2 each), T1 to
    # C1 (1): weights C1 1.5, C2 0.5, total W = 2. T2 is unmatched.
    t = np.array([[1.0, 1.0], [3.0, 0.0], [5.0, 1.0]])
    c = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 1.0], [10.0, 1.0]])
    m = MatchResult(
        matches=((1, 2), (1,), ()),
        distances=((0.1, 0.2), (0.1,), ()),
        unmatched=(Unmatched(2, "beyond_caliper"),),
        relaxed=(),
        n_controls_used=2,
        control_weights=np.array([0.0, 1.5, 0.5, 0.0]),
        dropped_columns=(),
        rank=2,
        replace=True,
        ratio=2,
    )
    b = balance(t, c, m, binary=[1])
    x, y = b.rows
    # Column 0: mean_T 3, s2_T 4; mean_C 4, s2_C 56/3; s_pre = sqrt(34/3). Matched treated
    # 1, 3: mean 2, s2 2. Weighted controls (1.5*2 + 0.5*4)/2 = 2.5; their variance
    # (1.5*0.25 + 0.5*2.25) / (2 - 2.5/2) = 1.5 / 0.75 = 2.
    assert (x.column, x.binary) == (0, False)
    assert (x.mean_treated, x.mean_treated_matched) == (3.0, 2.0)
    assert (x.mean_control_before, x.mean_control_after) == (4.0, 2.5)
    assert x.smd_before == pytest.approx(-0.29704426289300229, rel=1e-12, abs=0)  # -sqrt(3/34)
    assert x.smd_after == pytest.approx(-0.14852213144650115, rel=1e-12, abs=0)
    assert x.variance_ratio_before == pytest.approx(3 / 14, rel=1e-12, abs=0)  # 4 / (56/3)
    assert x.variance_ratio_after == pytest.approx(1.0, rel=1e-12, abs=0)
    # Column 1: p_T 2/3, p_C 1/2, s_pre = sqrt((2/9 + 1/4) / 2) = sqrt(17/72); matched
    # treated 1/2, weighted controls 0.5/2 = 1/4.
    assert (y.column, y.binary) == (1, True)
    assert y.mean_treated == pytest.approx(2 / 3, rel=1e-12)
    assert (y.mean_treated_matched, y.mean_control_before, y.mean_control_after) == (
        0.5,
        0.5,
        0.25,
    )
    assert y.smd_before == pytest.approx(0.34299717028501767, rel=1e-12, abs=0)  # (1/6)/...
    assert y.smd_after == pytest.approx(0.51449575542752651, rel=1e-12, abs=0)  # (1/4)/...
    assert (y.variance_ratio_before, y.variance_ratio_after) == (None, None)
    assert (b.n_treated, b.n_treated_matched, b.n_control, b.n_controls_used) == (3, 2, 4, 2)
    assert b.effective_n_control == pytest.approx(1.6, rel=1e-12)  # 2^2 / (1.5^2 + 0.5^2)
    assert b.balanced is False


def test_binary_smd_uses_proportions_not_sample_variances() -> None:
    # p_T = 1/2 (n 4), p_C = 1/4 (n 4): (1/2 - 1/4) / sqrt((1/4 + 3/16) / 2) = 0.25 /
    # sqrt(7/32) = 0.53452248382484880. Sample variances (divisor n - 1) would give
    # 0.25 / sqrt((1/3 + 1/4) / 2) = 0.46291004988627571.
    t = np.array([[1.0], [0.0], [1.0], [0.0]])
    c = np.array([[1.0], [0.0], [0.0], [0.0]])
    m = match(np.hstack([t, [[1.0], [2.0], [3.0], [4.0]]]), np.hstack([c, [[1.0]] * 4]))
    assert balance(t, c, m, binary=[0]).rows[0].smd_before == pytest.approx(
        0.53452248382484880, rel=1e-12
    )
    assert balance(t, c, m).rows[0].smd_before == pytest.approx(0.46291004988627571, rel=1e-12)


def test_balance_of_a_match() -> None:
    # match(T, C): weights C1 1, C2 1. Column 0: means 2.5 and 2.5 before, control 3.5
    # after; s2_T 4.5, s2_C 13/3. Column 1: 1.5 and 2.25 before, 2 after; s2_T 0.5,
    # s2_C 14.75/3.
    b = balance(T, C, match(T, C))
    x, y = b.rows
    assert x.smd_before == 0.0
    assert x.smd_after == pytest.approx(-1 / math.sqrt((4.5 + 13 / 3) / 2), rel=1e-12)
    assert y.smd_before == pytest.approx(-0.75 / math.sqrt((0.5 + 14.75 / 3) / 2), rel=1e-12)
    assert y.smd_after == pytest.approx(-0.5 / math.sqrt((0.5 + 14.75 / 3) / 2), rel=1e-12)
    assert x.variance_ratio_after == pytest.approx(4.5 / 4.5, rel=1e-12)  # C1, C2: 2, 5
    assert abs(x.smd_after) > SMD_BALANCED and b.balanced is False


def test_balance_edge_values() -> None:
    # Column 0 is 1 for every treated and 0 for every control: zero denominator, inf SMD.
    # All weight on one control: no weighted variance, so no ratio after.
    t = np.array([[1.0, 1.0], [1.0, 2.0]])
    c = np.array([[0.0, 1.5], [0.0, 9.0], [0.0, 8.0]])
    b = balance(t, c, match(t, c))
    assert match(t, c).matches == ((0,), (0,))
    assert b.rows[0].smd_before == math.inf
    assert b.rows[0].variance_ratio_before is None
    assert b.rows[1].variance_ratio_after is None
    assert b.effective_n_control == 1.0


@pytest.mark.parametrize(
    ("treated", "control", "kwargs", "message"),
    [
        (np.empty((0, 2)), C, {}, "treated is empty"),
        (T, np.empty((4, 0)), {}, "control is empty"),
        (T, C[:, :1], {}, "treated has 2 covariates but control has 1"),
        (T, [[0.0, 1.0], [math.nan, 1.0]], {}, "control[1, 0] is missing or not finite"),
        ([[1.0, math.inf]], C, {}, "treated[0, 1] is missing or not finite"),
        ([1.0, 2.0], C, {}, "treated must be a (rows x covariates) matrix"),
        ([["a", "b"]], C, {}, "treated must hold numbers only"),
        (T, C, {"ratio": 0}, "ratio must be between 1 and 5"),
        (T, C, {"ratio": 6}, "ratio must be between 1 and 5"),
        (T, C, {"ratio": 1.5}, "ratio must be a whole number"),
        (T, C, {"ratio": True}, "ratio must be a whole number"),
        (T, C, {"caliper": 0.0}, "caliper must be a finite distance > 0"),
        (T, C, {"caliper": math.nan}, "caliper must be a finite distance > 0"),
        (T, C, {"caliper": math.inf}, "caliper must be a finite distance > 0"),
        (T, C, {"caliper": "1"}, "caliper must be a finite distance > 0"),
        (T, C, {"treated_strata": [0, 1]}, "for both treated and control rows, or for neither"),
        (
            T,
            C,
            {"treated_strata": [0], "control_strata": [0, 0, 0, 0]},
            "treated_strata must hold one label per row (2)",
        ),
        (
            T,
            C,
            {"treated_strata": [0.5, 1.0], "control_strata": [0, 0, 0, 0]},
            "treated_strata must hold integer labels",
        ),
        ([[1.0, 1.0]], [[2.0, 2.0]], {}, "nothing to match on"),
        (np.zeros((MAX_TREATED + 1, 1)), C[:, :1], {}, f"at most {MAX_TREATED} are allowed"),
        (T[:, :1], np.zeros((MAX_CONTROLS + 1, 1)), {}, f"at most {MAX_CONTROLS} are allowed"),
        (np.zeros((2, MAX_COVARIATES + 1)), C, {}, f"at most {MAX_COVARIATES} are allowed"),
        (
            np.arange(2000.0).reshape(-1, 1),
            np.arange(10_001.0).reshape(-1, 1),
            {"replace": False},
            f"more than {MAX_ASSIGNMENT_CELLS}; use exact strata or matching with replacement",
        ),
    ],
)
def test_match_rejects(treated: Any, control: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        match(treated, control, **kwargs)
    assert message in str(err.value)


def test_balance_rejects() -> None:
    m = match(T, C)
    cases: list[tuple[Any, Any, dict[str, Any], str]] = [
        (T[:1], C, {}, "the matching has 2 treated and 4 control rows, got 1 and 4"),
        (T, C[:, :1], {}, "treated has 2 covariates but control has 1"),
        (T, C, {"binary": [0]}, "column 0 is flagged binary but treated[1, 0] is 4.0, not 0 or 1"),
        (T, C, {"binary": [2]}, "binary names column 2, but there are 2 columns"),
        (T, C, {"binary": ["0"]}, "binary must list column numbers"),
    ]
    for treated, control, kwargs, message in cases:
        with pytest.raises(AnalysisError) as err:
            balance(treated, control, m, **kwargs)
        assert message in str(err.value)
    with pytest.raises(AnalysisError, match="no treated row was matched"):
        balance(T, C, match(T, C, caliper=0.1))
    one = match(T[:1], C)
    with pytest.raises(AnalysisError, match="at least 2 treated and 2 control rows"):
        balance(T[:1], C, one)


def test_fast_enough_for_five_thousand_by_fifty_thousand() -> None:
    rng = np.random.default_rng(11)
    t = rng.normal(size=(5_000, 6))
    c = rng.normal(0.3, 1.2, size=(50_000, 6))
    strata = rng.integers(0, 40, size=55_000)
    start = time.perf_counter()
    r = match(t, c, ratio=3)
    s = match(t, c, treated_strata=strata[:5_000], control_strata=strata[5_000:])
    b = balance(t, c, r)
    elapsed = time.perf_counter() - start
    assert len(r.matches) == 5_000 and all(len(m) == 3 for m in r.matches)
    assert all(strata[5_000 + m[0]] == strata[i] for i, m in enumerate(s.matches))
    assert b.n_treated_matched == 5_000
    assert elapsed < 5.0, f"{elapsed:.3f} s"


# --- properties against brute force --------------------------------------------------------


def reference_squares(t: np.ndarray[Any, Any], c: np.ndarray[Any, Any]) -> Any:
    """All treated x control squared distances (x_t - x_c)' S^+ (x_t - x_c), the pooled
    covariance S written out and S^+ = D^-1 pinv(D^-1 S D^-1) D^-1 by numpy (D: the pooled
    standard deviations); columns constant in both groups left out. Squares, because a
    difference in the null space of S gives a rounding-level square (1e-17) whose root
    (3e-9) would be noise."""
    keep = (t.max(axis=0) > t.min(axis=0)) | (c.max(axis=0) > c.min(axis=0))
    t, c = t[:, keep], c[:, keep]
    ss_t = (t - t.mean(axis=0)).T @ (t - t.mean(axis=0))
    ss_c = (c - c.mean(axis=0)).T @ (c - c.mean(axis=0))
    pooled = (ss_t + ss_c) / (len(t) + len(c) - 2)
    scale = np.diag(1 / np.sqrt(np.diag(pooled)))
    vi = scale @ np.linalg.pinv(scale @ pooled @ scale, rtol=1e-10, hermitian=True) @ scale
    diff = t[:, None, :] - c[None, :, :]
    q = np.einsum("ijk,kl,ijl->ij", diff, vi, diff)
    return np.maximum(q, 0.0)  # rounding may leave -1e-17 for identical rows


@st.composite
def samples(draw: st.DrawFn, max_t: int, max_c: int) -> dict[str, Any]:
    """Small registry-like samples: integer covariates 0..4, often tied or collinear."""
    k = draw(st.integers(1, 3))
    n_t, n_c = draw(st.integers(1, max_t)), draw(st.integers(1, max_c))
    cells = st.integers(0, 4).map(float)
    return {
        "t": draw(hnp.arrays(np.float64, (n_t, k), elements=cells)),
        "c": draw(hnp.arrays(np.float64, (n_c, k), elements=cells)),
        "ts": draw(hnp.arrays(np.int64, n_t, elements=st.integers(0, 2))),
        "cs": draw(hnp.arrays(np.int64, n_c, elements=st.integers(0, 2))),
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples(6, 10), st.integers(1, 3), st.booleans())
def test_with_replacement_takes_the_nearest_allowed(
    s: dict[str, Any], ratio: int, strata: bool
) -> None:
    kwargs = {"treated_strata": s["ts"], "control_strata": s["cs"]} if strata else {}
    try:
        r = match(s["t"], s["c"], ratio=ratio, **kwargs)
    except AnalysisError as err:
        assert "nothing to match on" in str(err)
        event("nothing varies")
        return
    ref = reference_squares(s["t"], s["c"])
    relaxed = []
    for i, (chosen, dist) in enumerate(zip(r.matches, r.distances, strict=True)):
        allowed = np.flatnonzero(s["cs"] == s["ts"][i]) if strata else np.arange(len(s["c"]))
        if allowed.size == 0:
            relaxed.append(i)
            allowed = np.arange(len(s["c"]))
        best = np.sort(ref[i, allowed])[:ratio]
        assert len(chosen) == len(best) and set(chosen) <= set(allowed.tolist())
        squares = [x * x for x in dist]
        assert squares == pytest.approx(best.tolist(), rel=1e-9, abs=1e-12)
        assert squares == pytest.approx(ref[i, list(chosen)].tolist(), rel=1e-9, abs=1e-12)
    assert r.relaxed == tuple(relaxed)
    assert r.control_weights.sum() == pytest.approx(len(s["t"]))


def best_assignment(ref: Any, ratio: int, limit: float) -> tuple[int, float]:
    """Most pairs within ``limit``, then least total, by trying every assignment of the
    treated copies to distinct controls (or to none)."""
    copies = [i for i in range(ref.shape[0]) for _ in range(ratio)]
    best = (0, 0.0)  # (pairs, -total)

    def walk(q: int, free: frozenset[int], pairs: int, total: float) -> None:
        nonlocal best
        if q == len(copies):
            best = max(best, (pairs, -total))
            return
        walk(q + 1, free, pairs, total)
        for j in free:
            if ref[copies[q], j] <= limit:
                walk(q + 1, free - {j}, pairs + 1, total + ref[copies[q], j])

    walk(0, frozenset(range(ref.shape[1])), 0, 0.0)
    return best[0], -best[1]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(samples(3, 6), st.integers(1, 2), st.sampled_from([None, 0.5, 1.0, 2.0]))
def test_without_replacement_is_the_best_assignment(
    s: dict[str, Any], ratio: int, caliper: float | None
) -> None:
    """Most pairs within the caliper, then least total distance, over all assignments."""
    try:
        r = match(s["t"], s["c"], replace=False, ratio=ratio, caliper=caliper)
    except AnalysisError as err:
        assert "nothing to match on" in str(err)
        return
    ref = np.sqrt(reference_squares(s["t"], s["c"]))
    limit = math.inf if caliper is None else caliper * (1 + 1e-9)
    pairs, total = best_assignment(ref, ratio, limit)
    used = [j for m in r.matches for j in m]
    assert len(used) == len(set(used)) == pairs
    assert math.fsum(x for dist in r.distances for x in dist) == pytest.approx(
        total, rel=1e-9, abs=1e-7
    )
    for u in r.unmatched:
        assert u.reason == "controls_used_up" or (ref[u.treated] > limit).all()
    event(f"{pairs} pairs")
