"""What the scenario API answers: scenarios (with their items on the detail), frontier rows,
and the approved plan with its versions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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


class ScenarioOut(serializers.ModelSerializer[Scenario]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    budgets = serializers.DictField(child=serializers.IntegerField())
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
