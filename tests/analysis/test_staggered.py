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
from ovop.analysis.staggered import aggregate, att_gt

MPDTA = Path(__file__).parent / "data" / "mpdta.csv"

# Reference figures: the Python ports of R did, run on the same mpdta.csv with analytic
# standard errors (in a separate virtual environment with pip install
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
