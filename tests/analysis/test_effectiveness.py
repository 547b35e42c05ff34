"""Worked examples, input checks and properties for ovop.analysis.effectiveness."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ovop.analysis import AnalysisError, targets
from ovop.analysis.effectiveness import (
    DEFAULT_BANDS,
    Z95,
    Bands,
    CostRatio,
    absorption,
    achievement,
    band_of,
    bands_of,
    cost_per_unit,
)

CODES = DEFAULT_BANDS.codes
BELOW = -math.inf  # direction for math.nextafter


# --- achievement ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "ratio"),
    [(100, 100, 1.0), (90, 100, 0.9), (80, 100, 0.8), (60, 100, 0.6), (27, 30, 0.9), (0, 5, 0.0)],
)
def test_achievement_higher_is_better(actual: float, target: float, ratio: float) -> None:
    assert achievement(actual, target) == ratio  # exact: the true quotient is the literal


def test_achievement_lower_is_better_follows_the_lan_guide() -> None:
    # a waste rate of 8 % against a ceiling of 10 % beats the target; 20 % is twice the
    # ceiling and reaches nothing; zero waste is twice as good as the target
    assert achievement(8, 10, higher_is_better=False) == 1.2
    assert achievement(10, 10, higher_is_better=False) == 1.0
    assert achievement(20, 10, higher_is_better=False) == 0.0
    assert achievement(25, 10, higher_is_better=False) == -0.5
    assert achievement(0, 4, higher_is_better=False) == 2.0
    assert band_of(achievement(8, 10, higher_is_better=False) or 0.0) == "very_effective"
    assert band_of(achievement(20, 10, higher_is_better=False) or 0.0) == "not_effective"


def test_achievement_has_no_ratio_for_a_zero_target() -> None:
    assert achievement(5, 0) is None
    assert achievement(0, 0) is None
    assert achievement(5, 0, higher_is_better=False) is None


@given(
    st.floats(-1e9, 1e9, allow_nan=False),
    st.floats(1e-3, 1e9, allow_nan=False),
    st.booleans(),
)
def test_one_rule_for_the_ratio_and_the_percent(actual: float, target: float, higher: bool) -> None:
    """The monitoring target tables (percent) and the evaluation (ratio) agree."""
    ratio = achievement(actual, target, higher_is_better=higher)
    percent = targets.achievement(actual=actual, target=target, lower_is_better=not higher)
    assert ratio is not None and percent is not None
    assert percent == pytest.approx(100 * ratio, rel=1e-12, abs=1e-9)


def test_achievement_keeps_a_negative_actual_when_higher_is_better() -> None:
    assert achievement(-2, 5) == -0.4
    assert band_of(-0.4) == "not_effective"


def test_achievement_accepts_decimals() -> None:
    assert achievement(Decimal("45.5"), Decimal("50")) == 0.91


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((5, -10), "target is negative (-10.0): an achievement ratio needs a target >= 0"),
        ((math.nan, 10), "actual must be finite, got nan"),
        ((5, math.inf), "target must be finite, got inf"),
        ((None, 10), "actual must be a number, got None"),
        (("lots", 10), "actual must be a number, got 'lots'"),
        ((True, 10), "actual must be a number, got True"),
    ],
)
def test_achievement_rejects(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        achievement(*args)  # type: ignore[arg-type]
    assert str(err.value) == message


# --- bands ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratio", "code"),
    [
        (1.0, "very_effective"),
        (math.nextafter(1.0, BELOW), "effective"),
        (0.9, "effective"),
        (math.nextafter(0.9, BELOW), "fairly_effective"),
        (0.8, "fairly_effective"),
        (math.nextafter(0.8, BELOW), "less_effective"),
        (0.6, "less_effective"),
        (math.nextafter(0.6, BELOW), "not_effective"),
        (0.0, "not_effective"),
        (-3.0, "not_effective"),
        (1.37, "very_effective"),
        (math.inf, "very_effective"),
        (-math.inf, "not_effective"),
    ],
)
def test_default_bands_at_and_just_below_each_threshold(ratio: float, code: str) -> None:
    assert band_of(ratio) == code


def test_default_bands_from_achievement() -> None:
    assert [band_of(achievement(a, 100) or 0.0) for a in (100, 90, 80, 60, 59)] == list(CODES)


def test_closed_upper_puts_a_ratio_on_a_threshold_in_the_band_below() -> None:
    # the "above 90 % up to 100 %: effective" wording
    upper = Bands(DEFAULT_BANDS.thresholds, DEFAULT_BANDS.codes, closed="upper")
    assert [band_of(r, upper) for r in (1.0, 0.9, 0.8, 0.6)] == list(CODES[1:])
    assert band_of(math.nextafter(1.0, math.inf), upper) == "very_effective"
    assert band_of(0.95, upper) == "effective"


def test_custom_bands() -> None:
    three = Bands(thresholds=(0.75, 0.5), codes=("good", "fair", "poor"))
    assert [band_of(r, three) for r in (2.0, 0.75, 0.7, 0.5, 0.49)] == [
        "good",
        "good",
        "fair",
        "fair",
        "poor",
    ]
    assert band_of(0.5, Bands((0.5,), ("met", "not_met"))) == "met"
    assert Bands([1, 0.5], ["a", "b", "c"]).thresholds == (1.0, 0.5)  # type: ignore[arg-type]
    assert Bands((10,), ("x", "y")).thresholds == (10.0,)


@pytest.mark.parametrize(
    ("thresholds", "codes", "message"),
    [
        ((), ("a",), "bands need at least one threshold"),
        ((1.0, 0.9), ("a", "b"), "2 thresholds need 3 codes, got 2"),
        (
            (0.9, 1.0),
            ("a", "b", "c"),
            "thresholds must decrease: thresholds[1] (1.0) is not below thresholds[0] (0.9)",
        ),
        (
            (1.0, 1.0),
            ("a", "b", "c"),
            "thresholds must decrease: thresholds[1] (1.0) is not below thresholds[0] (1.0)",
        ),
        ((100.0, 90.0), ("a", "b", "c"), "thresholds[0] must be a ratio in (0, 10], got 100.0"),
        ((1.0, 0.0), ("a", "b", "c"), "thresholds[1] must be a ratio in (0, 10], got 0.0"),
        ((1.0, -0.5), ("a", "b", "c"), "thresholds[1] must be a ratio in (0, 10], got -0.5"),
        ((math.nan,), ("a", "b"), "thresholds[0] must be a ratio in (0, 10], got nan"),
        (("high",), ("a", "b"), "thresholds must hold numbers only"),
        ((1.0,), ("a", ""), "codes[1] must be a non-empty string, got ''"),
        ((1.0,), ("a", 2), "codes[1] must be a non-empty string, got 2"),
        ((1.0, 0.5), ("a", "b", "a"), "codes[2] ('a') repeats codes[0]"),
    ],
)
def test_bands_reject(
    thresholds: tuple[object, ...], codes: tuple[object, ...], message: str
) -> None:
    with pytest.raises(AnalysisError) as err:
        Bands(thresholds, codes)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_bands_reject_unknown_closed() -> None:
    with pytest.raises(AnalysisError) as err:
        Bands((1.0,), ("a", "b"), closed="both")  # type: ignore[arg-type]
    assert str(err.value) == "closed must be 'lower' or 'upper', got 'both'"


@pytest.mark.parametrize(
    ("ratio", "message"),
    [
        (None, "ratio must be a number, got None"),
        (math.nan, "ratio is NaN: there is no band for a missing ratio"),
        ("0.9", "ratio must be a number, got '0.9'"),
        ([0.9], "ratio must be a number, got [0.9]"),
    ],
)
def test_band_of_rejects(ratio: object, message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        band_of(ratio)  # type: ignore[arg-type]
    assert str(err.value) == message


def test_bands_of_is_band_of_elementwise_and_keeps_the_shape() -> None:
    ratios: list[list[float | None]] = [[1.0, 0.9, None], [0.8, math.nan, 0.59]]
    out = bands_of(ratios)
    assert out.shape == (2, 3)
    assert out.tolist() == [
        ["very_effective", "effective", None],
        ["fairly_effective", None, "not_effective"],
    ]
    assert bands_of(np.array(0.95)).tolist() == "effective"
    assert bands_of([]).tolist() == []


def test_bands_of_rejects_text() -> None:
    with pytest.raises(AnalysisError) as err:
        bands_of([0.9, "high"])  # type: ignore[arg-type]
    assert str(err.value) == "ratios must hold numbers or None only"


@st.composite
def band_sets(draw: st.DrawFn) -> Bands:
    values = draw(st.lists(st.floats(1e-6, 10.0), min_size=1, max_size=6, unique=True))
    thresholds = tuple(sorted(values, reverse=True))
    codes = tuple(f"band_{i}" for i in range(len(thresholds) + 1))
    return Bands(thresholds, codes, closed=draw(st.sampled_from(["lower", "upper"])))


ratios = st.floats(-20.0, 20.0, allow_nan=False) | st.sampled_from([math.inf, -math.inf])


@given(band_sets(), ratios, ratios)
def test_band_is_monotone_in_the_ratio(bands: Bands, a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert bands.codes.index(band_of(high, bands)) <= bands.codes.index(band_of(low, bands))


@given(band_sets(), st.lists(ratios, max_size=20))
def test_bands_of_matches_band_of(bands: Bands, values: list[float]) -> None:
    assert bands_of(values, bands).tolist() == [band_of(v, bands) for v in values]


@given(band_sets())
def test_a_ratio_on_a_threshold_follows_closed(bands: Bands) -> None:
    for i, t in enumerate(bands.thresholds):
        expected = bands.codes[i] if bands.closed == "lower" else bands.codes[i + 1]
        assert band_of(t, bands) == expected


# --- cost per unit ---------------------------------------------------------------------------

COST = 150_000_000.0  # Rp 150 juta
SE = 10.0 / Z95  # so that the effect's 95 % interval is the effect -/+ 10


def fieller_gap(cost: float, effect: float, se: float, ratio: float) -> float:
    """(C - R theta)^2 - z^2 R^2 s^2: zero on the boundary of Fieller's set, < 0 inside."""
    return (cost - ratio * effect) ** 2 - Z95**2 * ratio**2 * se**2


def test_cost_per_unit_bounded_by_hand() -> None:
    # effect 40 with interval [30, 50]: Rp 150 juta / 50 = 3 juta to / 30 = 5 juta per unit
    r = cost_per_unit(COST, 40.0, SE)
    assert r.estimate == 3_750_000.0
    assert r.ci95 == pytest.approx((3_000_000.0, 5_000_000.0), rel=1e-12)
    assert (r.method, r.excluded, r.bounded) == ("fieller", None, True)
    for end in r.ci95:
        assert fieller_gap(COST, 40.0, SE, end) == pytest.approx(0.0, abs=1e-6 * COST**2)


def test_cost_per_unit_with_the_normal_quantile_written_out() -> None:
    # Rp 120 juta, effect 40, se 10: interval 40 -/+ 19.59964 = [20.40036, 59.59964]
    r = cost_per_unit(120_000_000, 40.0, 10.0)
    assert r.ci95 == pytest.approx((120e6 / 59.5996398454, 120e6 / 20.4003601546), rel=1e-10)
    assert r.ci95 == pytest.approx((2_013_434.99, 5_882_249.09), abs=0.01)


def test_cost_per_unit_unbounded_when_the_effect_interval_contains_zero() -> None:
    # effect 5 with interval [-5, 15]: the 95 % set is (-inf, -30 juta] and [10 juta, inf)
    r = cost_per_unit(COST, 5.0, SE)
    assert r.estimate == 30_000_000.0
    assert r.ci95 == (-math.inf, math.inf)
    assert r.excluded == pytest.approx((-30_000_000.0, 10_000_000.0), rel=1e-12)
    assert not r.bounded
    assert r.excluded is not None
    for end in r.excluded:
        assert fieller_gap(COST, 5.0, SE, end) == pytest.approx(0.0, abs=1e-6 * COST**2)
    assert fieller_gap(COST, 5.0, SE, 0.0) > 0  # inside the gap: ruled out
    assert fieller_gap(COST, 5.0, SE, 1e12) < 0  # far out: compatible


def test_cost_per_unit_one_sided_when_an_end_is_exactly_zero() -> None:
    up = cost_per_unit(COST, Z95, 1.0)  # interval [0, 2 z]
    assert up.ci95 == (COST / (2 * Z95), math.inf)
    assert up.excluded is None and not up.bounded
    down = cost_per_unit(COST, -Z95, 1.0)  # interval [-2 z, 0]
    assert down.ci95 == (-math.inf, COST / (-2 * Z95))


def test_cost_per_unit_for_a_significantly_negative_effect() -> None:
    r = cost_per_unit(COST, -40.0, SE)  # interval [-50, -30]: rupiah per unit lost
    assert r.estimate == -3_750_000.0
    assert r.ci95 == pytest.approx((-5_000_000.0, -3_000_000.0), rel=1e-12)


def test_cost_per_unit_zero_effect_and_exact_effect() -> None:
    r = cost_per_unit(COST, 0.0, SE)
    assert r.estimate is None and r.ci95 == (-math.inf, math.inf)
    assert r.excluded == pytest.approx((-15_000_000.0, 15_000_000.0), rel=1e-12)
    exact = cost_per_unit(COST, 40.0, 0.0)
    assert exact == CostRatio(3_750_000.0, (3_750_000.0, 3_750_000.0), "exact", None)


def test_cost_per_unit_zero_cost() -> None:
    assert cost_per_unit(0, -40.0, SE) == CostRatio(0.0, (0.0, 0.0), "fieller", None)
    assert cost_per_unit(0, 5.0, SE).ci95 == (-math.inf, math.inf)
    assert cost_per_unit(0, 5.0, SE).excluded is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1.0, 40.0, 1.0), "cost is negative (-1.0)"),
        ((1.0, 40.0, -1.0), "effect_se is negative (-1.0)"),
        ((1.0, 0.0, 0.0), "effect is 0 with effect_se 0: there is no cost per unit"),
        ((1.0, math.nan, 1.0), "effect must be finite, got nan"),
        ((math.inf, 1.0, 1.0), "cost must be finite, got inf"),
        ((1.0, 1.0, None), "effect_se must be a number, got None"),
    ],
)
def test_cost_per_unit_rejects(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        cost_per_unit(*args)  # type: ignore[arg-type]
    assert str(err.value) == message


@given(
    st.floats(1.0, 1e12),
    st.floats(-1e3, 1e3).filter(lambda e: abs(e) > 1e-3),
    st.floats(1e-3, 1e3),
)
def test_fieller_set_boundaries_solve_the_quadratic(cost: float, effect: float, se: float) -> None:
    r = cost_per_unit(cost, effect, se)
    ends = r.ci95 if r.bounded else (r.excluded or ())
    for end in ends:
        if math.isfinite(end) and end != 0:
            scale = cost**2 + (Z95 * end * se) ** 2
            assert abs(fieller_gap(cost, effect, se, end)) <= 1e-9 * scale
    if r.bounded:
        assert r.estimate is not None
        assert r.ci95[0] <= r.estimate <= r.ci95[1]
    else:
        assert r.excluded is not None  # a zero end of the effect's interval is measure-zero
        assert r.excluded[0] < 0 < r.excluded[1]


# --- absorption ------------------------------------------------------------------------------


def test_absorption() -> None:
    assert absorption(75_000_000, 100_000_000) == 0.75
    assert absorption(120, 100) == 1.2  # overspending is kept
    assert absorption(Decimal("7.5"), Decimal("10")) == 0.75
    assert absorption(0, 0) is None
    assert absorption(5, 0) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-5, 100), "realised is negative (-5.0)"),
        ((5, -100), "planned is negative (-100.0)"),
        ((math.nan, 100), "realised must be finite, got nan"),
        ((5, "all"), "planned must be a number, got 'all'"),
    ],
)
def test_absorption_rejects(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(AnalysisError) as err:
        absorption(*args)  # type: ignore[arg-type]
    assert str(err.value) == message
