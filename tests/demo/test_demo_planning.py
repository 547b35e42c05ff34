"""The budget-plan demo: fiscal years 2023–2027 with their sources, proposals, approved plans that
the optimiser found within each source's money and rules, delivery (2026 part done), trainings
with scores and certificates obtained; the budget gap shows on 2027's frontier; a second run
writes nothing."""

from __future__ import annotations

from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.db.models import Sum
from django.utils import translation

from ovop.demo import planning_data as pd
from ovop.demo.loader import demo_load
from ovop.planning.models import (
    Activity,
    CostLine,
    FiscalYear,
    Output,
    Participant,
    PriceItem,
    Proposal,
    Scenario,
    ScenarioItem,
    Source,
)

pytestmark = pytest.mark.usefixtures("demo", "db")

MODELS: tuple[type[models.Model], ...] = (
    FiscalYear,
    Source,
    PriceItem,
    Proposal,
    Scenario,
    ScenarioItem,
    Activity,
    Participant,
    CostLine,
    Output,
)


def _rows() -> dict[str, list[tuple[object, ...]]]:
    out = {}
    for model in MODELS:
        out[model._meta.label] = list(model.objects.order_by("pk").values_list())
        history = model.history.model if hasattr(model, "history") else None  # type: ignore[attr-defined]
        if history is not None:
            out[f"{model._meta.label}.history"] = list(history.objects.order_by("pk").values_list())
    return out


def test_five_years_two_closed_and_one_being_planned() -> None:
    years = list(FiscalYear.objects.order_by("year").values_list("year", "status"))
    assert years == [
        (2023, "closed"),
        (2024, "closed"),
        (2025, "open"),
        (2026, "open"),
        (2027, "open"),
    ]
    assert all(FiscalYear.objects.values_list("is_sample", flat=True))


def test_each_past_year_has_one_approved_plan_and_2025_was_revised() -> None:
    approved = Scenario.objects.filter(status="approved").order_by("fiscal_year__year")
    assert [s.fiscal_year.year for s in approved] == [2023, 2024, 2025, 2026]
    assert all(s.solve_status == "optimal" for s in approved)
    murni, revised = Scenario.objects.filter(fiscal_year__year=2025).order_by("version")
    assert (murni.status, murni.version) == ("superseded", 1)
    assert (revised.status, revised.version, revised.revises) == ("approved", 2, murni)
    assert revised.revision_reason == pd.REVISION_REASON
    drafts = Scenario.objects.filter(fiscal_year__year=pd.PLANNING_YEAR)
    assert sorted(drafts.values_list("name", "status")) == [
        ("Pagu + CSR", "draft"),
        ("Pagu indikatif", "draft"),
    ]


def test_every_plan_keeps_each_source_within_its_budget_and_rules() -> None:
    checked = 0
    for scenario in Scenario.objects.exclude(solve_status="not_run"):
        spent: dict[int, int] = defaultdict(int)
        items = scenario.items.filter(funded=True).select_related("source", "proposal")
        for item in items:
            source = item.source
            assert source is not None, item.proposal.title
            spent[source.pk] += item.cost_idr
            if source.allowed_types:
                assert item.proposal.activity_type in source.allowed_types, item.proposal.title
            if source.village_id is not None:
                assert item.proposal.village_id == source.village_id, item.proposal.title
        for pk, amount in spent.items():
            assert amount <= scenario.budgets[str(pk)], (scenario.name, pk)
        assert sum(spent.values()) == scenario.total_cost_idr
        assert len(items) == scenario.funded_count > 40
        checked += 1
    assert checked == 7


def test_the_office_is_asked_far_more_than_it_has() -> None:
    for year in pd.YEARS:
        asked = Proposal.objects.filter(fiscal_year__year=year).aggregate(s=Sum("cost_idr"))["s"]
        there = Source.objects.filter(fiscal_year__year=year).aggregate(s=Sum("ceiling_idr"))["s"]
        assert asked > 1.9 * there, year
        assert 60 <= Proposal.objects.filter(fiscal_year__year=year).count() <= 120
    asked_2027 = Proposal.objects.filter(fiscal_year__year=2027).aggregate(s=Sum("cost_idr"))["s"]
    assert (
        asked_2027
        > 2 * Source.objects.filter(fiscal_year__year=2027).aggregate(s=Sum("ceiling_idr"))["s"]
    )


def test_the_frontier_of_2027_shows_the_budget_gap() -> None:
    scenario = Scenario.objects.get(fiscal_year__year=2027, name="Pagu + CSR")
    points = [r for r in scenario.frontier if "delta_idr" not in r and r["status"] == "optimal"]
    assert len(points) >= 10  # a point the solver stopped at its time limit is left out
    benefits = [r["total_benefit"] for r in sorted(points, key=lambda r: r["factor"])]
    assert benefits == sorted(benefits)
    # What another half of the budget would buy: more than a tenth more benefit.
    richer = [r["total_benefit"] for r in points if r["factor"] >= 1.5]
    assert richer and max(richer) > 1.1 * scenario.total_benefit
    # The optimum beats the rank-and-fund rule for the same money.
    assert scenario.total_benefit > scenario.greedy_benefit


def test_delivery_is_done_in_past_years_and_part_done_in_2026() -> None:
    by_year = Counter(Activity.objects.values_list("fiscal_year__year", "status"))
    for year in (2023, 2024, 2025):
        assert set(s for (y, s) in by_year if y == year) == {"done"}, year
    statuses_2026 = {s for (y, s) in by_year if y == 2026}
    assert statuses_2026 == {"done", "in_progress", "planned", "cancelled"}
    cancelled = Activity.objects.get(status="cancelled")
    assert cancelled.cancel_reason == pd.CANCEL_REASON
    assert not Activity.objects.filter(fiscal_year__year=2027).exists()
    # every activity comes from its year's approved plan
    for activity in Activity.objects.select_related("plan_item__scenario"):
        assert activity.plan_item.scenario.status == "approved"
        assert activity.plan_item.scenario.fiscal_year_id == activity.fiscal_year_id


def test_trainings_record_scores_that_rose() -> None:
    scored = Participant.objects.exclude(pre_score=None).exclude(post_score=None)
    assert scored.count() > 300
    assert set(scored.values_list("activity__activity_type", flat=True)) == {"training"}
    pre = sum(float(p) for p in scored.values_list("pre_score", flat=True)) / scored.count()
    post = sum(float(p) for p in scored.values_list("post_score", flat=True)) / scored.count()
    assert 50 < pre < 62 and 10 < post - pre < 22


def test_certificates_obtained_are_linked_to_their_activity() -> None:
    outputs = Output.objects.exclude(certification=None).select_related("certification")
    assert outputs.count() > 50
    for output in outputs:
        assert output.certification.enterprise_id == output.enterprise_id
        assert output.certification.is_sample
        assert output.activity.activity_type.startswith("cert_")


def test_spending_follows_the_plan_with_one_activity_over() -> None:
    over = []
    for activity in Activity.objects.filter(status="done").annotate(spent=Sum("costs__amount_idr")):
        assert activity.spent is not None, activity.title
        if activity.spent > activity.planned_cost_idr:
            over.append(round(activity.spent / activity.planned_cost_idr, 2))
    assert over == [pd.OVER_PLAN]


def test_a_second_run_writes_nothing() -> None:
    before = _rows()
    summary = demo_load()
    assert _rows() == before
    assert (summary.planning.years, summary.planning.left_alone) == (0, 5)


def test_the_command_reports_the_planning_records() -> None:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--force", stdout=out)
    assert "0 fiscal year(s) loaded" in out.getvalue()
    assert "5 left as they were" in out.getvalue()
