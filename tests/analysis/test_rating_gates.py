"""ovop.analysis.rating gates: decided by the registry, by the assessors' majority, or — on a
tie — by the officer with a reason; and the scheme's ``registry`` key."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from ovop.analysis import AnalysisError
from ovop.analysis.rating import REGISTRY_FACTS, Scheme, Settlement, combine, score


def _yes_no(item_id: str, label: str) -> dict[str, Any]:
    options = [{"id": "no", "label": "No", "points": 0}, {"id": "yes", "label": "Yes", "points": 0}]
    return {"id": item_id, "label": label, "options": options}


def scheme_dict() -> dict[str, Any]:
    """20 points of quality; a person-judged label gate (at most 3 stars) and a halal gate
    the registry decides (at most 3 stars)."""
    quality = [
        {
            "id": f"q{k}",
            "label": f"Quality {k}",
            "options": [
                {"id": "low", "label": "Low", "points": 1},
                {"id": "mid", "label": "Mid", "points": 3},
                {"id": "high", "label": "High", "points": 5},
            ],
        }
        for k in range(1, 5)
    ]
    return {
        "code": "GATES",
        "version": 1,
        "name": "Gate test",
        "groups": [
            {"id": "Q", "label": "Quality", "items": quality},
            {
                "id": "L",
                "label": "Legal",
                "items": [_yes_no("label_ok", "Label"), _yes_no("halal", "Halal")],
            },
        ],
        "cutoffs_pct": [0, 40, 55, 70, 85],
        "gates": [
            {
                "item": "label_ok",
                "satisfied_options": ["yes"],
                "max_stars": 3,
                "reason": "Without a proper label, at most 3 stars.",
            },
            {
                "item": "halal",
                "satisfied_options": ["yes"],
                "max_stars": 3,
                "reason": "Without halal, at most 3 stars.",
                "registry": "halal",
            },
        ],
    }


@pytest.fixture
def scheme() -> Scheme:
    return Scheme.from_dict(scheme_dict())


def answers(quality: str, label: str) -> dict[str, str]:
    return {"q1": quality, "q2": quality, "q3": quality, "q4": quality, "label_ok": label}


HALAL = {"halal": True}
NO_HALAL = {"halal": False}


# ------------------------------------------------------------------------------ the scheme key


def test_registry_key_round_trips_and_old_gates_stay_without_it(scheme: Scheme) -> None:
    assert Scheme.from_dict(scheme.to_dict()) == scheme
    gates = scheme.to_dict()["gates"]
    assert "registry" not in gates[0]
    assert gates[1]["registry"] == "halal"
    assert scheme.registry_items() == {"halal": "halal"}
    assert REGISTRY_FACTS == ("nib", "pirt", "bpom_md", "food_permit", "halal")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["gates"][1].update(registry="iso9001"),
            "gates[1].registry: 'iso9001' is not a registry fact (one of 'nib', 'pirt', "
            "'bpom_md', 'food_permit', 'halal')",
        ),
        (
            lambda d: d["gates"][1].update(registry=3),
            "gates[1].registry: must be a string, got int",
        ),
        (
            lambda d: d["gates"][1].update(item="q1", satisfied_options=["high"]),
            "gates[1].registry: item 'q1' must score 0 on every option",
        ),
        (
            lambda d: d["gates"][0].update(item="halal", satisfied_options=["yes"]),
            "gates[1].registry: item 'halal' is also the item of gates[0]",
        ),
    ],
)
def test_registry_key_is_validated(edit: Any, message: str) -> None:
    data = copy.deepcopy(scheme_dict())
    edit(data)
    with pytest.raises(AnalysisError, match=re.escape(message)):
        Scheme.from_dict(data)


# ------------------------------------------------------------------------- one assessor's score


def test_the_registry_decides_its_gate_whatever_the_answer(scheme: Scheme) -> None:
    claimed = {**answers("high", "yes"), "halal": "yes"}  # the assessor says halal: ignored
    result = score(scheme, claimed, registry=NO_HALAL)
    assert (result.points, result.percent) == (20.0, 100.0)
    assert [g.item for g in result.failed_gates] == ["halal"]
    assert result.stars == 3
    assert result.missing_items == ()  # the registry item needs no answer
    passed = score(scheme, answers("high", "yes"), registry=HALAL)
    assert (passed.stars, passed.failed_gates, passed.missing_items) == (5, (), ())


def test_a_scheme_with_registry_gates_needs_the_facts(scheme: Scheme) -> None:
    with pytest.raises(AnalysisError, match=re.escape("which was not given")):
        score(scheme, answers("high", "yes"))
    result = score(scheme, answers("high", "yes"), registry=HALAL)
    with pytest.raises(AnalysisError, match=re.escape("registry: scheme GATES v1 leaves")):
        combine([result], scheme=scheme)


# ---------------------------------------------------------------------------------- the panel


def test_a_person_gate_passes_only_by_a_strict_majority(scheme: Scheme) -> None:
    yes = score(scheme, answers("high", "yes"), registry=HALAL)
    no = score(scheme, answers("high", "no"), registry=HALAL)
    two_pass = combine([yes, yes, no], scheme=scheme, registry=HALAL)
    assert (two_pass.failed_gates, two_pass.stars, two_pass.ties) == ((), 5, ())
    decision = two_pass.gate_decisions[0]
    assert (decision.decided_by, decision.passes, decision.fails, decision.passed) == (
        "assessors",
        2,
        1,
        True,
    )
    two_fail = combine([yes, no, no], scheme=scheme, registry=HALAL)
    assert [g.item for g in two_fail.failed_gates] == ["label_ok"]
    assert (two_fail.stars, two_fail.ties) == (3, ())


def test_the_bug_story_a_tie_keeps_the_failure_and_must_be_settled(scheme: Scheme) -> None:
    """One assessor at 4-star points (80 %) fails the label gate (3 stars), one at 3-star
    points (60 %) passes it (3 stars); the mean is exactly 70 % = 4 stars by points. The tie
    keeps the gate failed (3 stars) and is listed until the officer settles it."""
    mean_four = score(
        scheme,
        {"q1": "high", "q2": "high", "q3": "high", "q4": "low", "label_ok": "no"},
        registry=HALAL,
    )
    three = score(
        scheme,
        {"q1": "high", "q2": "mid", "q3": "mid", "q4": "low", "label_ok": "yes"},
        registry=HALAL,
    )
    assert (mean_four.percent, mean_four.stars, three.percent, three.stars) == (80.0, 3, 60.0, 3)
    tie = combine([mean_four, three], scheme=scheme, registry=HALAL)
    assert tie.percent == 70.0 and scheme.stars_for_percent(70.0) == 4
    assert tie.stars == 3  # not 4: the tied gate stays failed
    assert tie.ties == ("label_ok",)
    assert [g.item for g in tie.failed_gates] == ["label_ok"]
    stored = tie.to_dict()
    assert stored["ties"] == ["label_ok"]
    assert stored["gate_decisions"][0] | {"satisfied_options": None} == {
        "item": "label_ok",
        "satisfied_options": None,
        "max_stars": 3,
        "reason": "Without a proper label, at most 3 stars.",
        "decided_by": "assessors",
        "passes": 1,
        "fails": 1,
        "passed": None,
        "note": "",
    }
    settled = combine(
        [mean_four, three],
        scheme=scheme,
        registry=HALAL,
        settlements={"label_ok": Settlement(passed=True, reason="  Label checked on site.  ")},
    )
    assert (settled.stars, settled.ties, settled.failed_gates) == (4, (), ())
    decision = settled.gate_decisions[0]
    assert (decision.decided_by, decision.passed, decision.note) == (
        "officer",
        True,
        "Label checked on site.",
    )
    failed = combine(
        [mean_four, three],
        scheme=scheme,
        registry=HALAL,
        settlements={"label_ok": Settlement(passed=False, reason="No label on the sample.")},
    )
    assert (failed.stars, [g.item for g in failed.failed_gates]) == (3, ["label_ok"])


def test_the_registry_gate_ignores_the_assessors(scheme: Scheme) -> None:
    results = [score(scheme, answers("high", "yes"), registry=HALAL) for _ in range(3)]
    panel = combine(results, scheme=scheme, registry=NO_HALAL)  # the registry on the rating day
    assert [g.item for g in panel.failed_gates] == ["halal"]
    assert panel.stars == 3
    decision = panel.gate_decisions[1]
    assert (decision.decided_by, decision.passes, decision.fails, decision.passed) == (
        "registry",
        3,
        0,
        False,
    )


@pytest.mark.parametrize(
    ("settlements", "message"),
    [
        ({"label_ok": Settlement(True, " ")}, "settlements['label_ok'].reason: must not be empty"),
        ({"halal": Settlement(True, "ok")}, "settlements['halal']: the registry decides this gate"),
        ({"q1": Settlement(True, "ok")}, "settlements['q1']: no gate on this item"),
    ],
)
def test_settlements_are_checked(
    scheme: Scheme, settlements: dict[str, Settlement], message: str
) -> None:
    yes = score(scheme, answers("high", "yes"), registry=HALAL)
    no = score(scheme, answers("high", "no"), registry=HALAL)
    with pytest.raises(AnalysisError, match=re.escape(message)):
        combine([yes, no], scheme=scheme, registry=HALAL, settlements=settlements)


def test_only_a_tie_is_settled(scheme: Scheme) -> None:
    yes = score(scheme, answers("high", "yes"), registry=HALAL)
    no = score(scheme, answers("high", "no"), registry=HALAL)
    with pytest.raises(
        AnalysisError,
        match=re.escape(
            "settlements['label_ok']: the assessors are not split on this gate (2 passed, 1 failed)"
        ),
    ):
        combine(
            [yes, yes, no],
            scheme=scheme,
            registry=HALAL,
            settlements={"label_ok": Settlement(False, "x")},
        )
