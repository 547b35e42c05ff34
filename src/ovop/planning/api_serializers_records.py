"""What the planning API reads and answers for fiscal years, sources, price list items and
proposals. Money is integer rupiah out; in, an integer or "Rp 1.500.000" / "1,5 juta"
(``MoneySerializerField``). Villages are named by their Kemendagri code, other records by id.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.core.api_money import MoneySerializerField
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.empowerment.api_write_common import id_field, ids_field, village_field
from ovop.planning.choices import MAX_UNITS, ActivityType, SourceKind
from ovop.planning.guard import MAX_REASON
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Source


def _year_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=2000, max_value=2100, **kwargs)


def _weight(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100, **kwargs)


def _reason() -> serializers.CharField:
    return serializers.CharField(
        max_length=MAX_REASON,
        required=False,
        allow_blank=True,
        default="",
        help_text="An administrator's reason for correcting a closed year.",
    )


# --- out --------------------------------------------------------------------------------------


class YearOut(serializers.ModelSerializer[FiscalYear]):
    class Meta:
        model = FiscalYear
        fields = [
            "year",
            "status",
            "closed_at",
            "weight_beneficiaries",
            "weight_priority",
            "weight_stars",
            "weight_stage",
            "weight_demand",
            "is_sample",
        ]


class SourceOut(serializers.ModelSerializer[Source]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    allowed_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ActivityType.choices), read_only=True
    )
    village = serializers.CharField(source="village.code", read_only=True, allow_null=True)
    village_name = serializers.CharField(source="village.name", read_only=True, allow_null=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "year",
            "kind",
            "kind_label",
            "name",
            "ceiling_idr",
            "allowed_types",
            "village",
            "village_name",
            "rules_are_default",
            "notes",
            "archived",
            "is_sample",
        ]


class PriceItemOut(serializers.ModelSerializer[PriceItem]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = PriceItem
        fields = [
            "id",
            "year",
            "code",
            "name",
            "unit",
            "unit_cost_idr",
            "activity_type",
            "archived",
            "is_sample",
        ]


class PlanProposalOut(serializers.ModelSerializer[Proposal]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    enterprises: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    requires: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    allowed_sources: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    score = serializers.SerializerMethodField(
        help_text="Expected benefit from the scoring rubric, 0–100 (null when withdrawn)."
    )

    class Meta:
        model = Proposal
        fields = [
            "id",
            "year",
            "title",
            "activity_type",
            "village",
            "village_name",
            "group",
            "enterprises",
            "beneficiaries_female",
            "beneficiaries_male",
            "price_item",
            "unit_cost_idr",
            "units",
            "cost_idr",
            "mandatory",
            "requires",
            "allowed_sources",
            "support",
            "status",
            "notes",
            "score",
            "is_sample",
        ]

    @extend_schema_field({"type": "number", "format": "double", "nullable": True})
    def get_score(self, proposal: Proposal) -> float | None:
        book = self.context.get("scores")
        score = book.of(proposal) if book is not None else None
        return None if score is None else round(score.total, 4)


# --- in ---------------------------------------------------------------------------------------


class YearIn(serializers.Serializer[Any]):
    year = _year_field()
    copy_previous = serializers.BooleanField(required=False, default=False)


class WeightsIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    weight_beneficiaries = _weight(required=False)
    weight_priority = _weight(required=False)
    weight_stars = _weight(required=False)
    weight_stage = _weight(required=False)
    weight_demand = _weight(required=False)
    reason = _reason()


class SourceIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    year = _year_field()
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    name = serializers.CharField(max_length=120)
    ceiling_idr = MoneySerializerField(label="Ceiling")
    allowed_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ActivityType.choices),
        max_length=len(ActivityType.choices),
        required=False,
        allow_null=True,
        default=None,
        help_text="Left out or null: the kind's configurable default; empty: any type.",
    )
    village = village_field(required=False, allow_null=True, default=None)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    reason = _reason()


class SourcePatchIn(SourceIn):
    year = None  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    name = serializers.CharField(max_length=120, required=False)
    ceiling_idr = MoneySerializerField(label="Ceiling", required=False)
    allowed_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ActivityType.choices),
        max_length=len(ActivityType.choices),
        required=False,
    )
    village = village_field(required=False, allow_null=True)
    notes = serializers.CharField(max_length=300, required=False, allow_blank=True)


class PriceItemIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    year = _year_field()
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=200)
    unit = serializers.CharField(max_length=40)
    unit_cost_idr = MoneySerializerField(label="Unit cost")
    activity_type = serializers.ChoiceField(
        choices=ActivityType.choices, required=False, allow_blank=True, default=""
    )
    reason = _reason()


class PriceItemPatchIn(PriceItemIn):
    year = None  # type: ignore[assignment]
    code = serializers.CharField(max_length=30, required=False)
    name = serializers.CharField(max_length=200, required=False)
    unit = serializers.CharField(max_length=40, required=False)
    unit_cost_idr = MoneySerializerField(label="Unit cost", required=False)
    activity_type = serializers.ChoiceField(
        choices=ActivityType.choices, required=False, allow_blank=True
    )


class PlanProposalIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    year = _year_field()
    title = serializers.CharField(max_length=200)
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    village = village_field()
    group = id_field(required=False, allow_null=True, default=None)
    enterprises = ids_field(required=False, default=list)
    beneficiaries_female = serializers.IntegerField(
        min_value=0, max_value=100_000, required=False, default=0
    )
    beneficiaries_male = serializers.IntegerField(
        min_value=0, max_value=100_000, required=False, default=0
    )
    counts_from_group = serializers.BooleanField(required=False, default=False)
    price_item = id_field(required=False, allow_null=True, default=None)
    unit_cost_idr = MoneySerializerField(
        label="Unit cost", required=False, allow_null=True, default=None
    )
    units = serializers.IntegerField(min_value=1, max_value=MAX_UNITS, required=False, default=1)
    mandatory = serializers.BooleanField(required=False, default=False)
    requires = ids_field(required=False, default=list)
    allowed_sources = ids_field(required=False, default=list)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    reason = _reason()


class PlanProposalPatchIn(PlanProposalIn):
    """The fields to change; those left out keep their value."""

    year = None  # type: ignore[assignment]
    title = serializers.CharField(max_length=200, required=False)
    activity_type = serializers.ChoiceField(choices=ActivityType.choices, required=False)
    village = village_field(required=False)
    group = id_field(required=False, allow_null=True)
    enterprises = ids_field(required=False)
    beneficiaries_female = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    beneficiaries_male = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    price_item = id_field(required=False, allow_null=True)
    unit_cost_idr = MoneySerializerField(label="Unit cost", required=False, allow_null=True)
    units = serializers.IntegerField(min_value=1, max_value=MAX_UNITS, required=False)
    mandatory = serializers.BooleanField(required=False)
    requires = ids_field(required=False)
    allowed_sources = ids_field(required=False)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class WithdrawIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=MAX_REASON, required=False, allow_blank=True, default=""
    )
