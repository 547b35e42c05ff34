"""What the monitoring API reads and answers for survey rounds and their respondents.

A round goes out with its questions (the names its answers are keyed by: ``omzet``,
``tenaga_kerja__female``) and the counts of the respondents the caller may see. Records are
named by id; a village by its Kemendagri code."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.core.api_text import CleanTextSerializerMixin
from ovop.monitoring.answers import Question, questions_of, range_text
from ovop.monitoring.api_common import NumberOut, id_field
from ovop.monitoring.api_indicators_io import IndicatorOption
from ovop.monitoring.choices import MAX_ROUND_INDICATORS, RoundKind, Unit, ValueType
from ovop.monitoring.models import Respondent, Round
from ovop.monitoring.selectors_rounds import RoundCounts


class QuestionOut(serializers.Serializer[Any]):
    """One question of a round: an indicator, or one part of an indicator split by gender or
    age (its total is the sum of the women's and men's parts)."""

    name = serializers.CharField(
        read_only=True, help_text="The key of its answer: omzet, tenaga_kerja__female."
    )
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    indicator = serializers.IntegerField(source="indicator.pk")
    code = serializers.CharField(read_only=True, source="indicator.code")
    breakdown = serializers.CharField(
        read_only=True, help_text="The part asked: empty for the whole, or female, male, youth."
    )
    value_type = serializers.ChoiceField(choices=ValueType.choices, source="indicator.value_type")
    unit = serializers.ChoiceField(choices=Unit.choices, source="indicator.unit")
    min_value = NumberOut(source="indicator.min_value")
    max_value = NumberOut(source="indicator.max_value")
    range = serializers.SerializerMethodField(help_text="The plausible range, in words.")
    options = IndicatorOption(many=True, source="indicator.options")

    def get_range(self, question: Question) -> str:
        return range_text(question.indicator)


class RoundCountsOut(serializers.Serializer[RoundCounts]):
    """Respondents the caller may see, by group and by the state of their entry."""

    participants = serializers.IntegerField()
    comparison = serializers.IntegerField()
    total = serializers.IntegerField()
    entered = serializers.IntegerField(help_text="Entries no longer empty.")
    waiting = serializers.IntegerField(help_text="Submitted entries waiting for review.")
    approved = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())


class SurveyRoundOut(serializers.ModelSerializer[Round]):
    """A round with its questions and counts (``context["counts"]``: round id → counts)."""

    programme_name = serializers.CharField(source="programme.name", read_only=True)
    counts = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = [
            "id",
            "programme",
            "programme_name",
            "name",
            "kind",
            "year",
            "period_start",
            "period_end",
            "baseline",
            "allows_self_report",
            "status",
            "locked_at",
            "form_version",
            "is_sample",
            "created_at",
            "counts",
            "questions",
        ]

    @extend_schema_field(RoundCountsOut)
    def get_counts(self, round_: Round) -> dict[str, Any]:
        counts = self.context.get("counts", {}).get(round_.pk, RoundCounts())
        return dict(RoundCountsOut(counts).data)

    @extend_schema_field(QuestionOut(many=True))
    def get_questions(self, round_: Round) -> list[Any]:
        indicators = [q.indicator for q in round_.questions.all()]  # prefetched, in order
        return list(QuestionOut(questions_of(indicators), many=True).data)


class SurveyRoundChangeIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """A round's fields an administrator or officer changes while it is open."""

    name = serializers.CharField(max_length=160)
    kind = serializers.ChoiceField(choices=RoundKind.choices)
    year = serializers.IntegerField(min_value=2000, max_value=2100, help_text="Year measured.")
    period_start = serializers.DateField(help_text="Collection starts.")
    period_end = serializers.DateField(help_text="Collection ends.")
    baseline = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="For a follow-up: the baseline round of the same programme it is compared with.",
    )
    indicators = serializers.ListField(
        child=id_field(),
        max_length=MAX_ROUND_INDICATORS,
        help_text="The indicators asked (ids), in the order the form asks them.",
    )
    allows_self_report = serializers.BooleanField(
        default=False, help_text="Owners may enter their own enterprise's values."
    )


class SurveyRoundIn(SurveyRoundChangeIn):
    """A new round of a programme."""

    programme = id_field(label=_("Programme"))


class ReopenIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """Why a locked round is reopened."""

    reason = serializers.CharField(
        max_length=300, help_text="Why the round is reopened; kept in its history."
    )


class ParticipantsAddedOut(serializers.Serializer[Any]):
    added = serializers.IntegerField(help_text="Participants added (those present stay).")


class RespondentEnterpriseOut(serializers.Serializer[Any]):
    """The enterprise answering, and its village."""

    id = serializers.IntegerField()
    name = serializers.CharField(read_only=True)
    village = serializers.CharField(
        read_only=True, source="village.code", help_text="Kemendagri code."
    )
    village_name = serializers.CharField(read_only=True, source="village.name")


class RespondentOut(serializers.ModelSerializer[Respondent]):
    """A respondent of a round and the state of its entry."""

    enterprise = RespondentEnterpriseOut(read_only=True)

    class Meta:
        model = Respondent
        fields = [
            "id",
            "round",
            "enterprise",
            "arm",
            "matched_to",
            "distance",
            "status",
            "origin",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "updated_at",
        ]
