"""Property tests (hypothesis) for ovop.analysis.mcda."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal
from scipy.stats import rankdata

from ovop.analysis.mcda import (
    aggregate_judgements,
    ahp,
    ranks_from_scores,
    saw,
    topsis,
    vikor,
)

positive = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)


@st.composite
def decision_problems(
    draw: st.DrawFn, min_rows: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = draw(st.integers(min_rows, 8))
    n = draw(st.integers(1, 5))
    x = draw(hnp.arrays(np.float64, (m, n), elements=positive))
    raw = draw(hnp.arrays(np.float64, n, elements=st.floats(0.01, 1.0)))
    w = raw / raw.sum()
    benefit = draw(hnp.arrays(np.bool_, n))
    return x, w, benefit


def separable(x: np.ndarray, w: np.ndarray) -> bool:
    """TOPSIS is defined when some weighted criterion is not constant. A spread at the level of
    rounding (relative 1e-6) is treated as constant: the closeness would then be decided by
    round-off, which no rescaling preserves."""
    spread = x.max(axis=0) - x.min(axis=0)
    return bool(((spread > 1e-6 * np.abs(x).max(axis=0)) & (w > 0)).any())


@settings(max_examples=200, deadline=None)
@given(decision_problems())
def test_topsis_closeness_in_unit_interval(problem: tuple[np.ndarray, ...]) -> None:
    x, w, benefit = problem
    assume(separable(x, w))
    result = topsis(x, w, benefit)
    assert np.all(result.closeness >= 0.0) and np.all(result.closeness <= 1.0)
    assert np.all(result.d_plus >= 0) and np.all(result.d_minus >= 0)
    assert_array_equal(result.ranks, rankdata(-result.closeness, method="min"))


@settings(max_examples=200, deadline=None)
@given(decision_problems(), st.data())
def test_topsis_invariant_to_column_scale(
    problem: tuple[np.ndarray, ...], data: st.DataObject
) -> None:
    x, w, benefit = problem
    assume(separable(x, w))
    j = data.draw(st.integers(0, x.shape[1] - 1))
    factor = data.draw(st.floats(1e-3, 1e3))
    scaled = x.copy()
    scaled[:, j] *= factor
    assert_allclose(
        topsis(scaled, w, benefit).closeness, topsis(x, w, benefit).closeness, atol=1e-9
    )


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 15), elements=st.floats(0.05, 20.0)))
def test_ahp_recovers_consistent_weights(raw: np.ndarray) -> None:
    w = raw / raw.sum()
    a = w[:, None] / w[None, :]
    result = ahp(a)
    assert_allclose(result.weights, w, atol=1e-9)
    assert abs(result.cr) <= 1e-9
    assert result.lambda_max >= a.shape[0]
    assert result.consistent
    assert result.worst_pairs == ()


@settings(max_examples=100, deadline=None)
@given(
    hnp.arrays(np.float64, st.integers(1, 8), elements=st.floats(0.05, 20.0)),
    st.integers(1, 6),
    st.data(),
)
def test_aggregate_of_identical_matrices_is_the_matrix(
    raw: np.ndarray, copies: int, data: st.DataObject
) -> None:
    n = raw.shape[0]
    # an arbitrary (not necessarily consistent) reciprocal matrix
    upper = data.draw(hnp.arrays(np.float64, (n, n), elements=st.floats(1 / 9, 9.0)))
    a = np.triu(upper, k=1)
    a = a + np.tril(1.0 / np.where(a.T > 0, a.T, 1.0), k=-1) + np.eye(n)
    combined = aggregate_judgements([a] * copies)
    assert_allclose(combined, a, rtol=1e-12)


@settings(max_examples=200, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 40), elements=st.sampled_from([0.1, 0.5, 0.7, 2.0])))
def test_ranks_match_scipy_min_method(values: np.ndarray) -> None:
    assert_array_equal(ranks_from_scores(values), rankdata(-values, method="min"))
    assert_array_equal(ranks_from_scores(values, descending=False), rankdata(values, method="min"))


@settings(max_examples=200, deadline=None)
@given(decision_problems())
def test_saw_scores_bounded_by_one(problem: tuple[np.ndarray, ...]) -> None:
    x, w, benefit = problem
    result = saw(x, w, benefit)
    assert np.all(result.scores > 0) and np.all(result.scores <= 1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(decision_problems(min_rows=2))
def test_vikor_measures_and_compromise(problem: tuple[np.ndarray, ...]) -> None:
    x, w, benefit = problem
    assume(bool((x.max(axis=0) > x.min(axis=0)).all()))
    d = np.abs(np.where(benefit, x.max(axis=0), x.min(axis=0)) - x) / np.ptp(x, axis=0)
    s, r = (d * w).sum(axis=1), (d * w).max(axis=1)
    assume(np.ptp(s) > 1e-9 and np.ptp(r) > 1e-9)
    result = vikor(x, w, benefit)
    assert_allclose(result.s, s, atol=1e-12)
    assert_allclose(result.r, r, atol=1e-12)
    expected_q = 0.5 * (s - s.min()) / np.ptp(s) + 0.5 * (r - r.min()) / np.ptp(r)
    assert_allclose(result.q, expected_q, atol=1e-9)
    assert np.all(result.q >= 0) and np.all(result.q <= 1 + 1e-12)
    assert result.compromise[0] == int(np.argmin(result.q))
    assert len(set(result.compromise)) == len(result.compromise)
