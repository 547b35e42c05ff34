"""The progress of a plan: cost-weighted and plain means, shares and contributions, exactly."""

from __future__ import annotations

import pytest

from ovop.analysis.progress import Basis, ItemShare, plan_progress


def test_cost_weighted_against_plain_mean() -> None:
    result = plan_progress([(1_000_000, 100), (3_000_000, 0)])
    assert result.weighted_percent == 25.0
    assert result.plain_percent == 50.0
    assert result.total_cost_idr == 4_000_000
    assert result.basis is Basis.COST
    assert result.items == (
        ItemShare(cost_idr=1_000_000, percent=100.0, share=0.25, contribution=25.0),
        ItemShare(cost_idr=3_000_000, percent=0.0, share=0.75, contribution=0.0),
    )
    assert result.count == 2


def test_three_items_exact_figures() -> None:
    # 2 jt at 50 %, 1 jt at 100 %, 1 jt at 20 %: (1 + 1 + 0.2) / 4 jt = 55 %; plain 170/3.
    result = plan_progress([(2_000_000, 50), (1_000_000, 100), (1_000_000, 20)])
    assert result.weighted_percent == 55.0
    assert result.plain_percent == pytest.approx(56.666666666666664, abs=0)
    assert [item.share for item in result.items] == [0.5, 0.25, 0.25]
    assert [item.contribution for item in result.items] == [25.0, 25.0, 5.0]
    assert sum(item.contribution for item in result.items) == result.weighted_percent


def test_zero_cost_item_weighs_nothing() -> None:
    result = plan_progress([(0, 100), (500_000, 40)])
    assert result.weighted_percent == 40.0
    assert result.plain_percent == 70.0
    assert result.items[0].share == 0.0
    assert result.items[0].contribution == 0.0


def test_all_costs_zero_falls_back_to_the_plain_mean_and_says_so() -> None:
    result = plan_progress([(0, 100), (0, 0), (0, 50)])
    assert result.basis is Basis.EQUAL_FALLBACK
    assert result.weighted_percent == 50.0
    assert result.plain_percent == 50.0
    assert result.total_cost_idr == 0
    assert [item.share for item in result.items] == pytest.approx([1 / 3] * 3, abs=0)


def test_no_items() -> None:
    result = plan_progress([])
    assert (result.weighted_percent, result.plain_percent, result.total_cost_idr) == (0.0, 0.0, 0)
    assert result.basis is Basis.EMPTY
    assert result.items == ()


def test_large_costs_stay_exact() -> None:
    result = plan_progress([(10_000_000_000, 1), (10_000_000_000, 2), (1, 100)])
    # (1e10 + 2e10 + 100) / (2e10 + 1), computed with fractions, then rounded once.
    assert result.weighted_percent == (3 * 10**10 + 100) / (2 * 10**10 + 1)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([(-1, 50)], "cost must not be negative"),
        ([(1000, 150)], "percent must be between 0 and 100"),
        ([(1000, -1)], "percent must be between 0 and 100"),
    ],
)
def test_bad_items_are_refused(items: list[tuple[int, float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plan_progress(items)
