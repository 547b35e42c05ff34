"""What the delivery API reads and answers: activities, participants, realised costs, outputs
and a closed year. Input serializers clean their text (``CleanTextSerializerMixin``); money is
whole rupiah (``MoneySerializerField``); scores are 0–100 with at most two decimals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.core.api_money import MoneySerializerField
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.empowerment.choices import Gender
from ovop.planning.choices import ActivityStatus, ActivityType, OutputKind
from ovop.planning.guard import MAX_REASON
from ovop.planning.models import Activity, CostLine, FiscalYear, Output, Participant

MAX_ID = 2_147_483_647


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def reason_field(**kwargs: Any) -> serializers.CharField:
    kwargs.setdefault("help_text", "An administrator's reason for correcting a closed year.")
    return serializers.CharField(
        max_length=MAX_REASON, required=False, allow_blank=True, default="", **kwargs
    )


@extend_schema_field(
    {"type": "number", "minimum": 0, "maximum": 100, "nullable": True, "multipleOf": 0.01}
)
class ScoreSerializerField(serializers.Field):  # type: ignore[type-arg]
    """A test score: a number or a string ("75,5" and "75.5" alike), 0–100, two decimals at
    most; null clears it. Messages name the field by its label."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def _refuse(self, message: str) -> serializers.ValidationError:
        return serializers.ValidationError(message % {"label": str(self.label)})

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise self._refuse(_("%(label)s: write a number from 0 to 100, like 75 or 75,5."))
        try:
            score = Decimal(str(data).strip().replace(",", "."))
        except InvalidOperation as exc:
            raise self._refuse(
                _("%(label)s: write a number from 0 to 100, like 75 or 75,5.")
            ) from exc
        if not score.is_finite() or not 0 <= score <= 100:
            raise self._refuse(_("%(label)s: a score is between 0 and 100."))
        if score != score.quantize(Decimal("0.01")):
            raise self._refuse(_("%(label)s: at most two decimals."))
        return score

    def to_representation(self, value: Decimal) -> float:
        return float(value)


# --- answers ----------------------------------------------------------------------------------


class ActivityOut(serializers.ModelSerializer[Activity]):
    fiscal_year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    source_name = serializers.CharField(source="source.name", read_only=True)
    realised_idr = serializers.IntegerField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    in_plan = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id", "fiscal_year", "title", "activity_type", "village", "village_name", "group",
            "source", "source_name", "proposal", "in_plan", "planned_cost_idr", "realised_idr",
            "starts_on", "ends_on", "status", "cancel_reason", "progress_pct", "overdue",
        ]  # fmt: skip

    def get_in_plan(self, obj: Activity) -> bool:
        return obj.plan_item_id is not None


class ParticipantOut(serializers.ModelSerializer[Participant]):
    name = serializers.CharField(source="person.name", read_only=True)
    gender = serializers.CharField(source="person.gender", read_only=True)
    pre_score = ScoreSerializerField(read_only=True)
    post_score = ScoreSerializerField(read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id", "activity", "person", "name", "gender", "enterprise", "attended",
            "pre_score", "post_score",
        ]  # fmt: skip


class CostOut(serializers.ModelSerializer[CostLine]):
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        model = CostLine
        fields = ["id", "activity", "spent_on", "description", "amount_idr", "receipt_url"]

    def get_receipt_url(self, obj: CostLine) -> str | None:
        if not obj.receipt:
            return None
        return reverse("api-planning-cost-receipt", args=[obj.pk])


class OutputOut(serializers.ModelSerializer[Output]):
    class Meta:
        model = Output
        fields = [
            "id", "activity", "kind", "description", "quantity", "enterprise", "group",
            "certification", "delivered_on",
        ]  # fmt: skip


class YearClosedOut(serializers.ModelSerializer[FiscalYear]):
    closed_by = serializers.CharField(source="closed_by.username", read_only=True, default=None)

    class Meta:
        model = FiscalYear
        fields = ["year", "status", "closed_at", "closed_by"]


# --- requests ---------------------------------------------------------------------------------


class ActivityIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    village = serializers.CharField(max_length=20, help_text="The village's code.")
    group = id_field(required=False, allow_null=True, default=None)
    source = id_field()  # type: ignore[assignment]  # the input field, not Field.source
    planned_cost_idr = MoneySerializerField(label=gettext_lazy("Planned cost"))
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    reason = reason_field()


class ActivityPatchIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False)
    progress_pct = serializers.IntegerField(min_value=0, max_value=100, required=False)
    cancel_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text="Required to cancel."
    )
    reason = reason_field()


class ParticipantIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    person = id_field(required=False, allow_null=True, default=None)
    enterprise = id_field(required=False, allow_null=True, default=None)
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, allow_blank=True, default=""
    )
    attended = serializers.BooleanField(default=True)
    reason = reason_field()


class ParticipantPatchIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    attended = serializers.BooleanField(required=False)
    pre_score = ScoreSerializerField(label=gettext_lazy("Pre-test score"))
    post_score = ScoreSerializerField(label=gettext_lazy("Post-test score"))
    reason = reason_field()


class ReasonIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=MAX_REASON, help_text="Why; kept in the history.")


class CostIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    spent_on = serializers.DateField()
    description = serializers.CharField(max_length=200)
    amount_idr = MoneySerializerField(label=gettext_lazy("Amount"))
    receipt = serializers.FileField(
        required=False, help_text="A photo (JPEG, PNG, WebP) or a PDF scan, at most 5 MB."
    )
    reason = reason_field()


class CostPatchIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    spent_on = serializers.DateField(required=False)
    description = serializers.CharField(max_length=200, required=False)
    amount_idr = MoneySerializerField(label=gettext_lazy("Amount"), required=False)
    reason = reason_field()


class OutputIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=OutputKind.choices)
    description = serializers.CharField(max_length=200)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000, default=1)
    enterprise = id_field(required=False, allow_null=True, default=None)
    group = id_field(required=False, allow_null=True, default=None)
    delivered_on = serializers.DateField()
    number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default="",
        help_text="For a certificate obtained: the number it carries.",
    )  # fmt: skip
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    product = id_field(required=False, allow_null=True, default=None)
    reason = reason_field()


class CloseIn(serializers.Serializer[Any]):
    confirm = serializers.BooleanField(
        default=False, help_text="true to close the year; it cannot be reopened."
    )
