"""Value types of :mod:`ovop.analysis.allocation` (inputs and frozen results)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ovop.analysis import AnalysisError

Status = Literal["optimal", "infeasible"]
SourcedStatus = Literal["optimal", "infeasible", "heuristic", "time_limit"]


def _as_id_set(value: object, owner: object, field: str) -> frozenset[str]:
    what = "source ids" if field == "sources" else "candidate ids"
    if isinstance(value, frozenset):
        items: frozenset[object] = value
    elif isinstance(value, str | bytes):
        raise AnalysisError(
            f"candidate {owner!r}: {field} must be a set of {what}, not a single string"
        )
    elif isinstance(value, Iterable):
        items = frozenset(value)
    else:
        raise AnalysisError(f"candidate {owner!r}: {field} must be a set of {what}")
    for item in items:
        if not isinstance(item, str):
            raise AnalysisError(f"candidate {owner!r}: {field} holds a non-string id {item!r}")
    return frozenset(str(item) for item in items)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One thing that could be funded.

    ``requires``: this candidate may be funded only if every listed candidate is funded too.
    ``excludes``: this candidate may not be funded together with any listed candidate (the
    relation is treated as symmetric). ``sources``: ids of the budget sources allowed to
    fund it (only read by the multi-source functions); empty means any source may. Plain
    sets, lists and tuples of ids are accepted and stored as frozensets.
    """

    id: str
    cost_idr: int
    benefit: float
    group: str
    kind: str = ""
    mandatory: bool = False
    requires: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for field in ("requires", "excludes", "sources"):
            object.__setattr__(self, field, _as_id_set(getattr(self, field), self.id, field))


@dataclass(frozen=True, slots=True)
class Source:
    """A budget source of one fiscal year (APBD, DAK, a CSR partner, a village's Dana Desa)
    with its ceiling in whole rupiah."""

    id: str
    budget_idr: int


@dataclass(frozen=True, slots=True)
class Binding:
    """A constraint that limits the result or cannot be met.

    ``code`` is a stable machine key (see the table in the allocation module docstring),
    ``detail`` an English sentence with the numbers, and ``ids`` the candidate ids involved
    (may be empty when the constraint concerns the whole portfolio). ``str()`` gives
    ``detail``.
    """

    code: str
    detail: str
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.detail


class Unfunded(NamedTuple):
    """A candidate left out, as the pair ``(id, reason)``.

    ``reason`` follows one of the fixed English templates listed in the allocation module
    docstring, so that callers can map it to a translation.
    """

    id: str
    reason: str


@dataclass(frozen=True, slots=True)
class AllocationResult:
    """Outcome of :func:`ovop.analysis.allocation.allocate`.

    ``selected`` keeps the input order. ``bound`` is the solver's proven upper bound on the
    total benefit and ``gap`` the relative distance ``(bound - total_benefit) / |bound|``
    (0 when ``bound`` is 0); both are ``None`` when the problem is infeasible. ``binding``
    names the constraints that hold the optimum back, or, when infeasible, those that
    cannot be met.
    """

    status: Status
    selected: tuple[str, ...]
    total_cost_idr: int
    total_benefit: float
    bound: float | None
    gap: float | None
    unfunded: tuple[Unfunded, ...]
    binding: tuple[Binding, ...]


@dataclass(frozen=True, slots=True)
class FrontierPoint:
    """Best portfolio at one budget; ``total_benefit`` is 0.0 and ``selected`` empty when
    that budget admits no feasible portfolio (``status == "infeasible"``)."""

    budget_idr: int
    total_benefit: float
    selected: tuple[str, ...]
    status: Status


@dataclass(frozen=True, slots=True)
class SourcedResult:
    """Outcome of the multi-source functions (:func:`allocate_sources`,
    :func:`rank_and_fund`).

    ``funded_by`` maps each selected candidate to the source paying for it;
    ``spent_by_source_idr`` has every source id, 0 when unused. ``status`` is "heuristic"
    for :func:`rank_and_fund` (no proof; ``bound`` and ``gap`` are None) and "time_limit"
    when the solver stopped before its proof: then ``selected`` is the best portfolio found
    (empty if none) and ``bound`` the proven bound when there is one.
    """

    status: SourcedStatus
    selected: tuple[str, ...]
    funded_by: Mapping[str, str]
    spent_by_source_idr: Mapping[str, int]
    total_cost_idr: int
    total_benefit: float
    bound: float | None
    gap: float | None
    unfunded: tuple[Unfunded, ...]
    binding: tuple[Binding, ...]


@dataclass(frozen=True, slots=True)
class SourcedPoint:
    """Best portfolio when every source budget is multiplied by ``factor``;
    ``budget_idr`` is the total of the scaled budgets. ``status`` is "time_limit" (best
    portfolio found, no proof; empty if none) only when a ``time_limit_s`` was given."""

    factor: float
    budget_idr: int
    total_benefit: float
    selected: tuple[str, ...]
    status: Literal["optimal", "infeasible", "time_limit"]
