"""selection_analysis: the one call behind a selection round's result page, checked against
the published cases of test_mcda.py (same sources, same 5e-4 tolerance)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from ovop.analysis import AnalysisError
from ovop.analysis.mcda import selection_analysis, topsis, weight_sensitivity
from tests.analysis.test_mcda import OPRICOVIC_TZENG_X, TOL, TZENG_HUANG_X, WANG_CHIN_6


def consistent(weights: list[float]) -> list[list[float]]:
    """The perfectly consistent judgement matrix a_ij = w_i / w_j."""
    return [[wi / wj for wj in weights] for wi in weights]


#: Two assessors whose geometric mean gives Tzeng & Huang's weights (0.3, 0.4, 0.3):
#: sqrt((9, 16, 9) * (1, 1, 1)) = (3, 4, 3).
TZENG_JUDGES = [consistent([9, 16, 9]), consistent([1, 1, 1])]


def test_tzeng_huang_2011_in_one_call() -> None:
    """Tzeng & Huang (2011) TOPSIS example, reached through two assessors' AHP."""
    result = selection_analysis(TZENG_JUDGES, TZENG_HUANG_X, [True, True, True])
    assert_allclose(result.assessors[0].weights, [9 / 34, 16 / 34, 9 / 34])
    assert_allclose(result.assessors[1].weights, [1 / 3, 1 / 3, 1 / 3])
    assert [a.cr for a in result.assessors] == pytest.approx([0.0, 0.0], abs=1e-12)
    assert_allclose(result.combined_judgement, consistent([3, 4, 3]))
    assert_allclose(result.combined.weights, [0.3, 0.4, 0.3])
    assert result.combined.cr == pytest.approx(0.0, abs=1e-12)
    assert_allclose(result.topsis.closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=TOL)
    assert_allclose(result.topsis.d_plus, [0.1175, 0.0635, 0.0487, 0.1307], atol=TOL)
    assert_allclose(result.topsis.d_minus, [0.1193, 0.1223, 0.1446, 0.0655], atol=TOL)
    assert_array_equal(result.topsis.ranks, [3, 2, 1, 4])
    # SAW by hand: column maxima 8, 8, 8; A0 = .3 * 5/8 + .4 * 8/8 + .3 * 4/8 = 0.7375
    assert_allclose(result.saw.scores, [0.7375, 0.8625, 0.925, 0.6875])
    assert result.vikor is not None and result.vikor_error == ""
    assert result.topsis_winner == result.saw_winner == 2
    assert result.vikor_winner == 2
    assert result.agree is True


def test_opricovic_tzeng_2004_methods_disagree() -> None:
    """Opricovic & Tzeng (2004): equal weights; TOPSIS puts A0 first, VIKOR A1 (Q = 0).

    The two assessors say 4 and 1/4 on the same pair: the geometric mean is 1, so the
    combined weights are equal although each assessor's are (0.8, 0.2) and (0.2, 0.8).
    """
    judges = [[[1, 4], [1 / 4, 1]], [[1, 1 / 4], [4, 1]]]
    result = selection_analysis(judges, OPRICOVIC_TZENG_X, [False, True], v=0.5)
    assert_allclose(result.assessors[0].weights, [0.8, 0.2])
    assert_allclose(result.assessors[1].weights, [0.2, 0.8])
    assert_allclose(result.combined.weights, [0.5, 0.5])
    assert_allclose(result.topsis.closeness, [0.7621, 0.7222, 0.2379], atol=TOL)
    assert result.vikor is not None
    assert_allclose(result.vikor.s, [0.5, 0.375, 0.5], atol=TOL)
    assert_allclose(result.vikor.r, [0.5, 0.25, 0.5], atol=TOL)
    assert_allclose(result.vikor.q, [1.0, 0.0, 1.0], atol=TOL)
    assert result.vikor.compromise == (1,)
    # SAW: A0 = .5 * 1/1 + .5 * 3000/4500, A1 = .5 * 1/2 + .5 * 3750/4500, A2 = .1 + .5
    assert_allclose(result.saw.scores, [0.5 + 1 / 3, 0.25 + 3750 / 9000, 0.6])
    assert (result.topsis_winner, result.saw_winner, result.vikor_winner) == (0, 0, 1)
    assert result.agree is False
    expected = weight_sensitivity(OPRICOVIC_TZENG_X, [0.5, 0.5], [False, True], "topsis")
    assert [r.to_dict() for r in result.sensitivity] == [r.to_dict() for r in expected]
    assert result.sensitivity_method == "topsis"


def test_wang_chin_2011_assessor_consistency() -> None:
    """Wang & Chin (2011) 6x6: CR 0.2290 for that assessor; a consistent one beside it."""
    x = [[5, 8, 4, 3, 7, 2], [7, 6, 8, 5, 2, 6], [8, 8, 6, 4, 5, 5]]
    result = selection_analysis([WANG_CHIN_6, consistent([1] * 6)], x, [True] * 6)
    wang = result.assessors[0]
    assert_allclose(wang.weights, [0.3208, 0.1395, 0.0348, 0.1285, 0.2374, 0.1391], atol=TOL)
    assert wang.lambda_max == pytest.approx(7.4199, abs=TOL)
    assert wang.cr == pytest.approx(0.2290, abs=TOL)
    assert not wang.consistent
    assert result.assessors[1].consistent
    assert_allclose(result.combined_judgement, np.sqrt(np.array(WANG_CHIN_6)))


def test_sensitivity_of_saw_and_vikor_match_weight_sensitivity() -> None:
    for method in ("saw", "vikor"):
        result = selection_analysis(
            TZENG_JUDGES, TZENG_HUANG_X, [True] * 3, sensitivity_method=method
        )
        expected = weight_sensitivity(TZENG_HUANG_X, [0.3, 0.4, 0.3], [True] * 3, method)
        got = [(r.low, r.high, r.takes_over_below, r.takes_over_above) for r in result.sensitivity]
        want = [(r.low, r.high, r.takes_over_below, r.takes_over_above) for r in expected]
        assert got == want


def test_vikor_failure_is_kept_and_the_rest_returned() -> None:
    """A criterion constant across the candidates stops VIKOR only."""
    x = [[5, 3, 4], [7, 3, 8], [8, 3, 6]]
    result = selection_analysis(TZENG_JUDGES, x, [True] * 3)
    assert result.vikor is None and result.vikor_winner is None
    assert result.vikor_error.startswith("matrix[:, 1]: criterion is constant")
    assert result.agree is False
    # criterion 1 is constant, so TOPSIS ranks on (5, 4), (7, 8), (8, 6) weighted .3/.3
    assert_array_equal(result.topsis.ranks, topsis(x, [0.3, 0.4, 0.3], [True] * 3).ranks)
    assert_array_equal(result.topsis.ranks, [3, 1, 2])
    with pytest.raises(AnalysisError, match="sensitivity_method: VIKOR cannot rank"):
        selection_analysis(TZENG_JUDGES, x, [True] * 3, sensitivity_method="vikor")


@pytest.mark.parametrize(
    ("judges", "x", "kwargs", "message"),
    [
        ([], TZENG_HUANG_X, {}, r"^judgements: is empty"),
        (
            [consistent([1, 2, 3]), consistent([1, 2])],
            TZENG_HUANG_X,
            {},
            r"^judgements\[1\]: shape \(2, 2\) differs from judgements\[0\] \(3, 3\)",
        ),
        (
            [[[1, 2, 3], [1 / 2, 1, 2], [1, 1 / 2, 1]]],
            TZENG_HUANG_X,
            {},
            r"^judgements\[0\]\[2, 0\]",
        ),
        ([[[1, 1e400], [0, 1]]], [[1, 2], [2, 1]], {}, r"^judgements\[0\]\[0, 1\]"),
        ([consistent([1, 2])], TZENG_HUANG_X, {}, r"^matrix: has 3 criteria .* compare 2"),
        (TZENG_JUDGES, TZENG_HUANG_X, {"v": 1.5}, r"^v: must be within \[0, 1\]"),
        (
            TZENG_JUDGES,
            TZENG_HUANG_X,
            {"sensitivity_method": "ahp"},
            r"^sensitivity_method: must be",
        ),
        (TZENG_JUDGES, TZENG_HUANG_X, {"assessor_weights": [1.0]}, r"^assessor_weights"),
    ],
)
def test_input_errors_name_the_place(
    judges: object, x: object, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(AnalysisError, match=message):
        selection_analysis(judges, x, [True] * len(x[0]), **kwargs)  # type: ignore[arg-type,index]


def test_weighted_assessors_and_serialisable_result() -> None:
    result = selection_analysis(
        TZENG_JUDGES, TZENG_HUANG_X, [True] * 3, assessor_weights=[1.0, 0.0]
    )
    assert_allclose(result.combined.weights, [9 / 34, 16 / 34, 9 / 34])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["topsis"]["ranks"] == result.topsis.ranks.tolist()
    assert data["assessors"][0]["cr"] == pytest.approx(0.0, abs=1e-12)
    assert data["sensitivity"][0]["criterion"] == 0
    with pytest.raises(ValueError):
        result.combined_judgement[0, 0] = 2.0
