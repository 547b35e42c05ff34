"""Scenarios (plan runs): create, edit, duplicate and delete drafts, and run the optimiser.

``scenario_run`` makes one analysis call for the optimum, one for the usual rank-and-fund rule,
one frontier (every budget times 0.5, 0.6, … 2.0) and two solves with Rp 100.000.000 more and
less, and stores them: the items (one per proposal), the totals, the binding constraints and
the frontier, and with the measured basis the figures it used. A run whose proposals include
an activity type without a measured figure is refused (nothing stored). A solver failure or
a time limit stores its message and keeps the previous result. Approval lives in
``services_approval``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.analysis import AnalysisError
from ovop.analysis.allocation import SourcedResult
from ovop.core.history import delete_with_history, save_with_history
from ovop.planning import scope
from ovop.planning.candidates import check_budgets
from ovop.planning.choices import BenefitBasis, ScenarioStatus, SolveStatus
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, MeasuredBenefit, Scenario
from ovop.planning.runs import PlanRun, solve, status_of, store_items, usable
from ovop.planning.selectors_measured import snapshot

#: Settings a scenario form or API request may give.
SETTINGS = (
    "name",
    "budgets",
    "min_per_kecamatan",
    "min_per_programme_village",
    "max_share_per_type_pct",
    "benefit_basis",
)


def _check_minimums(min_per_kecamatan: int, min_per_programme_village: int) -> None:
    if min_per_kecamatan and min_per_programme_village:
        raise ValidationError(
            {
                "min_per_programme_village": _(
                    "At least per programme village: the optimiser applies one minimum at a time; "
                    "set either the minimum per kecamatan or this one, not both."
                )
            }
        )


def _check_basis(basis: str) -> None:
    if basis not in BenefitBasis.values:
        raise ValidationError({"benefit_basis": _("Expected benefit: pick one from the list.")})
    if basis == BenefitBasis.MEASURED and not MeasuredBenefit.objects.exists():
        raise ValidationError(
            {
                "benefit_basis": _(
                    "Expected benefit: no measured effect per rupiah has been adopted yet (an "
                    "officer adopts them on an evaluation's efficiency page); use the scoring "
                    "rubric."
                )
            }
        )


def require_draft(scenario: Scenario) -> None:
    if scenario.status != ScenarioStatus.DRAFT or scenario.is_frozen:
        raise ValidationError(
            _("An approved plan is frozen: make a revision with a reason instead.")
        )


def _apply(scenario: Scenario, year: FiscalYear, settings: dict[str, Any]) -> bool:
    """Put ``settings`` on the scenario; True when a setting that shapes the result changed."""
    settings["budgets"] = check_budgets(year, settings.get("budgets", scenario.budgets))
    _check_minimums(
        settings.get("min_per_kecamatan", scenario.min_per_kecamatan),
        settings.get("min_per_programme_village", scenario.min_per_programme_village),
    )
    if "benefit_basis" in settings:
        _check_basis(settings["benefit_basis"])
    shaping = False
    for name, value in settings.items():
        if name not in SETTINGS:
            raise TypeError(name)
        if name != "name" and getattr(scenario, name) != value:
            shaping = True
        setattr(scenario, name, value)
    return shaping


@transaction.atomic
def scenario_create(
    *,
    user: User,
    year: FiscalYear,
    name: str,
    budgets: dict[str, int],
    min_per_kecamatan: int = 0,
    min_per_programme_village: int = 0,
    max_share_per_type_pct: int | None = None,
    benefit_basis: str = BenefitBasis.RUBRIC,
    reason: str = "",
) -> Scenario:
    """A new draft scenario of ``year`` (not run yet); ``benefit_basis`` measured only once
    measured figures have been adopted."""
    scope.require_planner(user)
    history_reason = ensure_open(year, user=user, reason=reason)
    scenario = Scenario(fiscal_year=year, created_by=user)
    _apply(
        scenario,
        year,
        {
            "name": name,
            "budgets": budgets,
            "min_per_kecamatan": min_per_kecamatan,
            "min_per_programme_village": min_per_programme_village,
            "max_share_per_type_pct": max_share_per_type_pct,
            "benefit_basis": benefit_basis,
        },
    )
    return save_with_history(scenario, user=user, reason=history_reason)


def _forget_result(scenario: Scenario) -> None:
    scenario.items.all().delete()
    scenario.solve_status = SolveStatus.NOT_RUN
    scenario.solve_message = ""
    scenario.total_benefit = scenario.greedy_benefit = 0.0
    scenario.total_cost_idr = scenario.greedy_cost_idr = 0
    scenario.funded_count = scenario.greedy_count = 0
    scenario.binding = []
    scenario.frontier = []
    scenario.measured_figures = []
    scenario.solved_at = None


@transaction.atomic
def scenario_update(
    *, user: User, scenario: Scenario, reason: str = "", **settings: Any
) -> Scenario:
    """Change a draft's settings; a change that shapes the result drops the stored result
    (the page then asks to run it again)."""
    scope.require_planner(user)
    require_draft(scenario)
    history_reason = ensure_open(scenario.fiscal_year, user=user, reason=reason)
    if _apply(scenario, scenario.fiscal_year, settings):
        _forget_result(scenario)
    return save_with_history(scenario, user=user, reason=history_reason or "edited")


@transaction.atomic
def scenario_duplicate(*, user: User, scenario: Scenario, reason: str = "") -> Scenario:
    """A new draft with the settings of ``scenario`` (any status), not run yet."""
    name = _("%(name)s (copy)") % {"name": scenario.name}
    return scenario_create(
        user=user,
        year=scenario.fiscal_year,
        name=name[:120],
        budgets=dict(scenario.budgets),
        min_per_kecamatan=scenario.min_per_kecamatan,
        min_per_programme_village=scenario.min_per_programme_village,
        max_share_per_type_pct=scenario.max_share_per_type_pct,
        benefit_basis=scenario.benefit_basis,
        reason=reason,
    )


@transaction.atomic
def scenario_delete(*, user: User, scenario: Scenario, reason: str = "") -> None:
    """Delete a draft and its items (an approved plan is frozen)."""
    scope.require_planner(user)
    require_draft(scenario)
    history_reason = ensure_open(scenario.fiscal_year, user=user, reason=reason)
    scenario.items.all().delete()
    delete_with_history(scenario, user=user, reason=history_reason or "deleted")


def near_message(best: SourcedResult) -> str:
    """What a near-optimal run says: how far from the optimum its plan can at most be."""
    return _(
        "The solver stopped at its time limit before proving this plan optimal; no plan can "
        "be worth more than %(bound)s (this one: %(benefit)s, at most %(pct)s %% below)."
    ) % {
        "bound": number_format(best.bound or 0.0, 1),
        "benefit": number_format(best.total_benefit, 1),
        "pct": number_format(100 * (best.gap or 0.0), 2),
    }


def _failed(
    scenario: Scenario, user: User | None, status: str, message: str, reason: str
) -> Scenario:
    """Say why the run failed; the previous items and totals stay as they were."""
    scenario.solve_status = status
    scenario.solve_message = message[:2000]
    return save_with_history(scenario, user=user, reason=reason or "run failed")


def _store(scenario: Scenario, run: PlanRun, user: User | None, reason: str) -> Scenario:
    store_items(scenario, run)
    best, greedy = run.best, run.greedy
    found = usable(best)
    scenario.solve_status = status_of(best) if found else SolveStatus.INFEASIBLE
    near = scenario.solve_status == SolveStatus.NEAR_OPTIMAL
    scenario.solve_message = near_message(best) if near else ""
    scenario.total_benefit = best.total_benefit if found else 0.0
    scenario.total_cost_idr = best.total_cost_idr if found else 0
    scenario.funded_count = len(run.funded_pks(best))
    scenario.greedy_benefit = greedy.total_benefit
    scenario.greedy_cost_idr = greedy.total_cost_idr
    scenario.greedy_count = len(run.funded_pks(greedy))
    scenario.binding = run.binding()
    scenario.frontier = run.frontier_rows()
    scenario.measured_figures = snapshot(run.data.figures)
    scenario.solved_at = timezone.now()
    return save_with_history(scenario, user=user, reason=reason or "run")


@transaction.atomic
def scenario_run(
    *, scenario: Scenario, user: User | None, reason: str = "", frontier: bool = True
) -> Scenario:
    """Run the optimiser on a draft and store its result (``user`` None: the demo loader).

    ``frontier`` False skips the frontier and the ±Rp 100 juta runs (the demo's past years)."""
    if user is not None:
        scope.require_planner(user)
    require_draft(scenario)
    history_reason = ensure_open(scenario.fiscal_year, user=user, reason=reason)
    try:
        run = solve(scenario, frontier=frontier)
    except AnalysisError as error:
        return _failed(scenario, user, SolveStatus.FAILED, str(error), history_reason)
    if run.best.status == "time_limit" and not usable(run.best):
        message = _(
            "The solver stopped at its time limit before proving the best plan; "
            "the previous result is kept."
        )
        return _failed(scenario, user, SolveStatus.TIME_LIMIT, message, history_reason)
    return _store(scenario, run, user, history_reason)
