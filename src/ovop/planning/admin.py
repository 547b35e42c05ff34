"""Planning records in the Django admin: for looking up records and their history only.

Years, sources, the price list, proposals, scenarios and delivery are changed on the planning
pages, whose services check the role, the year close and the frozen plan, and write change
reasons; the admin therefore adds, changes and deletes nothing here. An approved scenario and
its items are frozen in the model as well. Receipts are left out of the lists: they are served
only through the pages' scoped file views.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ovop.core.admin import ReadOnlyAdmin, ReadOnlyPlainAdmin
from ovop.planning.models import (
    Activity,
    CostLine,
    FiscalYear,
    MeasuredBenefit,
    Output,
    Participant,
    PriceItem,
    Proposal,
    Scenario,
    ScenarioItem,
    Source,
)


@admin.register(FiscalYear)
class FiscalYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "status", "closed_at", "is_sample"]
    list_filter = ["status", "is_sample"]


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "fiscal_year", "kind", "ceiling_idr", "village", "archived_at"]
    list_filter = ["fiscal_year", "kind", "rules_are_default", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["fiscal_year", "village"]


@admin.register(PriceItem)
class PriceItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit", "unit_cost_idr", "fiscal_year", "archived_at"]
    list_filter = ["fiscal_year", "activity_type"]
    search_fields = ["code", "name"]
    list_select_related = ["fiscal_year"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["title", "fiscal_year", "activity_type", "village", "cost_idr", "status"]
    list_filter = ["fiscal_year", "activity_type", "status", "mandatory", "is_sample"]
    search_fields = ["title", "village__name"]
    list_select_related = ["fiscal_year", "village"]


class ScenarioItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ScenarioItem
    fields = ("proposal", "benefit", "cost_idr", "funded", "source", "greedy_funded", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Scenario)
class ScenarioAdmin(ReadOnlyAdmin):
    list_display = ["name", "fiscal_year", "status", "version", "solve_status", "funded_count"]
    list_filter = ["fiscal_year", "status", "solve_status"]
    search_fields = ["name"]
    list_select_related = ["fiscal_year"]
    inlines = [ScenarioItemInline]


@admin.register(ScenarioItem)
class ScenarioItemAdmin(ReadOnlyPlainAdmin):
    list_display = ["scenario", "proposal", "benefit", "cost_idr", "funded", "greedy_funded"]
    list_filter = ["funded", "greedy_funded"]
    list_select_related = ["scenario", "proposal"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["title", "fiscal_year", "activity_type", "village", "status"]
    list_filter = ["fiscal_year", "activity_type", "status"]
    search_fields = ["title", "village__name"]
    list_select_related = ["fiscal_year", "village"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["activity", "person", "enterprise"]
    list_select_related = ["activity", "person", "enterprise"]


@admin.register(CostLine)
class CostLineAdmin(ReadOnlyAdmin):
    list_display = ["activity", "spent_on", "amount_idr"]
    list_select_related = ["activity"]
    exclude = ["receipt"]


@admin.register(Output)
class OutputAdmin(ReadOnlyAdmin):
    list_display = ["activity", "kind", "enterprise", "group"]
    list_filter = ["kind"]
    list_select_related = ["activity", "enterprise", "group"]


@admin.register(MeasuredBenefit)
class MeasuredBenefitAdmin(ReadOnlyAdmin):
    list_display = [
        "activity_type",
        "revenue_per_idr",
        "programme",
        "measured_year",
        "adopted_by",
        "adopted_at",
    ]
    list_select_related = ["programme", "adopted_by"]
