"""A binary programme for HiGHS, solved with reduced-cost fixing first (private).

Both allocation models (one budget; several sources) are "maximise c x subject to
lo <= A x <= up, x binary". Large ones are solved in two steps:

1. The LP relaxation (HiGHS simplex; warm-started when only row bounds changed) gives row
   duals y. For *any* y of the right signs, L(y) = sum_r y_r * (up_r if y_r > 0 else lo_r)
   + sum_j max(d_j * l_j, d_j * u_j), with d = c - A^T y, is an upper bound on every
   binary solution (Lagrangian duality); it is computed here from y itself, so the proof
   does not rest on the LP solver's tolerances.
2. A greedy rounding of the LP solution gives a feasible portfolio worth z (checked
   exactly by the caller). Flipping column j away from where L puts it costs |d_j|, so a
   column with |d_j| > L - z + margin has that value in every portfolio worth at least z,
   hence in every optimum: it is fixed. The few columns left form a small MIP that HiGHS
   solves to the usual relative gap of 1e-9, with the greedy portfolio as its start; its
   bound is a bound for the whole problem, because every portfolio outside the reduced one
   is worth less than z.

When any step does not apply (LP not optimal, no feasible rounding, a result that fails
the exact check) the caller solves the full MIP as before.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import highspy
import numpy as np
import scipy.sparse as sps
from highspy import _core
from numpy.typing import NDArray

from ovop.analysis import AnalysisError

INF = float(highspy.kHighsInf)
#: Relative optimality tolerance handed to HiGHS (absolute tolerance is 0).
MIP_REL_GAP = 1e-9
#: A benefit above zero but at most this misleads HiGHS 1.16's MIP presolve: on a 7-item
#: instance with one benefit of 1e-7 (the others 3 to 18.6) it proved 13.0 optimal where
#: 28.64 fits (tests/analysis/test_allocation.py, found by the brute-force property test).
#: Such models are solved without presolve (the tiny benefits are rare, the models small).
TINY_BENEFIT = 1e-6
_ROUND_UP = 1.0 - 1e-6
#: The first reduced MIP keeps only the columns within this share of the gap L - z; if
#: its optimum fixes every other column on its own, it is the answer (else a second one).
CORE_SHARE = 0.25
Exact = Callable[[NDArray[np.bool_]], bool]


@dataclass(frozen=True, slots=True)
class Solve:
    status: Literal["optimal", "infeasible", "time_limit"]
    x: NDArray[np.bool_] | None
    bound: float | None


def new_highs() -> _core._Highs:
    """A silent HiGHS instance.

    ``highspy.Highs()`` prints a licence banner before any option can be set; its base
    class, the extension type ``highspy._core._Highs``, has the same solver methods (all
    this module uses) and stays silent once ``output_flag`` is off.
    """
    solver = _core._Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("mip_rel_gap", MIP_REL_GAP)
    solver.setOptionValue("mip_abs_gap", 0.0)
    return solver


@dataclass(frozen=True, slots=True)
class Program:
    """maximise objective @ x subject to row_lower <= matrix @ x <= row_upper, x binary
    within [col_lower, col_upper]."""

    objective: NDArray[np.float64]
    matrix: sps.csr_array
    row_lower: NDArray[np.float64]
    row_upper: NDArray[np.float64]
    col_lower: NDArray[np.float64]
    col_upper: NDArray[np.float64]

    @property
    def n(self) -> int:
        return len(self.objective)


def pass_program(h: _core._Highs, prog: Program, *, integral: bool) -> None:
    """Hand ``prog`` to the HiGHS instance ``h`` (binary columns, or continuous for the LP)."""
    m = prog.matrix
    status = h.passModel(
        prog.n,
        m.shape[0],
        m.nnz,
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMaximize),
        0.0,
        prog.objective,
        prog.col_lower,
        prog.col_upper,
        prog.row_lower,
        prog.row_upper,
        m.indptr.astype(np.int32),
        m.indices.astype(np.int32),
        m.data.astype(np.float64),
        np.full(prog.n, 1 if integral else 0, dtype=np.int32),
    )
    if status == highspy.HighsStatus.kError:
        raise AnalysisError("the solver rejected the allocation model")
    if integral and bool(np.any((prog.objective > 0) & (prog.objective <= TINY_BENEFIT))):
        h.setOptionValue("presolve", "off")


def run_checked(
    h: _core._Highs, objective: NDArray[np.float64], *, time_limit_ok: bool = False
) -> Solve | None:
    """Run a binary model once; None when the solution vector contradicts its objective."""
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return Solve("infeasible", None, None)
    stopped = status == highspy.HighsModelStatus.kTimeLimit and time_limit_ok
    if status != highspy.HighsModelStatus.kOptimal and not stopped:
        raise AnalysisError(f"the solver stopped without a proof: {h.modelStatusToString(status)}")
    info = h.getInfo()
    reported, bound = float(info.objective_function_value), float(info.mip_dual_bound)
    if stopped:
        found = int(info.primal_solution_status) == 2  # kSolutionStatusFeasible
        if not found or not math.isfinite(reported):
            return Solve("time_limit", None, bound if math.isfinite(bound) else None)
    values = np.asarray(h.getSolution().col_value, dtype=np.float64)
    size = max(1.0, abs(reported), abs(bound) if math.isfinite(bound) else 0.0)
    if abs(float(objective @ values) - reported) > 1e-9 * size:
        return None  # the vector does not belong to the reported objective
    if stopped:
        return Solve("time_limit", values > 0.5, bound if math.isfinite(bound) else None)
    if bound - reported > 1e-6 * size:
        return None  # "optimal" with an open gap: not a proof
    return Solve("optimal", values > 0.5, bound)


def lagrange(prog: Program, y: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
    """The bound L(y) and reduced costs d (see the module docstring); y is sign-clipped."""
    y = np.where(np.isfinite(prog.row_upper), np.maximum(y, 0.0), 0.0) + np.where(
        np.isfinite(prog.row_lower), np.minimum(y, 0.0), 0.0
    )
    rows = y[y > 0] @ prog.row_upper[y > 0] + y[y < 0] @ prog.row_lower[y < 0]
    d = prog.objective - prog.matrix.T @ y
    cols = np.maximum(d * prog.col_lower, d * prog.col_upper).sum()
    return float(rows + cols), d


def _fits(csc: sps.csc_array, j: int, act: NDArray[np.float64], upper: NDArray[np.float64]) -> bool:
    start, stop = csc.indptr[j], csc.indptr[j + 1]
    rows = csc.indices[start:stop]
    return bool(np.all(act[rows] + csc.data[start:stop] <= upper[rows]))


def _add(csc: sps.csc_array, j: int, act: NDArray[np.float64]) -> None:
    start, stop = csc.indptr[j], csc.indptr[j + 1]
    act[csc.indices[start:stop]] += csc.data[start:stop]


def greedy(
    prog: Program, csc: sps.csc_array, x_lp: NDArray[np.float64], d: NDArray[np.float64]
) -> NDArray[np.bool_] | None:
    """A feasible 0/1 point near the LP optimum (float check), or None."""
    lower, upper = prog.col_lower > 0.5, prog.col_upper > 0.5
    x = ((x_lp >= _ROUND_UP) | lower) & upper
    act = prog.matrix @ x.astype(np.float64)
    tol = 1e-9 * (1.0 + np.abs(np.where(np.isfinite(prog.row_upper), prog.row_upper, 0.0)))
    up, lo = prog.row_upper + tol, prog.row_lower - tol
    short = act < lo
    if short.any():  # rows with a lower limit (at least k per group): top them up
        needed = np.flatnonzero(prog.matrix[np.flatnonzero(short)].sum(axis=0) > 0)
        for j in needed[np.lexsort((-d[needed], -x_lp[needed]))].tolist():
            if not x[j] and upper[j] and _fits(csc, j, act, up):
                x[j] = True
                _add(csc, j, act)
    pos = np.flatnonzero(~x & upper & (prog.objective > 0))
    slack = (up - act)[csc.indices]
    ok = np.ones(prog.n, dtype=np.bool_)
    blocked = csc.data > slack
    ok[np.repeat(np.arange(prog.n), np.diff(csc.indptr))[blocked]] = False
    pos = pos[ok[pos]]
    for j in pos[np.argsort(-d[pos], kind="stable")].tolist():
        if _fits(csc, j, act, up):
            x[j] = True
            _add(csc, j, act)
    return x if bool(np.all((act >= lo) & (act <= up))) else None


def top_up(objective: NDArray[np.float64], x: NDArray[np.bool_], exact: Exact) -> NDArray[np.bool_]:
    """Add the columns whose benefit is too small for HiGHS to notice (below 1e-6 of the
    objective, or 1e-6 absolute) where they still fit, checked exactly."""
    tiny = 1e-6 * max(1.0, float(objective @ x))
    for j in np.flatnonzero(~x & (objective > 0) & (objective <= tiny)).tolist():
        trial = x.copy()
        trial[j] = True
        if exact(trial):
            x = trial
    return x


class FixingSolver:
    """The LP relaxation of a programme, kept warm across row-bound changes."""

    def __init__(self, prog: Program) -> None:
        self.prog = prog
        self.csc = prog.matrix.tocsc()
        self.lp = new_highs()
        pass_program(self.lp, prog, integral=False)

    def set_rows(
        self, rows: NDArray[np.intp], lower: NDArray[np.float64], upper: NDArray[np.float64]
    ) -> None:
        for r, lo, up in zip(rows.tolist(), lower.tolist(), upper.tolist(), strict=True):
            self.prog.row_lower[r], self.prog.row_upper[r] = lo, up
            self.lp.changeRowBounds(r, lo, up)

    def _relax(
        self, deadline: float | None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], float] | None:
        if deadline is not None:
            self.lp.setOptionValue("time_limit", max(1e-3, deadline - time.perf_counter()))
        self.lp.run()
        if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        sol = self.lp.getSolution()
        if not sol.dual_valid:
            return None
        x = np.asarray(sol.col_value, dtype=np.float64)
        y = np.asarray(sol.row_dual, dtype=np.float64)
        return x, y, float(self.lp.getInfo().objective_function_value)

    def solve(
        self, exact: Exact, *, start: NDArray[np.bool_] | None = None, deadline: float | None = None
    ) -> Solve | None:
        """Optimal (or, past ``deadline``, best found) selection, or None to fall back."""
        prog = self.prog
        relaxed = self._relax(deadline)
        if relaxed is None:
            return None
        x_lp, y, z_lp = relaxed
        bound, d = lagrange(prog, y)
        if abs(bound - z_lp) > 1e-6 * max(1.0, abs(z_lp)):
            return None  # duals unusable: do not fix anything on them
        inc = greedy(prog, self.csc, x_lp, d)
        if inc is None or not exact(inc):
            return None
        if start is not None and exact(start) and prog.objective @ start > prog.objective @ inc:
            inc = start
        z = float(prog.objective @ inc)
        margin = 1e-8 * max(1.0, float(np.abs(prog.objective).sum()))
        at_one = (d * prog.col_upper >= d * prog.col_lower) & (prog.col_upper > 0.5)
        movable = prog.col_lower < prog.col_upper
        free = movable & (np.abs(d) <= bound - z + margin)
        core = movable & (np.abs(d) <= CORE_SHARE * (bound - z) + margin)
        if core.sum() < free.sum():
            trial = self._reduced(exact, core, at_one, None, deadline)
            if trial is not None and trial.x is not None and trial.status == "optimal":
                better = float(prog.objective @ trial.x)
                if better >= z:
                    inc, z = trial.x, better
                    free = movable & (np.abs(d) <= bound - z + margin)
                    if not (free & ~core).any():
                        return trial  # every column outside the core is fixed on its own
        return self._reduced(exact, free, at_one, inc, deadline)

    def _reduced(
        self,
        exact: Exact,
        free_mask: NDArray[np.bool_],
        at_one: NDArray[np.bool_],
        inc: NDArray[np.bool_] | None,
        deadline: float | None,
    ) -> Solve | None:
        """Solve with the columns outside ``free_mask`` fixed where L puts them."""
        prog = self.prog
        free = np.flatnonzero(free_mask)
        fixed = at_one & ~free_mask
        base = prog.matrix @ fixed.astype(np.float64)
        offset = float(prog.objective @ fixed)
        if len(free) == 0:
            return Solve("optimal", fixed, offset) if exact(fixed) else None
        sub = sps.csr_array(prog.matrix[:, free])
        keep = np.flatnonzero(np.diff(sub.indptr) > 0)
        part = Program(
            prog.objective[free],
            sps.csr_array(sub[keep]),
            prog.row_lower[keep] - base[keep],
            prog.row_upper[keep] - base[keep],
            prog.col_lower[free],
            prog.col_upper[free],
        )
        h = new_highs()
        if deadline is not None:
            h.setOptionValue("time_limit", max(1e-3, deadline - time.perf_counter()))
        pass_program(h, part, integral=True)
        if inc is not None:
            h.setSolution(
                len(free), np.arange(len(free), dtype=np.int32), inc[free].astype(np.float64)
            )
        result = run_checked(h, part.objective, time_limit_ok=deadline is not None)
        if result is None or result.x is None:
            return None
        x = fixed.copy()
        x[free] = result.x
        if not exact(x):
            return None
        value = float(prog.objective @ x)
        if inc is not None and float(prog.objective @ inc) > value:  # below HiGHS' tolerance
            x, value = inc, float(prog.objective @ inc)
        top = None if result.bound is None else max(result.bound + offset, value)
        return Solve(result.status, x, top)
