"""Published examples, statsmodels references, input checks and properties for
ovop.analysis.heterogeneity."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ovop.analysis import AnalysisError
from ovop.analysis.heterogeneity import (
    Z95,
    benjamini_hochberg,
    cochran_q,
    holm,
    subgroup_effects,
)

multitest = pytest.importorskip("statsmodels.stats.multitest")

# BCG vaccine trials (metafor's dat.bcg, from Colditz et al. 1994, JAMA 271(9):698-702):
# tuberculosis cases / non-cases among the vaccinated (tpos, tneg) and the unvaccinated
# (cpos, cneg) of 13 trials.
BCG = np.array(
    [
        (4, 119, 11, 128),
        (6, 300, 29, 274),
        (3, 228, 11, 209),
        (62, 13536, 248, 12619),
        (33, 5036, 47, 5761),
        (180, 1361, 372, 1079),
        (8, 2537, 10, 619),
        (505, 87886, 499, 87892),
        (29, 7470, 45, 7232),
        (17, 1699, 65, 1600),
        (186, 50448, 141, 27197),
        (5, 2493, 3, 2338),
        (27, 16886, 29, 17825),
    ],
    dtype=np.float64,
)


def bcg_log_risk_ratios() -> tuple[np.ndarray, np.ndarray]:
    """metafor's escalc(measure="RR"): log risk ratio and its large-sample variance."""
    a, b, c, d = BCG.T
    yi = np.log(a / (a + b)) - np.log(c / (c + d))
    vi = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    return yi, vi


def test_cochran_q_reproduces_metafor_bcg() -> None:
    """metafor's test suite (tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r,
    also checked there against Stata's metan) reports for rma(yi, vi, method="FE") on the
    log risk ratios: estimate -0.4303, 95 % CI -0.5097 to -0.3509, z = -10.6247,
    Q(df = 12) = 152.2330; and for method="DL", I^2 = 92.1173 %, which is (Q - df) / Q."""
    yi, vi = bcg_log_risk_ratios()
    h = cochran_q(yi, np.sqrt(vi))
    assert h.q == pytest.approx(152.2330, abs=5e-5)
    assert h.df == 12
    assert h.p < 1e-4
    assert 100 * h.i2 == pytest.approx(92.1173, abs=5e-5)
    assert h.pooled == pytest.approx(-0.4303, abs=5e-5)
    assert h.pooled / h.pooled_se == pytest.approx(-10.6247, abs=5e-5)
    ci = (h.pooled - Z95 * h.pooled_se, h.pooled + Z95 * h.pooled_se)
    assert ci == pytest.approx((-0.5097, -0.3509), abs=5e-5)


def independent_q(theta: np.ndarray, se: np.ndarray) -> tuple[float, float, float, float]:
    """Q, its p-value, I^2 and the pooled estimate, straight from the textbook formulas."""
    w = 1.0 / se**2
    pooled = float(np.sum(w * theta) / np.sum(w))
    q = float(np.sum(w * (theta - pooled) ** 2))
    df = len(theta) - 1
    i2 = max(0.0, (q - df) / q) if q > 0 else 0.0
    return q, float(scipy.stats.chi2.sf(q, df)), i2, pooled


def test_cochran_q_matches_the_plain_formulas() -> None:
    rng = np.random.default_rng(11)
    theta, se = rng.normal(2.0, 1.5, 9), rng.uniform(0.2, 2.0, 9)
    h = cochran_q(theta, se)
    q, p, i2, pooled = independent_q(theta, se)
    assert (h.q, h.p, h.i2, h.pooled) == pytest.approx((q, p, i2, pooled), rel=1e-12)
    assert h.pooled_se == pytest.approx(1 / math.sqrt(np.sum(1 / se**2)), rel=1e-12)


def test_subgroup_effects_by_hand() -> None:
    # three kecamatan with effects 1, 2, 3 (se 1): pooled 2, Q = 1 + 0 + 1 = 2 on 2 df,
    # p = exp(-Q / 2) = exp(-1) for 2 df; Q < df, so I^2 = 0
    r = subgroup_effects(["Kec. A", "Kec. B", "Kec. C"], [1.0, 2.0, 3.0], [1.0, 1.0, 1.0])
    h = r.heterogeneity
    assert (h.q, h.df, h.i2, h.pooled) == (2.0, 2, 0.0, 2.0)
    assert h.p == pytest.approx(math.exp(-1), rel=1e-14)
    assert h.pooled_se == pytest.approx(1 / math.sqrt(3), rel=1e-15)
    b = r.subgroups[1]
    assert (b.label, b.estimate, b.se, b.z) == ("Kec. B", 2.0, 1.0, 2.0)
    assert b.ci95 == pytest.approx((2 - 1.959963985, 2 + 1.959963985), abs=1e-9)
    p = [2 * scipy.stats.norm.sf(z) for z in (1.0, 2.0, 3.0)]  # 0.3173, 0.0455, 0.0027
    assert [s.p for s in r.subgroups] == pytest.approx(p, rel=1e-14)
    # Holm: sorted p3 < p2 < p1 get factors 3, 2, 1, made non-decreasing
    holm_expected = [max(3 * p[2], 2 * p[1], p[0]), max(3 * p[2], 2 * p[1]), 3 * p[2]]
    assert [s.p_holm for s in r.subgroups] == pytest.approx(holm_expected, rel=1e-14)
    # BH: 3 p_(i) / i from the largest down, made non-increasing: p1, 3 p2 / 2, 3 p3
    bh_expected = [p[0], 1.5 * p[1], 3 * p[2]]
    assert [s.q_bh for s in r.subgroups] == pytest.approx(bh_expected, rel=1e-14)


def test_two_very_different_subgroups() -> None:
    # women 0, men 10, se 1: pooled 5, Q = 25 + 25 = 50 on 1 df, I^2 = 49 / 50
    h = subgroup_effects(["women", "men"], [0.0, 10.0], [1.0, 1.0]).heterogeneity
    assert (h.q, h.df, h.i2) == (50.0, 1, 0.98)
    assert h.p == pytest.approx(scipy.stats.chi2.sf(50.0, 1), rel=1e-14)


def test_identical_subgroups_have_no_heterogeneity() -> None:
    h = subgroup_effects([1, 2, 3], [4.0, 4.0, 4.0], [0.5, 1.0, 2.0]).heterogeneity
    assert (h.q, h.p, h.i2, h.pooled) == (0.0, 1.0, 0.0, 4.0)


def test_labels_may_be_any_values_and_are_shown_as_text() -> None:
    r = subgroup_effects([3, 4, 5], [0.1, 0.2, 0.3], [0.1, 0.1, 0.1])  # star levels
    assert [s.label for s in r.subgroups] == ["3", "4", "5"]


def test_extreme_standard_errors_neither_overflow_nor_underflow() -> None:
    h = cochran_q([1.0, 2.0], [1e-200, 1e-200])
    assert h.pooled == 1.5 and h.pooled_se == pytest.approx(1e-200 / math.sqrt(2))
    assert h.q == math.inf and h.i2 == 1.0 and h.p == 0.0
    tiny = cochran_q([1e-300, 3e-300], [1e-300, 1e-300])
    assert tiny.q == pytest.approx(2.0) and tiny.pooled == pytest.approx(2e-300)


# Benjamini & Hochberg (1995), section 4: 15 p-values of a trial of thrombolysis (Neuhaus
# et al. 1992). The paper's procedure rejects the four smallest at 0.05.
BH_1995 = [
    0.0001,
    0.0004,
    0.0019,
    0.0095,
    0.0201,
    0.0278,
    0.0298,
    0.0344,
    0.0459,
    0.3240,
    0.4262,
    0.5719,
    0.6528,
    0.7590,
    1.0000,
]


def test_benjamini_hochberg_published_example() -> None:
    q = benjamini_hochberg(BH_1995)
    assert int((q <= 0.05).sum()) == 4 and bool((q[:4] <= 0.05).all())
    # by hand, min over i >= j of 15 p_(i) / i:
    assert q[:5] == pytest.approx([0.0015, 0.003, 0.0095, 0.035625, 0.0603], rel=1e-12)
    assert q[-1] == 1.0


def test_holm_published_example() -> None:
    h = holm(BH_1995)
    assert int((h <= 0.05).sum()) == 3  # 12 x 0.0095 = 0.114 stops Holm at the fourth
    assert h[:4] == pytest.approx([0.0015, 0.0056, 0.0247, 0.114], rel=1e-12)


@pytest.mark.parametrize("method", ["holm", "fdr_bh"])
def test_adjustments_match_statsmodels_on_the_published_example(method: str) -> None:
    ours = holm(BH_1995) if method == "holm" else benjamini_hochberg(BH_1995)
    _, ref, _, _ = multitest.multipletests(BH_1995, method=method)
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=0)


def test_adjustments_of_nothing_are_nothing() -> None:
    assert holm([]).shape == (0,) and benjamini_hochberg([]).shape == (0,)


@pytest.mark.parametrize(
    ("p", "message"),
    [
        ([0.1, 1.5], "p[1] must be between 0 and 1, got 1.5"),
        ([-0.01], "p[0] must be between 0 and 1, got -0.01"),
        ([0.2, math.nan], "p[1] must be between 0 and 1, got nan"),
        ([[0.1, 0.2]], "p must be one-dimensional, got shape (1, 2)"),
        (["small"], "p must hold numbers only"),
    ],
)
def test_adjustments_reject(p: object, message: str) -> None:
    for adjust in (holm, benjamini_hochberg):
        with pytest.raises(AnalysisError) as err:
            adjust(p)  # type: ignore[arg-type]
        assert str(err.value) == message


@pytest.mark.parametrize(
    ("labels", "estimates", "ses", "message"),
    [
        (
            ["A", "B"],
            [1.0, 2.0],
            [0.5, 0.0],
            "ses[1] (subgroup 'B') must be positive and finite, got 0.0",
        ),
        (
            ["A", "B"],
            [1.0, 2.0],
            [-0.5, 1.0],
            "ses[0] (subgroup 'A') must be positive and finite, got -0.5",
        ),
        (
            ["A", "B"],
            [1.0, 2.0],
            [0.5, math.inf],
            "ses[1] (subgroup 'B') must be positive and finite, got inf",
        ),
        (
            ["A", "B"],
            [1.0, 2.0],
            [0.5, math.nan],
            "ses[1] (subgroup 'B') must be positive and finite, got nan",
        ),
        (["A", "B"], [math.nan, 2.0], [0.5, 0.5], "estimates[0] (subgroup 'A') is not finite"),
        (["A", "B"], [1.0, -math.inf], [0.5, 0.5], "estimates[1] (subgroup 'B') is not finite"),
        (["Kec. A"], [1.0], [0.5], "need at least 2 subgroups, got 1 ('Kec. A')"),
        ([], [], [], "need at least 2 subgroups, got 0"),
        (["A", "B", "A"], [1.0, 2.0, 3.0], [1.0, 1.0, 1.0], "labels[2] ('A') repeats labels[0]"),
        (["A", "B", "C"], [1.0, 2.0], [1.0, 1.0], "labels has 3 values but estimates has 2"),
        (["A", "B"], [1.0, 2.0], [1.0], "estimates has 2 values but ses has 1"),
        ("AB", [1.0, 2.0], [1.0, 1.0], "labels must be a sequence of labels, not one string"),
        (["A", "B"], [1.0, "big"], [1.0, 1.0], "estimates must hold numbers only"),
        (
            ["A", "B"],
            [[1.0, 2.0]],
            [1.0, 1.0],
            "estimates must be one-dimensional, got shape (1, 2)",
        ),
    ],
)
def test_subgroup_effects_rejects(
    labels: object, estimates: object, ses: object, message: str
) -> None:
    with pytest.raises(AnalysisError) as err:
        subgroup_effects(labels, estimates, ses)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_cochran_q_rejects_without_names() -> None:
    with pytest.raises(AnalysisError) as err:
        cochran_q([1.0, 2.0], [1.0, 0.0])
    assert str(err.value) == "ses[1] must be positive and finite, got 0.0"


# --- properties ------------------------------------------------------------------------------

p_values = hnp.arrays(
    np.float64,
    st.integers(1, 40),
    elements=st.floats(0.0, 1.0) | st.sampled_from([0.0, 0.01, 0.05, 1.0]),
)


@given(p_values)
def test_adjusted_p_values_are_at_least_raw_and_at_most_one(p: np.ndarray) -> None:
    h, q = holm(p), benjamini_hochberg(p)
    assert (h >= p).all() and (q >= p).all()
    assert (h <= 1).all() and (q <= 1).all()
    assert (q <= h).all()  # BH never asks more than Holm


@given(p_values)
def test_adjustments_keep_the_order_of_the_raw_p_values(p: np.ndarray) -> None:
    order = np.argsort(p, kind="stable")
    assert (np.diff(holm(p)[order]) >= 0).all()
    assert (np.diff(benjamini_hochberg(p)[order]) >= 0).all()


# statsmodels' multipletests is slow per call; the published example above is checked in full.
@settings(max_examples=25)
@given(p_values)
def test_adjustments_match_statsmodels(p: np.ndarray) -> None:
    _, ref_holm, _, _ = multitest.multipletests(p, method="holm")
    _, ref_bh, _, _ = multitest.multipletests(p, method="fdr_bh")
    np.testing.assert_allclose(holm(p), ref_holm, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(benjamini_hochberg(p), ref_bh, rtol=1e-12, atol=1e-300)


@st.composite
def subgroups(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    k = draw(st.integers(2, 15))
    theta = draw(hnp.arrays(np.float64, k, elements=st.floats(-1e3, 1e3)))
    se = draw(hnp.arrays(np.float64, k, elements=st.floats(1e-2, 1e2)))
    return theta, se


@given(subgroups(), st.floats(-1e3, 1e3))
def test_q_ignores_a_common_shift_and_the_order(
    data: tuple[np.ndarray, np.ndarray], shift: float
) -> None:
    theta, se = data
    h = cochran_q(theta, se)
    q, p, i2, pooled = independent_q(theta, se)
    assert h.q == pytest.approx(q, rel=1e-9, abs=1e-9)
    assert h.pooled == pytest.approx(pooled, rel=1e-9, abs=1e-9)
    assert 0.0 <= h.i2 < 1.0 and h.q >= 0
    assert cochran_q(theta + shift, se).q == pytest.approx(h.q, rel=1e-6, abs=1e-6)
    perm = np.random.default_rng(len(theta)).permutation(len(theta))
    assert cochran_q(theta[perm], se[perm]).q == pytest.approx(h.q, rel=1e-12, abs=1e-12)


@given(subgroups())
def test_subgroup_p_values_agree_with_the_adjustments(data: tuple[np.ndarray, np.ndarray]) -> None:
    theta, se = data
    r = subgroup_effects([f"g{i}" for i in range(len(theta))], theta, se)
    p = np.array([s.p for s in r.subgroups])
    assert [s.p_holm for s in r.subgroups] == list(holm(p))
    assert [s.q_bh for s in r.subgroups] == list(benjamini_hochberg(p))
    for s in r.subgroups:
        assert s.ci95[0] <= s.estimate <= s.ci95[1]
        assert s.p_holm >= s.p and s.q_bh >= s.p
