"""Approval: an optimal run becomes the plan (version 1), frozen in the model and the API; a
later approval is a revision with a reason that supersedes it; stale runs and the wrong
people are refused."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ovop.accounts.models import User
from ovop.planning import services_approval, services_scenarios
from ovop.planning.choices import ScenarioStatus
from ovop.planning.models import Scenario, ScenarioItem
from tests.planning.conftest_scenarios import JT, Plan, plan

__all__ = ["plan"]


def run(plan: Plan, user: User, name: str = "Pagu indikatif", **rules: int) -> Scenario:
    return services_scenarios.scenario_run(scenario=plan.scenario(user, name, **rules), user=user)


def items_of(scenario: Scenario) -> list[tuple[int, bool, int | None, float, int]]:
    rows = ScenarioItem.objects.filter(scenario=scenario).order_by("pk")
    return list(rows.values_list("proposal_id", "funded", "source_id", "benefit", "cost_idr"))


@pytest.mark.django_db
def test_approved_plan_is_frozen_in_the_model_and_the_api(
    plan: Plan, officer: User, client: Client
) -> None:
    scenario = services_approval.scenario_approve(scenario=run(plan, officer), user=officer)
    assert (scenario.status, scenario.version, scenario.approved_by) == (
        ScenarioStatus.APPROVED,
        1,
        officer,
    )
    before = items_of(scenario)
    stored = Scenario.objects.get(pk=scenario.pk)
    stored.name = "Changed"
    with pytest.raises(ValidationError):
        stored.save()
    with pytest.raises(ValidationError):
        stored.delete()
    item = ScenarioItem.objects.filter(scenario=scenario).first()
    assert item is not None
    item.funded = not item.funded
    with pytest.raises(ValidationError):
        item.save()
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/api/v1/planning/scenarios/{scenario.pk}/"
    answer = client.patch(url, {"name": "Changed"}, content_type="application/json")
    assert answer.status_code == 405
    answer = client.post(f"{url}run/", {}, content_type="application/json")
    assert answer.status_code == 405
    assert Scenario.objects.get(pk=scenario.pk).name == "Pagu indikatif"
    assert items_of(scenario) == before
    with pytest.raises(ValidationError):
        services_scenarios.scenario_run(scenario=stored, user=officer)


@pytest.mark.django_db
def test_revision_needs_a_reason_and_supersedes(plan: Plan, officer: User) -> None:
    first = services_approval.scenario_approve(scenario=run(plan, officer), user=officer)
    second = run(plan, officer, "APBD-P")
    with pytest.raises(ValidationError) as refused:
        services_approval.scenario_approve(scenario=second, user=officer)
    assert "reason" in refused.value.message_dict
    assert Scenario.objects.get(pk=second.pk).status == ScenarioStatus.DRAFT
    revised = services_approval.scenario_approve(
        scenario=second, user=officer, reason="APBD-P 2026"
    )
    assert (revised.version, revised.revises_id, revised.revision_reason) == (
        2,
        first.pk,
        "APBD-P 2026",
    )
    first.refresh_from_db()
    assert first.status == ScenarioStatus.SUPERSEDED and first.version == 1
    assert first.history.latest().history_change_reason == "APBD-P 2026"
    assert Scenario.objects.filter(status=ScenarioStatus.APPROVED).get().pk == revised.pk


@pytest.mark.django_db
def test_changed_proposals_ask_for_a_new_run(english: None, plan: Plan, officer: User) -> None:
    scenario = run(plan, officer)
    proposal = plan.p["T1"]
    proposal.unit_cost_idr = proposal.cost_idr = 120 * JT
    proposal.save()
    with pytest.raises(ValidationError, match="re-run"):
        services_approval.scenario_approve(scenario=scenario, user=officer)
    assert Scenario.objects.get(pk=scenario.pk).status == ScenarioStatus.DRAFT
    again = services_scenarios.scenario_run(scenario=scenario, user=officer)
    assert services_approval.scenario_approve(scenario=again, user=officer).version == 1


@pytest.mark.django_db
def test_only_an_optimal_run_by_a_planner_is_approved(
    plan: Plan, officer: User, facilitator: User, viewer: User
) -> None:
    not_run = plan.scenario(officer, "Belum")
    with pytest.raises(ValidationError, match="optimal"):
        services_approval.scenario_approve(scenario=not_run, user=officer)
    impossible = run(plan, officer, "Mustahil", min_per_kecamatan=3)
    with pytest.raises(ValidationError, match="optimal"):
        services_approval.scenario_approve(scenario=impossible, user=officer)
    good = run(plan, officer)
    for user in (facilitator, viewer):
        with pytest.raises(PermissionDenied):
            services_approval.scenario_approve(scenario=good, user=user)
    assert not Scenario.objects.filter(status=ScenarioStatus.APPROVED).exists()
