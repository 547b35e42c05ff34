"""The multi-source allocation problem as one HiGHS binary programme (private).

One column z_is per candidate i and source s allowed to fund it (x_i = sum_s z_is is the
candidate's "funded"). Rows, in this order (absent blocks are skipped):

=================  ===================================================  ===============
block              row                                                  bounds
=================  ===================================================  ===============
``assign``         sum_s z_is, for each candidate with 2+ sources       <= 1 (= 1 if
                                                                        mandatory)
``source``         sum_i cost_i z_is, one row per source                <= budget_s
``min_per_group``  sum_{i in g} x_i, one row per group                  >= min_per_group
``kind_caps``      sum_{i of kind k} cost_i x_i, per capped kind        <= cap_k
``requires``       x_i - x_j for each "i requires j"                    <= 0
``excludes``       x_i + x_j for each excluded pair                     <= 1
=================  ===================================================  ===============

A mandatory candidate with one allowed source gets the column bounds [1, 1]. Money rows
are divided by a power of two as in the one-budget model; the rounded selection is then
checked with Python integers, and a row it overshoots is tightened and solved again.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sps
from numpy.typing import NDArray

from ovop.analysis import AnalysisError
from ovop.analysis._allocation_program import (
    INF,
    FixingSolver,
    Program,
    Solve,
    new_highs,
    pass_program,
    run_checked,
    top_up,
)
from ovop.analysis._allocation_solver import logic_ok
from ovop.analysis._allocation_source_hall import Shape, relaxed_then_assigned
from ovop.analysis._allocation_sources import Sourced

SourceFamily = Literal["source", "min_per_group", "kind_caps", "mandatory", "requires", "excludes"]
#: Programmes with at least this many columns are solved with reduced-cost fixing first.
FIX_MIN_COLUMNS = 1000
_REPAIR_ROUNDS = 4
_MAX_BITS = 40


@dataclass(frozen=True, slots=True)
class Columns:
    cand: NDArray[np.intp]  # candidate of each column
    src: NDArray[np.intp]  # source of each column
    count: NDArray[np.intp]  # columns per candidate


def columns(sp: Sourced) -> Columns:
    cand = np.repeat(np.arange(sp.p.n), [len(a) for a in sp.allowed]).astype(np.intp)
    src = np.fromiter((s for a in sp.allowed for s in a), np.intp, len(cand))
    return Columns(cand, src, np.bincount(cand, minlength=sp.p.n).astype(np.intp))


Block = tuple[str, int, NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]


def _blocks(
    sp: Sourced, cols: Columns, money: NDArray[np.float64], caps: dict[int, int]
) -> list[Block]:
    """(family, row count, row, column, value) triplets of each block of rows."""
    p, nz = sp.p, len(cols.cand)
    every = np.arange(nz, dtype=np.intp)
    out: list[Block] = []
    multi = np.flatnonzero(cols.count >= 2)
    row_of = np.full(p.n, -1, dtype=np.intp)
    row_of[multi] = np.arange(len(multi))
    where = np.flatnonzero(row_of[cols.cand] >= 0)
    out.append(("assign", len(multi), row_of[cols.cand[where]], where, np.ones(len(where))))
    out.append(("source", len(sp.source_ids), cols.src, every, money))
    if p.min_per_group:
        out.append(("min_per_group", len(p.group_names), p.group[cols.cand], every, np.ones(nz)))
    if caps:
        capped = np.array(sorted(caps), dtype=np.intp)
        kind = p.kind[cols.cand]
        at = np.flatnonzero(np.isin(kind, capped))
        out.append(("kind_caps", len(capped), np.searchsorted(capped, kind[at]), at, money[at]))
    starts = np.concatenate([[0], np.cumsum(cols.count)])
    for family, pairs, sign in (
        ("requires", [(i, j) for i, reqs in enumerate(p.requires) for j in reqs], -1.0),
        ("excludes", list(p.exclude_pairs), 1.0),
    ):
        rows: list[int] = []
        cs: list[int] = []
        vs: list[float] = []
        for r, (i, j) in enumerate(pairs):
            for c, v in ((i, 1.0), (j, sign)):
                span = range(starts[c], starts[c + 1])
                rows += [r] * len(span)
                cs += span
                vs += [v] * len(span)
        if pairs:
            out.append(
                (family, len(pairs), np.array(rows, np.intp), np.array(cs, np.intp), np.array(vs))
            )
    return out


class SourcedModel:
    """One HiGHS programme of a multi-source problem; budgets can change between solves."""

    def __init__(self, sp: Sourced, budgets: Sequence[int]) -> None:
        self.sp, p = sp, sp.p
        self.cols = cols = columns(sp)
        total = sum(p.cost[i] for i in cols.cand.tolist())
        self.scale = 2.0 ** max(0, total.bit_length() - _MAX_BITS)
        self.total = total
        money = p.cost_f[cols.cand] / self.scale
        caps = sp.caps(budgets)
        self.capped = sorted(caps)
        blocks = _blocks(sp, cols, money, caps)
        self.spans: dict[str, range] = {}
        parts = []
        for family, count, rows, cs, vs in blocks:
            start = sum(len(r) for r in self.spans.values())
            self.spans[family] = range(start, start + count)
            parts.append((rows + start, cs, vs))
        r, c, v = (np.concatenate(x) for x in zip(*parts, strict=True))
        n_rows = sum(len(x) for x in self.spans.values())
        matrix = sps.csr_array((v, (r, c)), shape=(n_rows, len(cols.cand)))
        lower, upper = np.full(n_rows, -INF), np.full(n_rows, INF)
        mandatory = p.mandatory[cols.cand]
        upper[self.rows("assign")] = 1.0
        lower[self.rows("assign")] = p.mandatory[cols.count >= 2].astype(np.float64)
        if p.min_per_group:
            lower[self.rows("min_per_group")] = p.min_per_group
        upper[self.rows("requires")] = 0.0
        upper[self.rows("excludes")] = 1.0
        col_lower = (mandatory & (cols.count[cols.cand] == 1)).astype(np.float64)
        self.prog = Program(
            p.benefit[cols.cand], matrix, lower, upper, col_lower, np.ones(len(cols.cand))
        )
        self.budgets = tuple(budgets)
        self._money_bounds(self.budgets)
        self.fixer: FixingSolver | None = None
        self.relaxation: Shape | None = None  # built on the first try (see the hall module)

    def rows(self, family: str) -> NDArray[np.intp]:
        span = self.spans.get(family, range(0))
        return np.arange(span.start, span.stop, dtype=np.intp)

    def _money_bounds(self, budgets: Sequence[int]) -> None:
        self.budgets = tuple(budgets)
        self.prog.row_upper[self.rows("source")] = [
            min(b, self.total) / self.scale for b in budgets
        ]
        caps = self.sp.caps(budgets)
        self.prog.row_upper[self.rows("kind_caps")] = [
            min(caps[k], self.total) / self.scale for k in self.capped
        ]

    def set_budgets(self, budgets: Sequence[int]) -> None:
        self._money_bounds(budgets)
        if self.fixer is not None:
            rows = np.concatenate([self.rows("source"), self.rows("kind_caps")])
            self.fixer.set_rows(rows, self.prog.row_lower[rows], self.prog.row_upper[rows])

    def selected(self, z: NDArray[np.bool_]) -> NDArray[np.bool_]:
        x = np.zeros(self.sp.p.n, dtype=np.bool_)
        x[self.cols.cand[z]] = True
        return x

    def excess(self, z: NDArray[np.bool_]) -> dict[int, int]:
        """Rupiah by which ``z`` overshoots each money row (by row number), exactly."""
        p, out = self.sp.p, {}
        spent = [0] * len(self.budgets)
        kind_spent: dict[int, int] = {}
        for c in np.flatnonzero(z).tolist():
            i = int(self.cols.cand[c])
            spent[int(self.cols.src[c])] += p.cost[i]
            kind_spent[int(p.kind[i])] = kind_spent.get(int(p.kind[i]), 0) + p.cost[i]
        for s, amount in enumerate(spent):
            if amount > self.budgets[s]:
                out[self.spans["source"].start + s] = amount - self.budgets[s]
        caps = self.sp.caps(self.budgets)
        for pos, k in enumerate(self.capped):
            if kind_spent.get(k, 0) > caps[k]:
                out[self.spans["kind_caps"].start + pos] = kind_spent[k] - caps[k]
        return out

    def exact(self, z: NDArray[np.bool_]) -> bool:
        if np.bincount(self.cols.cand[z], minlength=self.sp.p.n).max(initial=0) > 1:
            return False
        return not self.excess(z) and logic_ok(self.sp.p, self.selected(z))

    def solve(
        self, start: NDArray[np.bool_] | None = None, time_limit_s: float | None = None
    ) -> Solve:
        """Best selection of columns: optimal, infeasible, or the best found by the time limit."""
        deadline = None if time_limit_s is None else time.perf_counter() + time_limit_s
        if len(self.cols.cand) == 0:
            none = np.zeros(0, dtype=np.bool_)
            return (
                Solve("optimal", none, 0.0) if self.exact(none) else Solve("infeasible", None, None)
            )
        if len(self.cols.cand) < FIX_MIN_COLUMNS:
            relaxed = relaxed_then_assigned(self, deadline)
            if relaxed is not None:
                return relaxed
        else:
            if self.fixer is None:
                self.fixer = FixingSolver(self.prog)
            fixed = self.fixer.solve(self.exact, start=start, deadline=deadline)
            if fixed is not None and fixed.x is not None:
                return fixed
        return self._solve_full(self.prog, start, deadline)

    def _solve_full(
        self, prog: Program, start: NDArray[np.bool_] | None, deadline: float | None
    ) -> Solve:
        upper = prog.row_upper.copy()
        first: Solve | None = None
        for attempt in range(_REPAIR_ROUNDS + 1):
            h = new_highs()
            if deadline is not None:
                h.setOptionValue("time_limit", max(1e-3, deadline - time.perf_counter()))
            pass_program(
                h,
                Program(
                    prog.objective,
                    prog.matrix,
                    prog.row_lower,
                    upper,
                    prog.col_lower,
                    prog.col_upper,
                ),
                integral=True,
            )
            if start is not None and attempt == 0:
                h.setSolution(
                    len(start), np.arange(len(start), dtype=np.int32), start.astype(np.float64)
                )
            result = run_checked(h, prog.objective, time_limit_ok=deadline is not None)
            if result is None:
                h.clearSolver()
                result = run_checked(h, prog.objective, time_limit_ok=deadline is not None)
            if result is None:
                raise AnalysisError("the solver returned a solution inconsistent with its value")
            first = first or result
            if result.x is None:
                return result if attempt == 0 else Solve(result.status, None, first.bound)
            over = self.excess(result.x)
            if not over and self.exact(result.x):
                x = top_up(prog.objective, result.x, self.exact)
                return Solve(result.status, x, first.bound)
            if not over or attempt == _REPAIR_ROUNDS:
                break
            for r, amount in over.items():
                upper[r] -= amount * 2**attempt / self.scale
        raise AnalysisError(
            "the solver cannot separate these amounts exactly (costs too close to each other "
            "for their size); its best selection breaks a money limit by a few rupiah"
        )

    def feasible_without(self, family: SourceFamily) -> bool:
        """Whether dropping one constraint family leaves a feasible problem."""
        prog = self.prog
        lower, upper = prog.row_lower.copy(), prog.row_upper.copy()
        col_lower = prog.col_lower
        rows = self.rows(family)
        lower[rows], upper[rows] = -INF, INF
        if family == "mandatory":
            lower[self.rows("assign")] = 0.0
            col_lower = np.zeros_like(col_lower)
        blank = Program(
            np.zeros(len(prog.objective)), prog.matrix, lower, upper, col_lower, prog.col_upper
        )
        h = new_highs()
        pass_program(h, blank, integral=True)
        result = run_checked(h, blank.objective)
        return result is not None and result.status == "optimal"
