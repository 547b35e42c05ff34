"""Chapter 3 of the report, "what held the programme back?": the budget. The fiscal year's
approved plan (its current version): the cost of the activities the villages asked for against
what the plan could fund, each source's money, the rules that bound the plan, what more money
would have bought (the plan's frontier: the best plan at 0.5 to 2 times the budget, and the
activities another Rp 100 juta would add), and the best activities left unfunded.

The plan is the regency's OVOP plan as a whole (``planning.selectors_scenarios.scenario_page``,
as the scenario page shows it): its budget is one constraint for every programme village.
When the approved plan was run without a frontier, the year's latest scenario that has one is
used and named; without any, the report says so.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ovop.evaluation.report_parts import (
    Block,
    Column,
    Figure,
    Table,
    Text,
    empty,
    money_cell,
    none_cell,
    number_cell,
    percent_cell,
    share_pct,
    text_cell,
)
from ovop.planning.choices import PLAN_FOUND
from ovop.planning.frontier_chart import chart, curve
from ovop.planning.models import FiscalYear, Scenario
from ovop.planning.runs import STEP_IDR
from ovop.planning.selectors_realisation import approved_plan
from ovop.planning.selectors_scenarios import Line, ScenarioPage, scenario_page

#: The longest a bound rule's sentence is printed (it names every activity it holds back).
BINDING_CHARS = 280
#: How many of the unfunded activities (best expected benefit first) the report lists.
UNFUNDED_SHOWN = 10


def shortened(text: str, limit: int = BINDING_CHARS) -> str:
    """``text`` cut after the last list item that fits in ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(", ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip() + " …"


def asked_table(page: ScenarioPage) -> Table:
    funded = sum(x.cost_idr for x in page.funded)
    unfunded = sum(x.cost_idr for x in page.unfunded)
    asked = funded + unfunded
    budget = page.scenario.budget_total_idr
    rows = [
        (
            _("Activities asked for (proposals in the plan)"),
            len(page.funded) + len(page.unfunded),
            asked,
        ),
        (_("Funded by the approved plan"), len(page.funded), funded),
        (_("Left unfunded"), len(page.unfunded), unfunded),
        (_("Budget of the plan (all sources)"), None, budget),
    ]
    columns = [
        Column(_("Item")),
        Column(_("Activities"), numeric=True),
        Column(_("Amount (Rp)"), numeric=True),
        Column(_("Share of the amount asked (%)"), numeric=True),
    ]
    cells = [
        [
            text_cell(label),
            number_cell(n) if n is not None else none_cell(),
            money_cell(amount),
            percent_cell(share_pct(amount, asked)),
        ]
        for label, n, amount in rows
    ]
    return Table("budget-asked", _("Budget asked and funded"), columns, cells)


def sources_table(page: ScenarioPage) -> Table:
    columns = [
        Column(_("Source of funds")),
        Column(_("Budget in the plan (Rp)"), numeric=True),
        Column(_("Funded (Rp)"), numeric=True),
        Column(_("Left (Rp)"), numeric=True),
        Column(_("Used (%)"), numeric=True),
    ]
    rows = [
        [
            text_cell(s.name),
            money_cell(s.budget_idr),
            money_cell(s.spent_idr),
            money_cell(s.left_idr),
            percent_cell(share_pct(s.spent_idr, s.budget_idr)),
        ]
        for s in page.sources
    ]
    return Table("budget-sources", _("The plan's sources of funds"), columns, rows)


def unfunded_table(lines: list[Line]) -> Table:
    columns = [
        Column(_("Activity")),
        Column(_("Village")),
        Column(_("Kecamatan"), pdf=False),
        Column(_("Activity type")),
        Column(_("Cost (Rp)"), numeric=True),
        Column(_("Expected benefit"), numeric=True),
        Column(_("Why not funded")),
    ]
    rows = [
        [
            text_cell(x.title),
            text_cell(x.village),
            text_cell(x.kecamatan),
            text_cell(x.activity_type),
            money_cell(x.cost_idr),
            number_cell(x.benefit, 1),
            text_cell(x.reason),
        ]
        for x in lines[:UNFUNDED_SHOWN]
    ]
    title = _("The unfunded activities with the highest expected benefit")
    note = _("%(shown)s of %(n)s unfunded activities, highest expected benefit first.") % {
        "shown": len(rows),
        "n": len(lines),
    }
    return Table("budget-unfunded", title, columns, rows, note)


def _frontier_source(plan: Scenario) -> Scenario | None:
    """The approved plan if it has a frontier, else the year's latest scenario with one."""
    if curve(plan.frontier):
        return plan
    others = Scenario.objects.filter(fiscal_year=plan.fiscal_year, solve_status__in=PLAN_FOUND)
    for scenario in others.order_by("-solved_at", "-pk"):
        if curve(scenario.frontier):
            return scenario
    return None


def frontier_figure(scenario: Scenario) -> Figure:
    rows = curve(scenario.frontier)
    columns = [
        Column(_("Budget (Rp)"), numeric=True),
        Column(_("Times the plan's budget"), numeric=True),
        Column(_("Total expected benefit"), numeric=True),
        Column(_("Activities funded"), numeric=True),
    ]
    cells = [
        [
            money_cell(int(r["budget_idr"])),
            number_cell(float(r["factor"]), 1),
            number_cell(float(r["total_benefit"]), 1),
            number_cell(int(r["funded"])),
        ]
        for r in rows
    ]
    title = _("The best plan's total benefit at each budget (the dashed line is the plan's)")
    data = Table("budget-frontier", title, columns, cells)
    geometry = chart(scenario.frontier, scenario.budget_total_idr)
    return Figure("budget-frontier", title, "evaluation/report/_frontier_svg.html", geometry, data)


def _frontier_blocks(plan: Scenario) -> list[Block]:
    source = _frontier_source(plan)
    if source is None:
        return [
            empty(
                _(
                    "the plan was approved without a frontier run, so what more money would "
                    "have bought is shown only by the unfunded activities below"
                )
            )
        ]
    blocks: list[Block] = []
    if source.pk != plan.pk:
        blocks.append(
            Text(
                _("The frontier of the scenario “%(name)s” of the same year (the plan has none).")
                % {"name": source.name}
            )
        )
    blocks.append(frontier_figure(source))
    page = scenario_page(source)
    if page.plus:
        blocks.append(
            Text(
                _("With another %(step)s the best plan would also fund:")
                % {"step": money_cell(STEP_IDR).text},
                items=tuple(page.plus),
            )
        )
    return blocks


def constraint_blocks(year: int) -> list[Block]:
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        return [empty(_("no fiscal year %(year)s is recorded in the budget plan") % {"year": year})]
    plan = approved_plan(fiscal_year)
    if plan is None:
        return [empty(_("the fiscal year %(year)s has no approved plan yet") % {"year": year})]
    page = scenario_page(plan)
    if not page.has_result:
        return [empty(_("the approved plan of %(year)s holds no activity") % {"year": year})]
    blocks: list[Block] = [asked_table(page), sources_table(page)]
    if page.binding:
        blocks.append(
            Text(
                _("The rules that bound the plan:"), items=tuple(shortened(b) for b in page.binding)
            )
        )
    blocks += _frontier_blocks(plan)
    if page.unfunded:
        blocks.append(unfunded_table(page.unfunded))
    return blocks
