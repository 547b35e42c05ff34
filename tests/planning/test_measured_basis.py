"""The budget plan's "measured effect per rupiah" basis: adopting figures (validated, bounded,
history kept), each proposal's benefit as cost × its type's figure, a run refused naming the
types without a figure, the rubric unchanged, the optimum with hand-made figures, approval, and
what the pages and the API say.

Hand-made figures (extra monthly revenue per rupiah spent): promotion 0.04, equipment 0.02,
training 0.005. With Rp 200 juta of APBD and Rp 200 juta of DAK (equipment only), the
proposals of ``conftest_scenarios`` are worth E1 Rp 4 juta a month, E2 Rp 3 juta, P1 Rp 2 juta,
each training Rp 500.000. The optimum puts E1 on DAK and E2 + P1 on APBD: Rp 9 juta a month for
Rp 400 juta, the three with the highest revenue per rupiah. Rank and fund takes E1 (APBD), E2
(DAK) and then nothing fits: Rp 7 juta. The rubric (benefit = beneficiaries) funds E1, T1 and
T2 instead.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from ovop.accounts.models import User
from ovop.planning import services_approval, services_measured, services_scenarios
from ovop.planning.candidates import plan_input
from ovop.planning.choices import BenefitBasis, ScenarioStatus, SolveStatus
from ovop.planning.models import MeasuredBenefit, Scenario
from ovop.planning.services_measured import MeasuredFigure
from ovop.programme.models import Programme
from tests.planning.conftest_scenarios import JT, Plan, plan
from tests.refusals import rows

__all__ = ["plan"]
pytestmark = pytest.mark.django_db

RATES = {"promotion": 0.04, "equipment": 0.02, "training": 0.005}


def figure(kind: str, rate: float, **changes: Any) -> MeasuredFigure:
    fields: dict[str, Any] = {
        "activity_type": kind,
        "revenue_per_idr": rate,
        "low": rate / 2,
        "high": rate * 1.5,
        "measured_year": 2025,
        "enterprises": 5,
        "cost_idr": 40 * JT,
    }
    return MeasuredFigure(**(fields | changes))


def adopt(user: User, programme: Programme, rates: dict[str, float] = RATES) -> None:
    services_measured.measured_adopt(
        user=user, programme=programme, figures=[figure(k, r) for k, r in rates.items()]
    )


def measured(plan: Plan, user: User, name: str = "Terukur") -> Scenario:
    return services_scenarios.scenario_create(
        user=user,
        year=plan.year,
        name=name,
        budgets=plan.budgets(apbd=200 * JT, dak=200 * JT),
        benefit_basis=BenefitBasis.MEASURED,
    )


def text(response: Any) -> str:
    body = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_each_benefit_is_the_cost_times_its_types_figure_exactly(
    plan: Plan, officer: User, programme: Programme
) -> None:
    adopt(officer, programme)
    data = plan_input(measured(plan, officer))
    by_id = {c.id: c for c in data.candidates}
    for proposal in plan.p.values():
        expected = float(proposal.cost_idr) * RATES[proposal.activity_type]
        assert by_id[f"p{proposal.pk}"].benefit == expected
        assert data.benefits[proposal.pk] == expected
    assert by_id[f"p{plan.p['E1'].pk}"].benefit == pytest.approx(4 * JT, rel=1e-12)
    assert [f.activity_type for f in data.figures] == ["equipment", "promotion", "training"]


def test_a_type_without_a_figure_refuses_the_run_naming_it(
    english: None, plan: Plan, officer: User, programme: Programme
) -> None:
    adopt(officer, programme, {"equipment": 0.02})
    scenario = measured(plan, officer)
    before = rows("planning")
    with pytest.raises(ValidationError) as refused:
        services_scenarios.scenario_run(scenario=scenario, user=officer)
    assert refused.value.message_dict["benefit_basis"] == [
        "Expected benefit: there is no measured effect per rupiah for Training (bimtek), "
        "Promotion and exhibitions. Adopt one from an evaluation's efficiency page, or use the "
        "scoring rubric for this scenario."
    ]
    assert rows("planning") == before
    scenario.refresh_from_db()
    assert scenario.solve_status == SolveStatus.NOT_RUN and not scenario.items.exists()


def test_the_rubric_is_unchanged_by_measured_figures(
    plan: Plan, officer: User, programme: Programme
) -> None:
    adopt(officer, programme)
    scenario = plan.scenario(officer)
    assert scenario.benefit_basis == BenefitBasis.RUBRIC
    data = plan_input(scenario)
    benefits = {c.id: c.benefit for c in data.candidates}
    assert benefits[f"p{plan.p['E1'].pk}"] == pytest.approx(100)
    assert benefits[f"p{plan.p['T2'].pk}"] == pytest.approx(70)
    assert data.figures == ()
    run = services_scenarios.scenario_run(scenario=scenario, user=officer)
    assert run.total_benefit == pytest.approx(310) and run.measured_figures == []


def test_the_measured_optimum_funds_the_most_revenue_per_rupiah_within_the_budget(
    plan: Plan, officer: User, programme: Programme
) -> None:
    adopt(officer, programme)
    run = services_scenarios.scenario_run(scenario=measured(plan, officer), user=officer)
    funded = {i.proposal.title for i in run.items.filter(funded=True)}
    assert funded == {"E1 Mesin", "E2 Alat", "P1 Pameran"}
    assert run.items.get(proposal=plan.p["E1"]).source == plan.dak
    assert run.total_benefit == pytest.approx(9 * JT, rel=1e-12)
    assert run.total_cost_idr == 400 * JT
    assert run.greedy_benefit == pytest.approx(7 * JT, rel=1e-12) and run.greedy_count == 2
    assert [f["activity_type"] for f in run.measured_figures] == [
        "equipment",
        "promotion",
        "training",
    ]
    assert run.measured_figures[0]["programme"] == programme.name
    rubric = services_scenarios.scenario_run(
        scenario=services_scenarios.scenario_create(
            user=officer, year=plan.year, name="Rubrik", budgets=run.budgets
        ),
        user=officer,
    )
    assert {i.proposal.title for i in rubric.items.filter(funded=True)} == {
        "E1 Mesin",
        "T1 Bimtek A",
        "T2 Bimtek B",
    }


def test_measured_basis_needs_adopted_figures(plan: Plan, officer: User) -> None:
    with pytest.raises(ValidationError) as refused:
        measured(plan, officer)
    assert "benefit_basis" in refused.value.message_dict
    assert not Scenario.objects.exists()
    scenario = plan.scenario(officer)
    with pytest.raises(ValidationError):
        services_scenarios.scenario_update(
            user=officer, scenario=scenario, benefit_basis=BenefitBasis.MEASURED
        )
    scenario.refresh_from_db()
    assert scenario.benefit_basis == BenefitBasis.RUBRIC


def test_approval_keeps_the_measured_benefits_and_refuses_figures_adopted_since(
    plan: Plan, officer: User, admin_user: User, programme: Programme
) -> None:
    adopt(officer, programme)
    run = services_scenarios.scenario_run(scenario=measured(plan, officer), user=officer)
    adopt(admin_user, programme, {"promotion": 0.05})
    with pytest.raises(ValidationError) as refused:
        services_approval.scenario_approve(scenario=run, user=officer)
    assert "adopted again" in str(refused.value) or "dipakai ulang" in str(refused.value)
    run.refresh_from_db()
    assert run.status == ScenarioStatus.DRAFT
    again = services_scenarios.scenario_run(scenario=run, user=officer)
    approved = services_approval.scenario_approve(scenario=again, user=officer)
    assert approved.status == ScenarioStatus.APPROVED and approved.version == 1
    p1 = approved.items.get(proposal=plan.p["P1"])
    assert p1.benefit == float(50 * JT) * 0.05
    assert {f["activity_type"]: f["revenue_per_idr"] for f in approved.measured_figures} == {
        "equipment": 0.02,
        "promotion": 0.05,
        "training": 0.005,
    }


def test_adopting_again_replaces_a_type_and_keeps_its_history(
    officer: User, admin_user: User, programme: Programme
) -> None:
    adopt(officer, programme, {"training": 0.005, "equipment": 0.02})
    adopt(admin_user, programme, {"training": 0.01})
    current = {row.activity_type: row for row in MeasuredBenefit.objects.all()}
    assert set(current) == {"training", "equipment"}
    training = current["training"]
    assert (training.revenue_per_idr, training.revenue_per_idr_low) == (0.01, 0.005)
    assert training.adopted_by == admin_user and current["equipment"].adopted_by == officer
    versions = list(training.history.order_by("history_id"))
    assert [v.revenue_per_idr for v in versions] == [0.005, 0.01]
    assert [v.adopted_by_id for v in versions] == [officer.pk, admin_user.pk]
    assert [v.history_user_id for v in versions] == [officer.pk, admin_user.pk]


@pytest.mark.parametrize(
    ("figures", "problem"),
    [
        ([figure("training", 0.01, low=0.0)], "interval"),
        ([figure("training", 0.01, low=-0.001)], "interval"),
        ([figure("training", 0.02, high=0.015)], "interval"),
        ([figure("training", 2000.0, low=1500.0, high=2500.0)], "1000"),
        ([figure("training", float("nan"))], "finite"),
        ([figure("training", 0.01, enterprises=0)], "IKM"),
        ([figure("training", 0.01, cost_idr=0)], "IKM"),
        ([figure("training", 0.01, measured_year=1990)], "2000"),
        ([figure("rocket", 0.01)], "activity type"),
        ([figure("training", 0.01), figure("training", 0.02)], "twice"),
        ([], "no measured figure"),
    ],
)
def test_figures_are_checked_before_anything_is_written(
    english: None, officer: User, programme: Programme, figures: list[MeasuredFigure], problem: str
) -> None:
    before = rows("planning")
    with pytest.raises(ValidationError) as refused:
        services_measured.measured_adopt(user=officer, programme=programme, figures=figures)
    assert problem in str(refused.value)
    assert rows("planning") == before


@pytest.mark.parametrize("persona", ["viewer", "facilitator", "owner", "assessor"])
def test_only_planners_adopt(
    request: pytest.FixtureRequest, programme: Programme, persona: str
) -> None:
    before = rows("planning")
    with pytest.raises(PermissionDenied):
        adopt(request.getfixturevalue(persona), programme)
    assert rows("planning") == before


def test_the_form_offers_the_measured_basis_only_with_figures(
    plan: Plan, officer: User, client: Client, programme: Programme
) -> None:
    client.force_login(officer)
    url = "/planning/scenarios/new/?year=2026"
    page = client.get(url).content.decode()
    assert 'value="measured"' not in page and 'id="basis-unavailable"' in page
    assert "Dampak terukur per rupiah: belum tersedia" in text(client.get(url))
    data = {
        "name": "Terukur",
        f"budget_{plan.apbd.pk}": "200 juta",
        f"budget_{plan.dak.pk}": "200 juta",
        "min_per_kecamatan": "0",
        "min_per_programme_village": "0",
        "benefit_basis": "measured",
    }
    assert client.post(url, data).status_code == 200 and not Scenario.objects.exists()
    adopt(officer, programme, {"equipment": 0.02, "training": 0.005})
    page = client.get(url).content.decode()
    assert 'value="measured"' in page and 'id="basis-unavailable"' not in page
    assert "Usulan tahun ini dengan jenis berikut belum punya angka terukur: " in text(
        client.get(url)
    )
    assert "angka terukur: Promosi dan pameran" in text(client.get(url))
    assert client.post(url, data).status_code == 302
    assert Scenario.objects.get().benefit_basis == BenefitBasis.MEASURED


def test_the_scenario_page_says_the_basis_and_where_the_figures_came_from(
    plan: Plan, officer: User, viewer: User, client: Client, programme: Programme
) -> None:
    adopt(officer, programme)
    run = services_scenarios.scenario_run(scenario=measured(plan, officer), user=officer)
    client.force_login(viewer)
    response = client.get(f"/planning/scenarios/{run.pk}/")
    page, words = response.content.decode(), text(response)
    assert "Manfaat yang diharapkan: Dampak terukur per rupiah" in words
    assert "total manfaat Rp 9.000.000 tambahan omzet per bulan" in words
    assert "Rp 4.000.000" in words  # E1's benefit
    assert f'href="/evaluation/programmes/{programme.pk}/efficiency/"' in page
    assert "Rp 20.000" in words  # equipment: per Rp 1.000.000 spent
    assert "Rp 10.000 … Rp 30.000" in words
    assert "survei sampai 2025" in words and str(officer) in words
    adopted = MeasuredBenefit.objects.get(activity_type="equipment").adopted_at
    assert timezone.localtime(adopted).strftime("%d/%m/%Y") in words
    assert "Rp 2.000.000 lebih banyak tambahan omzet per bulan" in words
    listed = text(client.get("/planning/scenarios/?year=2026"))
    assert "Dampak terukur per rupiah Rp 9.000.000" in listed


def test_the_slider_of_a_measured_scenario_uses_the_figures_of_its_run(
    plan: Plan, officer: User, client: Client, programme: Programme
) -> None:
    adopt(officer, programme)
    run = services_scenarios.scenario_run(scenario=measured(plan, officer), user=officer)
    adopt(officer, programme, {"training": 0.5})
    client.force_login(officer)
    live = text(client.get(f"/planning/scenarios/{run.pk}/slider/?percent=100"))
    assert "total manfaat Rp 9.000.000 tambahan omzet per bulan" in live


def test_the_api_says_the_basis_its_unit_and_the_figures(
    plan: Plan, officer: User, client: Client, programme: Programme
) -> None:
    client.force_login(officer)
    api = "/api/v1/planning/scenarios/"
    body = {"year": 2026, "name": "Terukur", "budgets": plan.budgets(200 * JT, 200 * JT)}
    refused = client.post(api, body | {"benefit_basis": "measured"}, "application/json")
    assert refused.status_code == 400 and "benefit_basis" in refused.json()["fields"]
    rubric = client.post(api, body, "application/json").json()
    assert (rubric["benefit_basis"], rubric["benefit_unit"]) == ("rubric", "rubric_points")
    assert rubric["measured_figures"] == []
    adopt(officer, programme, {"equipment": 0.02})
    created = client.post(api, body | {"benefit_basis": "measured"}, "application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    missing = client.post(f"{api}{pk}/run/")
    assert missing.status_code == 400
    assert "Pelatihan (bimtek)" in str(missing.json()["fields"]["benefit_basis"])
    adopt(officer, programme)
    data = client.post(f"{api}{pk}/run/").json()
    assert (data["benefit_basis"], data["benefit_unit"]) == (
        "measured",
        "idr_extra_monthly_revenue",
    )
    assert data["total_benefit"] == pytest.approx(9 * JT, rel=1e-12)
    e1 = next(i for i in data["items"] if i["proposal"] == plan.p["E1"].pk)
    assert e1["benefit"] == float(200 * JT) * 0.02
    equipment = data["measured_figures"][0]
    assert equipment["activity_type"] == "equipment" and equipment["revenue_per_idr"] == 0.02
    assert (equipment["programme_id"], equipment["measured_year"]) == (programme.pk, 2025)
    assert (equipment["low"], equipment["high"], equipment["enterprises"]) == (0.01, 0.03, 5)
    assert equipment["adopted_at"]
