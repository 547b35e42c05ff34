"""The quality checks on plain numbers: jumps against the baseline, the plausible range, the
robust (median and MAD) fence, and identical sets of answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from scipy.stats import median_abs_deviation

from ovop.analysis.quality import (
    MAD_TO_SD,
    Answer,
    duplicate_groups,
    fingerprint,
    is_jump,
    is_outside,
    robust_fence,
)


@pytest.mark.parametrize(
    ("value", "baseline", "expected"),
    [
        (12, 1, True),  # 12 times the baseline
        (9, 1, False),
        (10, 1, False),  # exactly ten times is not more than ten times
        (Decimal("10.0001"), Decimal(1), True),
        (Decimal("0.09"), Decimal(1), True),  # under a tenth
        (Decimal("0.1"), Decimal(1), False),
        (-5, 100, False),  # a loss after a profit is an event, not a dropped digit
        (0, 100, False),  # nor is a business that stopped
        (1_000_000, 0, False),  # from zero there is no ratio
        (5, -2, False),  # nor from a loss
        (5, None, False),  # nor without a baseline
    ],
)
def test_a_jump_is_beyond_ten_times_either_way(
    value: Decimal | int, baseline: Decimal | int | None, expected: bool
) -> None:
    assert is_jump(value, baseline) is expected


def test_the_range_has_optional_bounds() -> None:
    assert is_outside(Decimal(60), Decimal(0), Decimal(50))
    assert is_outside(Decimal(-1), Decimal(0), None)
    assert not is_outside(Decimal(50), Decimal(0), Decimal(50))  # the bounds are inside
    assert not is_outside(Decimal(10**14), None, None)


def test_the_robust_fence_by_hand() -> None:
    """10, 11, …, 19 and 100: the median is 15, the absolute deviations 5, 4, 3, 2, 1, 0, 1,
    2, 3, 4, 85 have the median 3, so the fence is 15 ± 5 × 3 × 1.4826 = 15 ± 22.239."""
    values = [float(v) for v in range(10, 20)] + [100.0]
    fence = robust_fence(values)
    assert fence is not None
    assert (fence.median, fence.mad) == (15.0, 3.0)
    assert fence.low == pytest.approx(-7.239) and fence.high == pytest.approx(37.239)
    assert [v for v in values if fence.excludes(v)] == [100.0]
    assert not fence.excludes(37.2) and fence.excludes(37.3)
    assert fence.excludes(-7.3) and not fence.excludes(-7.2)


def test_the_scaled_mad_is_scipys_normal_scaled_mad() -> None:
    values = [3.0, 8.0, 1.0, 9.5, 4.0, 4.0, 7.25, 12.0, 2.0, 6.0, 5.5, 40.0]
    fence = robust_fence(values)
    assert fence is not None
    reference = median_abs_deviation(values, scale="normal")
    assert fence.mad * MAD_TO_SD == pytest.approx(reference, rel=1e-4)


def test_the_fence_needs_ten_values_and_some_spread() -> None:
    assert robust_fence([float(v) for v in range(9)]) is None  # nine values
    assert robust_fence([float(v) for v in range(10)]) is not None
    # more than half the values equal: the MAD is 0 and would shut out every other value
    assert robust_fence([5.0] * 6 + [1.0, 2.0, 3.0, 100.0]) is None


def test_equal_sets_of_answers_have_equal_fingerprints() -> None:
    one: list[Answer] = [
        (1, "", Decimal("1500000.0000")),
        (2, "female", Decimal(3)),
        (3, "", "provinsi"),
    ]
    other: list[Answer] = [(3, "", "provinsi"), (1, "", 1_500_000), (2, "female", 3.0)]
    assert fingerprint(one) == fingerprint(other)
    assert fingerprint([*one[:2], (3, "", "desa")]) != fingerprint(one)
    assert fingerprint([*one[:2], (3, "", 3)]) != fingerprint([*one[:2], (3, "", "3")])
    assert fingerprint([*one[:2], (4, "", "provinsi")]) != fingerprint(one)  # another question


def test_fewer_than_three_answers_have_no_fingerprint() -> None:
    assert fingerprint([(1, "", Decimal(5)), (2, "", Decimal(0))]) is None
    assert fingerprint([(1, "", Decimal(5)), (2, "", None), (3, "", "")]) is None
    assert fingerprint([(1, "", Decimal(5)), (2, "", Decimal(0)), (3, "", "x")]) is not None


def test_duplicate_groups() -> None:
    a = fingerprint([(1, "", 1), (2, "", 2), (3, "", 3)])
    b = fingerprint([(1, "", 1), (2, "", 2), (3, "", 4)])
    prints = [(7, a), (3, b), (5, a), (9, None), (4, None), (1, a), (8, b)]
    assert duplicate_groups(prints) == [[1, 5, 7], [3, 8]]
    assert duplicate_groups([(1, a), (2, b), (3, None)]) == []
