"""Callaway & Sant'Anna staggered difference-in-differences (ovop.analysis.staggered), no
database: R did's mpdta example to 1e-6, input checks, simulated panels."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ovop.analysis import AnalysisError
from ovop.analysis.staggered import Aggregate, StaggeredResult, aggregate, att_gt

MPDTA = Path(__file__).parent / "data" / "mpdta.csv"

# Reference figures: the Python ports of R did, run on the same mpdta.csv with analytic
# standard errors (in a throw-away venv, python3.11 -m venv /tmp/csvenv && pip install
# csdid==0.4.3 differences==0.3.0, with numpy 2.4.6, scipy 1.17.1, pandas 3.1.1):
#   from csdid.att_gt import ATTgt
#   a = ATTgt(yname="lemp", tname="year", idname="countyreal", gname="first.treat",
#             data=pandas.read_csv("mpdta.csv", comment="#"), control_group=CG)
#   a.fit(est_method="dr", base_period="varying", bstrap=False)    # a.results: att, se
#   a.aggte(typec=KIND, bstrap=False, cband=False)                  # a.atte: overall_att,
#                                                                   # overall_se, egt, ...
# (plus min_e=-2, max_e=2 for the trimmed event study). differences 0.3.0
# (ATTgt(data, cohort_column="first_treat").fit("lemp", est_method="dr",
# control_group="never_treated"/"not_yet_treated"), then .aggregate(KIND[, overall=True]))
# prints the same figures to its 12 decimals. R's did documentation for
# att_gt(yname="lemp", tname="year", idname="countyreal", gname="first.treat",
# xformla=~1, data=mpdta) publishes the rounded ones in test_mpdta_published_figures.

# (group, time, ATT(g,t), se)
NEVER_TREATED = [
    (2004, 2004, -0.010503246220962385, 0.023251036368166333),
    (2004, 2005, -0.07042315810314675, 0.03098476675727665),
    (2004, 2006, -0.13725873888940318, 0.0364356642876865),
    (2004, 2007, -0.10081136308540416, 0.03435922583467323),
    (2006, 2004, 0.006520112424233007, 0.023326805141804702),
    (2006, 2005, -0.0027508187505188102, 0.019558561035881657),
    (2006, 2006, -0.0045946069528630396, 0.017755196659276287),
    (2006, 2007, -0.04122447154621747, 0.020229180704106838),
    (2007, 2004, 0.030506655583292804, 0.01503356028013004),
    (2007, 2005, -0.002725892886116262, 0.01639583289553442),
    (2007, 2006, -0.031087119389688868, 0.017877511313343517),
    (2007, 2007, -0.026054410719196626, 0.016655435349252175),
]
NOT_YET_TREATED = [
    (2004, 2004, -0.019372363675922134, 0.022310112883680573),
    (2004, 2005, -0.07831909906206068, 0.030390228543397232),
    (2004, 2006, -0.1362743463286779, 0.03540338496891006),
    (2004, 2007, -0.10081136308540416, 0.03435922583467323),
    (2006, 2004, -0.002562550942610982, 0.022530235145338813),
    (2006, 2005, -0.0019392460957887477, 0.019042158605818944),
    (2006, 2006, 0.004660876319976147, 0.01633558424682359),
    (2006, 2007, -0.04122447154621747, 0.020229180704106838),
    (2007, 2004, 0.02975936476103116, 0.014533541638651448),
    (2007, 2005, -0.0024106128000969127, 0.016031296375517853),
    (2007, 2006, -0.031087119389688868, 0.017877511313343517),
    (2007, 2007, -0.026054410719196626, 0.016655435349252175),
]

# kind -> ((overall ATT, overall se), ((label, att, se), ...))
Table = dict[str, tuple[tuple[float, float], tuple[tuple[int, float, float], ...]]]
NEVER_TREATED_AGGREGATES: Table = {
    "simple": ((-0.03995127515517632, 0.01203401277018542), ()),
    "group": (
        (-0.03101828222874843, 0.012446059320997904),
        (
            (2004, -0.07974912657472912, 0.026367799435027265),
            (2006, -0.022909539249540256, 0.016703330255161918),
            (2007, -0.026054410719196626, 0.016655435349252175),
        ),
    ),
    "dynamic": (
        (-0.07723982145731514, 0.019964989061849382),
        (
            (-3, 0.030506655583292804, 0.01503356028013004),
            (-2, -0.0005630846263854389, 0.013291644736549993),
            (-1, -0.024458744971169556, 0.014236402210519318),
            (0, -0.019931816789259302, 0.011826364058058179),
            (1, -0.05095736706519391, 0.016893476268677998),
            (2, -0.13725873888940318, 0.0364356642876865),
            (3, -0.10081136308540416, 0.034359225834673233),
        ),
    ),
    "calendar": (
        (-0.04170043213128222, 0.015971851884559955),
        (
            (2004, -0.010503246220962385, 0.023251036368166337),
            (2005, -0.07042315810314675, 0.03098476675727665),
            (2006, -0.04881598426504309, 0.02012586126050028),
            (2007, -0.037059339935976654, 0.013747079141118543),
        ),
    ),
}
NOT_YET_TREATED_AGGREGATES: Table = {
    "simple": ((-0.03976362562304367, 0.012052424787341892), ()),
    "group": (
        (-0.03046222811256497, 0.01257512013168179),
        (
            (2004, -0.08369429303801622, 0.02570159976800685),
            (2006, -0.018281797613120664, 0.015922235824500055),
            (2007, -0.026054410719196626, 0.016655435349252175),
        ),
    ),
    "dynamic": (
        (-0.07739931397058471, 0.019560176946394357),
        (
            (-3, 0.02975936476103116, 0.01453354163865145),
            (-2, -0.0024461538860651158, 0.01312035043427083),
            (-1, -0.02426890341450755, 0.014463681675801924),
            (0, -0.018922199083424893, 0.012044568689269064),
            (1, -0.053589347384831884, 0.01694638553912503),
            (2, -0.1362743463286779, 0.03540338496891006),
            (3, -0.10081136308540416, 0.034359225834673233),
        ),
    ),
    "calendar": (
        (-0.04426708347588367, 0.015570904421144881),
        (
            (2004, -0.019372363675922134, 0.022310112883680573),
            (2005, -0.07831909906206068, 0.030390228543397232),
            (2006, -0.04231753122957521, 0.019056257643166763),
            (2007, -0.037059339935976654, 0.013747079141118543),
        ),
    ),
}
# aggte(type="dynamic", min_e=-2, max_e=2): the overall now averages e = 0, 1, 2 only
TRIMMED_EVENT_STUDY = {
    "nevertreated": (-0.0693826409146188, 0.017269490392467602),
    "notyettreated": (-0.06959529759897823, 0.016891305562598744),
}
# mpdta without its never-treated counties, control_group="notyettreated": periods from
# 2007 (the last cohort) are dropped and the 2007 cohort is the comparison group
NO_NEVER_TREATED = [
    (2004, 2004, -0.03539901451558624, 0.023376770543494938),
    (2004, 2005, -0.0925872029000982, 0.03257607041946916),
    (2004, 2006, -0.13395238219689087, 0.038708457862996974),
    (2006, 2004, -0.02398654315905979, 0.02405583161718012),
    (2006, 2005, -2.4925864402549487e-05, 0.022457972209860826),
    (2006, 2006, 0.026492512436825846, 0.019380512966734542),
]
NO_NEVER_TREATED_SIMPLE = (-0.04179071494778473, 0.020454315072859216)


def close(expected: float) -> Any:
    """Within 1e-6 relative (and so far below 1e-6 absolute for these small figures)."""
    return pytest.approx(expected, rel=1e-6, abs=1e-12)


def mpdta() -> dict[str, np.ndarray[Any, Any]]:
    with MPDTA.open(newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    return {name: np.array([row[name] for row in rows], dtype=float) for name in rows[0]}


@pytest.fixture(scope="module")
def data() -> dict[str, np.ndarray[Any, Any]]:
    return mpdta()


def fit(data: dict[str, np.ndarray[Any, Any]], control_group: str = "nevertreated") -> Any:
    return att_gt(
        data["countyreal"].astype(int),
        data["year"].astype(int),
        data["lemp"],
        data["first.treat"],
        control_group=control_group,  # type: ignore[arg-type]
    )


def test_mpdta_file_is_the_r_data_set(data: dict[str, np.ndarray[Any, Any]]) -> None:
    assert list(data) == ["year", "countyreal", "lpop", "lemp", "first.treat", "treat"]
    assert data["year"].shape == (2500,)
    assert np.unique(data["countyreal"]).shape == (500,)
    assert set(np.unique(data["year"])) == {2003, 2004, 2005, 2006, 2007}
    first = {int(c): int(g) for c, g in zip(data["countyreal"], data["first.treat"], strict=True)}
    sizes = {g: sum(1 for v in first.values() if v == g) for g in (0, 2004, 2006, 2007)}
    assert sizes == {0: 309, 2004: 20, 2006: 40, 2007: 131}
    assert (data["treat"] == (data["first.treat"] > 0)).all()


@pytest.mark.parametrize(
    ("control_group", "expected"),
    [("nevertreated", NEVER_TREATED), ("notyettreated", NOT_YET_TREATED)],
)
def test_mpdta_group_time_effects(
    data: dict[str, np.ndarray[Any, Any]], control_group: str, expected: list[Any]
) -> None:
    r = fit(data, control_group)
    assert [(c.group, c.time) for c in r.cells] == [(g, t) for g, t, _, _ in expected]
    for cell, (_, _, att, se) in zip(r.cells, expected, strict=True):
        assert cell.att == close(att)
        assert cell.se == close(se)
        assert cell.ci95 == pytest.approx((att - 1.959964 * se, att + 1.959964 * se), abs=1e-7)
    assert (r.n_units, r.n_dropped, r.periods, r.groups) == (
        500,
        0,
        (2003, 2004, 2005, 2006, 2007),
        (2004, 2006, 2007),
    )


@pytest.mark.parametrize(
    ("control_group", "table"),
    [("nevertreated", NEVER_TREATED_AGGREGATES), ("notyettreated", NOT_YET_TREATED_AGGREGATES)],
)
@pytest.mark.parametrize("kind", ["simple", "group", "dynamic", "calendar"])
def test_mpdta_aggregations(
    data: dict[str, np.ndarray[Any, Any]], control_group: str, table: Table, kind: str
) -> None:
    agg = aggregate(fit(data, control_group), kind)  # type: ignore[arg-type]
    (overall_att, overall_se), by = table[kind]
    assert agg.kind == kind
    assert (agg.overall_att, agg.overall_se) == (close(overall_att), close(overall_se))
    assert agg.overall_ci95 == (
        pytest.approx(overall_att - 1.959964 * overall_se, abs=1e-7),
        pytest.approx(overall_att + 1.959964 * overall_se, abs=1e-7),
    )
    assert [p.label for p in agg.by] == [label for label, _, _ in by]
    for part, (_, att, se) in zip(agg.by, by, strict=True):
        assert (part.att, part.se) == (close(att), close(se))


@pytest.mark.parametrize("control_group", ["nevertreated", "notyettreated"])
def test_mpdta_trimmed_event_study(
    data: dict[str, np.ndarray[Any, Any]], control_group: str
) -> None:
    full = aggregate(fit(data, control_group), "dynamic")
    trimmed = aggregate(fit(data, control_group), "dynamic", min_e=-2, max_e=2)
    assert [p.label for p in trimmed.by] == [-2, -1, 0, 1, 2]
    assert trimmed.by == full.by[1:6]
    att, se = TRIMMED_EVENT_STUDY[control_group]
    assert (trimmed.overall_att, trimmed.overall_se) == (close(att), close(se))


def test_mpdta_without_never_treated_units(data: dict[str, np.ndarray[Any, Any]]) -> None:
    keep = data["first.treat"] != 0
    r = fit({name: column[keep] for name, column in data.items()}, "notyettreated")
    assert (r.n_units, r.periods, r.groups) == (191, (2003, 2004, 2005, 2006), (2004, 2006))
    assert [(c.group, c.time) for c in r.cells] == [(g, t) for g, t, _, _ in NO_NEVER_TREATED]
    for cell, (_, _, att, se) in zip(r.cells, NO_NEVER_TREATED, strict=True):
        assert (cell.att, cell.se) == (close(att), close(se))
    simple = aggregate(r, "simple")
    assert (simple.overall_att, simple.overall_se) == tuple(map(close, NO_NEVER_TREATED_SIMPLE))
    with pytest.raises(AnalysisError, match="no unit is never treated"):
        fit({name: column[keep] for name, column in data.items()})


def test_mpdta_published_figures(data: dict[str, np.ndarray[Any, Any]]) -> None:
    """Rounded figures that R did's documentation prints for mpdta (its standard errors come
    from the multiplier bootstrap, so they only approximate the analytic ones): ATT(2004,
    2004) -0.0105 (se 0.0233), simple -0.0400 (se 0.0115), event time 0 -0.0199, group
    overall -0.0310; the group overall -0.031 (se 0.0124) is also printed by R did in
    bcallaway11/did pull request 223."""
    r = fit(data)
    assert r.cells[0].att == pytest.approx(-0.0105, abs=5e-5)
    assert r.cells[0].se == pytest.approx(0.0233, abs=5e-5)
    simple = aggregate(r, "simple")
    assert simple.overall_att == pytest.approx(-0.0400, abs=5e-5)
    assert simple.overall_se == pytest.approx(0.0115, abs=1e-3)
    on_impact = {p.label: p for p in aggregate(r, "dynamic").by}[0]
    assert on_impact.att == pytest.approx(-0.0199, abs=5e-5)
    group = aggregate(r, "group")
    assert group.overall_att == pytest.approx(-0.0310, abs=5e-5)
    assert group.overall_se == pytest.approx(0.0124, abs=5e-5)


def test_mpdta_cells_name_their_comparison(data: dict[str, np.ndarray[Any, Any]]) -> None:
    never = {(c.group, c.time): c for c in fit(data).cells}
    assert {c.n_control for c in never.values()} == {309}
    assert [never[2004, t].n_treated for t in (2004, 2005, 2006, 2007)] == [20] * 4
    assert [never[2007, t].base for t in (2004, 2005, 2006, 2007)] == [2003, 2004, 2005, 2006]
    assert [never[2004, t].base for t in (2004, 2005, 2006, 2007)] == [2003] * 4
    assert [never[2006, t].post for t in (2004, 2005, 2006, 2007)] == [False, False, True, True]
    later = {(c.group, c.time): c.n_control for c in fit(data, "notyettreated").cells}
    # never treated (309) plus the cohorts first treated after t, other than g itself
    assert later[2004, 2004] == 309 + 40 + 131
    assert later[2004, 2006] == 309 + 131
    assert later[2004, 2007] == 309
    assert later[2006, 2005] == 309 + 131
    assert later[2007, 2004] == 309 + 40


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


def test_row_order_and_labels_do_not_matter(data: dict[str, np.ndarray[Any, Any]]) -> None:
    order = np.random.default_rng(11).permutation(data["year"].shape[0])
    labels = np.array([f"county {int(c):05d}" for c in data["countyreal"]])
    shuffled = att_gt(
        labels[order], data["year"][order], data["lemp"][order], data["first.treat"][order]
    )
    reference = fit(data)
    for a, b in zip(shuffled.cells, reference.cells, strict=True):
        assert (a.group, a.time, a.n_treated, a.n_control) == (
            b.group,
            b.time,
            b.n_treated,
            b.n_control,
        )
        assert (a.att, a.se) == (pytest.approx(b.att, rel=1e-12), pytest.approx(b.se, rel=1e-12))


def simulated(
    seed: int, n: int = 300, effect: Any = None, periods: tuple[int, ...] = (1, 2, 3, 4, 5)
) -> dict[str, np.ndarray[Any, Any]]:
    """A balanced panel with unit effects, a common trend and N(0, 1) noise; cohorts 2 and 4
    and never-treated units; ``effect(event_time)`` is added from the first treated period."""
    rng = np.random.default_rng(seed)
    cohort = rng.choice([0, 2, 4], size=n, p=[0.4, 0.3, 0.3])
    t = np.tile(np.array(periods), n)
    g = np.repeat(cohort, len(periods))
    y = np.repeat(rng.normal(0.0, 2.0, n), len(periods)) + 0.5 * t + rng.normal(size=t.shape)
    treated = (g > 0) & (t >= g)
    if effect is not None:
        y = y + np.where(treated, effect(t - g), 0.0)
    return {"unit": np.repeat(np.arange(n), len(periods)), "time": t, "y": y, "group": g}


def every_estimate(result: StaggeredResult) -> list[tuple[str, float, float, bool]]:
    """(what, estimate, se, is a treatment effect) for every cell and aggregate entry."""
    rows = [(f"ATT({c.group},{c.time})", c.att, c.se, c.post) for c in result.cells]
    for kind in ("simple", "group", "dynamic", "calendar"):
        agg: Aggregate = aggregate(result, kind)  # type: ignore[arg-type]
        rows.append((f"{kind} overall", agg.overall_att, agg.overall_se, True))
        post = (lambda p: p.label >= 0) if kind == "dynamic" else (lambda p: True)
        rows += [(f"{kind} {p.label}", p.att, p.se, post(p)) for p in agg.by]
    return rows


@pytest.mark.parametrize("control_group", ["nevertreated", "notyettreated"])
def test_constant_effect_is_recovered(control_group: str) -> None:
    panel = simulated(seed=3, n=4000, effect=lambda e: np.full(e.shape, 1.5))
    result = att_gt(**panel, control_group=control_group)  # type: ignore[arg-type]
    for what, estimate, se, post in every_estimate(result):
        truth = 1.5 if post else 0.0
        assert abs(estimate - truth) < 4 * se, what
        assert 0 < se < 0.1, what


def test_two_way_structure_without_effect_gives_exact_zeros() -> None:
    """y = a_i + l_t exactly: every comparison is 0 with no spread; adding a_i + l_t to
    any outcome changes no estimate and no standard error."""
    panel = simulated(seed=5)
    n_periods = 5
    a = np.repeat(np.random.default_rng(6).normal(0, 10, 300), n_periods)
    trend = np.tile([3.0, -1.0, 4.0, 1.0, -5.0], 300)
    flat = att_gt(panel["unit"], panel["time"], a + trend, panel["group"])
    for what, estimate, se, _ in every_estimate(flat):
        assert (estimate, se) == (pytest.approx(0, abs=1e-12), pytest.approx(0, abs=1e-12)), what
    plain = every_estimate(att_gt(**panel))
    shifted = every_estimate(att_gt(**(panel | {"y": panel["y"] + a + trend})))
    for (what, est, se, _), (_, est2, se2, _) in zip(plain, shifted, strict=True):
        assert (est2, se2) == (pytest.approx(est, abs=1e-11), pytest.approx(se, rel=1e-9)), what


def test_intervals_cover_a_zero_effect_at_about_95_percent() -> None:
    """200 panels (seeds 0-199) without any effect: the 95 % interval of the simple
    aggregate covers 0 in 187 of them (93.5 %), well inside binomial noise around 95 %."""
    covered = 0
    for seed in range(200):
        low, high = aggregate(att_gt(**simulated(seed)), "simple").overall_ci95
        covered += low <= 0 <= high
    assert covered == 187


def two_way_fixed_effects(panel: dict[str, np.ndarray[Any, Any]], n_periods: int) -> float:
    """The coefficient on D_it = [treated and t >= g] in y = a_i + l_t + b D_it + e, by the
    within transformation of a balanced panel (rows sorted by unit, then period)."""
    y = panel["y"].reshape(-1, n_periods)
    d = ((panel["group"] > 0) & (panel["time"] >= panel["group"])).reshape(-1, n_periods)

    def within(m: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        return m - m.mean(axis=1, keepdims=True) - m.mean(axis=0, keepdims=True) + m.mean()

    dd = within(d.astype(float))
    return float((dd * within(y)).sum() / (dd * dd).sum())


def test_two_way_fixed_effects_is_biased_but_callaway_santanna_is_not() -> None:
    """Effects that grow with time since treatment (1 in the first treated period, +1 each
    period after) and staggered timing: TWFE uses the early cohort, already treated and
    still changing, as a control for the late one: it gives 1.68 where the average effect on
    the treated is 2.64, far outside its sampling noise; the simple aggregate of the ATT(g,t)
    recovers the average and the event study the path 1, 2, 3, ..."""
    panel = simulated(seed=8, n=3000, effect=lambda e: 1.0 + e, periods=(1, 2, 3, 4, 5, 6))
    treated = (panel["group"] > 0) & (panel["time"] >= panel["group"])
    truth = float((1.0 + panel["time"] - panel["group"])[treated].mean())
    simple = aggregate(att_gt(**panel), "simple")
    assert abs(simple.overall_att - truth) < 4 * simple.overall_se
    assert simple.overall_se < 0.05
    twfe = two_way_fixed_effects(panel, 6)
    assert twfe == pytest.approx(1.68, abs=0.01)
    assert truth == pytest.approx(2.64, abs=0.01)
    assert truth - twfe > 20 * simple.overall_se
    dynamic = {p.label: p.att for p in aggregate(att_gt(**panel), "dynamic").by}
    for e in range(5):
        assert dynamic[e] == pytest.approx(1.0 + e, abs=0.15)


def test_influence_functions(data: dict[str, np.ndarray[Any, Any]]) -> None:
    """Each ATT(g,t)'s influence function has mean 0 and gives its se; the simple aggregate
    matches R did's wif(), written out here as if1 - if2 (n x k matrices)."""
    result = fit(data)
    matrix = result.influence.matrix()
    n = result.n_units
    assert matrix.shape == (500, 12)
    assert np.abs(matrix.mean(axis=0)).max() < 1e-12
    ses = np.sqrt((matrix**2).mean(axis=0) / n)
    assert ses == pytest.approx([c.se for c in result.cells], rel=1e-12)
    first = {int(c): g for c, g in zip(data["countyreal"], data["first.treat"], strict=True)}
    unit_group = np.array([first[c] for c in sorted(first)])
    keep = [k for k, c in enumerate(result.cells) if c.post]
    pg = np.array([np.mean(unit_group == result.cells[k].group) for k in keep])
    att = np.array([result.cells[k].att for k in keep])
    indicator = np.column_stack([unit_group == result.cells[k].group for k in keep])
    if1 = (indicator - pg) / pg.sum()
    if2 = np.outer((indicator - pg).sum(axis=1), pg / pg.sum() ** 2)
    influence = matrix[:, keep] @ (pg / pg.sum()) + (if1 - if2) @ att
    simple = aggregate(result, "simple")
    assert simple.overall_att == pytest.approx(float(pg @ att / pg.sum()), rel=1e-12)
    assert simple.overall_se == pytest.approx(math.sqrt((influence**2).mean() / n), rel=1e-12)
