"""Result records returned by :mod:`ovop.analysis.mcda`.

The records are frozen dataclasses. Their numpy arrays are made read-only so that "frozen"
also holds for the contents. Equality is identity (``eq=False``): comparing arrays element
by element is the caller's business (``numpy.testing``). ``to_dict()`` gives plain lists,
floats, ints and bools that ``json.dumps`` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from ovop.analysis._mcda_kernels import competition_ranks

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _plain(value: object) -> Any:
    if isinstance(value, _Serialisable):
        return value.to_dict()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


class _Serialisable:
    """Mixin: freeze array fields after construction and convert to JSON-ready dicts."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain Python values (arrays become nested lists)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True, eq=False)
class AHPResult(_Serialisable):
    """Priorities and consistency of one pairwise-comparison matrix."""

    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    worst_pairs: tuple[tuple[int, int], ...]


@dataclass(frozen=True, eq=False)
class SynthesisResult(_Serialisable):
    """Two-level AHP: criteria weights, local and global priorities of the alternatives."""

    criteria_weights: FloatArray
    local_priorities: FloatArray
    global_priorities: FloatArray
    ranks: IntArray
    cr_by_matrix: tuple[float, ...]


@dataclass(frozen=True, eq=False)
class TopsisResult(_Serialisable):
    """Relative closeness to the ideal, the two distances and the ranks (1 = best).

    ``ranks`` is computed on first use and kept: ranking is a sort, the one step whose cost
    grows faster than the matrix, and a caller who only needs the winner or the closeness
    of a million alternatives should not pay for it.
    """

    closeness: FloatArray
    d_plus: FloatArray
    d_minus: FloatArray

    @cached_property
    def ranks(self) -> IntArray:
        ranks = competition_ranks(self.closeness)
        ranks.flags.writeable = False
        return ranks

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "ranks": self.ranks.tolist()}


@dataclass(frozen=True, eq=False)
class SawResult(_Serialisable):
    """Weighted sum of linearly normalised values and the ranks (1 = best)."""

    scores: FloatArray
    ranks: IntArray


@dataclass(frozen=True, eq=False)
class VikorResult(_Serialisable):
    """VIKOR measures S, R, Q, ranks by Q (1 = lowest Q) and the compromise set."""

    s: FloatArray
    r: FloatArray
    q: FloatArray
    ranks: IntArray
    acceptable_advantage: bool
    acceptable_stability: bool
    compromise: tuple[int, ...]


@dataclass(frozen=True)
class WeightRange(_Serialisable):
    """Where the weight of one criterion may move before the winner changes.

    ``low``/``high`` bound the weight of ``criterion`` (the other weights rescaled in
    proportion so that the sum stays 1) within which alternative ``winner`` stays first.
    ``takes_over_below``/``takes_over_above`` name the alternative that is first just
    outside the interval, or None when the winner holds to 0 or to 1.
    """

    criterion: int
    current: float
    low: float
    high: float
    winner: int
    takes_over_below: int | None
    takes_over_above: int | None


@dataclass(frozen=True, eq=False)
class SelectionAnalysis(_Serialisable):
    """Everything a flagship-selection round shows, from one call of ``selection_analysis``.

    Alternatives and criteria are indexed as in the score matrix; assessors as in the list of
    judgements. The weights used by every method are ``combined.weights``.
    """

    #: AHP of each assessor's judgement matrix, in the order given.
    assessors: tuple[AHPResult, ...]
    #: Element-wise (weighted) geometric mean of the judgement matrices (AIJ).
    combined_judgement: FloatArray
    #: AHP of ``combined_judgement``: the criteria weights and their CR.
    combined: AHPResult
    topsis: TopsisResult
    saw: SawResult
    #: None when VIKOR cannot rank these scores; ``vikor_error`` then says why.
    vikor: VikorResult | None
    vikor_error: str
    #: The alternative each method puts first (the lowest index among tied firsts).
    topsis_winner: int
    saw_winner: int
    vikor_winner: int | None
    #: True when TOPSIS, SAW and VIKOR all put the same alternative first.
    agree: bool
    #: How far each criterion's weight may move before the winner of ``sensitivity_method``
    #: changes (see ``weight_sensitivity``).
    sensitivity_method: str
    sensitivity: tuple[WeightRange, ...]
