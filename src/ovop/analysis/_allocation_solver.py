"""The allocation problem as one HiGHS binary programme (private to the allocation module).

Rows, in this order (a block is absent when its constraint is not asked for):

====================  ==========================================  ==================
block                 row                                         bounds
====================  ==========================================  ==================
``budget``            sum_i cost_i x_i                             <= budget
``min_per_group``     sum_{i in g} x_i, one row per group          >= min_per_group
``group_share``       sum_{i in g} cost_i x_i, one row per group   <= floor(s * budget)
``kind_caps``         sum_{i of kind k} cost_i x_i                 <= cap_k
``requires``          x_i - x_j for each "i requires j"            <= 0
``excludes``          x_i + x_j for each excluded pair             <= 1
====================  ==========================================  ==================

Mandatory candidates get the column bounds [1, 1]. Money rows (budget, group share, kind
caps) are divided by 2**k, the smallest power of two that keeps the total cost, and so every
coefficient and bound, within 2**40. The matrix is assembled in one go from
numpy index arrays (scipy CSR) and handed to ``passModel``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import scipy.sparse as sps
from numpy.typing import NDArray

from ovop.analysis import AnalysisError
from ovop.analysis._allocation_problem import Problem
from ovop.analysis._allocation_program import (
    INF,
    MIP_REL_GAP,
    FixingSolver,
    Program,
    Solve,
    new_highs,
    pass_program,
    run_checked,
    top_up,
)

__all__ = ["INF", "MIP_REL_GAP", "Model", "Solve", "new_highs"]

#: Models with at least this many candidates are solved with reduced-cost fixing first
#: (see :mod:`ovop.analysis._allocation_program`); below it the full MIP is cheaper.
FIX_MIN_COLUMNS = 1000
_REPAIR_ROUNDS = 4
_MAX_BITS = 40
_IMPRECISE = (
    "the solver cannot separate these amounts exactly (costs too close to each other for "
    "their size); its best selection breaks a money limit by a few rupiah"
)
Family = Literal[
    "budget", "min_per_group", "group_share", "kind_caps", "mandatory", "requires", "excludes"
]
FAMILIES: tuple[Family, ...] = (
    "budget",
    "min_per_group",
    "group_share",
    "kind_caps",
    "mandatory",
    "requires",
    "excludes",
)


def spend_by(labels: NDArray[np.intp], p: Problem, x: NDArray[np.bool_]) -> dict[int, int]:
    """Exact rupiah spent per label (group or kind code) by the selection ``x``."""
    out: dict[int, int] = {}
    for i in np.flatnonzero(x).tolist():
        key = int(labels[i])
        out[key] = out.get(key, 0) + p.cost[i]
    return out


def money_excess(p: Problem, budget: int, x: NDArray[np.bool_]) -> dict[tuple[Family, int], int]:
    """Rupiah by which ``x`` overshoots each money row, computed exactly."""
    out: dict[tuple[Family, int], int] = {}
    total = sum(p.cost[i] for i in np.flatnonzero(x).tolist())
    if total > budget:
        out["budget", 0] = total - budget
    cap = p.share_cap(budget)
    if cap is not None:
        for g, spent in spend_by(p.group, p, x).items():
            if spent > cap:
                out["group_share", g] = spent - cap
    kinds = sorted(p.kind_caps)
    for k, spent in spend_by(p.kind, p, x).items():
        if k in p.kind_caps and spent > p.kind_caps[k]:
            out["kind_caps", kinds.index(k)] = spent - p.kind_caps[k]
    return out


def logic_ok(p: Problem, x: NDArray[np.bool_]) -> bool:
    """Whether ``x`` meets the counting and linking constraints."""
    if (
        p.min_per_group
        and np.bincount(p.group[x], minlength=len(p.group_names)).min(initial=p.min_per_group)
        < p.min_per_group
    ):
        return False
    if not x[p.mandatory].all():
        return False
    chosen = np.flatnonzero(x).tolist()
    if any(not x[list(p.requires[i])].all() for i in chosen if p.requires[i]):
        return False
    return not any(x[i] and x[j] for i, j in p.exclude_pairs)


def _matrix(p: Problem, scale: float) -> tuple[sps.csr_array, dict[Family, range]]:
    n, n_groups = p.n, len(p.group_names)
    money = p.cost_f / scale
    cols = np.arange(n)
    blocks: list[tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]] = []
    spans: dict[Family, range] = {}

    def add(
        family: Family,
        count: int,
        rows: NDArray[np.intp],
        c: NDArray[np.intp],
        v: NDArray[np.float64],
    ) -> None:
        start = sum(len(r) for r in spans.values())
        spans[family] = range(start, start + count)
        blocks.append((rows + start, c, v))

    add("budget", 1, np.zeros(n, np.intp), cols, money)
    if p.min_per_group:
        add("min_per_group", n_groups, p.group, cols, np.ones(n))
    if p.share is not None:
        add("group_share", n_groups, p.group, cols, money)
    if p.kind_caps:
        capped = np.array(sorted(p.kind_caps), dtype=np.intp)
        where = np.flatnonzero(np.isin(p.kind, capped))
        add("kind_caps", len(capped), np.searchsorted(capped, p.kind[where]), where, money[where])
    links = [(i, j) for i, reqs in enumerate(p.requires) for j in reqs]
    linked: tuple[tuple[Family, list[tuple[int, int]], float], ...] = (
        ("requires", links, -1.0),
        ("excludes", list(p.exclude_pairs), 1.0),
    )
    for family, pairs, sign in linked:
        if pairs:
            arr = np.array(pairs, dtype=np.intp)
            k = np.arange(len(arr))
            add(
                family,
                len(arr),
                np.concatenate([k, k]),
                arr.T.reshape(-1),
                np.concatenate([np.ones(len(arr)), np.full(len(arr), sign)]),
            )
    rows, c, v = (np.concatenate(parts) for parts in zip(*blocks, strict=True))
    n_rows = sum(len(r) for r in spans.values())
    return sps.csr_array((v, (rows, c)), shape=(n_rows, n)), spans


class Model:
    """One HiGHS model of a problem; the budget can be changed between solves."""

    def __init__(self, p: Problem, budget: int) -> None:
        self.p = p
        self.total = sum(p.cost)
        # Money rows are divided by a power of two (exact in floating point) so that no
        # coefficient or bound exceeds 2**40 rupiah: HiGHS 1.16 rejects coefficients of
        # 1e15 and was seen to crash on knapsack rows near 1e14.
        self.scale = 2.0 ** max(0, self.total.bit_length() - _MAX_BITS)
        matrix, self.spans = _matrix(p, self.scale)
        self.matrix = matrix
        self.lower = np.full(matrix.shape[0], -INF)
        self.upper = np.full(matrix.shape[0], INF)
        if "min_per_group" in self.spans:
            self.lower[self._rows("min_per_group")] = p.min_per_group
        if "kind_caps" in self.spans:
            self.upper[self._rows("kind_caps")] = [
                min(p.kind_caps[k], self.total) / self.scale for k in sorted(p.kind_caps)
            ]
        self.upper[self._rows("requires")] = 0.0
        self.upper[self._rows("excludes")] = 1.0
        self._budget_bounds(budget)
        self.costs = p.benefit  # the objective HiGHS currently holds
        self.h = new_highs()
        pass_program(self.h, self._program(), integral=True)
        self.fixer: FixingSolver | None = None
        self.budget = budget

    def _program(self) -> Program:
        lower = self.p.mandatory.astype(np.float64)
        return Program(
            self.p.benefit,
            self.matrix,
            self.lower.copy(),
            self.upper.copy(),
            lower,
            np.ones(self.p.n),
        )

    def _exact(self, x: NDArray[np.bool_]) -> bool:
        return not money_excess(self.p, self.budget, x) and logic_ok(self.p, x)

    def _rows(self, family: Family) -> NDArray[np.intp]:
        span = self.spans.get(family, range(0))
        return np.arange(span.start, span.stop, dtype=np.intp)

    def _budget_bounds(self, budget: int) -> None:
        self.upper[0] = min(budget, self.total) / self.scale
        cap = self.p.share_cap(budget)
        if cap is not None:
            self.upper[self._rows("group_share")] = cap / self.scale

    def _push_bounds(self, rows: NDArray[np.intp]) -> None:
        for r in rows.tolist():
            self.h.changeRowBounds(r, float(self.lower[r]), float(self.upper[r]))
        if self.fixer is not None:
            self.fixer.set_rows(rows, self.lower[rows], self.upper[rows])

    def set_budget(self, budget: int) -> None:
        self.budget = budget
        self._budget_bounds(budget)
        self._push_bounds(np.concatenate([[0], self._rows("group_share")]).astype(np.intp))

    def _run_once(self) -> Solve | None:
        return run_checked(self.h, self.costs)

    def _run(self) -> Solve:
        """Run HiGHS once; distrust a solution vector that contradicts its objective.

        HiGHS 1.16 keeps the previous solution as a MIP start when a model is solved
        again. After presolve reductions it was seen to report the new optimum while
        returning that stale start as the solution. Such a run is repeated from a cleared
        solver, without a start.
        """
        result = self._run_once()
        if result is None:
            self.h.clearSolver()
            result = self._run_once()
        if result is None:
            raise AnalysisError("the solver returned a solution inconsistent with its value")
        return result

    def solve(self, start: NDArray[np.bool_] | None = None) -> Solve:
        """Solve to proven optimality; the rounded selection is re-checked exactly.

        HiGHS judges feasibility with tolerances relative to the size of a row, so with
        very large amounts its selection can overshoot a money limit by a few rupiah. Then
        that row's limit is lowered by the overshoot (doubling each round) and the model
        solved again; the first run's bound stays the reported bound, so the gap shows any
        loss.
        """
        if self.p.n >= FIX_MIN_COLUMNS:
            if self.fixer is None:
                self.fixer = FixingSolver(self._program())
            fixed = self.fixer.solve(self._exact, start=start)
            if fixed is not None and fixed.x is not None:
                return Solve("optimal", fixed.x, fixed.bound)
        if start is not None:
            self.h.setSolution(
                self.p.n, np.arange(self.p.n, dtype=np.int32), start.astype(np.float64)
            )
        first = result = self._run()
        cut: dict[int, int] = {}
        for attempt in range(_REPAIR_ROUNDS + 1):
            if result.x is None:
                break
            excess = money_excess(self.p, self.budget, result.x)
            if not excess and logic_ok(self.p, result.x):
                break
            if attempt == _REPAIR_ROUNDS or not excess:
                raise AnalysisError(_IMPRECISE)
            for (family, k), amount in excess.items():
                r = self.spans[family].start + k
                cut[r] = cut.get(r, 0) + amount * 2**attempt
                self.h.changeRowBounds(
                    r, float(self.lower[r]), float(self.upper[r]) - cut[r] / self.scale
                )
            self.h.clearSolver()  # the overshooting selection must not come back as a start
            result = self._run()
        self._push_bounds(np.array(sorted(cut), dtype=np.intp))
        if first.x is None:
            return Solve("infeasible", None, None)
        if result.x is None:
            raise AnalysisError(_IMPRECISE)
        return Solve("optimal", top_up(self.p.benefit, result.x, self._exact), first.bound)

    def feasible_without(self, family: Family) -> bool:
        """Whether dropping one constraint family leaves a feasible problem."""
        p = self.p
        cols = np.arange(p.n, dtype=np.int32)
        rows = self._rows(family)
        for r in rows.tolist():
            self.h.changeRowBounds(r, -INF, INF)
        if family == "mandatory":
            self.h.changeColsBounds(p.n, cols, np.zeros(p.n), np.ones(p.n))
        self.costs = np.zeros(p.n)
        self.h.changeColsCost(p.n, cols, self.costs)
        feasible = self._run().status == "optimal"
        self.costs = p.benefit
        self.h.changeColsCost(p.n, cols, self.costs)
        if family == "mandatory":
            self.h.changeColsBounds(p.n, cols, p.mandatory.astype(np.float64), np.ones(p.n))
        self._push_bounds(rows)
        return feasible
