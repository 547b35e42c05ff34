"""Reads across scenarios: the side-by-side comparison, the year's approved plan with its
versions, and the budget slider's re-optimisation (one solve, nothing stored)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.planning.candidates import plan_input
from ovop.planning.choices import ScenarioStatus
from ovop.planning.models import FiscalYear, Scenario
from ovop.planning.runs import SLIDER_TIME_LIMIT_S, pks, solve_at
from ovop.planning.selectors_measured import figures_of
from ovop.planning.selectors_scenarios import (
    Line,
    ScenarioPage,
    SourceLeft,
    scenario_page,
    scenarios_for,
    source_rows,
)

#: How many scenarios the comparison shows side by side.
COMPARE_MIN, COMPARE_MAX = 2, 4
#: The slider's range, in percent of the scenario's budget.
SLIDER_MIN, SLIDER_MAX = 50, 200


@dataclass(frozen=True)
class Column:
    scenario: Scenario
    sources: list[SourceLeft]
    kecamatan: dict[str, int]


@dataclass(frozen=True)
class Comparison:
    columns: list[Column]
    source_names: list[str]
    kecamatan_names: list[str]

    def left(self, column: Column, name: str) -> int | None:
        return next((s.left_idr for s in column.sources if s.name == name), None)


def parse_ids(raw: str | None) -> list[int]:
    """``?ids=1,2`` as 2–4 distinct ids; refused naming ``ids`` otherwise."""
    parts = [p.strip() for p in (raw or "").split(",") if p.strip()]
    if not all(p.isdigit() and len(p) < 10 for p in parts):
        raise ValidationError({"ids": _("Scenarios: give their ids separated by commas.")})
    ids = list(dict.fromkeys(int(p) for p in parts))
    if not COMPARE_MIN <= len(ids) <= COMPARE_MAX:
        raise ValidationError({"ids": _("Scenarios: pick 2 to 4 scenarios to compare.")})
    return ids


def comparison(*, user: User, ids: Sequence[int]) -> Comparison:
    """Scenarios ``ids`` side by side (ids the user may not read are refused like unknown)."""
    found = {s.pk: s for s in scenarios_for(user).filter(pk__in=ids)}
    if len(found) != len(ids):
        raise ValidationError({"ids": _("Scenarios: one of them does not exist.")})
    columns = []
    for pk in ids:
        scenario = found[pk]
        items = list(scenario.items.select_related("proposal__village__parent"))
        counts = Counter(
            (i.proposal.village.parent.name if i.proposal.village.parent else "")
            for i in items
            if i.funded
        )
        columns.append(Column(scenario, source_rows(scenario, items), dict(counts)))
    sources = sorted({s.name for c in columns for s in c.sources})
    kecamatan = sorted({k for c in columns for k in c.kecamatan})
    return Comparison(columns, sources, kecamatan)


@dataclass(frozen=True)
class Plan:
    year: FiscalYear
    current: Scenario | None
    lines: list[Line]
    versions: list[Scenario]
    page: ScenarioPage | None


def plan(year: FiscalYear) -> Plan:
    """The year's current approved plan, its lines, and every version with its reason."""
    versions = list(
        Scenario.objects.filter(fiscal_year=year, version__isnull=False)
        .select_related("approved_by", "revises")
        .order_by("-version")
    )
    current = next((s for s in versions if s.status == ScenarioStatus.APPROVED), None)
    page = scenario_page(current) if current is not None else None
    return Plan(year, current, page.funded if page else [], versions, page)


@dataclass(frozen=True)
class SliderResult:
    percent: int
    budget_idr: int
    status: str
    funded: int
    total_benefit: float
    total_cost_idr: int
    page: ScenarioPage


def slider(scenario: Scenario, percent: int) -> SliderResult:
    """The optimum with every source budget at ``percent`` % (one solve; nothing stored). A
    measured scenario that has run uses the figures of its run, as its frontier did; refused
    (ValidationError) like a run when a proposal's type has no figure."""
    percent = min(max(percent, SLIDER_MIN), SLIDER_MAX)
    stored = figures_of(scenario.measured_figures) if scenario.measured_figures else None
    data = plan_input(scenario, stored)
    sources = data.scaled(percent / 100)
    result = solve_at(data, sources, SLIDER_TIME_LIMIT_S)
    optimal = result.status in ("optimal", "time_limit")
    funded = len(pks(result.selected)) if optimal else 0
    benefit = result.total_benefit if optimal else 0.0
    budget = sum(s.budget_idr for s in sources)
    page = scenario_page(scenario, marker=(budget, benefit, funded))
    return SliderResult(
        percent,
        budget,
        result.status,
        funded,
        benefit,
        result.total_cost_idr if optimal else 0,
        page,
    )
