"""How a panel decides each gate: from the registry, by the assessors' majority, or by the officer.

See :mod:`ovop.analysis.rating` ("Panels"). A gate the registry decides follows the registry
fact, whatever the assessors answered. A gate judged by people passes only when a strict
majority of the assessors passed it and fails when a strict majority failed it; an even split
is a tie, which keeps the gate failed until the officer settles it (pass or fail, with a reason).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ovop.analysis import AnalysisError
from ovop.analysis._rating_scheme import Gate, Scheme

DecidedBy = Literal["registry", "assessors", "officer"]


@dataclass(frozen=True)
class Settlement:
    """The officer's decision on a tied gate and why."""

    passed: bool
    reason: str


@dataclass(frozen=True)
class GateDecision:
    """One gate of the scheme as the panel decided it.

    ``passed`` is None while a tie is not settled (the gate then counts as failed).
    ``passes``/``fails`` count the assessors' own results; ``note`` is the officer's reason.
    """

    gate: Gate
    decided_by: DecidedBy
    passes: int
    fails: int
    passed: bool | None
    note: str = ""

    @property
    def failed(self) -> bool:
        return self.passed is not True

    @property
    def tie(self) -> bool:
        return self.decided_by == "assessors" and self.passed is None

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.gate.to_dict(),
            "decided_by": self.decided_by,
            "passes": self.passes,
            "fails": self.fails,
            "passed": self.passed,
            "note": self.note,
        }


def _registry_decision(
    gate: Gate, registry: Mapping[str, bool], votes: tuple[int, int]
) -> GateDecision:
    fact = str(gate.registry)
    if fact not in registry:
        raise AnalysisError(
            f"registry: gate on {gate.item!r} is decided by the registry fact {fact!r}, "
            "which was not given"
        )
    return GateDecision(gate, "registry", votes[0], votes[1], bool(registry[fact]))


def _people_decision(
    gate: Gate, settlements: Mapping[str, Settlement], votes: tuple[int, int]
) -> GateDecision:
    passes, fails = votes
    if passes != fails:
        if gate.item in settlements:
            raise AnalysisError(
                f"settlements[{gate.item!r}]: the assessors are not split on this gate "
                f"({passes} passed, {fails} failed); only a tie is settled"
            )
        return GateDecision(gate, "assessors", passes, fails, passes > fails)
    settled = settlements.get(gate.item)
    if settled is None:
        return GateDecision(gate, "assessors", passes, fails, None)
    if not settled.reason.strip():
        raise AnalysisError(f"settlements[{gate.item!r}].reason: must not be empty")
    return GateDecision(gate, "officer", passes, fails, settled.passed, settled.reason.strip())


def decide_gates(
    scheme: Scheme,
    failed_items: Sequence[frozenset[str]],
    *,
    registry: Mapping[str, bool],
    settlements: Mapping[str, Settlement],
) -> tuple[GateDecision, ...]:
    """Each gate of ``scheme`` decided for a panel; assessor k failed ``failed_items[k]``."""
    gate_items = {g.item for g in scheme.gates}
    for item in settlements:
        if item not in gate_items:
            raise AnalysisError(f"settlements[{item!r}]: no gate on this item")
    decisions = []
    for gate in scheme.gates:
        fails = sum(gate.item in failed for failed in failed_items)
        votes = (len(failed_items) - fails, fails)
        if gate.registry is not None:
            if gate.item in settlements:
                raise AnalysisError(
                    f"settlements[{gate.item!r}]: the registry decides this gate, not the officer"
                )
            decisions.append(_registry_decision(gate, registry, votes))
        else:
            decisions.append(_people_decision(gate, settlements, votes))
    return tuple(decisions)
