"""Solving multi-source problems and assembling their results (private).

The public functions in :mod:`ovop.analysis.allocation` validate their input into a
:class:`Sourced` problem and hand it here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from ovop.analysis._allocation_program import Solve
from ovop.analysis._allocation_rank import rank_fund
from ovop.analysis._allocation_source_explain import (
    Ledger,
    bindings,
    explain_sourced,
    prove_sourced_infeasible,
    sourced_unfunded,
)
from ovop.analysis._allocation_source_model import SourcedModel
from ovop.analysis._allocation_sources import Sourced, scaled
from ovop.analysis._allocation_types import (
    Binding,
    SourcedPoint,
    SourcedResult,
    SourcedStatus,
    Unfunded,
)

INFEASIBLE_REASON = "no portfolio meets all the constraints"
TIME_LIMIT_REASON = "the solver stopped at its time limit before it found a portfolio"


def _ledger(sp: Sourced, budgets: tuple[int, ...], funded_by: dict[int, int]) -> Ledger:
    p = sp.p
    ledger = Ledger(budgets, [0] * len(budgets), {}, sp.caps(budgets))
    for i, s in funded_by.items():
        ledger.spent[s] += p.cost[i]
        k = int(p.kind[i])
        ledger.kind_spent[k] = ledger.kind_spent.get(k, 0) + p.cost[i]
    return ledger


def _result(
    sp: Sourced,
    status: SourcedStatus,
    funded_by: dict[int, int],
    ledger: Ledger,
    bound: float | None,
    left: tuple[Unfunded, ...],
    binding: tuple[Binding, ...],
) -> SourcedResult:
    p = sp.p
    chosen = sorted(funded_by)
    benefit = math.fsum(float(p.benefit[i]) for i in chosen)
    gap = None
    if bound is not None:
        bound = max(bound, benefit)
        gap = (bound - benefit) / abs(bound) if bound else 0.0
    return SourcedResult(
        status=status,
        selected=tuple(p.ids[i] for i in chosen),
        funded_by={p.ids[i]: sp.source_ids[funded_by[i]] for i in chosen},
        spent_by_source_idr=dict(zip(sp.source_ids, ledger.spent, strict=True)),
        total_cost_idr=sum(p.cost[i] for i in chosen),
        total_benefit=benefit,
        bound=bound,
        gap=gap,
        unfunded=left,
        binding=binding,
    )


def _empty(
    sp: Sourced,
    budgets: tuple[int, ...],
    status: SourcedStatus,
    reason: str,
    why: tuple[Binding, ...],
) -> SourcedResult:
    left = tuple(Unfunded(cid, reason) for cid in sp.p.ids)
    return _result(sp, status, {}, _ledger(sp, budgets, {}), None, left, why)


def _funding(model: SourcedModel, z: NDArray[np.bool_]) -> dict[int, int]:
    cols = np.flatnonzero(z).tolist()
    return {int(model.cols.cand[c]): int(model.cols.src[c]) for c in cols}


def solve_sourced(sp: Sourced, *, time_limit_s: float | None = None) -> SourcedResult:
    """The optimal portfolio (or the proof that there is none, or the best one found by
    the time limit)."""
    budgets = sp.budgets
    proofs = prove_sourced_infeasible(sp, budgets)
    if proofs:
        return _empty(sp, budgets, "infeasible", INFEASIBLE_REASON, proofs)
    model = SourcedModel(sp, budgets)
    solved = model.solve(time_limit_s=time_limit_s)
    if solved.status == "infeasible":
        return _empty(sp, budgets, "infeasible", INFEASIBLE_REASON, explain_sourced(model))
    if solved.x is None:
        stop = Binding("time_limit", f"{TIME_LIMIT_REASON} ({time_limit_s} s)")
        return _empty(sp, budgets, "time_limit", TIME_LIMIT_REASON, (stop,))
    funded_by = _funding(model, solved.x)
    ledger = _ledger(sp, budgets, funded_by)
    left, binding = sourced_unfunded(sp, ledger, model.selected(solved.x))
    if solved.status == "time_limit":
        text = f"the solver stopped at its time limit ({time_limit_s} s): best portfolio found"
        binding = (Binding("time_limit", text), *binding)
    status: SourcedStatus = "optimal" if solved.status == "optimal" else "time_limit"
    return _result(sp, status, funded_by, ledger, solved.bound, left, binding)


def rank_sourced(sp: Sourced) -> SourcedResult:
    x, funded_by, ledger, left = rank_fund(sp, sp.budgets)
    del x
    return _result(sp, "heuristic", funded_by, ledger, None, left, bindings(sp, ledger, left))


def frontier_sourced(
    sp: Sourced, factors: Sequence[float], *, time_limit_s: float | None = None
) -> list[SourcedPoint]:
    """Best portfolio at each factor, solved in ascending order on one model."""
    budgets = [scaled(sp.budgets, f, f"factors[{k}]") for k, f in enumerate(factors)]
    points: dict[int, SourcedPoint] = {}
    holder: list[SourcedModel] = []
    start: NDArray[np.bool_] | None = None
    for k in sorted(range(len(budgets)), key=lambda k: float(factors[k])):
        solved = _solve_at(sp, holder, budgets[k], start, time_limit_s)
        factor, total = float(factors[k]), sum(budgets[k])
        if solved is None or solved.x is None:
            empty = SourcedPoint(factor, total, 0.0, (), "infeasible")
            points[k] = empty if solved is None else replace(empty, status="time_limit")
            continue
        start = solved.x
        chosen = sorted(_funding(holder[0], solved.x)) if holder else []
        points[k] = SourcedPoint(
            factor,
            total,
            math.fsum(float(sp.p.benefit[i]) for i in chosen),
            tuple(sp.p.ids[i] for i in chosen),
            "optimal" if solved.status == "optimal" else "time_limit",
        )
    return [points[k] for k in range(len(budgets))]


def _solve_at(
    sp: Sourced,
    holder: list[SourcedModel],
    budgets: tuple[int, ...],
    start: NDArray[np.bool_] | None,
    time_limit_s: float | None,
) -> Solve | None:
    """The solve at these budgets on the shared model; None when infeasible."""
    if prove_sourced_infeasible(sp, budgets):
        return None
    if holder:
        holder[0].set_budgets(budgets)
    else:
        holder.append(SourcedModel(sp, budgets))
    solved = holder[0].solve(start, time_limit_s)
    return None if solved.status == "infeasible" else solved
