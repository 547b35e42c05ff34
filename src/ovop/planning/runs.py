"""One plan run: the analysis calls a scenario's run makes, and what is stored from them.

``solve`` makes the calls (``ovop.analysis.allocation``): the optimum, the rank-and-fund rule,
the frontier at ``FACTORS`` and the optimum with ``STEP_IDR`` more and less money (shared over
the sources in proportion to their budgets, so that the total moves by exactly that much).
``solve_at`` is the slider's one solve (nothing stored). Ids are mapped back to proposal pks
here; the placeholders of ``candidates`` never leave this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ovop.analysis import allocation
from ovop.analysis.allocation import Source as Money
from ovop.analysis.allocation import SourcedPoint, SourcedResult
from ovop.planning.candidates import PlanInput, key_pk, plan_input
from ovop.planning.models import Scenario, ScenarioItem

#: The frontier's budgets: every source's budget times 0.5, 0.6, … 2.0.
FACTORS = tuple(round(0.5 + 0.1 * k, 1) for k in range(16))
#: "With another Rp 100.000.000 …" / "cutting Rp 100.000.000 …".
STEP_IDR = 100_000_000
#: Longest a scenario's optimum may take before the solver stops (the run keeps the last
#: good result then).
TIME_LIMIT_S = 30.0
#: Longest the slider waits for one re-optimisation (it then shows the best plan found).
SLIDER_TIME_LIMIT_S = 5.0
#: Longest one frontier budget (or the ±``STEP_IDR`` re-solve) may take: a point it stops is
#: stored with status "time_limit" and left out of the chart, so one hard budget level cannot
#: hold a request (or the demo loader) for minutes.
POINT_TIME_LIMIT_S = 3.0
#: A run stopped at its time limit is still used when its best plan is proven within this
#: share of the optimum (the solver's bound): with several overlapping sources, proving the
#: last 0.1 % can take the solver far longer than finding the plan.
NEAR_GAP = 0.005


def usable(result: SourcedResult) -> bool:
    """Whether the result is a plan to show: proven optimal, or stopped within ``NEAR_GAP``."""
    if result.status == "optimal":
        return True
    return (
        result.status == "time_limit"
        and bool(result.selected)
        and result.gap is not None
        and result.gap <= NEAR_GAP
    )


def status_of(result: SourcedResult) -> str:
    """The stored status word: "near_optimal" for a usable run stopped at its time limit."""
    return "near_optimal" if result.status == "time_limit" and usable(result) else result.status


def pks(ids: Iterable[str]) -> list[int]:
    """Proposal pks of candidate ids, in order, without the placeholders."""
    return [pk for pk in (key_pk(i) for i in ids if i.startswith("p")) if pk is not None]


def solve_at(
    data: PlanInput, sources: Sequence[Money], time_limit_s: float = TIME_LIMIT_S
) -> SourcedResult:
    """The optimum with these source budgets (or the best found within ``time_limit_s``)."""
    return allocation.allocate_sources(
        data.candidates,
        sources,
        min_per_group=data.min_per_group,
        max_share_per_kind=data.max_share_per_kind,
        time_limit_s=time_limit_s,
    )


@dataclass(frozen=True)
class PlanRun:
    data: PlanInput
    best: SourcedResult
    greedy: SourcedResult
    points: list[SourcedPoint]
    more: SourcedResult | None
    less: SourcedResult | None

    def funded_pks(self, result: SourcedResult) -> list[int]:
        if result.status != "heuristic" and not usable(result):
            return []
        return pks(result.selected)

    def binding(self) -> list[dict[str, Any]]:
        """The binding (or conflicting) constraints: code, English detail, proposal pks."""
        return [{"code": b.code, "detail": b.detail, "ids": pks(b.ids)} for b in self.best.binding]

    def _row(self, result: SourcedResult | None, delta: int) -> list[dict[str, Any]]:
        if result is None:
            return []
        base = sum(s.budget_idr for s in self.data.sources)
        chosen = self.funded_pks(result)
        return [
            {
                "delta_idr": delta,
                "factor": (base + delta) / base if base else 0.0,
                "budget_idr": base + delta,
                "total_benefit": result.total_benefit if usable(result) else 0.0,
                "funded": len(chosen),
                "selected": chosen,
                "status": status_of(result),
            }
        ]

    def frontier_rows(self) -> list[dict[str, Any]]:
        """The frontier as stored: one row per factor, then the ±``STEP_IDR`` rows (with
        ``delta_idr``)."""
        rows = [
            {
                "factor": point.factor,
                "budget_idr": point.budget_idr,
                "total_benefit": point.total_benefit,
                "funded": len(pks(point.selected)),
                "selected": pks(point.selected),
                "status": point.status,
            }
            for point in self.points
        ]
        return rows + self._row(self.more, STEP_IDR) + self._row(self.less, -STEP_IDR)


def solve(scenario: Scenario, *, frontier: bool = True) -> PlanRun:
    """Every analysis call of one run (raises ``AnalysisError`` when the analysis refuses);
    without ``frontier`` only the optimum and the rank-and-fund rule (a quick run)."""
    data = plan_input(scenario)
    best = solve_at(data, data.sources)
    greedy = allocation.rank_and_fund(
        data.candidates, data.sources, max_share_per_kind=data.max_share_per_kind
    )
    if not frontier:
        return PlanRun(data, best, greedy, [], None, None)
    points = allocation.frontier_sources(
        data.candidates,
        data.sources,
        FACTORS,
        min_per_group=data.min_per_group,
        max_share_per_kind=data.max_share_per_kind,
        time_limit_s=POINT_TIME_LIMIT_S,
    )
    up, down = data.shifted(STEP_IDR), data.shifted(-STEP_IDR)
    more = solve_at(data, up, POINT_TIME_LIMIT_S) if up is not None else None
    less = solve_at(data, down, POINT_TIME_LIMIT_S) if down is not None else None
    return PlanRun(data, best, greedy, points, more, less)


def store_items(scenario: Scenario, run: PlanRun) -> None:
    """Replace the scenario's items: one per proposal considered."""
    data, best = run.data, run.best
    chosen = set(best.selected) if usable(best) else set()
    greedy = set(run.greedy.selected)
    reasons = {u.id: u.reason for u in best.unfunded}
    items = []
    for key, proposal in data.proposals.items():
        source = data.source_rows.get(best.funded_by.get(key, "")) if key in chosen else None
        item = ScenarioItem(
            scenario=scenario,
            proposal=proposal,
            benefit=data.benefits.get(proposal.pk, 0.0),
            cost_idr=proposal.cost_idr,
            funded=key in chosen,
            source=source,
            greedy_funded=key in greedy,
            reason=data.left_out.get(proposal.pk, reasons.get(key, ""))[:300],
        )
        item.full_clean(
            exclude=["scenario", "proposal", "source"],
            validate_unique=False,
            validate_constraints=False,
        )
        items.append(item)
    scenario.items.all().delete()
    ScenarioItem.objects.bulk_create(items)
