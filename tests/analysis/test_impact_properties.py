"""Property tests: did() equals statsmodels OLS for every covariance type (rtol 1e-8)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.stats
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ovop.analysis import AnalysisError
from ovop.analysis.impact import SeType, did, paired

sm = pytest.importorskip("statsmodels.api")

values = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False)


@st.composite
def panels(draw: st.DrawFn) -> dict[str, Any]:
    """Hypothesis-drawn panels; the first four rows fill the four treated x post cells and
    seeded noise of a drawn size keeps the fit from being perfect."""
    n = draw(st.integers(8, 120))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    noise = draw(st.sampled_from([1e-2, 1.0, 50.0]))

    def indicator(first: list[int]) -> np.ndarray[Any, Any]:
        rest = draw(hnp.arrays(np.int8, n - 4, elements=st.integers(0, 1)))
        return np.concatenate([np.array(first, dtype=np.int8), rest])

    treated, post = indicator([0, 0, 1, 1]), indicator([0, 1, 0, 1])
    y = draw(hnp.arrays(np.float64, n, elements=values)) + noise * rng.normal(size=n)
    cluster = draw(hnp.arrays(np.int64, n, elements=st.integers(0, draw(st.integers(1, 15)))))
    cluster[:2] = [0, 1]
    k = draw(st.integers(0, 2))
    z = draw(
        hnp.arrays(
            np.float64, (n, k), elements=st.floats(-50, 50, allow_nan=False, allow_subnormal=False)
        )
    )
    z = z + draw(st.sampled_from([0.0, 1.0])) * rng.normal(size=(n, k))
    return {
        "y": y,
        "treated": treated,
        "post": post,
        "cluster": cluster,
        "covariates": z if k else None,
    }


def reference(d: dict[str, Any], se: str) -> Any:
    t, p = d["treated"].astype(float), d["post"].astype(float)
    cols = [np.ones_like(t), t, p, t * p]
    if d["covariates"] is not None:
        cols.append(d["covariates"])
    x = np.column_stack(cols)
    model = sm.OLS(d["y"], x)
    if se == "cluster":
        return x, model.fit(cov_type="cluster", cov_kwds={"groups": d["cluster"]})
    return x, model.fit(cov_type="HC1") if se == "hc1" else model.fit()


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning:statsmodels")
@pytest.mark.filterwarnings("ignore:The design matrix is rank-deficient")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(panels(), st.sampled_from(["classical", "hc1", "cluster"]))
def test_did_equals_statsmodels(d: dict[str, Any], se: SeType) -> None:
    try:
        ours = did(
            d["y"], d["treated"], d["post"], cluster=d["cluster"], covariates=d["covariates"], se=se
        )
    except AnalysisError as err:  # only a rank-deficient or too small design may fail
        event("AnalysisError")
        assert "collinear" in str(err) or "constant" in str(err) or "more rows" in str(err)
        return
    x, ref = reference(d, se)
    event(f"{x.shape[1] - 4} covariate(s), cond(X) > 1e3: {np.linalg.cond(x) > 1e3}")
    assume(np.linalg.cond(x) < 1e6)  # statsmodels' pinv and our QR both exact to ~1e-10
    assume(ref.ssr > 1e-6 * max(1.0, float(np.sum(d["y"] ** 2))))  # not a perfect fit
    # a standard error that is zero in exact arithmetic is rounding noise on both sides
    assume(ref.bse[3] > 1e-6 * max(1.0, float(np.abs(d["y"]).max())))
    assert ours.estimate == pytest.approx(ref.params[3], rel=1e-8, abs=1e-9)
    assert ours.se == pytest.approx(ref.bse[3], rel=1e-8)
    # A p-value far in the tail moves by about t**2 times the relative change of t.
    t = float(ref.params[3] / ref.bse[3])
    assert ours.p == pytest.approx(ref.pvalues[3], rel=1e-8 * (1 + t * t), abs=1e-300)
    scale = max(abs(ref.params[3]), ref.bse[3])
    np.testing.assert_allclose(ours.ci95, ref.conf_int()[3], rtol=1e-8, atol=1e-10 * scale)
    assert ours.n == d["y"].shape[0]
    assert ours.n_clusters == np.unique(d["cluster"]).size


@settings(max_examples=100, deadline=None)
@given(
    st.integers(2, 40).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, n, elements=values), hnp.arrays(np.float64, n, elements=values)
        )
    )
)
def test_paired_equals_scipy(pair: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]) -> None:
    before, after = pair
    d = after - before
    assume(not (d == d[0]).all())  # constant differences are documented special cases
    assume(float(np.std(d)) > 1e-100)  # scipy's unscaled variance would underflow
    r = paired(before, after)
    ref = scipy.stats.ttest_rel(after, before)
    assert r.t == pytest.approx(ref.statistic, rel=1e-9)
    t = float(ref.statistic)
    assert r.p_t == pytest.approx(ref.pvalue, rel=1e-9 * (1 + t * t), abs=1e-300)
    assert r.mean_diff == pytest.approx(float(np.mean(d)), rel=1e-12, abs=1e-12)
    assert not any(np.isnan([r.t, r.p_t, r.p_wilcoxon, r.cohens_d, *r.ci95]))
