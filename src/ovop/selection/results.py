"""The result of a round as plain data: ``selectors.round_result`` reads the database, makes
one call of ``ovop.analysis.mcda.selection_analysis`` and maps its result to these rows; the
views and templates only show them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class CriterionWeight:
    id: int
    name: str
    direction: str
    unit: str
    weight: float
    bar: float  # bar length in percent of the largest weight
    by_assessor: list[float]  # this criterion's weight from each submitted judgement


@dataclass(frozen=True)
class AssessorWeights:
    assessor: str
    weights: list[float]
    cr: float
    consistent: bool
    reason: str
    matrix: list[list[float]]


@dataclass(frozen=True)
class CandidateResult:
    id: int
    name: str
    product_id: int | None
    scores: list[float]
    closeness: float
    d_plus: float
    d_minus: float
    topsis_rank: int
    saw_score: float
    saw_rank: int
    vikor_q: float | None
    vikor_s: float | None
    vikor_r: float | None
    vikor_rank: int | None
    in_compromise: bool
    bar: float  # bar length in percent of the highest closeness


@dataclass(frozen=True)
class Sensitivity:
    criterion: str
    current: float
    low: float
    high: float
    below: str | None  # who takes first place when the weight falls below ``low``
    above: str | None  # … or rises above ``high``


@dataclass(frozen=True)
class RoundResult:
    ready: bool
    missing: list[str] = field(default_factory=list)
    error: str = ""
    criteria: list[CriterionWeight] = field(default_factory=list)
    assessors: list[AssessorWeights] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # invited, not submitted
    combined_cr: float = 0.0
    candidates: list[CandidateResult] = field(default_factory=list)  # by TOPSIS rank
    topsis_winner: str = ""
    saw_winner: str = ""
    vikor_winner: str = ""
    vikor_error: str = ""
    vikor_advantage: bool = False
    vikor_stability: bool = False
    compromise: list[str] = field(default_factory=list)
    agree: bool = False
    sensitivity: list[Sensitivity] = field(default_factory=list)

    @property
    def winner(self) -> CandidateResult | None:
        return self.candidates[0] if self.candidates else None

    def snapshot(self) -> dict[str, Any]:
        """Everything as JSON-ready data, for the decision's frozen copy."""
        return asdict(self)

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> RoundResult:
        """The result as it was kept by ``snapshot`` (what a decided round's page shows)."""
        nested = {
            "criteria": CriterionWeight,
            "assessors": AssessorWeights,
            "candidates": CandidateResult,
            "sensitivity": Sensitivity,
        }
        values: dict[str, Any] = {
            key: [kind(**row) for row in data.get(key, [])] for key, kind in nested.items()
        }
        plain: dict[str, Any] = {
            f.name: data[f.name] for f in fields(cls) if f.name in data and f.name not in nested
        }
        return cls(**plain, **values)
