"""Running a scenario: the optimum beside rank-and-fund with exact numbers, the minimum per
kecamatan, impossible rules, the frontier and the ±Rp 100 juta rows, and failures that keep the
last result. The fixture is worked by hand in conftest_scenarios."""

from __future__ import annotations

import dataclasses
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ovop.accounts.models import User
from ovop.analysis import AnalysisError, allocation
from ovop.planning import services_approval, services_scenarios
from ovop.planning.choices import ActivityType, SolveStatus, YearStatus
from ovop.planning.models import FiscalYear, Scenario
from tests.planning.conftest_scenarios import JT, Plan, add_proposal, plan, titles, village_c

__all__ = ["plan"]


def funded(scenario: Scenario) -> set[str]:
    return set(scenario.items.filter(funded=True).values_list("proposal__title", flat=True))


def greedy(scenario: Scenario) -> set[str]:
    return set(scenario.items.filter(greedy_funded=True).values_list("proposal__title", flat=True))


@pytest.mark.django_db
def test_optimum_funds_more_than_rank_and_fund_for_the_same_money(
    plan: Plan, officer: User
) -> None:
    scenario = services_scenarios.scenario_run(scenario=plan.scenario(officer), user=officer)
    assert scenario.solve_status == SolveStatus.OPTIMAL
    assert funded(scenario) == titles(plan, "E1 T1 T2 T3")
    assert scenario.funded_count == 4
    assert scenario.total_benefit == pytest.approx(310)
    assert scenario.total_cost_idr == 500 * JT
    assert greedy(scenario) == titles(plan, "E1 T1 E2")
    assert scenario.greedy_count == 3
    assert scenario.greedy_benefit == pytest.approx(230)
    assert scenario.greedy_cost_idr == 450 * JT
    sources = dict(
        scenario.items.filter(funded=True).values_list("proposal__title", "source__name")
    )
    assert sources == {
        "E1 Mesin": "DAK",
        "T1 Bimtek A": "APBD",
        "T2 Bimtek B": "APBD",
        "T3 Bimtek B2": "APBD",
    }
    assert scenario.items.count() == 6
    reasons = dict(scenario.items.filter(funded=False).values_list("proposal__title", "reason"))
    assert set(reasons) == titles(plan, "E2 P1") and all(reasons.values())


@pytest.mark.django_db
def test_frontier_has_every_factor_and_the_exact_100_juta_steps(plan: Plan, officer: User) -> None:
    scenario = services_scenarios.scenario_run(scenario=plan.scenario(officer), user=officer)
    curve = [row for row in scenario.frontier if "delta_idr" not in row]
    assert [row["factor"] for row in curve] == [round(0.5 + k / 10, 1) for k in range(16)]
    assert [row["budget_idr"] for row in curve] == [
        int(300 * JT * f) + int(200 * JT * f) for f in (0.5 + k / 10 for k in range(16))
    ]
    benefits = [row["total_benefit"] for row in curve]
    assert benefits == sorted(benefits)
    today = next(row for row in curve if row["factor"] == 1.0)
    assert today["total_benefit"] == pytest.approx(310)
    assert sorted(today["selected"]) == sorted(plan.p[k].pk for k in ("E1", "T1", "T2", "T3"))
    steps = {row["delta_idr"]: row for row in scenario.frontier if "delta_idr" in row}
    assert steps[100 * JT]["budget_idr"] == 600 * JT
    assert steps[-100 * JT]["budget_idr"] == 400 * JT
    # +100 juta (APBD 360, DAK 240): E1 on DAK, T1 T2 T3 on APBD and P1 (50) too → 350.
    assert set(steps[100 * JT]["selected"]) == {
        plan.p[k].pk for k in ("E1", "T1", "T2", "T3", "P1")
    }
    # -100 juta (APBD 240, DAK 160): DAK pays E2 (150), APBD pays E1? no — E1 (200) on APBD
    # leaves 40: E1+E2 = 150; T1 T2 on APBD + E2 on DAK = 200: the optimum.
    assert set(steps[-100 * JT]["selected"]) == {plan.p[k].pk for k in ("T1", "T2", "E2")}


@pytest.mark.django_db
def test_min_per_kecamatan_binds(plan: Plan, officer: User) -> None:
    add_proposal(plan.year, "M1", "Mentoring", ActivityType.MENTORING, village_c(), 50, 10)
    free = services_scenarios.scenario_run(scenario=plan.scenario(officer), user=officer)
    assert "M1 Mentoring" not in funded(free)
    fair = plan.scenario(officer, name="Adil", min_per_kecamatan=1)
    fair = services_scenarios.scenario_run(scenario=fair, user=officer)
    assert fair.solve_status == SolveStatus.OPTIMAL
    assert funded(fair) == titles(plan, "E1 T1 T2 P1") | {"M1 Mentoring"}
    assert fair.total_benefit == pytest.approx(300)
    assert fair.total_cost_idr == 500 * JT


@pytest.mark.django_db
def test_impossible_rules_say_which_conflict(plan: Plan, officer: User) -> None:
    scenario = plan.scenario(officer, min_per_kecamatan=3)
    scenario = services_scenarios.scenario_run(scenario=scenario, user=officer)
    assert scenario.solve_status == SolveStatus.INFEASIBLE
    assert scenario.funded_count == 0
    assert not scenario.items.filter(funded=True).exists()
    # Three per kecamatan means all six proposals: 700 jt, more than the 500 jt there is.
    assert [(b["code"], b["ids"]) for b in scenario.binding] == [("min_per_group_over_budget", [])]
    assert "700000000" in scenario.binding[0]["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("failure", "status"),
    [("raise", SolveStatus.FAILED), ("time_limit", SolveStatus.TIME_LIMIT)],
)
def test_a_failed_run_keeps_the_previous_result(
    plan: Plan, officer: User, failure: str, status: str
) -> None:
    scenario = services_scenarios.scenario_run(scenario=plan.scenario(officer), user=officer)
    items = list(scenario.items.order_by("pk").values_list("proposal_id", "funded", "source_id"))
    solved_at = scenario.solved_at

    def broken(*args: Any, **kwargs: Any) -> Any:
        if failure == "raise":
            raise AnalysisError("dependency cycle: p1 -> p2 -> p1")
        return allocation.SourcedResult("time_limit", (), {}, {}, 0, 0.0, None, None, (), ())

    with mock.patch.object(allocation, "allocate_sources", broken):
        again = services_scenarios.scenario_run(scenario=scenario, user=officer)
    again.refresh_from_db()
    assert again.solve_status == status
    assert again.solve_message
    if failure == "raise":
        assert "dependency cycle" in again.solve_message
    assert again.funded_count == 4 and again.total_benefit == pytest.approx(310)
    assert again.solved_at == solved_at
    now = list(again.items.order_by("pk").values_list("proposal_id", "funded", "source_id"))
    assert now == items


@pytest.mark.django_db
def test_budget_above_a_ceiling_is_refused_naming_the_source(plan: Plan, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services_scenarios.scenario_create(
            user=officer, year=plan.year, name="Too much", budgets=plan.budgets(apbd=401 * JT)
        )
    assert "APBD" in refused.value.message_dict["budgets"][0]
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_both_minimums_are_refused(plan: Plan, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        plan.scenario(officer, min_per_kecamatan=1, min_per_programme_village=1)
    assert "min_per_programme_village" in refused.value.message_dict
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_only_planners_run_and_a_closed_year_refuses(
    english: None, plan: Plan, officer: User, facilitator: User, admin_user: User
) -> None:
    scenario = plan.scenario(officer)
    with pytest.raises(PermissionDenied):
        services_scenarios.scenario_run(scenario=scenario, user=facilitator)
    FiscalYear.objects.filter(pk=plan.year.pk).update(
        status=YearStatus.CLOSED, closed_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="closed"):
        services_scenarios.scenario_run(scenario=scenario, user=officer)
    scenario.refresh_from_db()
    assert scenario.solve_status == SolveStatus.NOT_RUN and not scenario.items.exists()
    corrected = services_scenarios.scenario_run(
        scenario=scenario, user=admin_user, reason="late correction"
    )
    assert corrected.solve_status == SolveStatus.OPTIMAL
    assert "late correction" in corrected.history.latest().history_change_reason


@pytest.mark.django_db
def test_edit_drops_the_result_duplicate_copies_and_delete_removes(
    plan: Plan, officer: User
) -> None:
    scenario = services_scenarios.scenario_run(scenario=plan.scenario(officer), user=officer)
    renamed = services_scenarios.scenario_update(user=officer, scenario=scenario, name="Baru")
    assert renamed.solve_status == SolveStatus.OPTIMAL and renamed.items.count() == 6
    changed = services_scenarios.scenario_update(
        user=officer, scenario=scenario, budgets=plan.budgets(apbd=200 * JT)
    )
    assert changed.solve_status == SolveStatus.NOT_RUN and not changed.items.exists()
    copy = services_scenarios.scenario_duplicate(user=officer, scenario=changed)
    assert copy.pk != changed.pk and copy.budgets == plan.budgets(apbd=200 * JT)
    assert copy.name.startswith("Baru (") and copy.status == "draft"
    services_scenarios.scenario_delete(user=officer, scenario=copy)
    assert list(Scenario.objects.values_list("pk", flat=True)) == [changed.pk]


def _stopped(gap: float) -> Any:
    """allocate_sources as if the solver had stopped at its time limit with the optimum found
    but a proof ``gap`` away."""
    real = allocation.allocate_sources

    def stopped(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        bound = found.total_benefit * (1 + gap)
        return dataclasses.replace(found, status="time_limit", bound=bound, gap=gap)

    return mock.patch.object(allocation, "allocate_sources", stopped)


@pytest.mark.django_db
def test_a_run_stopped_close_to_the_optimum_is_kept_as_near_optimal_and_can_be_approved(
    plan: Plan, officer: User, english: None
) -> None:
    with _stopped(0.002):
        scenario = services_scenarios.scenario_run(scenario=plan.scenario(officer), user=officer)
    assert scenario.solve_status == SolveStatus.NEAR_OPTIMAL
    assert funded(scenario) == titles(plan, "E1 T1 T2 T3")
    assert scenario.total_benefit == pytest.approx(310)
    assert scenario.solve_message == (
        "The solver stopped at its time limit before proving this plan optimal; no plan can be "
        "worth more than 310.6 (this one: 310.0, at most 0.20 % below)."
    )
    approved = services_approval.scenario_approve(scenario=scenario, user=officer)
    assert approved.status == "approved"


@pytest.mark.django_db
def test_a_run_stopped_far_from_its_bound_keeps_the_previous_result(
    plan: Plan, officer: User
) -> None:
    scenario = services_scenarios.scenario_run(scenario=plan.scenario(officer), user=officer)
    with _stopped(0.02):
        again = services_scenarios.scenario_run(scenario=scenario, user=officer)
    assert again.solve_status == SolveStatus.TIME_LIMIT
    assert again.total_benefit == pytest.approx(310) and again.solved_at == scenario.solved_at
    with pytest.raises(ValidationError):
        services_approval.scenario_approve(scenario=again, user=officer)
