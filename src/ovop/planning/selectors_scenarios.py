"""Reads of scenarios for the pages: the year's list and one scenario's page, in a fixed number
of queries however many proposals.

Who reads: administrators, officers, viewers and facilitators (the whole plan,
``scope.reads_plan``); owners get 403 on the lists and 404 on a scenario; assessors 403.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.planning import scope
from ovop.planning.choices import PLAN_FOUND, BenefitBasis
from ovop.planning.frontier_chart import Chart, chart
from ovop.planning.models import FiscalYear, Scenario, ScenarioItem, Source
from ovop.planning.runs import STEP_IDR
from ovop.planning.selectors_measured import Figure, current_figures, figures_of
from ovop.planning.words_benefit import benefit_number
from ovop.planning.words_scenarios import binding_text, reason_text


def require_plan_reader(user: Any) -> User:
    """The user, if they may read the year's scenarios (403 otherwise)."""
    reader = scope.require_reader(user)
    if not scope.reads_plan(reader):
        raise PermissionDenied
    return reader


def scenarios_for(user: User) -> QuerySet[Scenario]:
    if not scope.reads_plan(user):
        return Scenario.objects.none()
    return Scenario.objects.select_related("fiscal_year", "revises")


def scenario_get(*, user: User, pk: int) -> Scenario:
    """The scenario ``pk`` if ``user`` may read it (404 otherwise)."""
    found = scenarios_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def year_get(year: int | str | None) -> FiscalYear:
    """The fiscal year numbered ``year`` (404 when there is none)."""
    found = FiscalYear.objects.filter(year=int(str(year))).first() if str(year).isdigit() else None
    if found is None:
        raise Http404
    return found


def scenario_list(year: FiscalYear) -> list[Scenario]:
    """The year's scenarios, approved plan first, then newest."""
    rows = Scenario.objects.filter(fiscal_year=year).select_related("revises")
    return sorted(rows, key=lambda s: (s.status != "approved", -(s.pk or 0)))


@dataclass(frozen=True)
class Line:
    pk: int
    title: str
    village: str
    kecamatan: str
    activity_type: str
    source: str
    cost_idr: int
    benefit: float
    greedy_funded: bool
    reason: str = ""


@dataclass(frozen=True)
class SourceLeft:
    pk: int
    name: str
    budget_idr: int
    spent_idr: int

    @property
    def left_idr(self) -> int:
        return self.budget_idr - self.spent_idr


@dataclass
class ScenarioPage:
    scenario: Scenario
    funded: list[Line]
    unfunded: list[Line]
    sources: list[SourceLeft]
    binding: list[str]
    chart: Chart
    kecamatan_counts: list[tuple[str, int]]
    more_count: int = 0
    more_benefit: float = 0.0
    greedy: list[Line] = field(default_factory=list)
    plus: list[str] = field(default_factory=list)
    plus_dropped: list[str] = field(default_factory=list)
    minus: list[str] | None = None
    minus_added: list[str] = field(default_factory=list)
    step_idr: int = STEP_IDR
    #: With the measured basis: the figures of the run (or, before a run, those in force).
    figures: list[Figure] = field(default_factory=list)
    #: True when ``figures`` are those in force, not yet used by a run.
    figures_current: bool = False

    @property
    def has_result(self) -> bool:
        return bool(self.funded or self.unfunded)


def scenario_items(scenario: Scenario) -> list[ScenarioItem]:
    related = ("proposal__village__parent", "source")
    return list(scenario.items.select_related(*related).order_by("-benefit", "proposal_id"))


def _line(item: ScenarioItem, names: Any) -> Line:
    village = item.proposal.village
    return Line(
        pk=item.proposal_id,
        title=item.proposal.title,
        village=village.name,
        kecamatan=village.parent.name if village.parent else "",
        activity_type=item.proposal.get_activity_type_display(),
        source=item.source.name if item.source else "",
        cost_idr=item.cost_idr,
        benefit=item.benefit,
        greedy_funded=item.greedy_funded,
        reason=reason_text(item.reason, names) if item.reason else "",
    )


def source_rows(scenario: Scenario, items: Sequence[ScenarioItem]) -> list[SourceLeft]:
    spent: Counter[int] = Counter()
    for item in items:
        if item.funded and item.source_id:
            spent[item.source_id] += item.cost_idr
    keys = [int(k) for k in scenario.budgets]
    rows = Source.objects.filter(pk__in=keys).order_by("kind", "name")
    return [SourceLeft(s.pk, s.name, int(scenario.budgets[str(s.pk)]), spent[s.pk]) for s in rows]


def _titles_of(titles: Mapping[int, str]) -> Any:
    def names(ids: Sequence[str]) -> str:
        return ", ".join(titles.get(int(i[1:]), i) for i in ids if i[1:].isdigit()) or "—"

    return names


def _steps(page: ScenarioPage, titles: Mapping[int, str], funded: set[int]) -> None:
    for row in page.scenario.frontier:
        chosen = set(row.get("selected", []))
        delta = row.get("delta_idr")
        usable = row.get("status") in PLAN_FOUND
        if delta == STEP_IDR and usable:
            page.plus = [titles[pk] for pk in sorted(chosen - funded) if pk in titles]
            page.plus_dropped = [titles[pk] for pk in sorted(funded - chosen) if pk in titles]
        elif delta == -STEP_IDR and usable:
            page.minus = [titles[pk] for pk in sorted(funded - chosen) if pk in titles]
            page.minus_added = [titles[pk] for pk in sorted(chosen - funded) if pk in titles]


def scenario_page(scenario: Scenario, marker: tuple[int, float, int] | None = None) -> ScenarioPage:
    """Everything the scenario page shows (3 queries)."""
    items = scenario_items(scenario)
    titles = {item.proposal_id: item.proposal.title for item in items}
    names = _titles_of(titles)
    lines = [(_line(item, names), item) for item in items]
    sources = source_rows(scenario, items)
    source_names = {s.pk: s.name for s in sources}
    page = ScenarioPage(
        scenario=scenario,
        funded=[line for line, item in lines if item.funded],
        unfunded=[line for line, item in lines if not item.funded],
        sources=sources,
        binding=[binding_text(b, titles, source_names) for b in scenario.binding],
        chart=chart(scenario.frontier, scenario.budget_total_idr, marker),
        kecamatan_counts=sorted(Counter(line.kecamatan for line, i in lines if i.funded).items()),
        more_count=scenario.funded_count - scenario.greedy_count,
        more_benefit=scenario.total_benefit - scenario.greedy_benefit,
        greedy=[line for line, item in lines if item.greedy_funded],
    )
    _steps(page, titles, {line.pk for line in page.funded})
    page.figures, page.figures_current = basis_figures(scenario)
    return page


def basis_figures(scenario: Scenario) -> tuple[list[Figure], bool]:
    """The measured figures a scenario page shows, and whether they are those in force (a
    measured scenario not run yet); none with the rubric. A query only in the latter case."""
    if scenario.benefit_basis != BenefitBasis.MEASURED:
        return [], False
    if scenario.measured_figures:
        return figures_of(scenario.measured_figures), False
    return current_figures(), True


def comparison_sentence(page: ScenarioPage) -> str:
    s = page.scenario
    numbers = {
        "more": page.more_count,
        "opt": s.funded_count,
        "greedy": s.greedy_count,
    }
    if s.benefit_basis == BenefitBasis.MEASURED:
        basis = s.benefit_basis
        return _(
            "For the same money the optimal plan funds %(more)s more activities (%(opt)s "
            "against %(greedy)s) and %(gain)s more expected extra monthly revenue (%(opt_b)s "
            "against %(greedy_b)s) than ranking by expected extra revenue and funding down "
            "the list."
        ) % {
            **numbers,
            "gain": benefit_number(page.more_benefit, basis),
            "opt_b": benefit_number(s.total_benefit, basis),
            "greedy_b": benefit_number(s.greedy_benefit, basis),
        }
    return _(
        "For the same money the optimal plan funds %(more)s more activities (%(opt)s against "
        "%(greedy)s) and %(gain)s more benefit (%(opt_b)s against %(greedy_b)s) than ranking "
        "by score and funding down the list."
    ) % {
        **numbers,
        "gain": number_format(page.more_benefit, 1),
        "opt_b": number_format(s.total_benefit, 1),
        "greedy_b": number_format(s.greedy_benefit, 1),
    }
