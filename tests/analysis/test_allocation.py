"""Hand-computed cases for ovop.analysis.allocation (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from ovop.analysis import AnalysisError
from ovop.analysis import _allocation_solver as solver_mod
from ovop.analysis.allocation import (
    AllocationResult,
    Candidate,
    Unfunded,
    allocate,
    frontier,
)


def C(cid: str, cost: object, benefit: object, group: str = "x", **kw: object) -> Candidate:
    """Shorthand; takes any cost and benefit so that invalid input can be tested too."""
    return Candidate(cid, cost, benefit, group, **kw)  # type: ignore[arg-type]


def reasons(result: AllocationResult) -> dict[str, str]:
    return {u.id: u.reason for u in result.unfunded}


def codes(result: AllocationResult) -> list[str]:
    return [b.code for b in result.binding]


# A greedy-by-ratio pick takes A (7/6 per rupiah) and then nothing fits; B + C is better.
GREEDY_TRAP = [C("A", 6, 7.0), C("B", 5, 5.5), C("C", 5, 5.4)]


def test_knapsack_exact_optimum_beats_greedy() -> None:
    r = allocate(GREEDY_TRAP, 10)
    assert r.status == "optimal"
    assert r.selected == ("B", "C")
    assert r.total_cost_idr == 10
    assert r.total_benefit == pytest.approx(10.9, abs=1e-12)
    assert r.bound == pytest.approx(10.9, rel=1e-9)
    assert r.gap is not None and 0 <= r.gap <= 1e-9
    assert reasons(r) == {"A": "does not fit in the remaining budget"}
    assert codes(r) == ["budget"]


def test_everything_fits_and_zero_budget() -> None:
    r = allocate(GREEDY_TRAP, 100)
    assert r.selected == ("A", "B", "C") and r.unfunded == () and r.binding == ()
    r0 = allocate(GREEDY_TRAP, 0)
    assert r0.status == "optimal" and r0.selected == () and r0.total_benefit == 0.0
    assert set(reasons(r0).values()) == {"costs more than the whole budget"}


def test_empty_candidate_list() -> None:
    r = allocate([], 10, min_per_group=3)
    assert r.status == "optimal" and r.selected == () and r.total_cost_idr == 0


def test_min_per_group() -> None:
    cands = [*GREEDY_TRAP, C("D", 2, 0.1, "y")]
    assert allocate(cands, 10).selected == ("B", "C")
    r = allocate(cands, 10, min_per_group=1)
    assert r.selected == ("A", "D")
    assert r.total_benefit == pytest.approx(7.1)


def test_group_share_cap() -> None:
    cands = [*GREEDY_TRAP, C("D", 4, 2.0, "y"), C("E", 1, 0.5, "y")]
    assert allocate(cands, 10).selected == ("B", "C")
    r = allocate(cands, 10, max_share_per_group=0.5)  # at most 5 rupiah per group
    assert r.selected == ("B", "D", "E")
    assert reasons(r)["C"] == "over the share cap of group x"
    assert "group_share" in codes(r)


def test_group_share_is_read_as_decimal() -> None:
    # 0.29 * 100 is 28.999999999999996 in floats; the cap must still be 29.
    r = allocate([C("A", 29, 1.0), C("B", 1, 1.0, "y")], 100, max_share_per_group=0.29)
    assert r.selected == ("A", "B")


def test_kind_cap() -> None:
    cands = [
        C("A", 6, 7.0, kind="equipment"),
        C("B", 5, 5.5, kind="equipment"),
        C("C", 5, 5.4, kind="training"),
        C("D", 4, 3.0, kind="training"),
    ]
    assert allocate(cands, 10).selected == ("B", "C")
    r = allocate(cands, 10, kind_caps_idr={"equipment": 4, "unused kind": 0})
    assert r.selected == ("C", "D")
    assert reasons(r)["A"] == "over the cap for kind equipment"
    assert codes(r) == ["kind_cap"]


def test_mandatory() -> None:
    r = allocate([*GREEDY_TRAP, C("D", 3, 0.5, mandatory=True)], 10)
    assert r.selected == ("A", "D")


def test_requires() -> None:
    cands = [C("A", 6, 7.0), C("B", 5, 5.5), C("C", 5, 5.4, requires={"E"}), C("E", 5, 0.0)]
    r = allocate(cands, 10)
    assert r.selected == ("A",)
    assert reasons(r)["C"] == "requires E which is unfunded"


def test_excludes() -> None:
    cands = [C("A", 6, 7.0), C("B", 5, 5.5, excludes={"C"}), C("C", 5, 5.4), C("D", 4, 3.0)]
    r = allocate(cands, 10)
    assert r.selected == ("A", "D")
    assert r.total_benefit == pytest.approx(10.0)


def test_excludes_is_symmetric() -> None:
    r = allocate([C("A", 1, 1.0), C("B", 1, 2.0, excludes=["A"])], 10)
    assert r.selected == ("B",)
    assert reasons(r) == {"A": "excluded by B"}


def test_unfunded_reasons() -> None:
    cands = [
        C("A", 6, 12.0, "g1", kind="k1"),
        C("X", 1, 0.5, "g2", excludes={"A"}),
        C("R", 20, 1.0, "g2"),
        C("Q", 1, 1.0, "g2", requires={"R"}),
        C("S", 2, 3.0, "g1"),
        C("T", 3, 3.0, "g2", kind="k2"),
        C("U", 3, 6.0, "g3"),
        C("V", 3, 1.0, "g3"),
        C("Y", 2, 4.1, "g3"),
    ]
    r = allocate(cands, 10, max_share_per_group=0.6, kind_caps_idr={"k2": 2})
    assert r.selected == ("A", "U")
    assert r.total_cost_idr == 9
    assert reasons(r) == {
        "X": "excluded by A",
        "R": "costs more than the whole budget",
        "Q": "requires R which is unfunded",
        "S": "over the share cap of group g1",
        "T": "over the cap for kind k2",
        "V": "lower benefit per rupiah than what fits",
        "Y": "does not fit in the remaining budget",
    }
    assert Unfunded("X", "excluded by A") == ("X", "excluded by A")
    assert set(codes(r)) == {"budget", "group_share", "kind_cap"}


def test_zero_benefit_reason() -> None:
    r = allocate([C("A", 5, 1.0), C("Z", 6, 0.0)], 20)
    assert "Z" in r.selected or reasons(r)["Z"] == "adds no benefit"


@pytest.mark.parametrize(
    ("cands", "budget", "kwargs", "code", "words"),
    [
        (
            [C("A", 6, 1, mandatory=True), C("B", 5, 1, "y", mandatory=True)],
            10,
            {},
            "mandatory_over_budget",
            "cost 11 rupiah, more than the budget of 10",
        ),
        (
            [
                C("M", 1, 1, mandatory=True, requires={"R"}),
                C("R", 1, 1),
                C("X", 1, 1, mandatory=True, excludes={"R"}),
            ],
            10,
            {},
            "mandatory_conflict",
            "R and X exclude each other",
        ),
        (
            [C("A", 3, 1), C("D", 12, 1, "y")],
            10,
            {"min_per_group": 1},
            "group_unaffordable",
            "group y has no candidate that can be funded: the cheapest, D, "
            "costs 12 rupiah, more than the budget of 10",
        ),
        (
            [C("A", 3, 1), C("D", 6, 1, "y")],
            10,
            {"min_per_group": 1, "max_share_per_group": 0.5},
            "group_unaffordable",
            "D, is over the share cap of 5 rupiah for group y",
        ),
        (
            [C("A", 3, 1), C("B", 3, 1), C("D", 1, 1, "y")],
            10,
            {"min_per_group": 2},
            "group_too_few",
            "group y has only 1 candidate(s) that can be funded, fewer than",
        ),
        (
            [C("A", 4, 1), C("B", 4, 1, "y"), C("E", 4, 1, "z")],
            10,
            {"min_per_group": 1},
            "min_per_group_over_budget",
            "costs at least 12 rupiah, more than the budget of 10",
        ),
        (
            [C("A", 3, 1), C("B", 3, 1), C("D", 1, 1, "y"), C("E", 1, 1, "y")],
            10,
            {"min_per_group": 2, "max_share_per_group": 0.5},
            "group_share_min",
            "group x needs at least 2 funded item(s) costing at least 6",
        ),
        (
            [C("A", 5, 1, kind="k", mandatory=True)],
            10,
            {"kind_caps_idr": {"k": 4}},
            "kind_cap_forced",
            "kind k: mandatory items cost 5 rupiah, more than its cap of 4",
        ),
        (
            [C("A", 6, 1, mandatory=True)],
            10,
            {"max_share_per_group": 0.5},
            "group_share_forced",
            "group x: mandatory items cost 6 rupiah",
        ),
    ],
)
def test_infeasible_diagnosed_before_solving(
    cands: list[Candidate], budget: int, kwargs: dict[str, object], code: str, words: str
) -> None:
    r = allocate(cands, budget, **kwargs)  # type: ignore[arg-type]
    assert r.status == "infeasible"
    assert r.selected == () and r.bound is None and r.gap is None
    assert code in codes(r)
    assert any(words in str(b) for b in r.binding), [str(b) for b in r.binding]
    assert {u.id for u in r.unfunded} == {c.id for c in cands}


def test_infeasible_found_by_solver_names_families() -> None:
    cands = [C("A", 1, 1, "g1", excludes={"B"}), C("B", 1, 1, "g2")]
    r = allocate(cands, 10, min_per_group=1)
    assert r.status == "infeasible"
    assert codes(r) == ["min_per_group_conflict", "excludes_conflict"]
    assert "per group" in str(r.binding[0])


def test_infeasible_found_by_solver_with_kind_caps() -> None:
    cands = [C("E", 3, 1, "g3", kind="k"), C("F", 3, 1, "g4", kind="k")]
    r = allocate(cands, 100, min_per_group=1, kind_caps_idr={"k": 4})
    assert codes(r) == ["min_per_group_conflict", "kind_caps_conflict"]


def test_large_amounts_are_exact() -> None:
    """Costs near 10**15 each: totals beyond 2**53 are summed exactly; optimum by brute force."""
    rng = np.random.default_rng(11)
    costs = [int(c) for c in rng.integers(10**14, 10**15, 14)]
    benefit = [float(b) for b in rng.uniform(1, 10, 14)]
    cands = [C(f"c{i}", costs[i], benefit[i], f"g{i % 3}") for i in range(14)]
    budget = sum(costs) * 4 // 10
    masks = (np.arange(2**14)[:, None] >> np.arange(14)) & 1
    best = max(
        sum(b for b, bit in zip(benefit, m, strict=True) if bit)
        for m in masks.tolist()
        if sum(c for c, bit in zip(costs, m, strict=True) if bit) <= budget
    )
    r = allocate(cands, budget)
    assert r.total_cost_idr == sum(costs[int(cid[1:])] for cid in r.selected) <= budget
    assert r.total_benefit == pytest.approx(best, rel=1e-9)


def test_amounts_too_close_for_floats_never_break_the_budget() -> None:
    """Costs 10**15 + i differ by 1e-15 relative, beyond what a float solver can separate:
    the result either keeps the budget exactly (with an honest gap) or is refused."""
    big = 10**15
    cands = [C(f"c{i}", big + i, float(i % 7) + 1.0, f"g{i % 3}") for i in range(40)]
    budget = 12 * big + 100
    try:
        r = allocate(cands, budget, min_per_group=1)
    except AnalysisError as err:
        assert "cannot separate these amounts exactly" in str(err)
        return
    assert r.total_cost_idr == sum(big + int(cid[1:]) for cid in r.selected) <= budget
    assert r.bound is not None and r.gap is not None and r.bound >= r.total_benefit


def test_numpy_integer_costs() -> None:
    cands = [
        C("A", np.int64(6), np.float64(7.0)),
        C("B", np.int32(5), 5.5),
        C("C", np.uint64(5), 5.4),
    ]
    r = allocate(cands, np.int64(10))  # type: ignore[arg-type]
    assert r.selected == ("B", "C") and type(r.total_cost_idr) is int


@pytest.mark.parametrize(
    ("cands", "budget", "kwargs", "message"),
    [
        ([C("A", 1, 1), C("A", 2, 1)], 5, {}, "candidate id 'A' appears more than once"),
        ([C("A", -1, 1)], 5, {}, "candidate 'A': cost_idr must not be negative"),
        ([C("A", 1.5, 1)], 5, {}, "candidate 'A': cost_idr must be a whole number"),
        ([C("A", True, 1)], 5, {}, "candidate 'A': cost_idr must be a whole number"),
        ([C("A", 2**53 + 1, 1)], 5, {}, "candidate 'A': cost_idr is 9007199254740993"),
        ([C("A", 1, float("nan"))], 5, {}, "candidate 'A': benefit must be finite"),
        ([C("A", 1, -0.5)], 5, {}, "candidate 'A': benefit must be finite and >= 0"),
        ([C("A", 1, "3")], 5, {}, "candidate 'A': benefit must be a number"),
        ([C("A", 1, 1)], -1, {}, "budget_idr must not be negative"),
        ([C("A", 1, 1)], 5.0, {}, "budget_idr must be a whole number"),
        ([C("A", 1, 1, requires={"Z"})], 5, {}, "candidate 'A': requires names unknown id(s) Z"),
        ([C("A", 1, 1, excludes={"Z"})], 5, {}, "candidate 'A': excludes names unknown id(s) Z"),
        ([C("A", 1, 1, excludes={"A"})], 5, {}, "candidate 'A' lists itself"),
        ([C("A", 1, 1)], 5, {"max_share_per_group": 0}, "max_share_per_group must be in (0, 1]"),
        ([C("A", 1, 1)], 5, {"max_share_per_group": 1.5}, "max_share_per_group must be in"),
        ([C("A", 1, 1)], 5, {"max_share_per_group": float("nan")}, "max_share_per_group"),
        ([C("A", 1, 1)], 5, {"min_per_group": -1}, "min_per_group must be a whole number"),
        ([C("A", 1, 1)], 5, {"kind_caps_idr": {"": -3}}, "kind_caps_idr['']"),
        (["A"], 5, {}, "item 0 is not a Candidate"),
    ],
)
def test_invalid_input(
    cands: list[Candidate], budget: int, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(AnalysisError) as err:
        allocate(cands, budget, **kwargs)  # type: ignore[arg-type]
    assert message in str(err.value)


def test_requires_must_be_a_set_not_a_string() -> None:
    with pytest.raises(AnalysisError, match="not a single string"):
        Candidate("A", 1, 1.0, "g", requires="B")  # type: ignore[arg-type]


def test_frontier_order_and_values() -> None:
    points = frontier(GREEDY_TRAP, [10, 0, 6, 100])
    assert [p.budget_idr for p in points] == [10, 0, 6, 100]
    assert [p.selected for p in points] == [("B", "C"), (), ("A",), ("A", "B", "C")]
    assert [p.total_benefit for p in points] == pytest.approx([10.9, 0.0, 7.0, 17.9])


def test_frontier_infeasible_points() -> None:
    cands = [C("A", 4, 1, mandatory=True), C("B", 3, 2)]
    points = frontier(cands, [3, 4, 7])
    assert [p.status for p in points] == ["infeasible", "optimal", "optimal"]
    assert points[0].selected == () and points[0].total_benefit == 0.0
    assert points[2].selected == ("A", "B")


def test_frontier_survives_stale_mip_start() -> None:
    """HiGHS 1.16, given the 24-rupiah optimum as a MIP start at 56 rupiah, reported the
    new optimum (3.0) but returned the start vector (2.0). Found by the frontier property
    test; the solver wrapper now detects the mismatch and solves again without a start."""
    cands = [
        C("c0", 15, 0.0, mandatory=True),
        C("c1", 18, 1.0),
        C("c2", 0, 0.0, mandatory=True),
        C("c3", 0, 0.0, mandatory=True),
        C("c4", 0, 0.0, mandatory=True),
        C("c5", 15, 1.0),
        C("c6", 15, 1.0, kind="x"),
        C("c7", 1, 1.0, kind="x"),
        C("c8", 8, 1.0, kind="x"),
    ]
    points = frontier(cands, [24, 56], kind_caps_idr={"x": 23})
    assert [p.total_benefit for p in points] == [2.0, 3.0]
    assert points[1].selected == allocate(cands, 56, kind_caps_idr={"x": 23}).selected


def test_frontier_rejects_bad_budget() -> None:
    with pytest.raises(AnalysisError, match=r"budgets_idr\[1\] must not be negative"):
        frontier(GREEDY_TRAP, [1, -2])


def test_money_overshoot_is_repaired(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rounded solution over a money limit makes the model tighten that row and re-solve."""
    real_run = solver_mod.Model._run
    calls: list[int] = []

    def fake_run(self: solver_mod.Model) -> solver_mod.Solve:
        calls.append(1)
        if len(calls) == 1:  # pretend the solver's tolerance let A + B through at budget 10
            return solver_mod.Solve("optimal", np.array([True, True, False]), 12.5)
        return real_run(self)

    monkeypatch.setattr(solver_mod.Model, "_run", fake_run)
    r = allocate(GREEDY_TRAP, 10)
    assert len(calls) == 2
    assert r.total_cost_idr <= 10 and r.bound == 12.5
    assert r.gap is not None and r.gap > 0


def test_benefit_below_the_solver_tolerance_is_still_funded() -> None:
    """HiGHS treated a benefit of 1e-8 as zero and funded the useless C2 (or nothing) in
    the 1 rupiah; found by the brute-force property test. Such items are now added after
    the solve wherever they still fit."""
    cands = [C("C0", 1, 1e-8), C("C1", 0, 0.0, mandatory=True), C("C2", 1, 0.0)]
    r = allocate(cands, 1)
    assert r.selected == ("C0", "C1") and r.total_benefit == 1e-8


@pytest.mark.parametrize("tiny", [1e-300, 1e-12, 1e-7])
def test_a_tiny_benefit_does_not_mislead_the_solver(tiny: float) -> None:
    """Found by the brute-force property test: HiGHS' presolve proved 13.0 optimal here while
    c0, c1, c4 and c6 (28.64 and the tiny benefit, Rp 45 of 56) meet every rule."""
    cands = [
        C("c0", 2, tiny, "c"),
        C("c1", 4, 7.0, "b", kind="x"),
        C("c2", 11, 5.0, "c", kind="y"),
        C("c3", 12, 0.0, "c", kind="y", requires=frozenset({"c1", "c5"})),
        C("c4", 13, 18.642533507536697, "c", kind="y", excludes=frozenset({"c2", "c5"})),
        C("c5", 19, 3.0, "c"),
        C("c6", 26, 3.0, "c", kind="y"),
    ]
    result = allocate(cands, 56, min_per_group=1, max_share_per_group=1.0, kind_caps_idr={"x": 24})
    assert result.status == "optimal"
    assert set(result.selected) == {"c0", "c1", "c4", "c6"}
    assert result.total_benefit == pytest.approx(28.642533507536697 + tiny, rel=1e-12)
