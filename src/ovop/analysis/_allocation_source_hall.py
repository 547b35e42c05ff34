"""The multi-source problem solved through its "money may be shared" relaxation first (private).

With one column per candidate and source, the sources make the programme symmetric: many ways
of sharing the same portfolio between sources have the same value, and the branch-and-bound
must rule them all out before it can prove the optimum. On a regency's plan with five or six
overlapping sources (APBD for anything, CSR for some types, Dana Desa for one village) HiGHS
could not close a gap of 0.1 % in 30 s.

Relax "one source per funded item" to "the item's cost may be split between the sources
allowed to fund it". By the supply-demand theorem (Gale; Hall's theorem for transport
problems), a portfolio can be paid that way exactly when, for every set S of sources, the
items that only sources in S may fund cost at most the budgets of S together. With m sources
that is 2^m - 1 knapsack rows on the candidates' x alone, no symmetric columns: a small MIP
HiGHS proves fast. Its optimum bounds the real problem from above (the real problem is a
restriction of it). If the relaxed optimum can be paid one source per item (a small
assignment problem over the funded items only), that assignment is optimal for the real
problem, with the relaxed bound as the proof. Otherwise (or on any doubt) the caller solves the
full programme as before.

Only sets S that are the union of the source sets of the items inside them give rows; the
others are implied by a smaller set with the same items and a smaller budget.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sps
from numpy.typing import NDArray

from ovop.analysis._allocation_program import (
    INF,
    Program,
    Solve,
    new_highs,
    pass_program,
    run_checked,
    top_up,
)

if TYPE_CHECKING:
    from ovop.analysis._allocation_source_model import SourcedModel

#: The relaxation is tried up to this many sources (2^m - 1 candidate rows).
MAX_SOURCES = 10


def hall_rows(masks: list[int]) -> list[int]:
    """The source sets (bit masks) whose Hall row is not implied by a smaller set."""
    present = set(masks)
    rows = []
    for s in range(1, 1 << max((m.bit_length() for m in present), default=0)):
        union = 0
        for m in present:
            if m & ~s == 0:
                union |= m
        if union == s:
            rows.append(s)
    return rows


@dataclass(frozen=True, slots=True)
class Shape:
    """The relaxation's budget-independent part, built once per model: the candidates some
    source may fund, the rows kept from the full programme, its matrix, the Hall source sets."""

    owners: NDArray[np.intp]
    keep: NDArray[np.intp]
    matrix: sps.csr_array
    sets: list[int]


def shape(model: SourcedModel) -> Shape:
    sp, cols, prog = model.sp, model.cols, model.prog
    owners = np.flatnonzero(cols.count >= 1)
    first = np.concatenate([[0], np.cumsum(cols.count)])[owners].astype(np.intp)
    masks = np.array([sum(1 << s for s in sp.allowed[i]) for i in owners.tolist()], np.int64)
    # the rows other than "assign" and "source" have the same entries on every column of a
    # candidate: the candidate's column in the relaxation is its first one there
    money_rows = np.concatenate([model.rows("assign"), model.rows("source")])
    keep = np.setdiff1d(np.arange(prog.matrix.shape[0]), money_rows)
    money = sp.p.cost_f[owners] / model.scale
    sets = hall_rows(masks.tolist())
    hall = np.array([np.where((masks & ~s) == 0, money, 0.0) for s in sets])
    matrix = sps.csr_array(
        sps.vstack([prog.matrix[keep][:, first], sps.csr_array(hall.reshape(len(sets), -1))])
    )
    return Shape(owners, keep, matrix, sets)


def relaxed_then_assigned(model: SourcedModel, deadline: float | None) -> Solve | None:
    """The proven optimum of the real problem through its relaxation, or None (see above)."""
    sp, prog = model.sp, model.prog
    m = len(sp.source_ids)
    if m < 2 or m > MAX_SOURCES:
        return None
    if model.relaxation is None:  # the frontier solves one model at many budgets
        model.relaxation = shape(model)
    shaped = model.relaxation
    owners, keep, sets = shaped.owners, shaped.keep, shaped.sets
    budgets = prog.row_upper[model.rows("source")]
    caps = np.array([sum(budgets[k] for k in range(m) if s >> k & 1) for s in sets])
    relaxed = Program(
        sp.p.benefit[owners],
        shaped.matrix,
        np.concatenate([prog.row_lower[keep], np.full(len(sets), -INF)]),
        np.concatenate([prog.row_upper[keep], caps]),
        sp.p.mandatory[owners].astype(np.float64),
        np.ones(len(owners)),
    )
    solved = _run(relaxed, deadline)
    if solved is None or solved.status != "optimal" or solved.x is None:
        return None
    z = _assign(model, owners[solved.x], deadline)
    if z is None or not model.exact(z):
        return None
    return Solve("optimal", top_up(prog.objective, z, model.exact), solved.bound)


def _run(prog: Program, deadline: float | None) -> Solve | None:
    h = new_highs()
    if deadline is not None:
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        h.setOptionValue("time_limit", left)
    pass_program(h, prog, integral=True)
    return run_checked(h, prog.objective, time_limit_ok=deadline is not None)


def _assign(
    model: SourcedModel, chosen: NDArray[np.intp], deadline: float | None
) -> NDArray[np.bool_] | None:
    """One source for each chosen candidate within every budget, or None."""
    cols, prog = model.cols, model.prog
    if len(chosen) == 0:
        return np.zeros(len(cols.cand), dtype=np.bool_)
    picked = np.flatnonzero(np.isin(cols.cand, chosen))
    position = np.searchsorted(chosen, cols.cand[picked])
    sources = model.rows("source")
    money = prog.matrix[sources][:, picked]
    one = sps.csr_array(
        (np.ones(len(picked)), (position, np.arange(len(picked)))), shape=(len(chosen), len(picked))
    )
    program = Program(
        np.zeros(len(picked)),
        sps.csr_array(sps.vstack([one, money])),
        np.concatenate([np.ones(len(chosen)), np.full(len(sources), -INF)]),
        np.concatenate([np.ones(len(chosen)), prog.row_upper[sources]]),
        np.zeros(len(picked)),
        np.ones(len(picked)),
    )
    solved = _run(program, deadline)
    if solved is None or solved.status != "optimal" or solved.x is None:
        return None
    z = np.zeros(len(cols.cand), dtype=np.bool_)
    z[picked[solved.x]] = True
    return z
