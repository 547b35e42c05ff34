"""Hand-worked cases for the multi-source functions of ovop.analysis.allocation."""

from __future__ import annotations

import numpy as np
import pytest

from ovop.analysis import AnalysisError
from ovop.analysis.allocation import (
    Candidate,
    Source,
    SourcedResult,
    allocate_sources,
    frontier_sources,
    rank_and_fund,
)


def C(cid: str, cost: int, benefit: float, group: str = "g", **kw: object) -> Candidate:
    return Candidate(cid, cost, benefit, group, **kw)  # type: ignore[arg-type]


def reasons(result: SourcedResult) -> dict[str, str]:
    return {u.id: u.reason for u in result.unfunded}


def codes(result: SourcedResult) -> list[str]:
    return [b.code for b in result.binding]


# The usual rule pays A from APBD (first in the list) although DAK could pay for it; then
# B (APBD only) no longer fits. The optimum pays A from DAK and funds all three.
TRAP = [C("A", 60, 10.0), C("B", 60, 9.0, sources={"apbd"}), C("C", 40, 8.0, sources={"apbd"})]
TRAP_SOURCES = [Source("apbd", 100), Source("dak", 60)]


def test_two_sources_optimum_beats_rank_and_fund() -> None:
    best = allocate_sources(TRAP, TRAP_SOURCES)
    assert best.status == "optimal"
    assert best.selected == ("A", "B", "C")
    assert best.funded_by == {"A": "dak", "B": "apbd", "C": "apbd"}
    assert best.spent_by_source_idr == {"apbd": 100, "dak": 60}
    assert best.total_cost_idr == 160 and best.total_benefit == 27.0
    assert best.bound == pytest.approx(27.0) and best.gap is not None and best.gap <= 1e-9
    assert best.unfunded == () and best.binding == ()

    usual = rank_and_fund(TRAP, TRAP_SOURCES)
    assert usual.status == "heuristic" and usual.bound is None and usual.gap is None
    assert usual.selected == ("A", "C")
    assert usual.funded_by == {"A": "apbd", "C": "apbd"}
    assert usual.spent_by_source_idr == {"apbd": 100, "dak": 0}
    assert usual.total_benefit == 18.0 and usual.total_cost_idr == 100
    assert reasons(usual) == {"B": "no allowed source has money left"}
    assert codes(usual) == ["source_budget"]
    assert usual.binding[0].ids == ("B",)
    assert "source apbd binds: 100 of 100 rupiah" in usual.binding[0].detail


def test_dak_pays_only_for_equipment() -> None:
    equipment = {"apbd", "dak"}
    cands = [
        C("T1", 50, 5.0, kind="training", sources={"apbd"}),
        C("T2", 50, 6.0, kind="training", sources={"apbd"}),
        C("E1", 80, 4.0, kind="equipment", sources=equipment),
    ]
    r = allocate_sources(cands, [Source("apbd", 50), Source("dak", 100)])
    assert r.selected == ("T2", "E1")
    assert r.funded_by == {"T2": "apbd", "E1": "dak"}
    assert r.spent_by_source_idr == {"apbd": 50, "dak": 80}
    assert reasons(r) == {"T1": "no allowed source has money left"}
    assert [(b.code, b.ids) for b in r.binding] == [("source_budget", ("T1",))]


def test_dana_desa_only_for_its_village() -> None:
    dd = {"apbd", "dd_v1"}
    cands = [
        C("V1a", 50, 5.0, "v1", sources=dd),
        C("V1b", 30, 4.0, "v1", sources=dd),
        C("V2a", 50, 9.0, "v2", sources={"apbd"}),
        C("V2b", 30, 3.0, "v2", sources={"apbd"}),
    ]
    sources = [Source("apbd", 30), Source("dd_v1", 50)]
    r = allocate_sources(cands, sources)
    assert r.selected == ("V1a", "V1b") and r.total_benefit == 9.0
    assert r.funded_by == {"V1a": "dd_v1", "V1b": "apbd"}
    assert reasons(r) == {
        "V2a": "costs more than the whole budget",
        "V2b": "lower benefit per rupiah than what fits",
    }
    fair = allocate_sources(cands, sources, min_per_group=1)
    assert fair.selected == ("V1a", "V2b") and fair.total_benefit == 8.0
    assert fair.funded_by == {"V1a": "dd_v1", "V2b": "apbd"}


def test_share_per_kind_is_of_the_total_of_all_sources() -> None:
    cands = [C("P1", 40, 8.0, kind="promo"), C("P2", 40, 7.0, kind="promo"), C("T", 30, 1.0)]
    sources = [Source("a", 60), Source("b", 40)]  # total 100; 40 % -> 40 rupiah per kind
    r = allocate_sources(cands, sources, max_share_per_kind=0.4)
    assert r.selected == ("P1", "T") and r.total_cost_idr == 70
    assert reasons(r) == {"P2": "over the cap for kind promo"}
    assert [(b.code, b.ids) for b in r.binding] == [("kind_cap", ("P2",))]
    lower = allocate_sources(cands, sources, max_share_per_kind=0.4, kind_caps_idr={"promo": 30})
    assert lower.selected == ("T",)  # the explicit cap is lower than the share: it wins


def test_mandatory_without_an_allowed_source_is_infeasible() -> None:
    cands = [C("M", 70, 1.0, mandatory=True, sources={"dak"}), C("X", 10, 5.0)]
    r = allocate_sources(cands, [Source("apbd", 500), Source("dak", 60)])
    assert r.status == "infeasible" and r.selected == () and r.funded_by == {}
    assert codes(r) == ["mandatory_no_source"] and r.binding[0].ids == ("M",)
    assert "costs 70 rupiah, more than any source allowed to fund it has: dak (60)" in str(
        r.binding[0]
    )
    assert set(reasons(r).values()) == {"no portfolio meets all the constraints"}
    assert r.spent_by_source_idr == {"apbd": 0, "dak": 0}


def test_mandatory_items_that_together_exceed_their_only_source() -> None:
    cands = [
        C("M1", 40, 1.0, mandatory=True, sources={"dak"}),
        C("M2", 40, 1.0, sources={"dak"}),
        C("M3", 5, 1.0, mandatory=True, requires={"M2"}),
    ]
    r = allocate_sources(cands, [Source("apbd", 500), Source("dak", 60)])
    assert r.status == "infeasible"
    assert [(b.code, b.ids) for b in r.binding] == [("mandatory_no_source", ("M1", "M2"))]
    assert "may only be paid by dak cost 80 rupiah" in r.binding[0].detail


def test_solver_names_the_source_rules_as_the_conflict() -> None:
    # Each group must fund one item; both items may only use s1, which pays for one.
    cands = [C("G", 10, 1.0, "g", sources={"s1"}), C("H", 10, 1.0, "h", sources={"s1"})]
    r = allocate_sources(cands, [Source("s1", 10), Source("s2", 10)], min_per_group=1)
    assert r.status == "infeasible"
    assert codes(r) == ["source_conflict", "min_per_group_conflict"]


def test_requires_cycle_is_refused_naming_the_ids() -> None:
    cands = [
        C("A", 1, 1.0, requires={"B"}),
        C("B", 1, 1.0, requires={"C"}),
        C("C", 1, 1.0, requires={"A"}),
        C("D", 1, 1.0, requires={"A"}),
    ]
    for call in (
        lambda: allocate_sources(cands, TRAP_SOURCES),
        lambda: rank_and_fund(cands, TRAP_SOURCES),
        lambda: frontier_sources(cands, TRAP_SOURCES, [1.0]),
    ):
        with pytest.raises(
            AnalysisError, match="the requires links form a cycle: A -> B -> C -> A"
        ):
            call()


@pytest.mark.parametrize(
    ("cands", "sources", "message"),
    [
        (
            [C("A", 1, 1.0, sources={"zz"})],
            TRAP_SOURCES,
            "candidate 'A': sources names unknown id(s) zz",
        ),
        (
            [C("A", 1, 1.0)],
            [Source("s", 1), Source("s", 2)],
            "source id 's' appears more than once",
        ),
        ([C("A", 1, 1.0)], [Source("s", -1)], "source 's': budget_idr must not be negative"),
        ([C("A", 1, 1.0)], [Source("", 1)], "source 0: id must be a non-empty string"),
        ([C("A", 1, 1.0)], ["apbd"], "source 0 is not a Source"),
    ],
)
def test_invalid_sources(cands: list[Candidate], sources: list[Source], message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        allocate_sources(cands, sources)
    assert message in str(err.value)


def test_sources_must_be_a_set_of_ids() -> None:
    with pytest.raises(AnalysisError, match="sources must be a set of source ids, not a single"):
        Candidate("A", 1, 1.0, "g", sources="apbd")  # type: ignore[arg-type]


def test_bad_share_time_limit_and_factor() -> None:
    with pytest.raises(AnalysisError, match=r"max_share_per_kind must be in \(0, 1\]"):
        allocate_sources(TRAP, TRAP_SOURCES, max_share_per_kind=1.5)
    with pytest.raises(AnalysisError, match="time_limit_s must be a number of seconds > 0"):
        allocate_sources(TRAP, TRAP_SOURCES, time_limit_s=0)
    with pytest.raises(AnalysisError, match=r"factors\[1\] must be a finite number >= 0"):
        frontier_sources(TRAP, TRAP_SOURCES, [1.0, -0.5])


def test_rank_and_fund_order_mandatory_links_and_caps() -> None:
    cands = [
        C("low", 10, 1.0),
        C("M", 30, 2.0, mandatory=True, requires={"base"}),
        C("base", 20, 0.5),
        C("top", 30, 9.0, kind="equipment"),
        C("rival", 10, 8.0, excludes={"top"}),
        C("tieA", 20, 5.0),
        C("tieB", 10, 5.0),
        C("needs", 5, 7.0, requires={"low"}),
        C("eq2", 10, 6.0, kind="equipment"),
    ]
    r = rank_and_fund(cands, [Source("a", 60), Source("b", 50)], kind_caps_idr={"equipment": 35})
    # mandatory first: base (a), M (a: 50 of 60); then top 9.0 (a has 10 left -> b), rival
    # excluded, needs (low unfunded), eq2 over the equipment cap (30 + 10 > 35), tieB
    # (cost 10, before tieA) -> a, tieA -> no money (a 0, b 20 left -> b), low -> none left
    assert r.funded_by == {"M": "a", "base": "a", "top": "b", "tieB": "a", "tieA": "b"}
    assert r.selected == ("M", "base", "top", "tieA", "tieB")
    assert r.spent_by_source_idr == {"a": 60, "b": 50}
    assert reasons(r) == {
        "low": "no allowed source has money left",
        "rival": "excluded by top",
        "needs": "requires low which is unfunded",
        "eq2": "over the cap for kind equipment",
    }
    assert codes(r) == ["source_budget", "source_budget", "kind_cap"]


def test_time_limit_returns_best_found_or_nothing() -> None:
    rng = np.random.default_rng(11)
    n = 3000
    cost = rng.integers(10_000_000, 900_000_000, n)
    benefit = np.round(cost * rng.uniform(0.5, 1.5, n) / 1e6, 3)
    cands = [
        C(
            f"c{i}",
            int(cost[i]),
            float(benefit[i]),
            f"g{i % 300}",
            sources={"a", "b"} if i % 3 else set(),
        )
        for i in range(n)
    ]
    sources = [Source("a", int(cost.sum() // 5)), Source("b", int(cost.sum() // 7))]
    r = allocate_sources(cands, sources, min_per_group=1, time_limit_s=0.001)
    assert r.status == "time_limit"
    assert r.binding[0].code == "time_limit"
    assert all(r.spent_by_source_idr[s.id] <= s.budget_idr for s in sources)
    if not r.selected:
        assert set(reasons(r).values()) == {
            "the solver stopped at its time limit before it found a portfolio"
        }
    points = frontier_sources(cands, sources, [0.9, 1.0], min_per_group=1, time_limit_s=0.001)
    assert [p.status for p in points] == ["time_limit", "time_limit"]
    with pytest.raises(AnalysisError, match="time_limit_s must be a number of seconds > 0"):
        frontier_sources(cands, sources, [1.0], time_limit_s=-1)


def test_frontier_scales_every_source() -> None:
    points = frontier_sources(TRAP, TRAP_SOURCES, [1.0, 0.5, 0.0, 2.0])
    assert [p.factor for p in points] == [1.0, 0.5, 0.0, 2.0]
    assert [p.budget_idr for p in points] == [160, 80, 0, 320]
    assert [p.total_benefit for p in points] == [27.0, 8.0, 0.0, 27.0]
    assert points[1].selected == ("C",) and points[0].selected == ("A", "B", "C")
    assert all(p.status == "optimal" for p in points)
    mandatory = [C("M", 70, 1.0, mandatory=True), C("X", 10, 5.0)]
    low, high = frontier_sources(mandatory, [Source("s", 100)], [0.5, 0.8])
    assert (low.status, low.selected, low.total_benefit) == ("infeasible", (), 0.0)
    assert (high.status, high.selected, high.budget_idr) == ("optimal", ("M", "X"), 80)


def test_benefit_below_the_solver_tolerance_is_still_funded() -> None:
    cands = [C("C0", 1, 1e-8), C("C1", 0, 0.0, mandatory=True), C("C2", 1, 0.0)]
    r = allocate_sources(cands, [Source("s", 1)])
    assert r.selected == ("C0", "C1") and r.total_benefit == 1e-8
    assert r.funded_by == {"C0": "s", "C1": "s"}
