"""weight_sensitivity: exact SAW crossings by hand, and checks against the methods."""

from __future__ import annotations

import time

import numpy as np
import pytest
from numpy.testing import assert_allclose

from ovop.analysis.mcda import (
    WeightRange,
    rescaled_weights,
    saw,
    topsis,
    vikor,
    weight_sensitivity,
)

# SAW, all benefit, maxima (9, 8, 9): ratios [[1, 1/4, 5/9], [2/3, 1, 1/3], [4/9, 1/2, 1]].
# With w = (0.5, 0.3, 0.2) the scores are (0.686, 0.700, 0.572): alternative 1 wins.
HAND_X = [[9, 2, 5], [6, 8, 3], [4, 4, 9]]
HAND_W = [0.5, 0.3, 0.2]
ALL_BENEFIT = [True, True, True]


def first(method: str, x: object, w: np.ndarray, benefit: object) -> set[int]:
    """The alternatives ranked 1 by the public method at weights w."""
    ranks = {"topsis": topsis, "saw": saw, "vikor": vikor}[method](x, w, benefit).ranks
    return {int(k) for k in np.flatnonzero(ranks == 1)}


def test_saw_crossings_by_hand() -> None:
    """Moving w_j with the others in proportion, SAW scores are straight lines in w_j.

    Criterion 0 (others 0.6 : 0.4): A1 = 11/15 - t/15 and A0 = 67/180 + 113t/180 meet at
    t = 65/125 = 13/25; A2 never passes A1 on [0, 1].
    Criterion 1 (others 5/7 : 2/7): A1 - A0 = (-76 + 265t)/252, zero at t = 76/265; the
    crossing with A2 (t = 4/67) lies further left, so A0 takes over below 76/265.
    Criterion 2 (others 5/8 : 3/8): A1 - A0 = (21 - 85t)/288 and A1 - A2 = (94 - 286t)/288;
    the first to reach zero going up is A0 at t = 21/85.
    """
    ranges = weight_sensitivity(HAND_X, HAND_W, ALL_BENEFIT, method="saw")
    expected = [
        WeightRange(0, 0.5, 0.0, 13 / 25, 1, None, 0),
        WeightRange(1, 0.3, 76 / 265, 1.0, 1, 0, None),
        WeightRange(2, 0.2, 0.0, 21 / 85, 1, None, 0),
    ]
    for got, want in zip(ranges, expected, strict=True):
        assert (got.criterion, got.winner) == (want.criterion, want.winner)
        assert got.current == pytest.approx(want.current, abs=1e-15)
        assert got.low == pytest.approx(want.low, abs=1e-12)
        assert got.high == pytest.approx(want.high, abs=1e-12)
        assert (got.takes_over_below, got.takes_over_above) == (
            want.takes_over_below,
            want.takes_over_above,
        )


@pytest.mark.parametrize("method", ["saw", "topsis", "vikor"])
@pytest.mark.parametrize(
    ("x", "w", "benefit"),
    [
        (HAND_X, HAND_W, ALL_BENEFIT),
        ([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [0.3, 0.4, 0.3], ALL_BENEFIT),
        (
            [
                [2.0, 1500, 20000, 5.5, 5, 9],
                [2.5, 2700, 18000, 6.5, 3, 5],
                [1.8, 2000, 21000, 4.5, 7, 7],
                [2.2, 1800, 20000, 5.0, 5, 5],
            ],
            [0.2, 0.1, 0.1, 0.1, 0.2, 0.3],
            [True, True, True, False, True, True],
        ),
    ],
    ids=["hand", "tzeng-huang", "fighter"],
)
def test_boundaries_agree_with_the_method(
    method: str, x: list[list[float]], w: list[float], benefit: list[bool]
) -> None:
    """Inside [low, high] the winner is first; just outside, the named alternative is."""
    eps = 1e-6
    for r in weight_sensitivity(x, w, benefit, method=method):  # type: ignore[arg-type]
        assert r.low <= r.current <= r.high
        assert r.winner in first(method, x, np.asarray(w), benefit)
        for inside in (r.low + eps, r.high - eps):
            if r.low + eps <= inside <= r.high - eps:
                at = rescaled_weights(w, r.criterion, inside)
                assert r.winner in first(method, x, at, benefit)
        if r.takes_over_below is None:
            assert r.low == 0.0
        else:
            at = rescaled_weights(w, r.criterion, r.low - eps)
            assert first(method, x, at, benefit) == {r.takes_over_below}
        if r.takes_over_above is None:
            assert r.high == 1.0
        else:
            at = rescaled_weights(w, r.criterion, r.high + eps)
            assert first(method, x, at, benefit) == {r.takes_over_above}


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_scanned_boundaries_match_a_dense_brute_force(method: str) -> None:
    """Brute force with the public method on a 2.5e-4 grid brackets every reported end."""
    x = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    w = [0.3, 0.4, 0.3]
    for r in weight_sensitivity(x, w, ALL_BENEFIT, method=method):  # type: ignore[arg-type]
        grid = np.linspace(0.0, 1.0, 4_001)
        winner_first = np.array(
            [
                r.winner in first(method, x, rescaled_weights(w, r.criterion, t), ALL_BENEFIT)
                for t in grid
            ]
        )
        here = int(np.searchsorted(grid, r.current))
        left_bad = np.flatnonzero(~winner_first[:here])
        right_bad = np.flatnonzero(~winner_first[here:])
        brute_low = grid[left_bad[-1]] if left_bad.size else 0.0
        brute_high = grid[here + right_bad[0]] if right_bad.size else 1.0
        assert r.low == pytest.approx(brute_low, abs=2.6e-4)
        assert r.high == pytest.approx(brute_high, abs=2.6e-4)


def test_saw_exact_matches_the_scan_path() -> None:
    """The exact SAW ends equal what bisection on the method itself finds."""
    rng = np.random.default_rng(11)
    x = rng.uniform(1, 10, size=(12, 4))
    w = rng.dirichlet(np.ones(4))
    benefit = np.array([True, False, True, False])
    for r in weight_sensitivity(x, w, benefit, method="saw"):
        if r.takes_over_above is not None:
            inside = rescaled_weights(w, r.criterion, r.high - 1e-9)
            outside = rescaled_weights(w, r.criterion, r.high + 1e-9)
            assert r.winner in first("saw", x, inside, benefit)
            assert r.winner not in first("saw", x, outside, benefit)


def test_single_criterion_and_full_weight() -> None:
    """One criterion: nothing can move. A weight of 1: the others share equally."""
    single = weight_sensitivity([[1.0], [3.0], [2.0]], [1.0], [True], method="saw")
    assert single == [WeightRange(0, 1.0, 1.0, 1.0, 1, None, None)]
    assert_allclose(rescaled_weights([1.0, 0.0, 0.0], 0, 0.4), [0.4, 0.3, 0.3])
    assert_allclose(rescaled_weights([0.5, 0.3, 0.2], 0, 0.0), [0.0, 0.6, 0.4])
    full = weight_sensitivity([[9, 1], [1, 9]], [1.0, 0.0], [True, True], method="saw")
    # A0 wins on criterion 0; with equal split the lines cross at t = 1/2
    assert full[0].low == pytest.approx(0.5) and full[0].takes_over_below == 1
    assert full[1].high == pytest.approx(0.5) and full[1].takes_over_above == 1


def test_results_serialise() -> None:
    ranges = weight_sensitivity(HAND_X, HAND_W, ALL_BENEFIT, method="topsis")
    data = ranges[0].to_dict()
    assert set(data) == {
        "criterion",
        "current",
        "low",
        "high",
        "winner",
        "takes_over_below",
        "takes_over_above",
    }


@pytest.mark.parametrize("method", ["topsis", "saw", "vikor"])
def test_fast_enough_for_fifty_by_ten(method: str) -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(1, 100, size=(50, 10))
    w = rng.dirichlet(np.ones(10))
    benefit = rng.random(10) < 0.6
    start = time.perf_counter()
    ranges = weight_sensitivity(x, w, benefit, method=method)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    assert len(ranges) == 10
    assert elapsed < 1.0, f"{method}: {elapsed:.3f} s"
