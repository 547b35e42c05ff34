"""Proposals → the optimiser's candidates: ids, costs, rubric benefits, groups, kinds, allowed
sources (own list narrowed by the sources' rules), the zero source for proposals no source may
fund, the per-programme-village groups with their placeholders, dependencies on withdrawn
proposals, and budgets shifted by exactly Rp 100 juta."""

from __future__ import annotations

import pytest

from ovop.accounts.models import User
from ovop.planning.candidates import (
    NO_SOURCE,
    OTHER_GROUP,
    PLACEHOLDER,
    REQUIRES_WITHDRAWN,
    plan_input,
)
from ovop.planning.choices import ActivityType, ProposalStatus, SourceKind
from ovop.planning.models import Source
from ovop.programme.models import Programme, ProgrammeVillage
from tests.planning.conftest_scenarios import JT, Plan, add_proposal, plan

__all__ = ["plan"]


@pytest.mark.django_db
def test_candidates_carry_cost_benefit_group_kind_and_sources(plan: Plan, officer: User) -> None:
    data = plan_input(plan.scenario(officer))
    by_id = {c.id: c for c in data.candidates}
    e1, t2 = by_id[f"p{plan.p['E1'].pk}"], by_id[f"p{plan.p['T2'].pk}"]
    assert (e1.cost_idr, e1.group, e1.kind) == (200 * JT, "99.01.01", "equipment")
    assert e1.benefit == pytest.approx(100) and t2.benefit == pytest.approx(70)
    assert e1.sources == {f"s{plan.apbd.pk}", f"s{plan.dak.pk}"}
    assert t2.sources == {f"s{plan.apbd.pk}"} and t2.group == "99.01.02"
    assert [(s.id, s.budget_idr) for s in data.sources] == [
        (f"s{plan.apbd.pk}", 300 * JT),
        (f"s{plan.dak.pk}", 200 * JT),
    ]
    assert data.min_per_group == 0 and data.max_share_per_kind is None


@pytest.mark.django_db
def test_own_sources_are_narrowed_by_the_rules_and_none_left_gets_the_zero_source(
    plan: Plan, officer: User
) -> None:
    plan.p["E1"].allowed_sources.set([plan.dak])
    plan.p["T1"].allowed_sources.set([plan.dak])  # DAK may not pay for training
    data = plan_input(plan.scenario(officer, max_share_per_type_pct=40))
    by_id = {c.id: c for c in data.candidates}
    assert by_id[f"p{plan.p['E1'].pk}"].sources == {f"s{plan.dak.pk}"}
    assert by_id[f"p{plan.p['T1'].pk}"].sources == {NO_SOURCE}
    assert (NO_SOURCE, 0) in [(s.id, s.budget_idr) for s in data.sources]
    assert data.max_share_per_kind == pytest.approx(0.4)


@pytest.mark.django_db
def test_dana_desa_pays_only_in_its_village(plan: Plan, officer: User) -> None:
    desa = Source.objects.create(
        fiscal_year=plan.year,
        kind=SourceKind.DANA_DESA,
        name="Dana Desa Alfa",
        ceiling_idr=50 * JT,
        village=plan.village_a,
    )
    budgets = {**plan.budgets(), str(desa.pk): 50 * JT}
    scenario = plan.scenario(officer)
    scenario.budgets = budgets
    data = plan_input(scenario)
    by_id = {c.id: c for c in data.candidates}
    assert f"s{desa.pk}" in by_id[f"p{plan.p['P1'].pk}"].sources
    assert f"s{desa.pk}" not in by_id[f"p{plan.p['T2'].pk}"].sources


@pytest.mark.django_db
def test_per_programme_village_groups_with_placeholders(
    plan: Plan, officer: User, regency: object
) -> None:
    programme = Programme.objects.create(
        name="OVOP", scheme="regency_desa_ovop", regency=regency, start_year=2024
    )
    ProgrammeVillage.objects.create(programme=programme, village=plan.village_a, joined_year=2024)
    data = plan_input(plan.scenario(officer, min_per_programme_village=2))
    groups = {c.id: c.group for c in data.candidates}
    assert groups[f"p{plan.p['E1'].pk}"] == plan.village_a.code
    assert groups[f"p{plan.p['T2'].pk}"] == OTHER_GROUP
    fillers = [c for c in data.candidates if c.id.startswith(PLACEHOLDER)]
    assert [(c.cost_idr, c.benefit, c.group) for c in fillers] == [(0, 0.0, OTHER_GROUP)] * 2
    assert data.min_per_group == 2
    assert set(data.proposals) == {f"p{p.pk}" for p in plan.p.values()}


@pytest.mark.django_db
def test_dependency_on_a_withdrawn_proposal_leaves_it_out(plan: Plan, officer: User) -> None:
    extra = add_proposal(plan.year, "K1", "Kemasan", ActivityType.PACKAGING, plan.village_a, 10, 5)
    extra.requires.set([plan.p["P1"]])
    plan.p["T3"].requires.set([extra])
    plan.p["P1"].status = ProposalStatus.WITHDRAWN
    plan.p["P1"].save()
    data = plan_input(plan.scenario(officer))
    ids = {c.id for c in data.candidates}
    assert f"p{extra.pk}" not in ids and f"p{plan.p['T3'].pk}" not in ids
    assert data.left_out == {extra.pk: REQUIRES_WITHDRAWN, plan.p["T3"].pk: REQUIRES_WITHDRAWN}
    required = {c.id: c.requires for c in data.candidates}
    assert all(not r for r in required.values())


@pytest.mark.django_db
def test_shifted_budgets_move_the_total_by_exactly_the_step(plan: Plan, officer: User) -> None:
    scenario = plan.scenario(officer)
    scenario.budgets = plan.budgets(apbd=333_333_333, dak=100_000_001)
    data = plan_input(scenario)
    up, down = data.shifted(100 * JT), data.shifted(-100 * JT)
    assert up is not None and down is not None
    assert sum(s.budget_idr for s in up) == 433_333_334 + 100 * JT
    assert sum(s.budget_idr for s in down) == 433_333_334 - 100 * JT
    assert data.shifted(-500 * JT) is None
