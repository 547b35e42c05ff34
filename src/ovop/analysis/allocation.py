"""Budget-capped portfolio selection, solved exactly as a binary programme with HiGHS.

Model
-----
One binary x_i per candidate (1 = funded). With c_i the cost in whole rupiah and b_i >= 0
the benefit::

    maximise    sum_i b_i x_i
    subject to  sum_i c_i x_i                 <= B                  (budget)
                sum_{i in g} x_i              >= m   for each group g   (min_per_group)
                sum_{i in g} c_i x_i          <= floor(s * B)  for each g (max_share_per_group)
                sum_{i of kind k} c_i x_i     <= cap_k  for each capped kind (kind_caps_idr)
                x_i = 1                       for mandatory i
                x_i <= x_j                    when i requires j
                x_i + x_j <= 1                when i excludes j (or j excludes i)

A share ``s`` given as a float is read as its shortest decimal form (0.3 is exactly 3/10),
so the group cap is an exact whole number of rupiah. Kinds named in ``kind_caps_idr`` that
no candidate has are ignored.

HiGHS proves optimality to a relative gap of 1e-9 (absolute gap 0); the result reports the
proven ``bound`` on the benefit and ``gap = (bound - total_benefit) / |bound|``. Money is
exact: costs are Python or numpy integers up to 2**53 rupiah each (exact in float64, the
solver's arithmetic); after solving, the rounded selection is checked against every money
limit with Python integers, so sums beyond 2**53 are handled without overflow. If
HiGHS' tolerances let a selection overshoot a limit by a few rupiah (possible only when
costs are very large and nearly equal), that limit is tightened and the model solved again,
and the gap reports what this cost; if that fails an AnalysisError says so. Every HiGHS
answer must also reproduce its own reported objective: HiGHS 1.16 was seen to return a
stale MIP start next to the correct optimum value, and such a solve is repeated without a
start.

Before solving, cheap certificates of infeasibility are tried (each is a proof). When the
solver itself finds the problem infeasible, each constraint family is dropped in turn to
name those that cannot be met together.

``binding`` codes
-----------------
Infeasible results:

=============================== ======================================================
``mandatory_conflict``          two items that must be funded exclude each other
``mandatory_over_budget``       mandatory items (with what they require) cost more than B
``group_share_forced``          mandatory items of one group exceed its share cap
``kind_cap_forced``             mandatory items of one kind exceed its cap
``group_unaffordable``          a group must fund an item but none of its items can be
                                funded (the detail names the cheapest and why)
``group_too_few``               a group has fewer fundable items than ``min_per_group``
``group_share_min``             the cheapest ``min_per_group`` items of a group exceed its
                                share cap
``min_per_group_over_budget``   the cheapest way to meet ``min_per_group`` exceeds B
``<family>_conflict``           found by the solver: dropping this family alone
                                (``budget``, ``min_per_group``, ``group_share``,
                                ``kind_caps``, ``mandatory``, ``requires``, ``excludes``)
                                would allow a portfolio
``combined_conflict``           found by the solver: no single family is to blame
=============================== ======================================================

Without ``min_per_group`` the certificates are complete (funding exactly the mandatory
items and what they require is then feasible unless a certificate fires), so the solver
path always reports ``min_per_group_conflict`` among others.

Optimal results list the money limits that keep candidates with benefit out: ``budget``
(no ids: it concerns the whole portfolio), ``group_share`` (one per group, with the ids
it keeps out) and ``kind_cap`` (one per kind, likewise).

``unfunded`` reasons
--------------------
Each left-out candidate gets the first of these that applies (ids, group and kind names are
filled in): ``excluded by A, B``; ``requires A which is unfunded`` (``... which are
unfunded``); ``costs more than the whole budget``; ``over the share cap of group G``;
``over the cap for kind K``; ``lower benefit per rupiah than what fits`` (it does not fit
in the remaining budget and its benefit per rupiah is no better than that of the worst
funded non-mandatory item); ``does not fit in the remaining budget``; ``adds no benefit``;
``not needed for the optimum`` (ties within the solver tolerance). For an infeasible
problem every candidate is listed with ``no portfolio meets all the constraints``.

Several budget sources
----------------------
:func:`allocate_sources` funds each candidate wholly from one :class:`Source` (APBD, DAK,
a CSR partner, a village's Dana Desa). ``Candidate.sources`` lists the sources allowed to
pay for it (empty: any). One binary z_is per allowed pair, x_i = sum_s z_is::

    maximise    sum_i b_i x_i
    subject to  sum_s z_is <= 1                   for each candidate (= 1 if mandatory)
                sum_i c_i z_is <= B_s             for each source s
                sum_{i of kind k} c_i x_i <= cap_k
                min_per_group, requires, excludes as above

with cap_k the lower of ``kind_caps_idr[k]`` and floor(``max_share_per_kind`` x sum_s B_s)
(a share applies to every kind). ``requires`` links must not form a cycle: an
AnalysisError names the ids of the loop. With one source that every candidate may use the
answer equals :func:`allocate`'s. :func:`rank_and_fund` applies the usual rule (rank by
benefit, fund down the list, status ``"heuristic"``) for comparison, and
:func:`frontier_sources` scales every source budget by each factor.

Extra codes: infeasible ``mandatory_no_source`` (an item that must be funded, or a set of
them, has no allowed source with the money), ``source_conflict`` (found by the solver: the
source budgets and rules cannot be combined with the rest); optimal ``source_budget``
(one per source whose money keeps candidates with benefit out, with their ids);
``time_limit`` when ``time_limit_s`` stopped the solver (status ``"time_limit"``, best
portfolio found, or none). Extra reason: ``no allowed source has money left``;
``costs more than the whole budget`` means more than any allowed source has.

Large models (1,000 columns or more) are solved by reduced-cost fixing on the LP bound
first (see ``_allocation_program``); the proof and tolerance are unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ovop.analysis import AnalysisError
from ovop.analysis._allocation_diagnose import explain_infeasible, prove_infeasible, unfunded
from ovop.analysis._allocation_problem import MAX_COST_IDR, Problem, build_problem, money
from ovop.analysis._allocation_solver import MIP_REL_GAP, Model
from ovop.analysis._allocation_source_run import frontier_sourced, rank_sourced, solve_sourced
from ovop.analysis._allocation_sources import build_sourced
from ovop.analysis._allocation_types import (
    AllocationResult,
    Binding,
    Candidate,
    FrontierPoint,
    Source,
    SourcedPoint,
    SourcedResult,
    SourcedStatus,
    Status,
    Unfunded,
)

__all__ = [
    "MAX_COST_IDR",
    "MIP_REL_GAP",
    "AllocationResult",
    "AnalysisError",
    "Binding",
    "Candidate",
    "FrontierPoint",
    "Source",
    "SourcedPoint",
    "SourcedResult",
    "SourcedStatus",
    "Status",
    "Unfunded",
    "allocate",
    "allocate_sources",
    "frontier",
    "frontier_sources",
    "rank_and_fund",
]

_INFEASIBLE_REASON = "no portfolio meets all the constraints"


def _infeasible(p: Problem, binding: tuple[Binding, ...]) -> AllocationResult:
    left = tuple(Unfunded(cid, _INFEASIBLE_REASON) for cid in p.ids)
    return AllocationResult("infeasible", (), 0, 0.0, None, None, left, binding)


def _optimal(p: Problem, budget: int, x: NDArray[np.bool_], bound: float) -> AllocationResult:
    chosen = np.flatnonzero(x).tolist()
    benefit = math.fsum(float(p.benefit[i]) for i in chosen)
    bound = max(bound, benefit)
    gap = (bound - benefit) / abs(bound) if bound else 0.0
    left, binding = unfunded(p, budget, x)
    return AllocationResult(
        "optimal",
        tuple(p.ids[i] for i in chosen),
        sum(p.cost[i] for i in chosen),
        benefit,
        bound,
        gap,
        left,
        binding,
    )


def allocate(
    candidates: Iterable[Candidate],
    budget_idr: int,
    *,
    min_per_group: int = 0,
    max_share_per_group: float | None = None,
    kind_caps_idr: Mapping[str, int] | None = None,
) -> AllocationResult:
    """Fund the subset of ``candidates`` with the largest total benefit within the budget.

    See the module docstring for the model, the tolerance and the wording of ``binding``
    and ``unfunded``. Raises :class:`AnalysisError` for invalid input (duplicate or unknown
    ids, non-integer or negative money, benefit not finite and >= 0, share outside (0, 1]).
    """
    p = build_problem(
        candidates,
        min_per_group=min_per_group,
        max_share_per_group=max_share_per_group,
        kind_caps_idr=kind_caps_idr,
    )
    budget = money(budget_idr, "budget_idr")
    proofs = prove_infeasible(p, budget)
    if proofs:
        return _infeasible(p, proofs)
    if p.n == 0:
        return AllocationResult("optimal", (), 0, 0.0, 0.0, 0.0, (), ())
    model = Model(p, budget)
    solved = model.solve()
    if solved.x is None or solved.bound is None:
        return _infeasible(p, explain_infeasible(model))
    return _optimal(p, budget, solved.x, solved.bound)


def frontier(
    candidates: Iterable[Candidate],
    budgets_idr: Sequence[int],
    *,
    min_per_group: int = 0,
    max_share_per_group: float | None = None,
    kind_caps_idr: Mapping[str, int] | None = None,
) -> list[FrontierPoint]:
    """Best portfolio at each budget: what each extra rupiah buys.

    Points come back in the order of ``budgets_idr``. Budgets are solved in ascending order
    on one HiGHS model: only the budget and group-share row bounds change, and the previous
    optimum (still feasible at a larger budget) is passed as the starting solution. The
    total benefit is therefore non-decreasing in the budget.
    """
    p = build_problem(
        candidates,
        min_per_group=min_per_group,
        max_share_per_group=max_share_per_group,
        kind_caps_idr=kind_caps_idr,
    )
    if isinstance(budgets_idr, str | bytes) or not isinstance(budgets_idr, Iterable):
        raise AnalysisError("budgets_idr must be a sequence of budgets in rupiah")
    budgets = [money(b, f"budgets_idr[{k}]") for k, b in enumerate(budgets_idr)]
    points: dict[int, FrontierPoint] = {}
    holder: list[Model] = []
    start: NDArray[np.bool_] | None = None
    for k in sorted(range(len(budgets)), key=budgets.__getitem__):
        x = _solve_at(p, holder, budgets[k], start)
        if x is None:
            points[k] = FrontierPoint(budgets[k], 0.0, (), "infeasible")
            continue
        start, chosen = x, np.flatnonzero(x).tolist()
        points[k] = FrontierPoint(
            budgets[k],
            math.fsum(float(p.benefit[i]) for i in chosen),
            tuple(p.ids[i] for i in chosen),
            "optimal",
        )
    return [points[k] for k in range(len(budgets))]


def _solve_at(
    p: Problem, holder: list[Model], budget: int, start: NDArray[np.bool_] | None
) -> NDArray[np.bool_] | None:
    """Optimal selection at ``budget`` on the shared model, or None when infeasible."""
    if prove_infeasible(p, budget):
        return None
    if p.n == 0:
        return np.zeros(0, dtype=np.bool_)
    if holder:
        holder[0].set_budget(budget)
    else:
        holder.append(Model(p, budget))
    return holder[0].solve(start).x


def allocate_sources(
    candidates: Iterable[Candidate],
    sources: Sequence[Source],
    *,
    min_per_group: int = 0,
    max_share_per_kind: float | None = None,
    kind_caps_idr: Mapping[str, int] | None = None,
    time_limit_s: float | None = None,
) -> SourcedResult:
    """Fund the portfolio with the largest benefit, each item from one allowed source.

    See "Several budget sources" in the module docstring. ``time_limit_s`` stops the
    solver: the result then has status "time_limit" and the best portfolio found (empty
    if none). Raises :class:`AnalysisError` for invalid input, including unknown source
    ids and ``requires`` cycles.
    """
    sp = build_sourced(
        candidates,
        sources,
        min_per_group=min_per_group,
        max_share_per_kind=max_share_per_kind,
        kind_caps_idr=kind_caps_idr,
    )
    return solve_sourced(sp, time_limit_s=_seconds(time_limit_s))


def rank_and_fund(
    candidates: Iterable[Candidate],
    sources: Sequence[Source],
    *,
    max_share_per_kind: float | None = None,
    kind_caps_idr: Mapping[str, int] | None = None,
) -> SourcedResult:
    """What the usual rule funds: mandatory items first (after what they require), then by
    benefit descending (ties: lower cost, then input order), each from the first allowed
    source in ``sources`` order that still has the money; items that do not fit, whose
    requirements are unfunded, that an already funded item excludes or that break a kind
    cap are skipped. It does not attempt ``min_per_group``. Status "heuristic"."""
    sp = build_sourced(
        candidates, sources, max_share_per_kind=max_share_per_kind, kind_caps_idr=kind_caps_idr
    )
    return rank_sourced(sp)


def frontier_sources(
    candidates: Iterable[Candidate],
    sources: Sequence[Source],
    factors: Sequence[float],
    *,
    min_per_group: int = 0,
    max_share_per_kind: float | None = None,
    kind_caps_idr: Mapping[str, int] | None = None,
    time_limit_s: float | None = None,
) -> list[SourcedPoint]:
    """Best portfolio when every source budget is multiplied by each factor (floored to
    whole rupiah; a float factor is read as its shortest decimal). Points come back in the
    order of ``factors``; they are solved in ascending order on one model, each starting
    from the previous optimum, so the benefit never falls as the factor grows (among
    proven points). ``time_limit_s`` bounds each point's solve; a point it stops gets
    status "time_limit" and the best portfolio found."""
    sp = build_sourced(
        candidates,
        sources,
        min_per_group=min_per_group,
        max_share_per_kind=max_share_per_kind,
        kind_caps_idr=kind_caps_idr,
    )
    if isinstance(factors, str | bytes) or not isinstance(factors, Iterable):
        raise AnalysisError("factors must be a sequence of numbers")
    return frontier_sourced(sp, list(factors), time_limit_s=_seconds(time_limit_s))


def _seconds(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise AnalysisError(f"time_limit_s must be a number of seconds > 0, got {value!r}")
    return float(value)
