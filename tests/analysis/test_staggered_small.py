"""Callaway & Sant'Anna on a small panel: input it cannot honestly compute with is refused
with a message that names the argument, row, unit or period, and its sample rules are R's."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from ovop.analysis import AnalysisError
from ovop.analysis.staggered import aggregate, att_gt


def small(**changes: Any) -> dict[str, Any]:
    """Units 1-4 over periods 1-3: unit 1 first treated in 2, unit 2 in 3, units 3-4 never."""
    base: dict[str, Any] = {
        "unit": [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4],
        "time": [1, 2, 3] * 4,
        "y": [1.0, 2.5, 3.0, 2.0, 2.2, 4.0, 0.5, 1.0, 1.4, 3.0, 3.1, 3.3],
        "group": [2, 2, 2, 3, 3, 3, 0, 0, 0, None, None, None],
    }
    base.update(changes)
    return base


def with_row(name: str, row: int, value: Any) -> dict[str, Any]:
    column = list(small()[name])
    column[row] = value
    return small(**{name: column})


def without_row(row: int) -> dict[str, Any]:
    return {k: [v for i, v in enumerate(col) if i != row] for k, col in small().items()}


@pytest.mark.parametrize(
    ("kwargs", "control_group", "message"),
    [
        (small(time=[1, 2, 3] * 3), "nevertreated", "time has 9 values but unit has 12"),
        (small(y=[1.0] * 13), "nevertreated", "y has 13 values but unit has 12"),
        (small(group=[0] * 11), "nevertreated", "group has 11 values but unit has 12"),
        (with_row("y", 4, math.nan), "nevertreated", "y[4] is missing or not finite"),
        (with_row("y", 5, math.inf), "nevertreated", "y[5] is missing or not finite"),
        (with_row("y", 0, "a"), "nevertreated", "y must hold numbers only"),
        (with_row("time", 1, 1.5), "nevertreated", "time[1] = 1.5 is not a whole number"),
        (with_row("time", 0, None), "nevertreated", "time[0] is missing or not finite"),
        (with_row("group", 0, math.inf), "nevertreated", "group[0] is missing or not finite"),
        (with_row("group", 3, 2.5), "nevertreated", "group[3] = 2.5 is not a whole number"),
        (with_row("group", 0, "x"), "nevertreated", "group must hold whole numbers only"),
        (with_row("unit", 2, None), "nevertreated", "unit[2] is missing"),
        (with_row("unit", 2, math.nan), "nevertreated", "unit[2] is missing"),
        (
            small(unit=np.array([1, 1, "one"] + [2] * 9, dtype=object)),
            "nevertreated",
            "unit labels must be all numbers or all strings",
        ),
        (
            with_row("unit", 2, "one"),
            "nevertreated",
            "the panel is unbalanced: unit 'one' has no row for period 1",
        ),
        (small(unit=[[1, 2]] * 12), "nevertreated", "unit must be one-dimensional"),
        (
            with_row("time", 1, 1),
            "nevertreated",
            "unit 1 has 2 rows for period 1 (rows 0 and 1)",
        ),
        (
            without_row(4),
            "nevertreated",
            "the panel is unbalanced: unit 2 has no row for period 2",
        ),
        (
            with_row("group", 1, 3),
            "nevertreated",
            "group varies within unit 1: 3 in row 1 but 2 in row 0",
        ),
        (
            with_row("group", 11, 2),
            "nevertreated",
            "group varies within unit 4: 0 in row 9 but 2 in row 11",
        ),
        (
            small(group=[2] * 3 + [3] * 3 + [2] * 6),
            "nevertreated",
            "no unit is never treated (group 0 or None); use control_group='notyettreated'",
        ),
        (
            small(time=[1, 2, 5] * 4, group=[3] * 6 + [5] * 6),
            "notyettreated",
            "no unit is never treated, and no cohort but the last (5) is first treated within "
            "the periods before 5; there is no one to compare with",
        ),
        (
            small(group=[2] * 6 + [2] * 6),
            "notyettreated",
            "no unit is never treated, and fewer than 2 periods come before the last cohort (2)",
        ),
        (
            small(group=[0] * 6 + [1] * 3 + [5] * 3),
            "nevertreated",
            "no unit is first treated after the first period (1); there is no treatment effect",
        ),
        (
            {k: col[:3] for k, col in small().items()},
            "nevertreated",
            "need at least 2 units, got 1",
        ),
        (
            {k: col[::3] for k, col in small().items()},
            "nevertreated",
            "need at least 2 periods, got 1",
        ),
        (small(), "never", "control_group must be 'nevertreated' or 'notyettreated', got 'never'"),
    ],
)
def test_att_gt_rejects(kwargs: dict[str, Any], control_group: str, message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        att_gt(**kwargs, control_group=control_group)  # type: ignore[arg-type]
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("kind", "bounds", "message"),
    [
        ("total", {}, "kind must be 'simple', 'group', 'dynamic' or 'calendar', got 'total'"),
        ("group", {"max_e": 1}, "min_e and max_e apply to kind='dynamic' only, not 'group'"),
        ("dynamic", {"min_e": 2, "max_e": 1}, "min_e (2) is larger than max_e (1)"),
        ("dynamic", {"min_e": 1.5}, "min_e must be a whole number or None, got 1.5"),
        ("dynamic", {"max_e": True}, "max_e must be a whole number or None, got True"),
        (
            "dynamic",
            {"min_e": 5, "max_e": 9},
            "no event time lies between min_e=5 and max_e=9 (the data have -1 to 1)",
        ),
    ],
)
def test_aggregate_rejects(kind: str, bounds: dict[str, Any], message: str) -> None:
    result = att_gt(**small())
    with pytest.raises(AnalysisError) as err:
        aggregate(result, kind, **bounds)  # type: ignore[arg-type]
    assert message in str(err.value)


def test_event_study_of_pre_periods_only_has_no_overall() -> None:
    agg = aggregate(att_gt(**small()), "dynamic", max_e=-1)
    assert [p.label for p in agg.by] == [-1]
    assert math.isnan(agg.overall_att) and math.isnan(agg.overall_se)
    assert all(math.isnan(v) for v in agg.overall_ci95)


def test_sample_rules_follow_r() -> None:
    """First treated in the first period: dropped and counted; after the last period:
    never treated; 0, None and NaN all mean never treated."""
    reference = att_gt(**small())
    early = list(small()["unit"]) + [5, 5, 5]
    r = att_gt(
        early,
        small()["time"] + [1, 2, 3],
        small()["y"] + [9.0, 0.0, 4.0],
        small()["group"] + [1, 1, 1],
    )
    assert (r.n_units, r.n_dropped) == (4, 1)
    assert r.cells == reference.cells
    late = att_gt(**small(group=[2] * 3 + [7] * 3 + [0] * 6))
    never = att_gt(**small(group=[2] * 3 + [0] * 9))
    assert late.cells == never.cells and late.groups == (2,)
    nan = att_gt(**small(group=[2, 2, 2, 3, 3, 3, math.nan, math.nan, math.nan, 0, 0, 0]))
    assert nan.cells == reference.cells
