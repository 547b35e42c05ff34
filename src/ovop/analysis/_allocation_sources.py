"""Validated, indexed form of a multi-source allocation problem (private).

The candidates are indexed by :func:`build_problem` as for one budget; this module adds
the sources, which sources may fund which candidate, the kind caps that follow from
``max_share_per_kind`` and a check that the ``requires`` links have no cycle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from ovop.analysis import AnalysisError
from ovop.analysis._allocation_problem import Problem, build_problem, money, share_fraction
from ovop.analysis._allocation_types import Candidate, Source


@dataclass(frozen=True, slots=True)
class Sourced:
    """A problem with sources; ``p.kind_caps`` holds only the explicit caps."""

    p: Problem
    source_ids: tuple[str, ...]
    budgets: tuple[int, ...]
    allowed: tuple[tuple[int, ...], ...]  # per candidate: source indices, in sources order
    share: Fraction | None

    def caps(self, budgets: Sequence[int]) -> dict[int, int]:
        """Cap per kind code at these source budgets: the explicit cap and the share of
        the total, whichever is lower."""
        out = dict(self.p.kind_caps)
        if self.share is not None:
            by_share = math.floor(self.share * sum(budgets))
            for k in range(len(self.p.kind_names)):
                out[k] = min(out.get(k, by_share), by_share)
        return out

    def at(self, budgets: Sequence[int]) -> Problem:
        """The candidate problem with the effective kind caps at these budgets."""
        return replace(self.p, kind_caps=self.caps(budgets))


def _sources(sources: object) -> tuple[tuple[str, ...], tuple[int, ...]]:
    if isinstance(sources, str | bytes) or not isinstance(sources, Iterable):
        raise AnalysisError("sources must be a sequence of Source")
    ids: list[str] = []
    budgets: list[int] = []
    for position, item in enumerate(sources):
        if not isinstance(item, Source):
            raise AnalysisError(f"source {position} is not a Source: {item!r}")
        if not isinstance(item.id, str) or not item.id:
            raise AnalysisError(f"source {position}: id must be a non-empty string")
        if item.id in ids:
            raise AnalysisError(f"source id {item.id!r} appears more than once")
        ids.append(item.id)
        budgets.append(money(item.budget_idr, f"source {item.id!r}: budget_idr"))
    return tuple(ids), tuple(budgets)


def _allowed(cands: list[Candidate], source_ids: tuple[str, ...]) -> tuple[tuple[int, ...], ...]:
    index = {sid: s for s, sid in enumerate(source_ids)}
    every = tuple(range(len(source_ids)))
    out: list[tuple[int, ...]] = []
    for cand in cands:
        if not cand.sources:
            out.append(every)
            continue
        unknown = sorted(sid for sid in cand.sources if sid not in index)
        if unknown:
            raise AnalysisError(
                f"candidate {cand.id!r}: sources names unknown id(s) {', '.join(unknown)}"
            )
        out.append(tuple(sorted(index[sid] for sid in cand.sources)))
    return tuple(out)


def check_acyclic(p: Problem) -> None:
    """Raise AnalysisError naming the ids of a ``requires`` cycle, if there is one."""
    state = [0] * p.n  # 0 new, 1 on the path, 2 done
    for root in range(p.n):
        if state[root]:
            continue
        path: list[int] = [root]
        todo: list[list[int]] = [list(p.requires[root])]
        state[root] = 1
        while path:
            if not todo[-1]:
                state[path.pop()] = 2
                todo.pop()
                continue
            j = todo[-1].pop()
            if state[j] == 1:
                loop = path[path.index(j) :] + [j]
                names = " -> ".join(p.ids[i] for i in loop)
                raise AnalysisError(f"the requires links form a cycle: {names}")
            if state[j] == 0:
                state[j] = 1
                path.append(j)
                todo.append(list(p.requires[j]))


def build_sourced(
    candidates: Iterable[Candidate],
    sources: Sequence[Source],
    *,
    min_per_group: int = 0,
    max_share_per_kind: float | None = None,
    kind_caps_idr: Mapping[str, int] | None = None,
) -> Sourced:
    """Validate the input (raising AnalysisError naming the culprit) and index it."""
    if isinstance(candidates, Iterable) and not isinstance(candidates, str | bytes):
        candidates = list(candidates)  # read once: build_problem checks every item
    p = build_problem(candidates, min_per_group=min_per_group, kind_caps_idr=kind_caps_idr)
    source_ids, budgets = _sources(sources)
    check_acyclic(p)
    return Sourced(
        p=p,
        source_ids=source_ids,
        budgets=budgets,
        allowed=_allowed(list(candidates), source_ids),
        share=share_fraction(max_share_per_kind, "max_share_per_kind"),
    )


def scaled(budgets: Sequence[int], factor: object, what: str) -> tuple[int, ...]:
    """Every budget times ``factor`` (read as its shortest decimal), floored to rupiah."""
    if isinstance(factor, bool) or not isinstance(factor, int | float):
        raise AnalysisError(f"{what} must be a number >= 0, got {factor!r}")
    if not math.isfinite(factor) or factor < 0:
        raise AnalysisError(f"{what} must be a finite number >= 0, got {factor!r}")
    exact = Fraction(repr(factor)) if isinstance(factor, float) else Fraction(factor)
    return tuple(math.floor(exact * b) for b in budgets)
