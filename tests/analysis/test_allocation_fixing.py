"""Reduced-cost fixing (the path large models take) against brute force on small models.

The fixing path normally starts at FIX_MIN_COLUMNS candidates; here the threshold is set to
0 so that every model goes through the LP bound, the greedy rounding and the reduced MIP.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sps
from hypothesis import HealthCheck, given, settings

from ovop.analysis import _allocation_program as program_mod
from ovop.analysis import _allocation_solver as solver_mod
from ovop.analysis.allocation import Candidate, allocate, frontier
from tests.analysis.test_allocation_properties import (
    Instance,
    as_mask,
    brute_force,
    feasible_masks,
    instances,
)


@pytest.fixture(autouse=True)
def always_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solver_mod, "FIX_MIN_COLUMNS", 0)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_fixing_path_matches_brute_force(inst: Instance) -> None:
    result = allocate(inst.cands, inst.budget, **inst.kwargs())  # type: ignore[arg-type]
    best = brute_force(inst)
    if best is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert feasible_masks(inst, as_mask(inst, result.selected))[0]
    assert result.total_benefit == pytest.approx(best, rel=1e-7, abs=1e-9)
    assert result.bound is not None and result.bound >= result.total_benefit


def test_fixing_is_used_and_fixes_most_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 400 seeded knapsack items the reduced MIPs keep only the items near the LP
    threshold, and the answer equals the full MIP's."""
    rng = np.random.default_rng(3)
    cost = rng.integers(1_000, 100_000, 400)
    benefit = np.round(cost * rng.uniform(0.5, 1.5, 400) / 1000, 3)
    cands = [Candidate(f"c{i}", int(cost[i]), float(benefit[i]), f"g{i % 20}") for i in range(400)]
    budget = int(cost.sum() // 3)
    sizes: list[int] = []
    real = program_mod.FixingSolver._reduced

    def spy(self: program_mod.FixingSolver, *args: Any) -> program_mod.Solve | None:
        sizes.append(int(args[1].sum()))
        return real(self, *args)

    monkeypatch.setattr(program_mod.FixingSolver, "_reduced", spy)
    fixed = allocate(cands, budget, min_per_group=1)
    monkeypatch.setattr(solver_mod, "FIX_MIN_COLUMNS", 10**9)
    full = allocate(cands, budget, min_per_group=1)
    assert 1 <= len(sizes) <= 2 and max(sizes) < 200
    assert fixed.status == full.status == "optimal"
    assert fixed.total_benefit == pytest.approx(full.total_benefit, rel=1e-12)
    assert fixed.gap is not None and fixed.gap <= 1e-9


@pytest.mark.parametrize("share", [0.0, 0.05, 1.0])
def test_core_share_does_not_change_the_answer(
    monkeypatch: pytest.MonkeyPatch, share: float
) -> None:
    """Whether the first (core) MIP already proves the optimum or a second one is needed,
    the answer is the full MIP's."""
    rng = np.random.default_rng(5)
    cost = rng.integers(1_000, 50_000, 300)
    benefit = np.round(cost * rng.uniform(0.8, 1.2, 300) / 1000, 2)
    cands = [Candidate(f"c{i}", int(cost[i]), float(benefit[i]), f"g{i % 10}") for i in range(300)]
    budget = int(cost.sum() // 4)
    monkeypatch.setattr(program_mod, "CORE_SHARE", share)
    fixed = allocate(cands, budget, min_per_group=2)
    monkeypatch.setattr(solver_mod, "FIX_MIN_COLUMNS", 10**9)
    full = allocate(cands, budget, min_per_group=2)
    assert fixed.total_benefit == pytest.approx(full.total_benefit, rel=1e-12)
    assert fixed.gap is not None and fixed.gap <= 1e-9


def test_lagrange_bound_is_valid_for_any_duals() -> None:
    """L(y) bounds every binary point, whatever y is (signs are clipped)."""
    prog = program_mod.Program(
        np.array([3.0, 2.0, 4.0]),
        sps.csr_array(np.array([[2.0, 1.0, 3.0], [1.0, 1.0, 0.0]])),
        np.array([-np.inf, 1.0]),
        np.array([4.0, np.inf]),
        np.zeros(3),
        np.ones(3),
    )
    # best binary point: x = (0, 1, 1): 2 + 4 = 6 (cost 4, row 2 = 1)
    for y in ([0.0, 0.0], [1.0, 0.0], [1.5, -1.0], [-2.0, 3.0], [0.5, 0.5]):
        bound, d = program_mod.lagrange(prog, np.array(y))
        assert bound >= 6.0
    bound, d = program_mod.lagrange(prog, np.array([1.0, 0.0]))
    assert d.tolist() == [1.0, 1.0, 1.0]  # c - A^T y
    assert bound == 7.0  # 1 * 4 (row 1 at its limit) + 1 + 1 + 1 (every d_j > 0 at x_j = 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=10))
def test_fixing_frontier_matches_allocate(inst: Instance) -> None:
    budgets = [inst.budget // 2, inst.budget, inst.budget * 2]
    points = frontier(inst.cands, budgets, **inst.kwargs())  # type: ignore[arg-type]
    for point in points:
        fresh = allocate(inst.cands, point.budget_idr, **inst.kwargs())  # type: ignore[arg-type]
        assert point.status == fresh.status
        assert point.total_benefit == pytest.approx(fresh.total_benefit, rel=1e-7, abs=1e-9)
