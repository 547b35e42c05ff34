"""Value types of :mod:`ovop.analysis.allocation` (inputs and frozen results)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ovop.analysis import AnalysisError

Status = Literal["optimal", "infeasible"]


def _as_id_set(value: object, owner: object, field: str) -> frozenset[str]:
    if isinstance(value, frozenset):
        items: frozenset[object] = value
    elif isinstance(value, str | bytes):
        raise AnalysisError(
            f"candidate {owner!r}: {field} must be a set of candidate ids, not a single string"
        )
    elif isinstance(value, Iterable):
        items = frozenset(value)
    else:
        raise AnalysisError(f"candidate {owner!r}: {field} must be a set of candidate ids")
    for item in items:
        if not isinstance(item, str):
            raise AnalysisError(f"candidate {owner!r}: {field} holds a non-string id {item!r}")
    return frozenset(str(item) for item in items)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One thing that could be funded.

    ``requires``: this candidate may be funded only if every listed candidate is funded too.
    ``excludes``: this candidate may not be funded together with any listed candidate (the
    relation is treated as symmetric). Plain sets, lists and tuples of ids are accepted and
    stored as frozensets.
    """

    id: str
    cost_idr: int
    benefit: float
    group: str
    kind: str = ""
    mandatory: bool = False
    requires: frozenset[str] = frozenset()
    excludes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "requires", _as_id_set(self.requires, self.id, "requires"))
        object.__setattr__(self, "excludes", _as_id_set(self.excludes, self.id, "excludes"))


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
