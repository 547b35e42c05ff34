"""Explanations for multi-source results (private to the allocation module).

* :func:`prove_sourced_infeasible`: certificates that no portfolio exists, before solving
  (those of the one-budget model at the total of the sources, plus ``mandatory_no_source``).
* :func:`explain_sourced` names the constraint families that cannot be met together once
  the solver has found the problem infeasible.
* :func:`sourced_unfunded` says why each candidate is left out, and which money limits bind
  (``source_budget`` per source, ``kind_cap`` per kind).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ovop.analysis._allocation_diagnose import prove_infeasible
from ovop.analysis._allocation_problem import Problem
from ovop.analysis._allocation_source_model import SourcedModel, SourceFamily
from ovop.analysis._allocation_sources import Sourced
from ovop.analysis._allocation_types import Binding, Unfunded

NO_MONEY = "no allowed source has money left"
_CHEAPER = "lower benefit per rupiah than what fits"


def _ids(p: Problem, members: Iterable[int]) -> tuple[str, ...]:
    return tuple(p.ids[i] for i in sorted(members))


def _no_source(sp: Sourced, budgets: Sequence[int], forced: frozenset[int]) -> list[Binding]:
    p, out = sp.p, []
    alone = sorted(i for i in forced if all(budgets[s] < p.cost[i] for s in sp.allowed[i]))
    for i in alone:
        names = ", ".join(f"{sp.source_ids[s]} ({budgets[s]})" for s in sp.allowed[i]) or "none"
        out.append(
            Binding(
                "mandatory_no_source",
                f"{p.ids[i]} must be funded (mandatory, or required by a mandatory item) and "
                f"costs {p.cost[i]} rupiah, more than any source allowed to fund it has: "
                f"{names}",
                (p.ids[i],),
            )
        )
    if out:
        return out
    for allowed in sorted({sp.allowed[i] for i in forced}):
        members = [i for i in forced if set(sp.allowed[i]) <= set(allowed)]
        need, have = sum(p.cost[i] for i in members), sum(budgets[s] for s in allowed)
        if need > have:
            names = ", ".join(sp.source_ids[s] for s in allowed)
            out.append(
                Binding(
                    "mandatory_no_source",
                    f"items that must be funded and may only be paid by {names} cost "
                    f"{need} rupiah, more than those sources have together ({have})",
                    _ids(p, members),
                )
            )
    return out


def prove_sourced_infeasible(sp: Sourced, budgets: Sequence[int]) -> tuple[Binding, ...]:
    """Certificates that no portfolio exists at these budgets (empty when none is found)."""
    p = sp.at(budgets)
    forced = frozenset().union(*(p.closure[i] for i in np.flatnonzero(p.mandatory).tolist()))
    return tuple(_no_source(sp, budgets, forced)) or prove_infeasible(p, sum(budgets))


_FAMILY_TEXT: Mapping[SourceFamily, str] = {
    "source": "the source budgets and the rules on what each source may fund cannot be "
    "combined with the other constraints",
    "min_per_group": "at least {m} funded item(s) per group cannot be combined with the "
    "other constraints",
    "kind_caps": "the caps per kind cannot be combined with the other constraints",
    "mandatory": "the mandatory items cannot all be funded under the other constraints",
    "requires": "the 'requires' links cannot be combined with the other constraints",
    "excludes": "the 'excludes' links cannot be combined with the other constraints",
}


def explain_sourced(model: SourcedModel) -> tuple[Binding, ...]:
    """Constraint families whose removal alone would make a portfolio possible."""
    p = model.sp.p
    families: list[SourceFamily] = ["source"]
    families += [f for f in ("min_per_group", "kind_caps") if f in model.spans]
    families += ["mandatory"] if p.mandatory.any() else []
    families += [f for f in ("requires", "excludes") if f in model.spans]
    out: list[Binding] = []
    for family in families:
        if model.feasible_without(family):
            ids = _ids(p, np.flatnonzero(p.mandatory).tolist()) if family == "mandatory" else ()
            text = _FAMILY_TEXT[family].format(m=p.min_per_group)
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
class Ledger:
    """Money left per source and spent per kind, for reasons and bindings."""

    budgets: tuple[int, ...]
    spent: list[int]
    kind_spent: dict[int, int]
    caps: dict[int, int]

    def fits(self, sp: Sourced, i: int) -> int | None:
        """First allowed source that can still pay for candidate ``i``."""
        for s in sp.allowed[i]:
            if self.budgets[s] - self.spent[s] >= sp.p.cost[i]:
                return s
        return None

    def blocked(self, sp: Sourced, i: int) -> str | None:
        """Money reason that keeps ``i`` out, or None when it would fit."""
        p = sp.p
        cost, k = p.cost[i], int(p.kind[i])
        if all(self.budgets[s] < cost for s in sp.allowed[i]):
            return "costs more than the whole budget"
        if k in self.caps and self.kind_spent.get(k, 0) + cost > self.caps[k]:
            return f"over the cap for kind {p.kind_names[k]}"
        return NO_MONEY if self.fits(sp, i) is None else None


def link_reason(p: Problem, i: int, x: NDArray[np.bool_]) -> str | None:
    by = [p.ids[j] for j in sorted(p.excludes[i]) if x[j]]
    if by:
        return f"excluded by {', '.join(by)}"
    missing = [p.ids[j] for j in p.requires[i] if not x[j]]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        return f"requires {', '.join(missing)} which {verb} unfunded"
    return None


def sourced_unfunded(
    sp: Sourced, ledger: Ledger, x: NDArray[np.bool_]
) -> tuple[tuple[Unfunded, ...], tuple[Binding, ...]]:
    """Reasons for every candidate left out of ``x``, and the money limits that bind."""
    p = sp.p
    ratios = [
        p.benefit[i] / p.cost[i] for i in np.flatnonzero(x) if p.cost[i] and not p.mandatory[i]
    ]
    worst = float(min(ratios)) if ratios else None
    out: list[Unfunded] = []
    for i in np.flatnonzero(~x).tolist():
        reason = link_reason(p, i, x) or ledger.blocked(sp, i)
        if reason == NO_MONEY and worst is not None and p.benefit[i] <= worst * p.cost[i]:
            reason = _CHEAPER
        if reason is None:
            reason = "adds no benefit" if p.benefit[i] == 0 else "not needed for the optimum"
        out.append(Unfunded(p.ids[i], reason))
    return tuple(out), bindings(sp, ledger, out)


def bindings(sp: Sourced, ledger: Ledger, left: Sequence[Unfunded]) -> tuple[Binding, ...]:
    """``source_budget`` per source and ``kind_cap`` per kind that keep candidates with
    benefit out (the candidates whose reason is a lack of money or that cap)."""
    p = sp.p
    by_source: dict[int, list[int]] = {}
    by_kind: dict[int, list[int]] = {}
    for item in left:
        i = p.index[item.id]
        if p.benefit[i] <= 0:
            continue
        if item.reason in (NO_MONEY, _CHEAPER):
            for s in sp.allowed[i]:
                if ledger.budgets[s] >= p.cost[i]:
                    by_source.setdefault(s, []).append(i)
        elif item.reason.startswith("over the cap for kind"):
            by_kind.setdefault(int(p.kind[i]), []).append(i)
    out = [
        Binding(
            "source_budget",
            f"source {sp.source_ids[s]} binds: {ledger.spent[s]} of {ledger.budgets[s]} rupiah "
            f"is spent and {len(members)} candidate(s) with benefit do not fit in the rest",
            _ids(p, members),
        )
        for s, members in sorted(by_source.items())
    ]
    out += [
        Binding(
            "kind_cap",
            f"kind {p.kind_names[k]} is at its cap: {ledger.kind_spent.get(k, 0)} of "
            f"{ledger.caps[k]} rupiah",
            _ids(p, members),
        )
        for k, members in sorted(by_kind.items())
    ]
    return tuple(out)
