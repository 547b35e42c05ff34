"""The progress of a plan from the progress of its items: weighted by cost, and plain.

An action plan is as far along as the money its actions stand for: an action worth
Rp 3.000.000 at 0 % weighs three times an action worth Rp 1.000.000 at 100 %, so the plan is
25 % done, where the plain mean of the percentages (what Decidim's accountability module shows
for a result: the mean of its children's progress, each counting once) says 50 %. A page shows
both, and what they are made of: each item's share of the cost and its contribution (share ×
percent) to the weighted figure.

When no item has a cost (every cost 0) there is nothing to weigh by: the weighted figure falls
back to the plain mean, each item counting equally, and ``basis`` says so. No items at all
gives 0 % on the basis ``EMPTY``.

Pure: no Django, no database. Exact arithmetic (fractions) inside; floats out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Basis(StrEnum):
    """What the weighted figure was weighed by."""

    COST = "cost"
    #: Every cost is 0: each item counts equally (the weighted figure is the plain mean).
    EQUAL_FALLBACK = "equal_fallback"
    #: No items.
    EMPTY = "empty"


@dataclass(frozen=True)
class ItemShare:
    """One item: its cost, its percent done, its share of the weight (0 to 1) and its
    contribution to the weighted figure in percentage points (share × percent)."""

    cost_idr: int
    percent: float
    share: float
    contribution: float


@dataclass(frozen=True)
class PlanProgress:
    #: The cost-weighted mean percent (the plain mean when ``basis`` is EQUAL_FALLBACK).
    weighted_percent: float
    #: The plain mean percent, each item counting once.
    plain_percent: float
    total_cost_idr: int
    basis: Basis
    #: The items in the order given.
    items: tuple[ItemShare, ...]

    @property
    def count(self) -> int:
        return len(self.items)


def _check(cost_idr: int, percent: float) -> None:
    if cost_idr < 0:
        raise ValueError(f"cost must not be negative, got {cost_idr}")
    if not 0 <= percent <= 100:
        raise ValueError(f"percent must be between 0 and 100, got {percent}")


def plan_progress(items: Iterable[tuple[int, float]]) -> PlanProgress:
    """The progress of a plan whose items are (cost in rupiah, percent done 0–100) pairs.

    Raises ValueError for a negative cost or a percent outside 0–100.
    """
    pairs = [(int(cost), Fraction(percent)) for cost, percent in items]
    for cost, percent in pairs:
        _check(cost, float(percent))
    if not pairs:
        return PlanProgress(0.0, 0.0, 0, Basis.EMPTY, ())
    total = sum(cost for cost, _ in pairs)
    plain = sum((percent for _, percent in pairs), Fraction(0)) / len(pairs)
    if total > 0:
        basis = Basis.COST
        shares = [Fraction(cost, total) for cost, _ in pairs]
    else:
        basis = Basis.EQUAL_FALLBACK
        shares = [Fraction(1, len(pairs))] * len(pairs)
    contributions = [share * percent for share, (_, percent) in zip(shares, pairs, strict=True)]
    weighted = sum(contributions, Fraction(0))
    rows = tuple(
        ItemShare(cost, float(percent), float(share), float(contribution))
        for (cost, percent), share, contribution in zip(pairs, shares, contributions, strict=True)
    )
    return PlanProgress(float(weighted), float(plain), total, basis, rows)
