"""The usual rule, rank and fund (private to the allocation module).

What participatory-budgeting tools such as CONSUL and Decidim do: mandatory items first
(each after what it requires), then the rest by benefit, highest first (ties: lower cost,
then input order); each item is paid by the first allowed source, in the order the sources
were given, that still has the money. An item is skipped when it does not fit, when
something it requires is not funded by then, when an item it excludes is funded, or when
it would break a kind cap. No look-ahead and no attempt at ``min_per_group``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ovop.analysis._allocation_source_explain import Ledger, link_reason
from ovop.analysis._allocation_sources import Sourced
from ovop.analysis._allocation_types import Unfunded


class _Rule:
    def __init__(self, sp: Sourced, ledger: Ledger) -> None:
        self.sp, self.ledger = sp, ledger
        self.x = np.zeros(sp.p.n, dtype=np.bool_)
        self.funded_by: dict[int, int] = {}
        self.reason: dict[int, str] = {}

    def offer(self, i: int) -> None:
        """Fund ``i`` if the rule allows it now, or record why not."""
        if self.x[i] or i in self.reason:
            return
        p, ledger = self.sp.p, self.ledger
        why = link_reason(p, i, self.x) or ledger.blocked(self.sp, i)
        if why is not None:
            self.reason[i] = why
            return
        s = ledger.fits(self.sp, i)
        assert s is not None  # blocked() said it fits
        self.x[i] = True
        self.funded_by[i] = s
        ledger.spent[s] += p.cost[i]
        k = int(p.kind[i])
        ledger.kind_spent[k] = ledger.kind_spent.get(k, 0) + p.cost[i]

    def offer_with_requirements(self, root: int) -> None:
        """Offer what ``root`` requires (depth first, the links have no cycle), then it."""
        done: set[int] = set()
        stack: list[tuple[int, bool]] = [(root, False)]
        while stack:
            i, expanded = stack.pop()
            if expanded:
                self.offer(i)
            elif i not in done:
                done.add(i)
                stack.append((i, True))
                stack.extend((j, False) for j in reversed(self.sp.p.requires[i]))


def rank_order(sp: Sourced) -> list[int]:
    p = sp.p
    return sorted(range(p.n), key=lambda i: (-float(p.benefit[i]), p.cost[i], i))


def rank_fund(
    sp: Sourced, budgets: tuple[int, ...]
) -> tuple[NDArray[np.bool_], dict[int, int], Ledger, tuple[Unfunded, ...]]:
    """Selection, source per funded candidate, money used, and reasons for the rest."""
    ledger = Ledger(budgets, [0] * len(budgets), {}, sp.caps(budgets))
    rule = _Rule(sp, ledger)
    for i in np.flatnonzero(sp.p.mandatory).tolist():
        rule.offer_with_requirements(i)
    for i in rank_order(sp):
        rule.offer(i)
    left = tuple(Unfunded(sp.p.ids[i], rule.reason[i]) for i in np.flatnonzero(~rule.x).tolist())
    return rule.x, rule.funded_by, ledger, left
