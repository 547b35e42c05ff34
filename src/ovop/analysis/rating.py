"""Versioned star-rating schemes and the scoring of one product or a panel of assessors.

Scheme
    A :class:`Scheme` is identified by ``code`` and ``version`` and holds groups of items;
    each item offers options worth non-negative points. An item's maximum is its best
    option; the scheme's maximum is the sum over all items and must be positive. Item ids
    are unique across the whole scheme (answers are keyed by item id), group ids across
    groups, option ids within their item. ``Scheme.from_dict`` validates all of this and
    names the offending path; ``Scheme.from_dict(s.to_dict()) == s`` always holds. Points
    are stored as floats. An item dict may carry ``max_points``; it is checked against the
    options and not stored.

Stars
    ``cutoffs_pct`` holds five strictly ascending percentages within 0..100, one per star
    level. A product earns the largest ``s`` in 1..5 with ``percent >= cutoffs_pct[s - 1]``
    and 0 stars below ``cutoffs_pct[0]`` (set ``cutoffs_pct[0] = 0`` so that every product
    gets at least one star). A percentage within 1e-9 below a cut-off counts as reaching it,
    so that a total exactly on a cut-off is not pushed down by rounding.

Gates
    A :class:`Gate` says "unless item X is answered with one of these options, at most N
    stars" (0 <= N <= 5). An unanswered item does not satisfy a gate. ``stars`` is the
    cut-off stars capped by every failed gate's ``max_stars``; ``failed_gates`` lists all
    failed gates in scheme order (the caller can compare with
    ``scheme.stars_for_percent(percent)`` to see whether a gate actually lowered the result).
    A gate with ``"registry": fact`` (see ``REGISTRY_FACTS``) is decided by the registry, not
    by an answer: the caller passes ``registry`` (fact -> holds on the rating date) to
    ``score`` and ``combine``; such a gate's item scores 0, needs no answer and is never
    listed as missing. A scheme with registry gates refuses to score without the facts.

Scoring
    ``score(scheme, answers)`` takes a mapping item id -> option id (None counts as not
    answered). An unknown item or option is an error. Unanswered items score 0 and are
    listed in ``missing_items`` in scheme order: whether an incomplete rating may be final
    is the caller's decision. ``percent = 100 * points / max_points``.

Panels
    ``combine(results, how, scheme=..., registry=..., settlements=...)`` merges several
    assessors' results for one product: the combined points (and each group's points) are the
    mean or median of theirs, the percent follows from the combined points, and the cut-off
    stars from that percent. Each gate is decided once for the panel (``gate_decisions``):
    a registry gate by the registry fact; a gate judged by people passes only when a strict
    majority of the assessors passed it, so it keeps its failure otherwise. An even split is a
    tie: it counts as failed and is listed in ``ties`` until the officer settles it with a
    :class:`Settlement` (pass or fail, and a non-empty reason); settling anything but a tie is
    an error. The panel's stars are capped by every failed gate. ``spread`` is (min, max,
    population standard deviation) of the assessors' percentages.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ovop.analysis import AnalysisError
from ovop.analysis._rating_panel import GateDecision, Settlement, decide_gates
from ovop.analysis._rating_scheme import REGISTRY_FACTS, Gate, Group, Item, Option, Scheme

__all__ = [
    "REGISTRY_FACTS",
    "Gate",
    "GateDecision",
    "Group",
    "Item",
    "Option",
    "PanelResult",
    "RatingResult",
    "Scheme",
    "Settlement",
    "combine",
    "score",
]

GroupScore = tuple[str, float, float]


def _groups_to_dicts(by_group: tuple[GroupScore, ...]) -> list[dict[str, Any]]:
    return [{"group": g, "points": p, "max_points": m} for g, p, m in by_group]


@dataclass(frozen=True)
class RatingResult:
    """One assessor's (or one self-assessment's) rating of one product."""

    points: float
    max_points: float
    percent: float
    stars: int
    by_group: tuple[GroupScore, ...]
    failed_gates: tuple[Gate, ...]
    missing_items: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; :meth:`from_dict` reads it back."""
        return {
            "points": self.points,
            "max_points": self.max_points,
            "percent": self.percent,
            "stars": self.stars,
            "by_group": _groups_to_dicts(self.by_group),
            "failed_gates": [g.to_dict() for g in self.failed_gates],
            "missing_items": list(self.missing_items),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RatingResult:
        """Rebuild a stored result (the inverse of :meth:`to_dict`)."""
        try:
            return cls(
                points=float(data["points"]),
                max_points=float(data["max_points"]),
                percent=float(data["percent"]),
                stars=int(data["stars"]),
                by_group=tuple(
                    (str(g["group"]), float(g["points"]), float(g["max_points"]))
                    for g in data["by_group"]
                ),
                failed_gates=tuple(
                    Gate(
                        str(g["item"]),
                        frozenset(g["satisfied_options"]),
                        int(g["max_stars"]),
                        str(g["reason"]),
                        None if g.get("registry") is None else str(g["registry"]),
                    )
                    for g in data["failed_gates"]
                ),
                missing_items=tuple(str(i) for i in data["missing_items"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AnalysisError(f"result: not a stored rating result ({exc!r})") from None


@dataclass(frozen=True)
class PanelResult:
    """Several assessors' results for one product, combined by ``how``."""

    points: float
    max_points: float
    percent: float
    stars: int
    by_group: tuple[GroupScore, ...]
    failed_gates: tuple[Gate, ...]
    spread: tuple[float, float, float]
    n: int
    how: str
    gate_decisions: tuple[GateDecision, ...] = ()

    @property
    def ties(self) -> tuple[str, ...]:
        """Items of the gates whose tie the officer has not settled yet (scheme order)."""
        return tuple(d.gate.item for d in self.gate_decisions if d.tie)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the fields."""
        return {
            "points": self.points,
            "max_points": self.max_points,
            "percent": self.percent,
            "stars": self.stars,
            "by_group": _groups_to_dicts(self.by_group),
            "failed_gates": [g.to_dict() for g in self.failed_gates],
            "spread": list(self.spread),
            "n": self.n,
            "how": self.how,
            "gate_decisions": [d.to_dict() for d in self.gate_decisions],
            "ties": list(self.ties),
        }


def _checked_answers(scheme: Scheme, answers: object) -> dict[str, Option]:
    if not isinstance(answers, Mapping):
        raise AnalysisError("answers: must be a mapping of item id to option id")
    items = scheme.items_by_id()
    chosen: dict[str, Option] = {}
    for item_id, option_id in answers.items():
        where = f"answers[{item_id!r}]"
        item = items.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            raise AnalysisError(f"{where}: no such item in scheme {scheme.code} v{scheme.version}")
        if option_id is None:
            continue
        option = item.option(option_id) if isinstance(option_id, str) else None
        if option is None:
            expected = ", ".join(repr(o.id) for o in item.options)
            raise AnalysisError(f"{where}: {option_id!r} is not an option (one of {expected})")
        chosen[item_id] = option
    return chosen


def _capped_stars(scheme: Scheme, percent: float, failed: tuple[Gate, ...]) -> int:
    return min([scheme.stars_for_percent(percent), *(g.max_stars for g in failed)])


def _registry_facts(scheme: Scheme, registry: Mapping[str, bool] | None) -> dict[str, bool]:
    facts = dict(registry or {})
    for item, fact in scheme.registry_items().items():
        if fact not in facts:
            raise AnalysisError(
                f"registry: scheme {scheme.code} v{scheme.version} leaves the gate on {item!r} "
                f"to the registry fact {fact!r}, which was not given"
            )
    return facts


def _gate_failed(gate: Gate, chosen: Mapping[str, Option], facts: Mapping[str, bool]) -> bool:
    if gate.registry is not None:
        return not facts[gate.registry]
    return gate.item not in chosen or chosen[gate.item].id not in gate.satisfied_options


def score(
    scheme: Scheme,
    answers: Mapping[str, str | None],
    *,
    registry: Mapping[str, bool] | None = None,
) -> RatingResult:
    """Score one set of answers (item id -> option id) against ``scheme``."""
    chosen = _checked_answers(scheme, answers)
    facts = _registry_facts(scheme, registry)
    by_registry = scheme.registry_items()
    chosen = {k: v for k, v in chosen.items() if k not in by_registry}
    by_group: list[GroupScore] = []
    missing: list[str] = []
    for group in scheme.groups:
        earned = [chosen[i.id].points for i in group.items if i.id in chosen]
        missing.extend(i.id for i in group.items if i.id not in chosen and i.id not in by_registry)
        by_group.append((group.id, math.fsum(earned), group.max_points))
    points = math.fsum(p for _, p, _ in by_group)
    max_points = scheme.max_points
    percent = 100.0 * points / max_points
    failed = tuple(g for g in scheme.gates if _gate_failed(g, chosen, facts))
    return RatingResult(
        points=points,
        max_points=max_points,
        percent=percent,
        stars=_capped_stars(scheme, percent, failed),
        by_group=tuple(by_group),
        failed_gates=failed,
        missing_items=tuple(missing),
    )


def _check_panel(results: Sequence[RatingResult], scheme: Scheme) -> None:
    if not results:
        raise AnalysisError("results: needs at least one assessor's result")
    group_ids = [g.id for g in scheme.groups]
    for k, result in enumerate(results):
        if not isinstance(result, RatingResult):
            raise AnalysisError(f"results[{k}]: must be a RatingResult")
        if not math.isclose(result.max_points, scheme.max_points, rel_tol=1e-12):
            raise AnalysisError(
                f"results[{k}].max_points: {result.max_points} does not match scheme "
                f"{scheme.code} v{scheme.version} ({scheme.max_points})"
            )
        if [g for g, _, _ in result.by_group] != group_ids:
            raise AnalysisError(f"results[{k}].by_group: groups differ from the scheme's")


def combine(
    results: Sequence[RatingResult],
    how: Literal["mean", "median"] = "mean",
    *,
    scheme: Scheme,
    registry: Mapping[str, bool] | None = None,
    settlements: Mapping[str, Settlement] | None = None,
) -> PanelResult:
    """Combine several assessors' results for one product (see the module docstring)."""
    if how not in ("mean", "median"):
        raise AnalysisError(f"how: must be 'mean' or 'median', got {how!r}")
    _check_panel(results, scheme)
    centre = statistics.fmean if how == "mean" else statistics.median
    points = float(centre([r.points for r in results]))
    by_group = tuple(
        (group.id, float(centre([r.by_group[k][1] for r in results])), group.max_points)
        for k, group in enumerate(scheme.groups)
    )
    percent = 100.0 * points / scheme.max_points
    n = len(results)
    decisions = decide_gates(
        scheme,
        [frozenset(g.item for g in r.failed_gates) for r in results],
        registry=_registry_facts(scheme, registry),
        settlements=settlements or {},
    )
    failed = tuple(d.gate for d in decisions if d.failed)
    percents = [r.percent for r in results]
    return PanelResult(
        points=points,
        max_points=scheme.max_points,
        percent=percent,
        stars=_capped_stars(scheme, percent, failed),
        by_group=by_group,
        failed_gates=failed,
        spread=(min(percents), max(percents), statistics.pstdev(percents)),
        n=n,
        how=how,
        gate_decisions=decisions,
    )
