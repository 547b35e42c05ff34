"""Worked examples and input checks for ovop.analysis.impact (no database)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from ovop.analysis import AnalysisError
from ovop.analysis.impact import did, effectiveness, efficiency, paired

# Student (1908), "The probable error of a mean", Biometrika 6(1): extra hours of sleep of
# 10 patients under two drugs (data of Cushny & Peebles, 1905; R's `sleep` data set).
# R: t.test(extra ~ group, data = sleep, paired = TRUE) reports t = -4.0621, df = 9,
# p-value = 0.002833, 95 % CI -2.4598858 to -0.7001142, mean difference -1.58 (group 1
# minus group 2); here "after" is drug 2, so the signs flip.
DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_paired_student_sleep_data() -> None:
    r = paired(DRUG_1, DRUG_2)
    assert (r.n, r.n_dropped) == (10, 0)
    assert r.mean_before == pytest.approx(0.75)
    assert r.mean_after == pytest.approx(2.33)
    assert r.mean_diff == pytest.approx(1.58)
    assert r.t == pytest.approx(4.0621, abs=5e-5)
    assert r.p_t == pytest.approx(0.002833, abs=5e-7)
    assert r.ci95 == pytest.approx((0.7001142, 2.4598858), abs=5e-8)
    ref = scipy.stats.ttest_rel(DRUG_2, DRUG_1)
    assert r.t == pytest.approx(ref.statistic, rel=1e-12)
    assert r.p_t == pytest.approx(ref.pvalue, rel=1e-12)
    assert r.ci95 == pytest.approx(tuple(ref.confidence_interval(0.95)), rel=1e-12)
    assert r.p_wilcoxon == pytest.approx(scipy.stats.wilcoxon(DRUG_2, DRUG_1).pvalue, rel=1e-12)
    d = np.subtract(DRUG_2, DRUG_1)
    assert r.cohens_d == pytest.approx(d.mean() / d.std(ddof=1), rel=1e-12)
    before = np.array(DRUG_1)
    keep = before != 0  # patient 9 slept 0.0 extra hours under drug 1: no percentage
    assert r.median_pct_change == pytest.approx(
        float(np.median(100 * d[keep] / np.abs(before[keep]))), rel=1e-12
    )


def test_paired_drops_incomplete_pairs() -> None:
    r = paired([*DRUG_1, None, 4.0, float("nan")], [*DRUG_2, 3.0, None, 1.0])
    assert (r.n, r.n_dropped) == (10, 3)
    assert r.t == pytest.approx(paired(DRUG_1, DRUG_2).t, rel=1e-15)


def test_paired_hand_computed() -> None:
    # d = 1, 2, 3: mean 2, sd 1, se 1/sqrt(3), t = 2 sqrt(3)
    r = paired([10.0, 20.0, 30.0], [11.0, 22.0, 33.0])
    assert r.t == pytest.approx(2 * math.sqrt(3), rel=1e-14)
    assert r.p_t == pytest.approx(2 * scipy.stats.t.sf(2 * math.sqrt(3), 2), rel=1e-12)
    assert r.cohens_d == pytest.approx(2.0)
    assert r.median_pct_change == pytest.approx(10.0)


def test_paired_all_differences_zero() -> None:
    r = paired([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert (r.t, r.p_t, r.p_wilcoxon, r.cohens_d, r.ci95) == (0.0, 1.0, 1.0, 0.0, (0.0, 0.0))


def test_paired_constant_nonzero_difference() -> None:
    r = paired([1.0, 2.0, 3.0], [1.5, 2.5, 3.5])
    assert r.t == math.inf and r.p_t == 0.0 and r.cohens_d == math.inf
    assert r.ci95 == (0.5, 0.5)
    assert not math.isnan(r.p_wilcoxon)


def test_paired_no_percentage_without_nonzero_before() -> None:
    assert paired([0.0, 0.0], [1.0, 3.0]).median_pct_change is None


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ([1.0, 2.0], [1.0], "before has 2 values but after has 1"),
        ([1.0, None], [2.0, 3.0], "need at least 2 complete pairs, got 1"),
        ([1.0, math.inf], [2.0, 3.0], "before[1] is infinite"),
        ([1.0, 2.0], ["a", "b"], "after must hold numbers or None only"),
        ([[1.0, 2.0]], [[1.0, 2.0]], "before must be one-dimensional"),
    ],
)
def test_paired_rejects(before: list[object], after: list[object], message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        paired(before, after)  # type: ignore[arg-type]
    assert message in str(err.value)


def test_did_textbook_two_by_two() -> None:
    rng = np.random.default_rng(5)
    treated = rng.integers(0, 2, 200)
    post = rng.integers(0, 2, 200)
    y = rng.normal(10, 3, 200)
    m = {(t, p): y[(treated == t) & (post == p)].mean() for t in (0, 1) for p in (0, 1)}
    expected = (m[1, 1] - m[1, 0]) - (m[0, 1] - m[0, 0])
    for se in ("classical", "hc1"):
        r = did(y, treated, post, se=se)
        assert r.estimate == pytest.approx(expected, rel=1e-12)
        assert (r.n, r.n_clusters, r.se_type) == (200, None, se)
    # classical se of a 2x2 is s * sqrt(sum of 1/n_cell)
    r = did(y, treated, post, se="classical")
    fitted = np.array([m[t, p] for t, p in zip(treated, post, strict=True)])
    s2 = ((y - fitted) ** 2).sum() / (200 - 4)
    n_cells = [((treated == t) & (post == p)).sum() for t in (0, 1) for p in (0, 1)]
    assert r.se == pytest.approx(math.sqrt(s2 * sum(1 / k for k in n_cells)), rel=1e-12)


def test_did_card_krueger_cell_means() -> None:
    """Card & Krueger (1994), "Minimum Wages and Employment", AER 84(4), Table 3: mean FTE
    employment per store, New Jersey (treated) 20.44 -> 21.03 and Pennsylvania (control)
    23.33 -> 21.17 around NJ's April 1992 minimum-wage rise. The published difference-in-
    differences is 2.76; from the rounded means it is 0.59 - (-2.16) = 2.75. Rows are
    built around those means (spread -1, 0, +1), which leaves the cell means unchanged."""
    means = {(1, 0): 20.44, (1, 1): 21.03, (0, 0): 23.33, (0, 1): 21.17}
    rows = [(t, p, mu + e) for (t, p), mu in means.items() for e in (-1.0, 0.0, 1.0)]
    t, p, y = (np.array(col) for col in zip(*rows, strict=True))
    r = did(y, t, p, se="classical")
    assert r.estimate == pytest.approx(2.75, rel=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"y": [1.0, 2.0, 3.0]}, "treated must be one-dimensional with 3 values"),
        ({"y": [1.0, np.nan, 2, 3, 4, 5]}, "y[1] is missing or not finite"),
        ({"treated": [0, 0, 1, 2, 0, 1]}, "treated[3] is not 0 or 1"),
        ({"post": [0, 1, 0, 0, 1, 0]}, "no treated rows after"),
        ({"se": "cluster", "cluster": None}, "se='cluster' needs cluster labels"),
        ({"se": "cluster", "cluster": [7] * 6}, "at least 2 clusters, got 1"),
        ({"se": "hc2"}, "se must be 'cluster', 'hc1' or 'classical'"),
        ({"covariates": [0, 0, 1, 1, 0, 1]}, "covariate column 0 is collinear"),
        ({"covariates": [5.0] * 6}, "covariate column 0 is constant"),
        (
            {"covariates": [[1.0, 2.0, 3.0, 4.0, 5.0, 6.5]] * 6, "se": "hc1"},
            "need more rows than the 10 regressors, got 6",
        ),
        ({"covariates": [1.0, 2.0, np.inf, 4.0, 5.0, 6.0]}, "covariates[2, 0] is missing"),
        ({"cluster": ["a", None, "b", "a", "b", "a"]}, "cluster labels"),
        ({"cluster": [1, 2, 3]}, "cluster must be one-dimensional with 6 labels"),
    ],
)
def test_did_rejects(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "y": [1.0, 2.5, 2.0, 4.0, 3.0, 7.0],
        "treated": [0, 0, 1, 1, 0, 1],
        "post": [0, 1, 0, 1, 1, 0],
        "se": "classical",
        "cluster": [1, 1, 2, 2, 3, 3],
    }
    args.update(kwargs)
    with pytest.raises(AnalysisError) as err:
        did(**args)  # type: ignore[arg-type]
    assert message in str(err.value)


def test_did_too_few_rows() -> None:
    with pytest.raises(AnalysisError, match="need more rows than the 4 regressors, got 4"):
        did([1.0, 2.0, 3.0, 4.0], [0, 0, 1, 1], [0, 1, 0, 1], se="classical")


def test_did_perfect_fit_has_no_nan() -> None:
    r = did(
        [1.0, 1.0, 2.0, 2.0, 5.0, 5.0, 3.0, 3.0],
        [0, 0, 0, 0, 1, 1, 1, 1],
        [0, 0, 1, 1, 0, 0, 1, 1],
        se="classical",
    )
    assert r.estimate == pytest.approx(-3.0)
    assert r.se == 0.0 and r.p == 0.0 and r.ci95 == (r.estimate, r.estimate)


def test_did_string_and_large_int_cluster_labels_agree() -> None:
    rng = np.random.default_rng(9)
    t, p, y = rng.integers(0, 2, 300), rng.integers(0, 2, 300), rng.normal(size=300)
    village = rng.integers(0, 12, 300)
    small = did(y, t, p, cluster=village)
    named = did(y, t, p, cluster=np.array([f"desa-{v}" for v in village]))
    huge = did(y, t, p, cluster=village.astype(np.int64) * 10**12 - 7)
    assert small.n_clusters == named.n_clusters == huge.n_clusters == len(set(village))
    assert small.se == pytest.approx(named.se, rel=1e-13) == huge.se


def test_did_boolean_indicators() -> None:
    rng = np.random.default_rng(2)
    t, p, y = rng.integers(0, 2, 50), rng.integers(0, 2, 50), rng.normal(size=50)
    a = did(y, t, p, se="hc1")
    b = did(y, t.astype(bool), p.astype(float), se="hc1")
    assert a == b


def test_effectiveness() -> None:
    assert effectiveness(80, 100) == 0.8
    assert effectiveness(0, 0) is None
    assert effectiveness(5, 0) is None
    assert effectiveness(-5, -10) == 0.5
    out = effectiveness([1.0, 3.0, 2.0], [2.0, 0.0, 4.0])
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(out, [0.5, np.nan, 0.5])
    with pytest.raises(AnalysisError, match="actual has 2 values but target has 3"):
        effectiveness([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(AnalysisError, match=r"target\[0\] is missing or not finite"):
        effectiveness(1.0, float("nan"))


def test_efficiency() -> None:
    assert efficiency(5_000_000, 20) == 250_000.0
    assert efficiency(5_000_000, 0) is None
    assert efficiency(5_000_000, -3) is None
    assert efficiency(0, 4) == 0.0
    np.testing.assert_array_equal(efficiency([10, 20], 5), [2.0, 4.0])
    with pytest.raises(AnalysisError, match=r"cost_idr\[0\] is negative"):
        efficiency(-1, 5)
