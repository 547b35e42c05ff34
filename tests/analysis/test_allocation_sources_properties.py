"""Property tests for the multi-source functions: brute force, one source = allocate()."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ovop.analysis import AnalysisError
from ovop.analysis import _allocation_source_model as source_model
from ovop.analysis.allocation import (
    Candidate,
    Source,
    SourcedResult,
    allocate,
    allocate_sources,
    frontier_sources,
    rank_and_fund,
)
from tests.analysis.test_allocation_properties import SOLVER_ABS, Instance, instances

SOURCE_IDS = ("s0", "s1", "s2")


@dataclass(frozen=True)
class Multi:
    cands: list[Candidate]
    sources: list[Source]
    min_per_group: int
    caps: dict[str, int] | None


@st.composite
def multis(draw: st.DrawFn, max_n: int = 12) -> Multi:
    base = draw(instances(max_n=max_n))
    cands = [
        Candidate(
            c.id,
            c.cost_idr,
            c.benefit,
            c.group,
            kind=c.kind,
            mandatory=c.mandatory,
            requires=c.requires,
            excludes=c.excludes,
            sources=frozenset(draw(st.lists(st.sampled_from(SOURCE_IDS), max_size=2))),
        )
        for c in base.cands
    ]
    sources = [Source(sid, draw(st.integers(0, 60))) for sid in SOURCE_IDS]
    return Multi(cands, sources, base.min_per_group, base.caps)


def _assignable(m: Multi, chosen: list[int]) -> bool:
    """Whether the chosen candidates can each be paid wholly by one allowed source."""
    left = [s.budget_idr for s in m.sources]
    order = sorted(chosen, key=lambda i: -m.cands[i].cost_idr)

    def place(k: int) -> bool:
        if k == len(order):
            return True
        c = m.cands[order[k]]
        for s, src in enumerate(m.sources):
            if (not c.sources or src.id in c.sources) and left[s] >= c.cost_idr:
                left[s] -= c.cost_idr
                if place(k + 1):
                    return True
                left[s] += c.cost_idr
        return False

    return place(0)


def brute_force(m: Multi) -> float | None:
    """Best benefit over all subsets that meet the rules and can be assigned to sources."""
    n = len(m.cands)
    masks = ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)
    index = {c.id: i for i, c in enumerate(m.cands)}
    cost = np.array([c.cost_idr for c in m.cands], dtype=np.int64)
    ok = masks.astype(np.int64) @ cost <= sum(s.budget_idr for s in m.sources)
    for g in {c.group for c in m.cands}:
        member = np.array([c.group == g for c in m.cands], dtype=bool)
        ok &= masks[:, member].sum(axis=1) >= m.min_per_group
    for kind, cap in (m.caps or {}).items():
        member = np.array([c.kind == kind for c in m.cands], dtype=bool)
        ok &= masks[:, member].astype(np.int64) @ cost[member] <= cap
    for i, c in enumerate(m.cands):
        ok &= masks[:, i] | (not c.mandatory)
        for r in c.requires:
            ok &= ~masks[:, i] | masks[:, index[r]]
        for e in c.excludes:
            ok &= ~(masks[:, i] & masks[:, index[e]])
    benefit = masks.astype(np.float64) @ np.array([c.benefit for c in m.cands])
    for row in np.flatnonzero(ok)[np.argsort(-benefit[ok], kind="stable")].tolist():
        if _assignable(m, np.flatnonzero(masks[row]).tolist()):
            return float(benefit[row])
    return None


def check_funding(m: Multi, r: SourcedResult) -> None:
    by_id = {c.id: c for c in m.cands}
    assert set(r.funded_by) == set(r.selected)
    spent = dict.fromkeys((s.id for s in m.sources), 0)
    for cid, sid in r.funded_by.items():
        assert not by_id[cid].sources or sid in by_id[cid].sources
        spent[sid] += by_id[cid].cost_idr
    assert r.spent_by_source_idr == spent
    assert all(spent[s.id] <= s.budget_idr for s in m.sources)


def solve_or_cycle(m: Multi) -> SourcedResult:
    try:
        return allocate_sources(
            m.cands, m.sources, min_per_group=m.min_per_group, kind_caps_idr=m.caps
        )
    except AnalysisError as err:
        assert "cycle" in str(err)
        assume(False)
        raise


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(multis())
def test_allocate_sources_matches_brute_force(m: Multi) -> None:
    r = solve_or_cycle(m)
    best = brute_force(m)
    if best is None:
        assert r.status == "infeasible" and r.binding and r.selected == ()
        return
    assert r.status == "optimal", [str(b) for b in r.binding]
    check_funding(m, r)
    assert r.total_benefit == pytest.approx(best, rel=1e-7, abs=SOLVER_ABS)
    assert {u.id for u in r.unfunded} | set(r.selected) == {c.id for c in m.cands}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_n=14))
def test_one_source_equals_allocate(inst: Instance) -> None:
    plain = [
        Candidate(c.id, c.cost_idr, c.benefit, c.group, c.kind, c.mandatory, c.requires, c.excludes)
        for c in inst.cands
    ]
    try:
        r = allocate_sources(
            plain,
            [Source("apbd", inst.budget)],
            min_per_group=inst.min_per_group,
            kind_caps_idr=inst.caps,
        )
    except AnalysisError as err:
        assert "cycle" in str(err)
        assume(False)
        raise
    ref = allocate(
        inst.cands, inst.budget, min_per_group=inst.min_per_group, kind_caps_idr=inst.caps
    )
    assert r.status == ref.status
    assert r.total_benefit == pytest.approx(ref.total_benefit, rel=1e-7, abs=SOLVER_ABS)
    if r.status == "optimal":
        assert set(r.funded_by.values()) <= {"apbd"}
        assert r.total_cost_idr <= inst.budget


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    multis(max_n=9),
    st.lists(st.sampled_from([0.0, 0.25, 0.5, 0.8, 1.0, 1.5, 2.0]), min_size=1, max_size=5),
)
def test_frontier_is_monotone_and_matches_allocate_sources(m: Multi, factors: list[float]) -> None:
    try:
        points = frontier_sources(
            m.cands, m.sources, factors, min_per_group=m.min_per_group, kind_caps_idr=m.caps
        )
    except AnalysisError as err:
        assert "cycle" in str(err)
        assume(False)
        raise
    assert [p.factor for p in points] == factors
    for point in points[:2]:
        scaled = [Source(s.id, int(s.budget_idr * point.factor)) for s in m.sources]
        fresh = allocate_sources(
            m.cands, scaled, min_per_group=m.min_per_group, kind_caps_idr=m.caps
        )
        assert point.status == fresh.status
        assert point.total_benefit == pytest.approx(fresh.total_benefit, rel=1e-7, abs=SOLVER_ABS)
    ordered = sorted(points, key=lambda p: p.factor)
    feasible = [p.total_benefit for p in ordered if p.status == "optimal"]
    assert all(b >= a - 1e-7 * max(1.0, abs(a)) for a, b in pairwise(feasible))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(multis())
def test_rank_and_fund_respects_every_rule_it_promises(m: Multi) -> None:
    try:
        r = rank_and_fund(m.cands, m.sources, kind_caps_idr=m.caps)
    except AnalysisError as err:
        assert "cycle" in str(err)
        assume(False)
        raise
    assert r.status == "heuristic"
    check_funding(m, r)
    chosen = set(r.selected)
    for c in m.cands:
        if c.id in chosen:
            assert c.requires <= chosen and not c.excludes & chosen
    for kind, cap in (m.caps or {}).items():
        assert sum(c.cost_idr for c in m.cands if c.id in chosen and c.kind == kind) <= cap
    assert {u.id for u in r.unfunded} == {c.id for c in m.cands} - chosen


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(multis())
def test_fixing_path_matches_brute_force(m: Multi) -> None:
    """The reduced-cost fixing path (taken by models of 1,000+ columns) on small models."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source_model, "FIX_MIN_COLUMNS", 0)
        r = solve_or_cycle(m)
    best = brute_force(m)
    if best is None:
        assert r.status == "infeasible"
        return
    assert r.status == "optimal"
    check_funding(m, r)
    assert r.total_benefit == pytest.approx(best, rel=1e-7, abs=SOLVER_ABS)
