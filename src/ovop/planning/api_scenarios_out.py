"""What the scenario API answers: scenarios (with their items on the detail), frontier rows,
and the approved plan with its versions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.planning.choices import BenefitBasis
from ovop.planning.models import Scenario, ScenarioItem
from ovop.planning.selectors_plan import Plan


class ItemOut(serializers.ModelSerializer[ScenarioItem]):
    proposal_title = serializers.CharField(source="proposal.title", read_only=True)

    class Meta:
        model = ScenarioItem
        fields = [
            "proposal",
            "proposal_title",
            "benefit",
            "cost_idr",
            "funded",
            "source",
            "greedy_funded",
            "reason",
        ]


class BindingOut(serializers.Serializer[Any]):
    code = serializers.CharField(read_only=True)
    detail = serializers.CharField(
        read_only=True, help_text="English sentence of the analysis, with numbers."
    )
    ids = serializers.ListField(child=serializers.IntegerField(), help_text="Proposal ids.")


class FrontierRowOut(serializers.Serializer[Any]):
    factor = serializers.FloatField(help_text="Every source budget times this factor.")
    budget_idr = serializers.IntegerField()
    total_benefit = serializers.FloatField()
    funded = serializers.IntegerField(help_text="Number of activities funded.")
    selected = serializers.ListField(child=serializers.IntegerField(), help_text="Proposal ids.")
    status = serializers.CharField(read_only=True)
    delta_idr = serializers.IntegerField(
        required=False, help_text="Only on the rows with Rp 100.000.000 more or less."
    )


class MeasuredFigureOut(serializers.Serializer[Any]):
    activity_type = serializers.CharField(read_only=True)
    revenue_per_idr = serializers.FloatField(
        help_text="Extra monthly revenue (rupiah) per rupiah spent on this activity type."
    )
    low = serializers.FloatField(help_text="95% interval, low end.")
    high = serializers.FloatField(help_text="95% interval, high end.")
    programme_id = serializers.IntegerField(help_text="The programme it was measured in.")
    programme = serializers.CharField(read_only=True)
    measured_year = serializers.IntegerField(help_text="The last survey year it rests on.")
    enterprises = serializers.IntegerField(help_text="The IKM it rests on.")
    cost_idr = serializers.IntegerField(help_text="The money realised it rests on.")
    adopted_by = serializers.CharField(read_only=True)
    adopted_at = serializers.DateTimeField(allow_null=True)


#: What a scenario's benefits (items, totals, frontier) are counted in, by basis.
BENEFIT_UNITS: dict[str, str] = {
    BenefitBasis.RUBRIC.value: "rubric_points",
    BenefitBasis.MEASURED.value: "idr_extra_monthly_revenue",
}


class ScenarioOut(serializers.ModelSerializer[Scenario]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    budgets = serializers.DictField(child=serializers.IntegerField())
    benefit_unit = serializers.SerializerMethodField(
        help_text="rubric_points (0-100 per proposal) or idr_extra_monthly_revenue."
    )
    measured_figures = MeasuredFigureOut(
        many=True,
        read_only=True,
        help_text="With the measured basis: the figures the last run used (empty otherwise).",
    )
    binding = BindingOut(many=True, read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = [
            "id",
            "year",
            "name",
            "status",
            "budgets",
            "min_per_kecamatan",
            "min_per_programme_village",
            "max_share_per_type_pct",
            "benefit_basis",
            "benefit_unit",
            "measured_figures",
            "solve_status",
            "solve_message",
            "total_benefit",
            "total_cost_idr",
            "funded_count",
            "greedy_benefit",
            "greedy_cost_idr",
            "greedy_count",
            "binding",
            "solved_at",
            "version",
            "revises",
            "revision_reason",
            "approved_at",
            "items",
        ]

    def get_benefit_unit(self, scenario: Scenario) -> str:
        return BENEFIT_UNITS.get(str(scenario.benefit_basis), "rubric_points")

    @extend_schema_field(ItemOut(many=True, allow_null=True))
    def get_items(self, scenario: Scenario) -> list[dict[str, Any]] | None:
        """The items on the detail (null in lists)."""
        if not self.context.get("items"):
            return None
        rows = scenario.items.select_related("proposal").order_by("-funded", "-benefit", "id")
        return list(ItemOut(rows, many=True).data)


class PlanOut(serializers.Serializer[Plan]):
    year = serializers.IntegerField(source="year.year")
    current = ScenarioOut(allow_null=True)
    versions = ScenarioOut(many=True)

    def to_representation(self, instance: Plan) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if instance.current is not None:
            data["current"] = ScenarioOut(instance.current, context={"items": True}).data
        return data
