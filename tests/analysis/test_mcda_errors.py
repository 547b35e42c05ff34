"""Every degenerate input to ovop.analysis.mcda raises AnalysisError naming the place."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest

from ovop.analysis import AnalysisError
from ovop.analysis.mcda import (
    aggregate_judgements,
    ahp,
    ahp_synthesis,
    ranks_from_scores,
    rescaled_weights,
    saw,
    topsis,
    vikor,
    weight_sensitivity,
)

X = [[5.0, 8.0, 4.0], [7.0, 6.0, 8.0], [8.0, 8.0, 6.0]]
W = [0.3, 0.4, 0.3]
B = [True, False, True]
NAN = float("nan")
INF = float("inf")
OK3 = [[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]]

Call = Callable[[], object]


def with_entry(matrix: list[list[float]], i: int, j: int, value: float) -> list[list[float]]:
    copy = [list(row) for row in matrix]
    copy[i][j] = value
    return copy


METHODS: dict[str, Callable[..., object]] = {"topsis": topsis, "saw": saw, "vikor": vikor}

# (id, call, the message must contain this)
COMMON = [
    ("empty", lambda f: f(np.zeros((0, 3)), W, B), "matrix: needs at least one"),
    ("no-criteria", lambda f: f(np.zeros((3, 0)), [], []), "matrix: needs at least one"),
    ("one-dimensional", lambda f: f([1.0, 2.0, 3.0], W, B), "matrix: must be 2-dimensional"),
    ("text", lambda f: f([["a", "b", "c"]], W, B), "matrix: could not be read"),
    ("nan", lambda f: f(with_entry(X, 1, 2, NAN), W, B), "matrix[1, 2]: must be finite"),
    ("inf", lambda f: f(with_entry(X, 2, 0, INF), W, B), "matrix[2, 0]: must be finite"),
    ("minus-inf", lambda f: f(with_entry(X, 0, 1, -INF), W, B), "matrix[0, 1]: must be finite"),
    ("weights-length", lambda f: f(X, [0.5, 0.5], B), "weights: expected 3 values"),
    ("weights-negative", lambda f: f(X, [0.6, -0.2, 0.6], B), "weights[1]: must be >= 0"),
    ("weights-sum", lambda f: f(X, [0.3, 0.3, 0.3], B), "weights: must sum to 1"),
    ("weights-nan", lambda f: f(X, [0.5, NAN, 0.5], B), "weights[1]: must be finite"),
    ("benefit-length", lambda f: f(X, W, [True, False]), "benefit: expected 3 values"),
    ("benefit-ints", lambda f: f(X, W, [1, -1, 1]), "benefit: must be booleans"),
]


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize(("call", "message"), [c[1:] for c in COMMON], ids=[c[0] for c in COMMON])
def test_common_input_errors(
    method: str, call: Callable[[Callable[..., object]], object], message: str
) -> None:
    with pytest.raises(AnalysisError, match=re.escape(message)):
        call(METHODS[method])


SPECIFIC: list[tuple[str, Call, str]] = [
    (
        "topsis-zero-column",
        lambda: topsis([[1, 0, 2], [3, 0, 4]], W, B),
        "matrix[:, 1]: column is all zeros",
    ),
    (
        "topsis-all-constant",
        lambda: topsis([[1, 2, 3], [1, 2, 3]], W, B),
        "matrix: every criterion with positive weight is constant",
    ),
    (
        "topsis-constant-where-weighted",
        lambda: topsis([[1, 2, 3], [1, 5, 3]], [0.5, 0.0, 0.5], B),
        "matrix: every criterion with positive weight is constant",
    ),
    (
        "topsis-overflow",
        lambda: topsis([[1e200, 1], [2e200, 2]], [0.5, 0.5], [True, True]),
        "matrix[:, 0]: values too large",
    ),
    (
        "saw-cost-zero",
        lambda: saw(with_entry(X, 2, 1, 0.0), W, B),
        "matrix[2, 1]: must be > 0 for the ratio min/x",
    ),
    (
        "saw-cost-negative",
        lambda: saw(with_entry(X, 0, 1, -3.0), W, B),
        "matrix[0, 1]: must be > 0",
    ),
    (
        "saw-benefit-negative",
        lambda: saw(with_entry(X, 1, 0, -1.0), W, B),
        "matrix[1, 0]: must be >= 0",
    ),
    (
        "saw-benefit-max-zero",
        lambda: saw([[0, 1, 1], [0, 2, 2]], W, B),
        "matrix[:, 0]: benefit column has maximum 0",
    ),
    (
        "vikor-constant",
        lambda: vikor([[1, 2, 3], [1, 3, 4]], W, B),
        "matrix[:, 0]: criterion is constant",
    ),
    ("vikor-one-row", lambda: vikor([[1, 2, 3]], W, B), "matrix: VIKOR needs at least 2"),
    ("vikor-v-high", lambda: vikor(X, W, B, v=1.5), "v: must be within [0, 1]"),
    ("vikor-v-nan", lambda: vikor(X, W, B, v=NAN), "v: must be within [0, 1]"),
    (
        "vikor-flat-s",
        lambda: vikor([[1, 0], [0, 1]], [0.5, 0.5], [True, True]),
        "matrix: every alternative has the same S",
    ),
    (
        "vikor-flat-r",
        lambda: vikor([[1, 0], [0, 1], [0, 0]], [0.5, 0.5], [True, True]),
        "matrix: every alternative has the same R",
    ),
    ("ahp-not-square", lambda: ahp([[1, 2, 3], [0.5, 1, 2]]), "matrix: must be a square"),
    ("ahp-empty", lambda: ahp(np.zeros((0, 0))), "matrix: is empty"),
    ("ahp-nan", lambda: ahp(with_entry(OK3, 0, 2, NAN)), "matrix[0, 2]: must be finite"),
    ("ahp-negative", lambda: ahp(with_entry(OK3, 0, 1, -2)), "matrix[0, 1]: must be > 0"),
    ("ahp-zero", lambda: ahp(with_entry(OK3, 2, 1, 0.0)), "matrix[2, 1]: must be > 0"),
    ("ahp-diagonal", lambda: ahp(with_entry(OK3, 1, 1, 2.0)), "matrix[1, 1]: diagonal must be 1"),
    (
        "ahp-not-reciprocal",
        lambda: ahp(with_entry(OK3, 2, 0, 0.3)),
        "matrix[2, 0]: must be 1/matrix[0, 2]",
    ),
    (
        "ahp-too-large",
        lambda: ahp(np.ones((16, 16))),
        "matrix: the random index is tabulated for n <= 15",
    ),
    ("aggregate-empty", lambda: aggregate_judgements([]), "matrices: is empty"),
    (
        "aggregate-bad-member",
        lambda: aggregate_judgements([OK3, with_entry(OK3, 1, 0, 3.0)]),
        "matrices[1][1, 0]: must be 1/matrices[1][0, 1]",
    ),
    (
        "aggregate-shapes",
        lambda: aggregate_judgements([OK3, [[1, 2], [0.5, 1]]]),
        "matrices[1]: shape (2, 2) differs",
    ),
    (
        "aggregate-weights-sum",
        lambda: aggregate_judgements([OK3, OK3], weights=[0.5, 0.6]),
        "weights: must sum to 1",
    ),
    (
        "aggregate-weights-length",
        lambda: aggregate_judgements([OK3, OK3], weights=[1.0]),
        "weights: expected 2 values",
    ),
    ("aggregate-not-a-list", lambda: aggregate_judgements(3.0), "matrices: must be a sequence"),
    (
        "synthesis-count",
        lambda: ahp_synthesis(OK3, [OK3, OK3]),
        "alternative_matrices: expected 3 matrices",
    ),
    (
        "synthesis-size",
        lambda: ahp_synthesis([[1, 2], [0.5, 1]], [OK3, [[1, 2], [0.5, 1]]]),
        "alternative_matrices[1]: expected 3x3",
    ),
    (
        "synthesis-bad-member",
        lambda: ahp_synthesis([[1, 2], [0.5, 1]], [OK3, with_entry(OK3, 0, 0, 3)]),
        "alternative_matrices[1][0, 0]: diagonal must be 1",
    ),
    (
        "synthesis-bad-criteria",
        lambda: ahp_synthesis(with_entry(OK3, 0, 1, NAN), [OK3] * 3),
        "criteria_matrix[0, 1]: must be finite",
    ),
    ("ranks-nan", lambda: ranks_from_scores([0.1, NAN]), "values[1]: must be finite"),
    ("ranks-2d", lambda: ranks_from_scores([[0.1]]), "values: must be 1-dimensional"),
    (
        "sensitivity-method",
        lambda: weight_sensitivity(X, W, B, method="electre"),  # type: ignore[arg-type]
        "method: must be 'topsis', 'saw' or 'vikor'",
    ),
    (
        "sensitivity-validates-like-the-method",
        lambda: weight_sensitivity(with_entry(X, 2, 1, 0.0), W, B, method="saw"),
        "matrix[2, 1]: must be > 0",
    ),
    (
        "sensitivity-vikor-constant",
        lambda: weight_sensitivity([[1, 2, 3], [1, 3, 4]], W, B, method="vikor"),
        "matrix[:, 0]: criterion is constant",
    ),
    ("rescaled-criterion", lambda: rescaled_weights(W, 3, 0.5), "criterion: must index"),
    ("rescaled-value", lambda: rescaled_weights(W, 0, 1.5), "value: must be within [0, 1]"),
    (
        "rescaled-single",
        lambda: rescaled_weights([1.0], 0, 0.5),
        "value: a single criterion must keep weight 1",
    ),
    ("rescaled-weights", lambda: rescaled_weights([0.5, 0.6], 0, 0.5), "weights: must sum to 1"),
]


@pytest.mark.parametrize(
    ("call", "message"), [s[1:] for s in SPECIFIC], ids=[s[0] for s in SPECIFIC]
)
def test_method_specific_errors(call: Call, message: str) -> None:
    with pytest.raises(AnalysisError, match=re.escape(message)):
        call()


def test_analysis_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        topsis([[1, 0], [2, 0]], [0.5, 0.5], [True, True])


def test_inputs_are_not_modified() -> None:
    x = np.array(X)
    w = np.array(W)
    before = x.copy()
    topsis(x, w, B)
    saw(x, w, B)
    vikor(x, w, B)
    weight_sensitivity(x, w, B)
    np.testing.assert_array_equal(x, before)
    assert x.flags.writeable
