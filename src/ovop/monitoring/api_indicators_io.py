"""What the monitoring API reads and answers for indicators and targets. Numbers go out as JSON
numbers; in, a JSON number or text typed the Indonesian way (``api_common.NumberIn``). A
target's region is named by its Kemendagri code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ovop.core.api_text import CleanTextSerializerMixin
from ovop.monitoring.api_common import NumberIn, NumberOut
from ovop.monitoring.choices import (
    MAX_CHOICES,
    Aggregation,
    Direction,
    Domain,
    Level,
    Unit,
    ValueType,
)
from ovop.monitoring.models import Indicator
from ovop.monitoring.selectors_indicators import TargetRow


class IndicatorOption(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """One option of a one-of-a-list indicator."""

    code = serializers.CharField(max_length=40, help_text="Lower-case letters, digits, _.")
    label_id = serializers.CharField(max_length=120)
    label_en = serializers.CharField(max_length=120, allow_blank=True, default="")


class IndicatorOut(serializers.ModelSerializer[Indicator]):
    """An indicator of the library: what is measured, its unit, type and plausible range."""

    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    options = IndicatorOption(many=True, read_only=True)
    min_value = NumberOut()
    max_value = NumberOut()
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_id",
            "name_en",
            "domain",
            "unit",
            "value_type",
            "direction",
            "aggregation",
            "level",
            "by_gender",
            "by_youth",
            "options",
            "min_value",
            "max_value",
            "definition_id",
            "definition_en",
            "source",
            "is_default",
            "archived",
            "archived_at",
            "created_at",
        ]


def _text(max_length: int) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, allow_blank=True, default="")


def _range(label: Any) -> NumberIn:
    return NumberIn(label=label, required=False, allow_null=True, default=None)


class IndicatorIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """A new indicator; the model and the service check the rest (a unique code, options only
    for a one-of-a-list indicator, a percent within 0–100, …) and name the field at fault."""

    code = serializers.CharField(
        max_length=40,
        help_text="The question's name in forms and the column in exports, such as omzet.",
    )
    name_id = serializers.CharField(max_length=160)
    name_en = serializers.CharField(max_length=160)
    domain = serializers.ChoiceField(choices=Domain.choices)
    unit = serializers.ChoiceField(choices=Unit.choices)
    value_type = serializers.ChoiceField(choices=ValueType.choices)
    direction = serializers.ChoiceField(choices=Direction.choices, default=Direction.HIGHER)
    aggregation = serializers.ChoiceField(choices=Aggregation.choices, default=Aggregation.MEAN)
    level = serializers.ChoiceField(choices=Level.choices, default=Level.IKM)
    by_gender = serializers.BooleanField(default=False)
    by_youth = serializers.BooleanField(default=False)
    options = serializers.ListField(
        child=IndicatorOption(), max_length=MAX_CHOICES, default=list, allow_empty=True
    )
    min_value = _range(_("Lowest plausible value"))
    max_value = _range(_("Highest plausible value"))
    definition_id = _text(2000)
    definition_en = _text(2000)
    source = _text(300)  # type: ignore[assignment]  # the input field, not Field.source

    def validate_options(self, value: list[dict[str, Any]]) -> list[dict[str, str]]:
        return [{k: str(v) for k, v in dict(option).items()} for option in value]


class TargetIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """The target of one region and year (a baseline and a note if known)."""

    region = serializers.CharField(
        max_length=13,
        help_text="Kemendagri code of the regency, a kecamatan or a village of a programme.",
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    target_value = NumberIn(label=_("Target"))
    baseline_value = NumberIn(label=_("Baseline"), required=False, allow_null=True, default=None)
    note = _text(300)


class TargetOut(serializers.Serializer[TargetRow]):
    """A target with the value the participants reported and the achievement."""

    id = serializers.IntegerField(source="target.pk")
    indicator = serializers.IntegerField(source="target.indicator_id")
    region = serializers.CharField(read_only=True, source="target.region.code")
    region_name = serializers.CharField(read_only=True, source="target.region.name")
    year = serializers.IntegerField(source="target.year")
    baseline_value = NumberOut(source="target.baseline_value")
    target_value = NumberOut(source="target.target_value")
    note = serializers.CharField(read_only=True, source="target.note")
    updated_at = serializers.DateTimeField(source="target.updated_at")
    round = serializers.IntegerField(
        source="round.pk",
        allow_null=True,
        help_text="The survey round the actual value comes from (null: none asks it that year).",
    )
    respondents = serializers.IntegerField(help_text="Participants whose values count.")
    actual = serializers.FloatField(allow_null=True)
    achievement_pct = serializers.FloatField(
        allow_null=True, help_text="Actual as a percent of the target, direction respected."
    )
