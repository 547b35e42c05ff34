"""Property tests: allocate() against brute force over all 2**n subsets (n <= 16)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from ovop.analysis.allocation import Candidate, allocate, frontier

# HiGHS judges optimality to its dual feasibility tolerance (1e-7 per column), so a
# candidate worth less than that may be left out of an optimum: a hypothesis example with one
# benefit of 5.96e-8 gave 0.0 against the brute force's 5.96e-8. Totals are compared to 1e-6.
SOLVER_ABS = 1e-6


@dataclass(frozen=True)
class Instance:
    cands: list[Candidate]
    budget: int
    min_per_group: int
    share: float | None
    caps: dict[str, int] | None

    def kwargs(self) -> dict[str, object]:
        return {
            "min_per_group": self.min_per_group,
            "max_share_per_group": self.share,
            "kind_caps_idr": self.caps,
        }


@st.composite
def instances(draw: st.DrawFn, max_n: int = 16) -> Instance:
    n = draw(st.integers(0, max_n))
    ids = [f"c{i}" for i in range(n)]
    others = st.lists(st.sampled_from(ids), max_size=2) if n else st.just([])
    cands = []
    for i in range(n):
        rare = draw(st.integers(0, 19))
        cands.append(
            Candidate(
                ids[i],
                draw(st.integers(0, 30)),
                draw(
                    st.one_of(
                        st.integers(0, 20).map(float),
                        st.floats(0, 20, allow_nan=False, allow_subnormal=False),
                    )
                ),
                draw(st.sampled_from(["a", "b", "c"])),
                kind=draw(st.sampled_from(["", "x", "y"])),
                mandatory=rare == 0,
                requires=frozenset(r for r in draw(others) if r != ids[i])
                if rare in (1, 2, 3)
                else frozenset(),
                excludes=frozenset(r for r in draw(others) if r != ids[i])
                if rare in (4, 5, 6)
                else frozenset(),
            )
        )
    return Instance(
        cands,
        draw(st.integers(0, 150)),
        draw(st.integers(0, 2)),
        draw(st.sampled_from([None, 0.25, 0.3, 0.5, 1.0])),
        draw(st.one_of(st.none(), st.fixed_dictionaries({"x": st.integers(0, 60)}))),
    )


def feasible_masks(inst: Instance, masks: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Which rows of ``masks`` (subsets) meet every constraint, by direct evaluation."""
    cands, budget = inst.cands, inst.budget
    index = {c.id: i for i, c in enumerate(cands)}
    cost = np.array([c.cost_idr for c in cands], dtype=np.int64)
    ok = masks.astype(np.int64) @ cost <= budget
    for g in {c.group for c in cands}:
        member = np.array([c.group == g for c in cands], dtype=bool)
        ok &= masks[:, member].sum(axis=1) >= inst.min_per_group
        if inst.share is not None:
            share_cap = Fraction(repr(inst.share)) * budget
            ok &= masks[:, member].astype(np.int64) @ cost[member] <= share_cap
    for kind, cap in (inst.caps or {}).items():
        member = np.array([c.kind == kind for c in cands], dtype=bool)
        ok &= masks[:, member].astype(np.int64) @ cost[member] <= cap
    for i, c in enumerate(cands):
        if c.mandatory:
            ok &= masks[:, i]
        for r in c.requires:
            ok &= ~masks[:, i] | masks[:, index[r]]
        for e in c.excludes:
            ok &= ~(masks[:, i] & masks[:, index[e]])
    return ok


def brute_force(inst: Instance) -> float | None:
    n = len(inst.cands)
    masks = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    ok = feasible_masks(inst, masks)
    if not ok.any():
        return None
    benefit = np.array([c.benefit for c in inst.cands], dtype=np.float64)
    return float((masks[ok].astype(np.float64) @ benefit).max())


def as_mask(inst: Instance, selected: tuple[str, ...]) -> NDArray[np.bool_]:
    chosen = set(selected)
    return np.array([[c.id in chosen for c in inst.cands]], dtype=bool)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_allocate_matches_brute_force(inst: Instance) -> None:
    result = allocate(inst.cands, inst.budget, **inst.kwargs())  # type: ignore[arg-type]
    best = brute_force(inst)
    event(f"n >= 12: {len(inst.cands) >= 12}")
    event(f"status: {result.status}")
    event(f"binding: {[b.code for b in result.binding][:1]}")
    if best is None:
        assert result.status == "infeasible"
        assert result.binding, "an infeasible result must say why"
        assert result.selected == ()
        return
    assert result.status == "optimal", [str(b) for b in result.binding]
    assert feasible_masks(inst, as_mask(inst, result.selected))[0]
    assert result.total_benefit == pytest.approx(best, rel=1e-7, abs=SOLVER_ABS)
    assert result.total_cost_idr == sum(c.cost_idr for c in inst.cands if c.id in result.selected)
    assert result.bound is not None and result.bound >= result.total_benefit
    left = {u.id for u in result.unfunded}
    assert left | set(result.selected) == {c.id for c in inst.cands}
    assert not left & set(result.selected)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=10), st.lists(st.integers(0, 200), min_size=1, max_size=6))
def test_frontier_is_monotone_and_matches_allocate(inst: Instance, budgets: list[int]) -> None:
    points = frontier(inst.cands, budgets, **inst.kwargs())  # type: ignore[arg-type]
    assert [p.budget_idr for p in points] == budgets
    for point in points:
        fresh = allocate(inst.cands, point.budget_idr, **inst.kwargs())  # type: ignore[arg-type]
        assert point.status == fresh.status
        assert point.total_benefit == pytest.approx(fresh.total_benefit, rel=1e-7, abs=SOLVER_ABS)
    ordered = sorted(points, key=lambda p: p.budget_idr)
    feasible = [p.total_benefit for p in ordered if p.status == "optimal"]
    assert all(b >= a - 1e-7 * max(1.0, abs(a)) for a, b in pairwise(feasible))
    statuses = [p.status for p in ordered]
    assert statuses == sorted(statuses, key=lambda s: s == "optimal")  # infeasible first
