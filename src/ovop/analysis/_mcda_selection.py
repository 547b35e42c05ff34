"""The whole flagship-selection analysis in one call, behind
:func:`ovop.analysis.mcda.selection_analysis`: each assessor's AHP, the combined weights,
TOPSIS, SAW and VIKOR on those weights, whether they agree, and the weight sensitivity."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from ovop.analysis import AnalysisError
from ovop.analysis import _mcda_sensitivity as sens
from ovop.analysis._mcda_ahp import RANDOM_INDEX, ahp_checked, geometric_mean
from ovop.analysis._mcda_methods import (
    saw,
    topsis,
    topsis_normalised,
    vikor,
    vikor_regrets_checked,
)
from ovop.analysis._mcda_results import (
    SawResult,
    SelectionAnalysis,
    TopsisResult,
    VikorResult,
    WeightRange,
)
from ovop.analysis._mcda_validate import (
    BoolArray,
    FloatArray,
    benefit_vector,
    decision_matrix,
    matrix_list,
    pairwise_matrix,
    saw_ratios,
    weight_vector,
)

SensitivityMethod = Literal["topsis", "saw", "vikor"]


def checked_judgements(
    judgements: Sequence[npt.ArrayLike] | npt.ArrayLike, name: str = "judgements"
) -> list[FloatArray]:
    """Every judgement matrix validated (n <= 15), all of the first one's shape."""
    items = matrix_list(judgements, name)
    checked = [pairwise_matrix(m, f"{name}[{k}]", len(RANDOM_INDEX)) for k, m in enumerate(items)]
    for k, m in enumerate(checked[1:], start=1):
        if m.shape != checked[0].shape:
            raise AnalysisError(
                f"{name}[{k}]: shape {m.shape} differs from {name}[0] {checked[0].shape}"
            )
    return checked


def _scores(matrix: npt.ArrayLike, n: int) -> FloatArray:
    x = decision_matrix(matrix)
    if x.shape[1] != n:
        raise AnalysisError(
            f"matrix: has {x.shape[1]} criteria (columns) but the judgements compare {n}"
        )
    return x


def _winner(ranks: npt.NDArray[np.int64]) -> int:
    return int(np.argmin(ranks))


def _sensitivity(
    method: str,
    x: FloatArray,
    w: FloatArray,
    b: BoolArray,
    v: float,
    winners: tuple[TopsisResult, SawResult, VikorResult | None],
) -> tuple[WeightRange, ...]:
    t, s, vk = winners
    if method == "topsis":
        return tuple(sens.topsis_ranges(topsis_normalised(x), b, w, _winner(t.ranks)))
    if method == "saw":
        return tuple(sens.saw_ranges(saw_ratios(x, b), w, _winner(s.ranks)))
    if method == "vikor":
        if vk is None:
            raise AnalysisError("sensitivity_method: VIKOR cannot rank these scores")
        return tuple(sens.vikor_ranges(vikor_regrets_checked(x, b, v), w, v, _winner(vk.ranks)))
    raise AnalysisError(f"sensitivity_method: must be 'topsis', 'saw' or 'vikor', got {method!r}")


def analyse(
    judgements: Sequence[npt.ArrayLike] | npt.ArrayLike,
    matrix: npt.ArrayLike,
    benefit: npt.ArrayLike,
    *,
    v: float,
    assessor_weights: npt.ArrayLike | None,
    sensitivity_method: SensitivityMethod,
) -> SelectionAnalysis:
    """See :func:`ovop.analysis.mcda.selection_analysis`."""
    if not 0.0 <= v <= 1.0:  # also false for NaN
        raise AnalysisError(f"v: must be within [0, 1], got {v}")
    checked = checked_judgements(judgements)
    count, n = len(checked), checked[0].shape[0]
    x = _scores(matrix, n)
    b = benefit_vector(benefit, n)
    share = (
        np.full(count, 1.0 / count)
        if assessor_weights is None
        else weight_vector(assessor_weights, count, "assessor_weights")
    )
    combined_judgement = geometric_mean(checked, share)
    combined = ahp_checked(combined_judgement)
    w = combined.weights
    t, s = topsis(x, w, b), saw(x, w, b)
    vk: VikorResult | None = None
    vikor_error = ""
    try:
        vk = vikor(x, w, b, v)
    except AnalysisError as error:
        vikor_error = str(error)
    vikor_winner = _winner(vk.ranks) if vk is not None else None
    return SelectionAnalysis(
        assessors=tuple(ahp_checked(a) for a in checked),
        combined_judgement=combined_judgement,
        combined=combined,
        topsis=t,
        saw=s,
        vikor=vk,
        vikor_error=vikor_error,
        topsis_winner=_winner(t.ranks),
        saw_winner=_winner(s.ranks),
        vikor_winner=vikor_winner,
        agree=_winner(t.ranks) == _winner(s.ranks) == vikor_winner,
        sensitivity_method=sensitivity_method,
        sensitivity=_sensitivity(sensitivity_method, x, w, b, v, (t, s, vk)),
    )
