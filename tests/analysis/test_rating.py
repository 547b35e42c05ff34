"""ovop.analysis.rating: scheme validation and round trip, scoring, gates, panels."""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from typing import Any

import pytest

from ovop.analysis import AnalysisError
from ovop.analysis.rating import (
    Gate,
    PanelResult,
    RatingResult,
    Scheme,
    combine,
    score,
)


def scheme_dict() -> dict[str, Any]:
    """A small test scheme with a maximum of 20 points (6 + 4 + 5 + 5)."""
    return {
        "code": "TEST",
        "version": 2,
        "name": "Test scheme",
        "groups": [
            {
                "id": "product",
                "label": "Product",
                "items": [
                    {
                        "id": "packaging",
                        "label": "Packaging",
                        "options": [
                            {"id": "none", "label": "None", "points": 0},
                            {"id": "basic", "label": "Basic", "points": 3},
                            {"id": "good", "label": "Good", "points": 6},
                        ],
                    },
                    {
                        "id": "label",
                        "label": "Label",
                        "options": [
                            {"id": "no", "label": "No", "points": 0},
                            {"id": "yes", "label": "Yes", "points": 4},
                        ],
                    },
                ],
            },
            {
                "id": "business",
                "label": "Business",
                "items": [
                    {
                        "id": "permit",
                        "label": "Permit",
                        "options": [
                            {"id": "none", "label": "None", "points": 0},
                            {"id": "registered", "label": "Registered", "points": 5},
                        ],
                    },
                    {
                        "id": "capacity",
                        "label": "Capacity",
                        "max_points": 5,
                        "options": [
                            {"id": "low", "label": "Low", "points": 1},
                            {"id": "medium", "label": "Medium", "points": 3},
                            {"id": "high", "label": "High", "points": 5.0},
                        ],
                    },
                ],
            },
        ],
        "cutoffs_pct": [0, 40, 55, 70, 85],
        "gates": [
            {
                "item": "permit",
                "satisfied_options": ["registered"],
                "max_stars": 2,
                "reason": "A product without a registered permit cannot exceed two stars.",
            }
        ],
    }


@pytest.fixture
def scheme() -> Scheme:
    return Scheme.from_dict(scheme_dict())


FULL = {"packaging": "good", "label": "yes", "permit": "registered", "capacity": "medium"}
ON_CUTOFF = {"packaging": "basic", "label": "yes", "permit": "registered", "capacity": "high"}
NO_PERMIT = {"packaging": "good", "label": "yes", "permit": "none", "capacity": "high"}


# -------------------------------------------------------------------------------- scheme


def test_round_trip(scheme: Scheme) -> None:
    assert Scheme.from_dict(scheme.to_dict()) == scheme
    assert Scheme.from_dict(json.loads(json.dumps(scheme.to_dict()))) == scheme
    assert scheme.to_dict() == Scheme.from_dict(scheme.to_dict()).to_dict()
    assert scheme.max_points == 20.0
    assert [g.max_points for g in scheme.groups] == [10.0, 10.0]
    assert scheme.groups[1].items[1].max_points == 5.0
    assert scheme.gates[0].satisfied_options == frozenset({"registered"})
    assert "max_points" not in scheme.to_dict()["groups"][1]["items"][1]


def test_gates_are_optional() -> None:
    d = scheme_dict()
    del d["gates"]
    assert Scheme.from_dict(d).gates == ()


def test_stars_for_percent(scheme: Scheme) -> None:
    assert [scheme.stars_for_percent(p) for p in (0, 39.99, 40, 54.9, 55, 70, 84.99, 85, 100)] == [
        1,
        1,
        2,
        2,
        3,
        4,
        4,
        5,
        5,
    ]
    d = scheme_dict()
    d["cutoffs_pct"] = [10, 40, 55, 70, 85]
    assert Scheme.from_dict(d).stars_for_percent(9.99) == 0


Edit = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _delete(path: list[Any]) -> Edit:
    def edit(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return edit


OPTION = ["groups", 1, "items", 0, "options", 1]
AT = "groups[1].items[0].options[1]"
INVALID: list[tuple[str, Edit, str]] = [
    ("negative-points", _set([*OPTION, "points"], -1), f"{AT}.points: must be >= 0"),
    ("text-points", _set([*OPTION, "points"], "5"), f"{AT}.points: must be a number"),
    ("nan-points", _set([*OPTION, "points"], math.nan), f"{AT}.points: must be finite"),
    ("bool-points", _set([*OPTION, "points"], True), "options[1].points: must be a number"),
    ("dup-option", _set([*OPTION, "id"], "none"), f"{AT}.id: duplicate option id 'none'"),
    ("empty-option-id", _set([*OPTION, "id"], " "), f"{AT}.id: must not be empty"),
    (
        "dup-item",
        _set(["groups", 1, "items", 1, "id"], "label"),
        "groups[1].items[1].id: duplicate item id 'label' (first at groups[0].items[1])",
    ),
    (
        "dup-group",
        _set(["groups", 1, "id"], "product"),
        "groups[1].id: duplicate group id 'product'",
    ),
    (
        "no-options",
        _set(["groups", 0, "items", 1, "options"], []),
        "groups[0].items[1].options: must not be empty",
    ),
    (
        "missing-options",
        _delete(["groups", 0, "items", 1, "options"]),
        "groups[0].items[1].options: is required",
    ),
    ("unknown-key", _set(["groups", 0, "itmes"], []), "groups[0].itmes: unknown key"),
    (
        "max-points",
        _set(["groups", 1, "items", 1, "max_points"], 4),
        "groups[1].items[1].max_points: is derived",
    ),
    ("no-groups", _set(["groups"], []), "groups: must not be empty"),
    ("groups-not-list", _set(["groups"], {"a": 1}), "groups: must be a list"),
    (
        "cutoff-order",
        _set(["cutoffs_pct"], [0, 40, 40, 70, 85]),
        "cutoffs_pct[2]: must be greater than cutoffs_pct[1]",
    ),
    (
        "cutoff-range",
        _set(["cutoffs_pct"], [0, 40, 55, 70, 101]),
        "cutoffs_pct[4]: must be within 0..100",
    ),
    ("cutoff-count", _set(["cutoffs_pct"], [0, 50, 100]), "cutoffs_pct: needs 5 values, got 3"),
    (
        "gate-item",
        _set(["gates", 0, "item"], "licence"),
        "gates[0].item: no item with id 'licence'",
    ),
    (
        "gate-option",
        _set(["gates", 0, "satisfied_options"], ["registered", "gold"]),
        "gates[0].satisfied_options[1]: item 'permit' has no option 'gold'",
    ),
    (
        "gate-stars",
        _set(["gates", 0, "max_stars"], 6),
        "gates[0].max_stars: must be within 0..5, got 6",
    ),
    ("gate-reason", _set(["gates", 0, "reason"], ""), "gates[0].reason: must not be empty"),
    ("version", _set(["version"], 0), "version: must be >= 1, got 0"),
    ("version-bool", _set(["version"], True), "version: must be an integer"),
    ("code", _set(["code"], ""), "code: must not be empty"),
    ("missing-name", _delete(["name"]), "name: is required"),
    ("top-unknown", _set(["colour"], "red"), "colour: unknown key"),
]


@pytest.mark.parametrize(("edit", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_validation_names_the_path(edit: Edit, message: str) -> None:
    d = copy.deepcopy(scheme_dict())
    edit(d)
    with pytest.raises(AnalysisError, match=re.escape(message)):
        Scheme.from_dict(d)


def test_all_zero_scheme_and_non_mapping() -> None:
    d = scheme_dict()
    del d["groups"][1]["items"][1]["max_points"]
    for group in d["groups"]:
        for item in group["items"]:
            for option in item["options"]:
                option["points"] = 0
    with pytest.raises(AnalysisError, match=re.escape("groups: the maximum total must be > 0")):
        Scheme.from_dict(d)
    with pytest.raises(AnalysisError, match=re.escape("scheme: must be a mapping")):
        Scheme.from_dict([1, 2])


# -------------------------------------------------------------------------------- score


def test_score_full_marks_path(scheme: Scheme) -> None:
    """6 + 4 + 5 + 3 = 18 of 20 = 90 % -> 5 stars (cut-off 85)."""
    result = score(scheme, FULL)
    assert (result.points, result.max_points, result.percent, result.stars) == (18, 20, 90, 5)
    assert result.by_group == (("product", 10.0, 10.0), ("business", 8.0, 10.0))
    assert result.failed_gates == () and result.missing_items == ()


def test_score_exactly_on_a_cutoff(scheme: Scheme) -> None:
    """3 + 4 + 5 + 5 = 17 of 20 = 85 %, exactly the 5-star cut-off."""
    result = score(scheme, ON_CUTOFF)
    assert result.points == 17 and result.percent == pytest.approx(85.0)
    assert result.stars == 5
    assert result.by_group == (("product", 7.0, 10.0), ("business", 10.0, 10.0))


def test_gate_caps_the_stars(scheme: Scheme) -> None:
    """6 + 4 + 0 + 5 = 15 of 20 = 75 % would be 4 stars; no permit caps it at 2."""
    result = score(scheme, NO_PERMIT)
    assert (result.points, result.percent) == (15, 75)
    assert scheme.stars_for_percent(result.percent) == 4
    assert result.stars == 2
    assert result.failed_gates == scheme.gates


def test_missing_items_score_zero_and_are_listed(scheme: Scheme) -> None:
    """Only packaging answered (3 of 20 = 15 %): 1 star; permit unanswered fails the gate."""
    result = score(scheme, {"packaging": "basic", "label": None})
    assert (result.points, result.percent, result.stars) == (3, 15, 1)
    assert result.missing_items == ("label", "permit", "capacity")
    assert result.failed_gates == scheme.gates


def test_gate_cap_can_be_zero() -> None:
    d = scheme_dict()
    d["gates"][0]["max_stars"] = 0
    result = score(Scheme.from_dict(d), NO_PERMIT)
    assert result.stars == 0


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"colour": "red"}, "answers['colour']: no such item in scheme TEST v2"),
        ({"label": "maybe"}, "answers['label']: 'maybe' is not an option (one of 'no', 'yes')"),
        ({"label": 4}, "answers['label']: 4 is not an option"),
        (["label"], "answers: must be a mapping"),
    ],
)
def test_score_rejects_unknown_answers(scheme: Scheme, answers: Any, message: str) -> None:
    with pytest.raises(AnalysisError, match=re.escape(message)):
        score(scheme, answers)


def test_result_round_trips_through_json(scheme: Scheme) -> None:
    result = score(scheme, NO_PERMIT)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["by_group"][0] == {"group": "product", "points": 10.0, "max_points": 10.0}
    assert data["failed_gates"][0]["satisfied_options"] == ["registered"]
    assert RatingResult.from_dict(data) == result
    with pytest.raises(AnalysisError, match="result: not a stored rating result"):
        RatingResult.from_dict({"points": 1})


# -------------------------------------------------------------------------------- panels


def test_combine_mean_and_median(scheme: Scheme) -> None:
    """Assessors give 90 %, 85 % and 75 % (18, 17, 15 points); one missed the permit."""
    results = [score(scheme, a) for a in (FULL, ON_CUTOFF, NO_PERMIT)]
    mean = combine(results, "mean", scheme=scheme)
    assert mean.points == pytest.approx(50 / 3)
    assert mean.percent == pytest.approx(250 / 3)
    assert mean.stars == 4  # 83.3 %; the gate failed for 1 of 3 assessors only
    assert mean.failed_gates == ()
    assert [g for g, _, _ in mean.by_group] == ["product", "business"]
    assert [p for _, p, _ in mean.by_group] == pytest.approx([9.0, 23 / 3])
    assert [m for _, _, m in mean.by_group] == [10.0, 10.0]
    assert mean.spread[0] == 75 and mean.spread[1] == 90
    assert mean.spread[2] == pytest.approx(math.sqrt(350 / 9))
    assert (mean.n, mean.how) == (3, "mean")
    median = combine(results, "median", scheme=scheme)
    assert (median.points, median.percent, median.stars) == (17, 85, 5)
    assert isinstance(median, PanelResult)
    assert json.loads(json.dumps(median.to_dict()))["spread"][1] == 90


def test_combine_applies_gates_failed_by_a_majority(scheme: Scheme) -> None:
    two_fail = [score(scheme, a) for a in (NO_PERMIT, NO_PERMIT, FULL)]
    panel = combine(two_fail, scheme=scheme)
    assert panel.failed_gates == scheme.gates and panel.stars == 2
    tie = [score(scheme, a) for a in (NO_PERMIT, FULL)]
    assert combine(tie, scheme=scheme).failed_gates == scheme.gates  # a tie keeps the failure


def test_combine_single_assessor(scheme: Scheme) -> None:
    result = score(scheme, FULL)
    panel = combine([result], "median", scheme=scheme)
    assert (panel.points, panel.percent, panel.stars, panel.spread) == (18, 90, 5, (90, 90, 0.0))


def test_combine_errors(scheme: Scheme) -> None:
    with pytest.raises(AnalysisError, match=re.escape("results: needs at least one")):
        combine([], scheme=scheme)
    with pytest.raises(AnalysisError, match=re.escape("how: must be 'mean' or 'median'")):
        combine([score(scheme, FULL)], "mode", scheme=scheme)  # type: ignore[arg-type]
    other = scheme_dict()
    other["groups"][0]["items"][0]["options"][2]["points"] = 10
    foreign = score(Scheme.from_dict(other), FULL)
    with pytest.raises(
        AnalysisError, match=re.escape("results[1].max_points: 24.0 does not match")
    ):
        combine([score(scheme, FULL), foreign], scheme=scheme)


def test_gate_is_hashable_and_comparable() -> None:
    gate = Gate("permit", frozenset({"registered"}), 2, "reason")
    assert gate in {gate}
    assert gate.to_dict()["satisfied_options"] == ["registered"]
