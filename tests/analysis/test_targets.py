"""Achievement of a target in both directions, and the aggregation of respondents' values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ovop.analysis.targets import achievement, aggregate


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [(120, 100, 120.0), (80, 100, 80.0), (100, 100, 100.0), (0, 50, 0.0), (15, 10, 150.0)],
)
def test_higher_is_better_is_actual_over_target(
    actual: float, target: float, expected: float
) -> None:
    assert achievement(actual=actual, target=target) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [(8, 10, 120.0), (12, 10, 80.0), (10, 10, 100.0), (20, 10, 0.0), (25, 10, -50.0)],
)
def test_lower_is_better_follows_the_performance_report_formula(
    actual: float, target: float, expected: float
) -> None:
    got = achievement(actual=actual, target=target, lower_is_better=True)
    assert got == pytest.approx(expected)


def test_decimals_are_read_as_numbers() -> None:
    assert achievement(actual=Decimal("7.5"), target=Decimal("10")) == pytest.approx(75.0)
    got = achievement(actual=Decimal("2.5"), target=Decimal("2"), lower_is_better=True)
    assert got == pytest.approx(75.0)


@pytest.mark.parametrize("lower", [False, True])
def test_no_percent_without_an_actual_or_of_a_zero_target(lower: bool) -> None:
    assert achievement(actual=5, target=0, lower_is_better=lower) is None
    assert achievement(actual=Decimal(5), target=Decimal(0), lower_is_better=lower) is None
    assert achievement(actual=None, target=10, lower_is_better=lower) is None


def test_sum_mean_and_median() -> None:
    values = [3.0, 1.0, 10.0, 2.0]
    assert aggregate(values, "sum") == 16.0
    assert aggregate(values, "mean") == 4.0
    assert aggregate(values, "median") == 2.5
    assert aggregate([5.0, 1.0, 4.0], "median") == 4.0


def test_sum_keeps_small_amounts_exact() -> None:
    assert aggregate([0.1] * 10, "sum") == 1.0


def test_share_is_the_percent_answering_yes() -> None:
    assert aggregate([1.0, 0.0, 1.0, 1.0], "share") == 75.0
    assert aggregate([0.0, 0.0], "share") == 0.0
    assert aggregate([1.0], "share") == 100.0
    assert aggregate([Decimal("1.0000"), Decimal("0.0000"), Decimal(1)], "share") == pytest.approx(
        200 / 3
    )


def test_decimal_values_are_aggregated() -> None:
    assert aggregate([Decimal("1500000"), Decimal("2500000")], "mean") == 2_000_000.0


@pytest.mark.parametrize("how", ["sum", "mean", "median", "share"])
def test_no_values_no_figure(how: str) -> None:
    assert aggregate([], how) is None


def test_an_unknown_aggregation_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown aggregation 'mode'"):
        aggregate([1.0], "mode")
