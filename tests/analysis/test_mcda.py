"""Published and hand-computed cases for ovop.analysis.mcda (no database).

Published figures are compared with an absolute tolerance of 5e-4 unless a case says
otherwise (the sources print four decimals).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from ovop.analysis.mcda import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    aggregate_judgements,
    ahp,
    ahp_synthesis,
    ranks_from_scores,
    saw,
    topsis,
    vikor,
)

TOL = 5e-4

CONSISTENT_3 = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]

WANG_CHIN_6 = [
    [1, 4, 3, 1, 3, 4],
    [1 / 4, 1, 7, 3, 1 / 5, 1],
    [1 / 3, 1 / 7, 1, 1 / 5, 1 / 5, 1 / 6],
    [1, 1 / 3, 5, 1, 1, 1 / 3],
    [1 / 3, 5, 5, 1, 1, 3],
    [1 / 4, 1, 6, 3, 1 / 3, 1],
]

TZENG_HUANG_X = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
OPRICOVIC_TZENG_X = [[1, 3000], [2, 3750], [5, 4500]]


# ----------------------------------------------------------------------------------- AHP


def test_ahp_consistent_three_by_three() -> None:
    """A perfectly consistent matrix: w = (4, 2, 1)/7, lambda_max = n, CR = 0."""
    result = ahp(CONSISTENT_3)
    assert_allclose(result.weights, [4 / 7, 2 / 7, 1 / 7], atol=TOL)
    assert result.lambda_max == pytest.approx(3.0, abs=TOL)
    assert result.ci == pytest.approx(0.0, abs=TOL)
    assert result.cr == pytest.approx(0.0, abs=TOL)
    assert result.consistent
    assert result.worst_pairs == ()


def test_ahp_wang_chin_2011() -> None:
    """Wang & Chin (2011), Information Sciences 181(23):5240-5248, 6x6 example.

    Eigenvector weights, lambda_max 7.4199, CI 0.2840, CR 0.2290: not acceptable.
    """
    result = ahp(WANG_CHIN_6)
    assert_allclose(result.weights, [0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391], atol=TOL)
    assert result.lambda_max == pytest.approx(7.4199, abs=TOL)
    assert result.ci == pytest.approx(0.2840, abs=TOL)
    assert result.cr == pytest.approx(0.2290, abs=TOL)
    assert not result.consistent
    assert len(result.worst_pairs) == 15
    assert all(i < j for i, j in result.worst_pairs)


def test_worst_pairs_follow_the_contribution_to_lambda_max() -> None:
    """lambda_max - n = (1/n) sum_{i<j} (e + 1/e - 2), e = a_ij w_j / w_i; worst first."""
    a = np.array(WANG_CHIN_6, dtype=float)
    result = ahp(a)
    w, n = result.weights, a.shape[0]
    e = a * w[None, :] / w[:, None]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    contribution = {(i, j): (e[i, j] + 1 / e[i, j] - 2) / n for i, j in pairs}
    assert sum(contribution.values()) == pytest.approx(result.lambda_max - n, rel=1e-9)
    listed = [contribution[p] for p in result.worst_pairs]
    assert listed == sorted(listed, reverse=True)
    # a_02 = 3 while the priorities imply w0/w2 = 0.3208/0.0348, about 9: |ln e| = 1.12
    assert result.worst_pairs[0] == (0, 2)


def test_one_bad_judgement_is_named_first() -> None:
    """Take a consistent 4x4 matrix and overstate one judgement: that pair leads."""
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = w[:, None] / w[None, :]
    a[0, 3], a[3, 0] = 9.0, 1 / 9.0  # consistent value is 4
    result = ahp(a)
    assert result.worst_pairs[0] == (0, 3)
    assert result.cr > 0


def test_random_index_table_and_small_matrices() -> None:
    assert RANDOM_INDEX[2] == 0.58 and RANDOM_INDEX[14] == 1.59
    assert CR_THRESHOLD == 0.10
    one = ahp([[1.0]])
    assert_array_equal(one.weights, [1.0])
    assert (one.ci, one.cr, one.consistent) == (0.0, 0.0, True)
    two = ahp([[1, 5], [1 / 5, 1]])
    assert_allclose(two.weights, [5 / 6, 1 / 6])
    assert (two.cr, two.consistent) == (0.0, True)


def test_aggregate_judgements_geometric_mean() -> None:
    """Two assessors say 2 and 8: the AIJ geometric mean is 4 and stays reciprocal."""
    a = [[1, 2], [1 / 2, 1]]
    b = [[1, 8], [1 / 8, 1]]
    combined = aggregate_judgements([a, b])
    assert_allclose(combined, [[1, 4], [1 / 4, 1]])
    weighted = aggregate_judgements([a, b], weights=[0.75, 0.25])
    assert weighted[0, 1] == pytest.approx(2**0.75 * 8**0.25)
    assert weighted[1, 0] == pytest.approx(1 / weighted[0, 1])
    stacked = aggregate_judgements(np.array([a, b], dtype=float))
    assert_allclose(stacked, combined)


def test_ahp_synthesis_two_levels() -> None:
    """Criteria (2:1) and two alternative matrices: global = local @ criteria weights."""
    criteria = [[1, 2], [1 / 2, 1]]
    on_price = [[1, 3], [1 / 3, 1]]  # alternative 0 wins 3:1 on price
    on_quality = [[1, 1 / 4], [4, 1]]  # alternative 1 wins 4:1 on quality
    result = ahp_synthesis(criteria, [on_price, on_quality])
    assert_allclose(result.criteria_weights, [2 / 3, 1 / 3])
    assert_allclose(result.local_priorities, [[3 / 4, 1 / 5], [1 / 4, 4 / 5]])
    expected = [3 / 4 * 2 / 3 + 1 / 5 / 3, 1 / 4 * 2 / 3 + 4 / 5 / 3]
    assert_allclose(result.global_priorities, expected)
    assert_array_equal(result.ranks, [1, 2])
    assert result.cr_by_matrix == (0.0, 0.0, 0.0)


def test_ahp_synthesis_reports_each_cr() -> None:
    result = ahp_synthesis(CONSISTENT_3, [WANG_CHIN_6, CONSISTENT_WEIGHTS_6, WANG_CHIN_6])
    assert result.cr_by_matrix[0] == pytest.approx(0.0, abs=1e-9)
    assert result.cr_by_matrix[1] == pytest.approx(0.2290, abs=TOL)
    assert result.cr_by_matrix[2] == pytest.approx(0.0, abs=1e-9)
    assert result.local_priorities.shape == (6, 3)
    assert result.global_priorities.sum() == pytest.approx(1.0)


CONSISTENT_WEIGHTS_6 = (
    np.array([6, 5, 4, 3, 2, 1.0])[:, None] / np.array([6, 5, 4, 3, 2, 1.0])[None, :]
).tolist()


# -------------------------------------------------------------------------------- TOPSIS


def test_topsis_tzeng_huang_2011() -> None:
    """Tzeng & Huang (2011), Multiple Attribute Decision Making, worked TOPSIS example."""
    result = topsis(TZENG_HUANG_X, [0.3, 0.4, 0.3], [True, True, True])
    assert_allclose(result.closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=TOL)
    assert_allclose(result.d_plus, [0.1175, 0.0635, 0.0487, 0.1307], atol=TOL)
    assert_allclose(result.d_minus, [0.1193, 0.1223, 0.1446, 0.0655], atol=TOL)
    assert_array_equal(result.ranks, [3, 2, 1, 4])


def test_topsis_opricovic_tzeng_2004() -> None:
    """Opricovic & Tzeng (2004), EJOR 156(2):445-455: TOPSIS side of their comparison."""
    result = topsis(OPRICOVIC_TZENG_X, [0.5, 0.5], [False, True])
    assert_allclose(result.closeness, [0.7621, 0.7222, 0.2379], atol=TOL)
    assert_array_equal(result.ranks, [1, 2, 3])


def test_topsis_fighter_aircraft_hwang_yoon_1981() -> None:
    """The fighter-aircraft example of Hwang & Yoon (1981), Multiple Attribute Decision
    Making, Springer, as reproduced in MCDM teaching material.

    Attributes: maximum speed, ferry range, maximum payload, acquisition cost (a cost),
    reliability, manoeuvrability; weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). The closeness values
    0.643, 0.268, 0.613, 0.312 and the order A1 > A3 > A4 > A2 are the ones quoted by those
    secondary sources (three decimals from rounded tables, hence the 1e-3 tolerance); they were
    not checked against the book itself. The exact arithmetic is checked by the next test.
    """
    x = [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
    benefit = [True, True, True, False, True, True]
    result = topsis(x, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], benefit)
    assert_allclose(result.closeness, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    assert_array_equal(result.ranks, [1, 4, 2, 3])


def test_topsis_large_matrix_matches_textbook_formula() -> None:
    """The chunked kernel against a direct transcription of the formulas."""
    rng = np.random.default_rng(3)
    x = rng.uniform(0.5, 50.0, size=(20_011, 7))  # crosses chunk and block boundaries
    w = rng.dirichlet(np.ones(7))
    benefit = np.array([True, False, True, True, False, False, True])
    result = topsis(x, w, benefit)
    v = x / np.sqrt((x**2).sum(axis=0)) * w
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    assert_allclose(result.d_plus, d_plus, rtol=1e-10, atol=1e-15)
    assert_allclose(result.d_minus, d_minus, rtol=1e-10, atol=1e-15)
    assert_allclose(result.closeness, d_minus / (d_plus + d_minus), rtol=1e-10)


def test_topsis_zero_weight_and_negative_values() -> None:
    """A zero weight removes a criterion; negative values keep their order."""
    x = [[-1.0, 3.0], [2.0, 1.0], [0.5, 2.0]]
    only_first = topsis(x, [1.0, 0.0], [True, True])
    assert_array_equal(only_first.ranks, [3, 1, 2])
    assert only_first.closeness[1] == pytest.approx(1.0)
    assert only_first.closeness[0] == pytest.approx(0.0)


# ----------------------------------------------------------------------------------- SAW


def test_saw_hand_computed() -> None:
    """Benefit x/max, cost min/x, weighted sum, worked by hand.

    Column maxima 8 (benefit) and minima 2 (cost):
    A0 = 0.6 * 8/8 + 0.4 * 2/4 = 0.8; A1 = 0.6 * 4/8 + 0.4 * 2/2 = 0.7;
    A2 = 0.6 * 6/8 + 0.4 * 2/8 = 0.55.
    """
    result = saw([[8, 4], [4, 2], [6, 8]], [0.6, 0.4], [True, False])
    assert_allclose(result.scores, [0.8, 0.7, 0.55])
    assert_array_equal(result.ranks, [1, 2, 3])


def test_saw_fighter_aircraft_order() -> None:
    """Hwang & Yoon (1981) fighter aircraft with SAW: A3 > A1 > A4 > A2, by hand:

    A1 = .2*2/2.5 + .1*1500/2700 + .1*20000/21000 + .1*4.5/5.5 + .2*5/7 + .3*9/9.
    """
    x = [
        [2.0, 1500, 20000, 5.5, 5, 9],
        [2.5, 2700, 18000, 6.5, 3, 5],
        [1.8, 2000, 21000, 4.5, 7, 7],
        [2.2, 1800, 20000, 5.0, 5, 5],
    ]
    result = saw(x, [0.2, 0.1, 0.1, 0.1, 0.2, 0.3], [True, True, True, False, True, True])
    a1 = 0.2 * 2 / 2.5 + 0.1 * 1500 / 2700 + 0.1 * 20000 / 21000 + 0.1 * 4.5 / 5.5
    a1 += 0.2 * 5 / 7 + 0.3
    assert result.scores[0] == pytest.approx(a1, rel=1e-12)
    assert_array_equal(result.ranks, [2, 4, 1, 3])


# --------------------------------------------------------------------------------- VIKOR


def test_vikor_opricovic_tzeng_2004() -> None:
    """Opricovic & Tzeng (2004), EJOR 156(2):445-455, numerical example with v = 0.5.

    S = (0.5, 0.375, 0.5), R = (0.5, 0.25, 0.5), Q = (1, 0, 1); both conditions hold and
    alternative 1 (0-based) alone is the compromise.
    """
    result = vikor(OPRICOVIC_TZENG_X, [0.5, 0.5], [False, True])
    assert_allclose(result.s, [0.5, 0.375, 0.5], atol=TOL)
    assert_allclose(result.r, [0.5, 0.25, 0.5], atol=TOL)
    assert_allclose(result.q, [1.0, 0.0, 1.0], atol=TOL)
    assert_array_equal(result.ranks, [2, 1, 2])
    assert result.acceptable_advantage and result.acceptable_stability
    assert result.compromise == (1,)


def _vikor_by_hand(x: list[list[float]], w: list[float]) -> tuple[np.ndarray, ...]:
    """S, R and Q (v = 0.5) for benefit criteria, transcribed from the definitions."""
    a = np.array(x, dtype=float)
    d = (a.max(axis=0) - a) / (a.max(axis=0) - a.min(axis=0)) * np.array(w)
    s, r = d.sum(axis=1), d.max(axis=1)
    q = 0.5 * (s - s.min()) / (s.max() - s.min()) + 0.5 * (r - r.min()) / (r.max() - r.min())
    return s, r, q


def test_vikor_only_stability_fails() -> None:
    """C1 holds, C2 fails: the compromise is a(1) and a(2). Worked by hand.

    Equal weights, benefit criteria. Ranges: 9-1, 9-2, 8-3. For example row 0 = (2, 5, 8):
    S = (7/8 + 4/7 + 0)/3, R = (7/8)/3. S* belongs to row 1 and R* to row 2, but Q puts
    row 0 first (0.0913) and rows 1 and 2 tie second at 0.5 (ties keep index order).
    Q(a2) - Q(a1) = 0.409 >= DQ = 1/3.
    """
    x = [[2, 5, 8], [1, 9, 6], [3, 3, 5], [9, 2, 3]]
    result = vikor(x, [1 / 3, 1 / 3, 1 / 3], [True, True, True])
    assert_allclose(result.s, [(7 / 8 + 4 / 7) / 3, 1.4 / 3, (3 / 4 + 6 / 7 + 3 / 5) / 3, 2 / 3])
    assert_allclose(result.r, [7 / 24, 1 / 3, 2 / 7, 1 / 3])
    assert_allclose(result.q, _vikor_by_hand(x, [1 / 3] * 3)[2])
    assert result.acceptable_advantage
    assert not result.acceptable_stability
    assert result.compromise == (0, 1)
    assert_array_equal(result.ranks, [1, 2, 2, 4])


def test_vikor_advantage_fails_gives_the_close_set() -> None:
    """C1 fails (DQ = 1/4): every alternative with Q - Q(a1) < 1/4 joins, in Q order."""
    x = [[4, 9, 6], [8, 1, 2], [5, 7, 9], [1, 8, 4], [9, 4, 9]]
    result = vikor(x, [1 / 3, 1 / 3, 1 / 3], [True, True, True])
    s, r, q = _vikor_by_hand(x, [1 / 3] * 3)
    assert_allclose(result.s, s)
    assert_allclose(result.r, r)
    assert_allclose(result.q, q)
    assert_allclose(result.q, [0.2679, 1.0, 0.0417, 0.9048, 0.125], atol=TOL)
    assert not result.acceptable_advantage
    assert result.acceptable_stability
    assert result.compromise == (2, 4, 0)


def test_vikor_both_conditions_hold_for_a_dominant_alternative() -> None:
    result = vikor([[10, 10], [1, 1], [2, 3]], [0.5, 0.5], [True, True])
    assert result.compromise == (0,)
    assert result.acceptable_advantage and result.acceptable_stability


def test_vikor_v_extremes() -> None:
    """v = 1 ranks by S alone, v = 0 by R alone (a zero range is fine for the unused term)."""
    x = [[2, 5, 8], [1, 9, 6], [3, 3, 5], [9, 2, 3]]
    by_s = vikor(x, [1 / 3] * 3, [True] * 3, v=1.0)
    assert_array_equal(by_s.ranks, ranks_from_scores(by_s.s, descending=False))
    by_r = vikor(x, [1 / 3] * 3, [True] * 3, v=0.0)
    assert_array_equal(by_r.ranks, ranks_from_scores(by_r.r, descending=False))
    # S is the same for both rows here, R differs: fine when v = 0
    flat_s = vikor([[1, 0], [0, 1], [0.5, 0.5]], [0.5, 0.5], [True, True], v=0.0)
    assert flat_s.compromise[0] == 2


# -------------------------------------------------------------------------------- ranks


def test_ranks_from_scores_competition_ties() -> None:
    assert_array_equal(ranks_from_scores([0.2, 0.9, 0.5, 0.9]), [4, 1, 3, 1])
    assert_array_equal(ranks_from_scores([3, 1, 1, 2], descending=False), [4, 1, 1, 3])
    assert ranks_from_scores([7.0]).tolist() == [1]


def test_results_are_frozen_and_serialisable() -> None:
    result = topsis(TZENG_HUANG_X, [0.3, 0.4, 0.3], [True, True, True])
    with pytest.raises(ValueError):
        result.closeness[0] = 1.0
    with pytest.raises(AttributeError):
        result.ranks = np.array([1])  # type: ignore[misc]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["ranks"] == [3, 2, 1, 4]
    ahp_data = json.loads(json.dumps(ahp(WANG_CHIN_6).to_dict()))
    assert ahp_data["consistent"] is False
    assert isinstance(ahp_data["worst_pairs"][0], list)
    v_data = json.loads(json.dumps(vikor(OPRICOVIC_TZENG_X, [0.5, 0.5], [False, True]).to_dict()))
    assert v_data["compromise"] == [1]
