"""Validated, indexed form of an allocation problem (private to the allocation module)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from ovop.analysis import AnalysisError
from ovop.analysis._allocation_types import Candidate

#: Largest accepted cost of one candidate: every integer up to 2**53 is exact in float64,
#: which is what the solver works in. Sums are checked exactly with Python integers.
MAX_COST_IDR = 2**53


@dataclass(frozen=True, slots=True)
class Problem:
    """Candidates as arrays plus the budget-independent constraints."""

    ids: tuple[str, ...]
    index: Mapping[str, int]
    cost: tuple[int, ...]
    cost_f: NDArray[np.float64]
    benefit: NDArray[np.float64]
    group: NDArray[np.intp]
    group_names: tuple[str, ...]
    kind: NDArray[np.intp]
    kind_names: tuple[str, ...]
    mandatory: NDArray[np.bool_]
    requires: tuple[tuple[int, ...], ...]
    excludes: tuple[frozenset[int], ...]
    exclude_pairs: tuple[tuple[int, int], ...]
    closure: tuple[frozenset[int], ...]
    min_per_group: int
    share: Fraction | None
    kind_caps: Mapping[int, int]

    @property
    def n(self) -> int:
        return len(self.ids)

    def share_cap(self, budget: int) -> int | None:
        """Largest spend one group may take at this budget, or None without a share cap."""
        if self.share is None:
            return None
        return math.floor(self.share * budget)


def money(value: object, what: str, *, limit: int | None = None) -> int:
    """Check that ``value`` is a non-negative integer amount of rupiah and return it."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
        raise AnalysisError(f"{what} must be a whole number of rupiah, got {value!r}")
    amount = int(value)
    if amount < 0:
        raise AnalysisError(f"{what} must not be negative, got {amount}")
    if limit is not None and amount > limit:
        raise AnalysisError(f"{what} is {amount}, above the supported maximum of {limit}")
    return amount


def _benefit(value: object, cid: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | float | np.integer | np.floating
    ):
        raise AnalysisError(f"candidate {cid!r}: benefit must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise AnalysisError(f"candidate {cid!r}: benefit must be finite and >= 0, got {number}")
    return number


def _check_candidate(cand: object, position: int, seen: Mapping[str, int]) -> Candidate:
    if not isinstance(cand, Candidate):
        raise AnalysisError(f"item {position} is not a Candidate: {cand!r}")
    if not isinstance(cand.id, str) or not cand.id:
        raise AnalysisError(f"item {position}: id must be a non-empty string")
    if cand.id in seen:
        raise AnalysisError(f"candidate id {cand.id!r} appears more than once")
    for field in ("group", "kind"):
        if not isinstance(getattr(cand, field), str):
            raise AnalysisError(f"candidate {cand.id!r}: {field} must be a string")
    if not isinstance(cand.mandatory, bool | np.bool_):
        raise AnalysisError(f"candidate {cand.id!r}: mandatory must be True or False")
    if cand.id in cand.requires or cand.id in cand.excludes:
        raise AnalysisError(f"candidate {cand.id!r} lists itself in requires or excludes")
    return cand


def _links(
    cands: list[Candidate], index: Mapping[str, int]
) -> tuple[tuple[tuple[int, ...], ...], tuple[frozenset[int], ...], tuple[tuple[int, int], ...]]:
    requires: list[tuple[int, ...]] = []
    partners: list[set[int]] = [set() for _ in cands]
    for i, cand in enumerate(cands):
        if not cand.requires and not cand.excludes:
            requires.append(())
            continue
        for field, refs in (("requires", cand.requires), ("excludes", cand.excludes)):
            unknown = sorted(ref for ref in refs if ref not in index)
            if unknown:
                raise AnalysisError(
                    f"candidate {cand.id!r}: {field} names unknown id(s) {', '.join(unknown)}"
                )
        requires.append(tuple(sorted(index[ref] for ref in cand.requires)))
        for ref in cand.excludes:
            partners[i].add(index[ref])
            partners[index[ref]].add(i)
    pairs = tuple(sorted((i, j) for i, ps in enumerate(partners) for j in ps if i < j))
    return tuple(requires), tuple(frozenset(p) for p in partners), pairs


def _closures(requires: tuple[tuple[int, ...], ...]) -> tuple[frozenset[int], ...]:
    """Each candidate together with everything it requires, directly or through others."""
    out: list[frozenset[int]] = []
    for i, direct in enumerate(requires):
        if not direct:
            out.append(frozenset((i,)))
            continue
        seen = {i}
        stack = list(direct)
        while stack:
            j = stack.pop()
            if j not in seen:
                seen.add(j)
                stack.extend(requires[j])
        out.append(frozenset(seen))
    return tuple(out)


def _codes(labels: list[str]) -> tuple[NDArray[np.intp], tuple[str, ...]]:
    """Label codes in order of first appearance."""
    table: dict[str, int] = {}
    codes = np.fromiter((table.setdefault(x, len(table)) for x in labels), np.intp, len(labels))
    return codes, tuple(table)


def share_fraction(value: object, name: str = "max_share_per_group") -> Fraction | None:
    """A share in (0, 1] as an exact fraction (None stays None)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction | Decimal):
        raise AnalysisError(f"{name} must be a number in (0, 1], got {value!r}")
    if isinstance(value, float | Decimal) and not math.isfinite(value):
        raise AnalysisError(f"{name} must be in (0, 1], got {value!r}")
    # A float is read as its shortest decimal form, so 0.3 means exactly 3/10.
    share = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    if not 0 < share <= 1:
        raise AnalysisError(f"{name} must be in (0, 1], got {value!r}")
    return share


def _kind_caps(caps: Mapping[str, object] | None, kinds: tuple[str, ...]) -> dict[int, int]:
    if caps is None:
        return {}
    if not isinstance(caps, Mapping):
        raise AnalysisError("kind_caps_idr must be a mapping of kind -> cap in rupiah")
    code = {name: k for k, name in enumerate(kinds)}
    out: dict[int, int] = {}
    for kind, cap in caps.items():
        if not isinstance(kind, str):
            raise AnalysisError(f"kind_caps_idr: kind {kind!r} must be a string")
        amount = money(cap, f"kind_caps_idr[{kind!r}]")
        if kind in code:
            out[code[kind]] = amount
    return out


def build_problem(
    candidates: Iterable[Candidate],
    *,
    min_per_group: int = 0,
    max_share_per_group: float | None = None,
    kind_caps_idr: Mapping[str, int] | None = None,
) -> Problem:
    """Validate the input (raising AnalysisError naming the culprit) and index it."""
    if isinstance(candidates, str | bytes) or not isinstance(candidates, Iterable):
        raise AnalysisError("candidates must be an iterable of Candidate")
    index: dict[str, int] = {}
    cands: list[Candidate] = []
    for position, item in enumerate(candidates):
        cand = _check_candidate(item, position, index)
        index[cand.id] = position
        cands.append(cand)
    cost = tuple(
        money(c.cost_idr, f"candidate {c.id!r}: cost_idr", limit=MAX_COST_IDR) for c in cands
    )
    benefit = np.array([_benefit(c.benefit, c.id) for c in cands], dtype=np.float64)
    if (
        isinstance(min_per_group, bool)
        or not isinstance(min_per_group, int | np.integer)
        or min_per_group < 0
    ):
        raise AnalysisError(f"min_per_group must be a whole number >= 0, got {min_per_group!r}")
    requires, excludes, pairs = _links(cands, index)
    group, group_names = _codes([c.group for c in cands])
    kind, kind_names = _codes([c.kind for c in cands])
    return Problem(
        ids=tuple(c.id for c in cands),
        index=index,
        cost=cost,
        cost_f=np.array(cost, dtype=np.float64),
        benefit=benefit,
        group=group,
        group_names=group_names,
        kind=kind,
        kind_names=kind_names,
        mandatory=np.array([bool(c.mandatory) for c in cands], dtype=np.bool_),
        requires=requires,
        excludes=excludes,
        exclude_pairs=pairs,
        closure=_closures(requires),
        min_per_group=int(min_per_group),
        share=share_fraction(max_share_per_group),
        kind_caps=_kind_caps(kind_caps_idr, kind_names),
    )
