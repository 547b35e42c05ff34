"""Explanations for allocation results (private to the allocation module).

* :func:`prove_infeasible` looks for simple certificates that no portfolio exists, before
  any solving. Every binding it returns is a proof, never a guess.
* :func:`explain_infeasible` runs after the solver reports infeasibility and finds which
  constraint families, dropped one at a time, would make a portfolio possible.
* :func:`unfunded` says why each candidate was left out of an optimal portfolio and which
  money limits bind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ovop.analysis._allocation_problem import Problem
from ovop.analysis._allocation_solver import Model, spend_by
from ovop.analysis._allocation_types import Binding, Unfunded


def _ids(p: Problem, members: Iterable[int]) -> tuple[str, ...]:
    return tuple(p.ids[i] for i in sorted(members))


def _spend(p: Problem, members: Iterable[int], labels: NDArray[np.intp]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i in members:
        out[int(labels[i])] = out.get(int(labels[i]), 0) + p.cost[i]
    return out


def _forced_checks(p: Problem, budget: int, forced: frozenset[int]) -> list[Binding]:
    out = [
        Binding(
            "mandatory_conflict",
            f"{p.ids[i]} and {p.ids[j]} exclude each other, but both must be funded "
            "(mandatory, or required by a mandatory item)",
            _ids(p, (i, j)),
        )
        for i, j in p.exclude_pairs
        if i in forced and j in forced
    ]
    cost = sum(p.cost[i] for i in forced)
    if cost > budget:
        out.append(
            Binding(
                "mandatory_over_budget",
                f"mandatory items and what they require cost {cost} rupiah, more "
                f"than the budget of {budget}",
                _ids(p, forced),
            )
        )
    cap = p.share_cap(budget)
    for g, spent in _spend(p, forced, p.group).items():
        if cap is not None and spent > cap:
            members = [i for i in forced if p.group[i] == g]
            out.append(
                Binding(
                    "group_share_forced",
                    f"group {p.group_names[g]}: mandatory items cost {spent} "
                    f"rupiah, more than its share cap of {cap}",
                    _ids(p, members),
                )
            )
    for k, spent in _spend(p, forced, p.kind).items():
        if k in p.kind_caps and spent > p.kind_caps[k]:
            members = [i for i in forced if p.kind[i] == k]
            out.append(
                Binding(
                    "kind_cap_forced",
                    f"kind {p.kind_names[k]}: mandatory items cost {spent} rupiah, "
                    f"more than its cap of {p.kind_caps[k]}",
                    _ids(p, members),
                )
            )
    return out


class _Blocker:
    """Finds candidates that cannot be in any feasible portfolio, and why."""

    def __init__(self, p: Problem, budget: int, forced: frozenset[int]) -> None:
        self.p, self.budget, self.forced = p, budget, forced
        self.cap = p.share_cap(budget)
        self.cost = sum(p.cost[i] for i in forced)
        self.by_group = _spend(p, forced, p.group)
        self.by_kind = _spend(p, forced, p.kind)

    def __call__(self, i: int) -> str | None:
        p = self.p
        extra = p.closure[i] - self.forced
        if not extra:
            return None
        if p.cost[i] > self.budget:
            return f"costs {p.cost[i]} rupiah, more than the budget of {self.budget}"
        if any(p.excludes[e] & (extra | self.forced) for e in extra):
            return "conflicts with a mandatory item or with something it requires"
        if self.cost + sum(p.cost[e] for e in extra) > self.budget:
            return "with what it requires and the mandatory items it exceeds the budget"
        for g, spent in _spend(p, extra, p.group).items():
            if self.cap is not None and spent + self.by_group.get(g, 0) > self.cap:
                return f"is over the share cap of {self.cap} rupiah for group {p.group_names[g]}"
        for k, spent in _spend(p, extra, p.kind).items():
            if k in p.kind_caps and spent + self.by_kind.get(k, 0) > p.kind_caps[k]:
                return f"is over the cap of {p.kind_caps[k]} rupiah for kind {p.kind_names[k]}"
        return None


def _group_checks(p: Problem, budget: int, forced: frozenset[int]) -> list[Binding]:
    m, cap = p.min_per_group, p.share_cap(budget)
    blocker = _Blocker(p, budget, forced)
    out: list[Binding] = []
    total_floor = 0
    by_group: list[list[int]] = [[] for _ in p.group_names]
    for i, g in enumerate(p.group.tolist()):
        by_group[g].append(i)
    for g, name in enumerate(p.group_names):
        members = by_group[g]
        why = {i: blocker(i) for i in members}
        open_ = sorted((p.cost[i], i) for i in members if why[i] is None and i not in forced)
        must = [i for i in members if i in forced]
        if len(open_) + len(must) < m:
            if not open_ and not must:
                cheapest = min(members, key=lambda i: (p.cost[i], i))
                text = (
                    f"group {name} has no candidate that can be funded: the cheapest, "
                    f"{p.ids[cheapest]}, {why[cheapest]}"
                )
                out.append(Binding("group_unaffordable", text, _ids(p, members)))
            else:
                text = (
                    f"group {name} has only {len(open_) + len(must)} candidate(s) that "
                    f"can be funded, fewer than the minimum of {m}"
                )
                out.append(Binding("group_too_few", text, _ids(p, members)))
            continue
        picks = must + [i for _, i in open_[: max(0, m - len(must))]]
        floor = sum(p.cost[i] for i in picks)
        total_floor += floor
        if cap is not None and floor > cap:
            text = (
                f"group {name} needs at least {m} funded item(s) costing at least "
                f"{floor} rupiah, more than its share cap of {cap}"
            )
            out.append(Binding("group_share_min", text, _ids(p, picks)))
    if not out and total_floor > budget:
        out.append(
            Binding(
                "min_per_group_over_budget",
                f"funding at least {m} item(s) in each of the "
                f"{len(p.group_names)} groups costs at least {total_floor} "
                f"rupiah, more than the budget of {budget}",
            )
        )
    return out


def prove_infeasible(p: Problem, budget: int) -> tuple[Binding, ...]:
    """Certificates that no portfolio exists at this budget (empty when none is found)."""
    forced = frozenset().union(*(p.closure[i] for i in np.flatnonzero(p.mandatory).tolist()))
    found = _forced_checks(p, budget, forced)
    if found:
        return tuple(found)
    if p.min_per_group:
        return tuple(_group_checks(p, budget, forced))
    return ()


_FAMILY_TEXT = {
    "budget": "the budget of {budget} rupiah is too small for the other constraints",
    "min_per_group": "at least {m} funded item(s) per group cannot be combined with the "
    "other constraints",
    "group_share": "the group share cap of {cap} rupiah cannot be combined with the other "
    "constraints",
    "kind_caps": "the caps per kind cannot be combined with the other constraints",
    "mandatory": "the mandatory items cannot all be funded under the other constraints",
    "requires": "the 'requires' links cannot be combined with the other constraints",
    "excludes": "the 'excludes' links cannot be combined with the other constraints",
}


def explain_infeasible(model: Model) -> tuple[Binding, ...]:
    """Constraint families whose removal alone would make a portfolio possible."""
    p, budget = model.p, model.budget
    families = [f for f in model.spans if f not in ("requires", "excludes")]
    families += ["mandatory"] if p.mandatory.any() else []
    families += [f for f in ("requires", "excludes") if f in model.spans]
    out: list[Binding] = []
    for family in families:
        if model.feasible_without(family):
            text = _FAMILY_TEXT[family].format(
                budget=budget, m=p.min_per_group, cap=p.share_cap(budget)
            )
            ids = _ids(p, np.flatnonzero(p.mandatory).tolist()) if family == "mandatory" else ()
            out.append(Binding(f"{family}_conflict", text, ids))
    if not out:
        out.append(
            Binding(
                "combined_conflict",
                "no selection meets all the constraints together, and dropping any "
                "single kind of constraint is not enough",
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Spent:
    budget: int
    total: int
    cap: int | None
    worst_ratio: float | None
    group: dict[int, int]
    kind: dict[int, int]


def _reason(p: Problem, i: int, x: NDArray[np.bool_], s: _Spent) -> str:
    """Why candidate ``i`` is not in the optimal selection ``x`` (first that applies)."""
    by = [p.ids[j] for j in sorted(p.excludes[i]) if x[j]]
    if by:
        return f"excluded by {', '.join(by)}"
    missing = [p.ids[j] for j in p.requires[i] if not x[j]]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        return f"requires {', '.join(missing)} which {verb} unfunded"
    cost, g, k = p.cost[i], int(p.group[i]), int(p.kind[i])
    if cost > s.budget:
        return "costs more than the whole budget"
    if s.cap is not None and s.group.get(g, 0) + cost > s.cap:
        return f"over the share cap of group {p.group_names[g]}"
    if k in p.kind_caps and s.kind.get(k, 0) + cost > p.kind_caps[k]:
        return f"over the cap for kind {p.kind_names[k]}"
    if s.total + cost > s.budget:
        if s.worst_ratio is not None and p.benefit[i] <= s.worst_ratio * cost:
            return "lower benefit per rupiah than what fits"
        return "does not fit in the remaining budget"
    if p.benefit[i] == 0:
        return "adds no benefit"
    return "not needed for the optimum"


_NO_ROOM = ("lower benefit per rupiah than what fits", "does not fit in the remaining budget")


def unfunded(
    p: Problem, budget: int, x: NDArray[np.bool_]
) -> tuple[tuple[Unfunded, ...], tuple[Binding, ...]]:
    """Reasons for every candidate left out, and the money limits that bind."""
    chosen = np.flatnonzero(x).tolist()
    ratios = [p.benefit[i] / p.cost[i] for i in chosen if p.cost[i] > 0 and not p.mandatory[i]]
    s = _Spent(
        budget,
        sum(p.cost[i] for i in chosen),
        p.share_cap(budget),
        float(min(ratios)) if ratios else None,
        spend_by(p.group, p, x),
        spend_by(p.kind, p, x),
    )
    out: list[Unfunded] = []
    blocked: dict[tuple[str, int], list[int]] = {}
    for i in np.flatnonzero(~x).tolist():
        reason = _reason(p, i, x, s)
        out.append(Unfunded(p.ids[i], reason))
        if p.benefit[i] > 0:
            if reason.startswith("over the share cap"):
                blocked.setdefault(("group", int(p.group[i])), []).append(i)
            elif reason.startswith("over the cap for kind"):
                blocked.setdefault(("kind", int(p.kind[i])), []).append(i)
            elif reason in _NO_ROOM:
                blocked.setdefault(("budget", 0), []).append(i)
    return tuple(out), _bindings(p, s, blocked)


def _bindings(
    p: Problem, s: _Spent, blocked: dict[tuple[str, int], list[int]]
) -> tuple[Binding, ...]:
    out: list[Binding] = []
    for (what, key), members in sorted(blocked.items()):
        if what == "budget":
            out.append(
                Binding(
                    "budget",
                    f"the budget binds: {s.total} of {s.budget} rupiah "
                    f"is spent and {len(members)} candidate(s) with benefit do "
                    "not fit in the rest",
                )
            )
        elif what == "group":
            out.append(
                Binding(
                    "group_share",
                    f"group {p.group_names[key]} is at its share "
                    f"cap: {s.group.get(key, 0)} of {s.cap} rupiah",
                    _ids(p, members),
                )
            )
        else:
            out.append(
                Binding(
                    "kind_cap",
                    f"kind {p.kind_names[key]} is at its cap: "
                    f"{s.kind.get(key, 0)} of {p.kind_caps[key]} rupiah",
                    _ids(p, members),
                )
            )
    return tuple(out)
