"""Selection API: read rounds, results and decisions; submit judgements and scores with the
same validation as the forms (errors in the shape {"error": ..., "fields": {...}})."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.core.requests import request_user
from ovop.core.text import LONG_REASON_MAX_LENGTH
from ovop.selection import judging, scope, selectors, services
from ovop.selection.models import Candidate, Criterion, Decision, SelectionRound


class CanUseSelection(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_use_selection(request.user)


class CriterionOut(serializers.ModelSerializer[Criterion]):
    class Meta:
        model = Criterion
        fields = [
            "id",
            "position",
            "name",
            "description",
            "direction",
            "unit",
            "min_value",
            "max_value",
        ]


class CandidateOut(serializers.ModelSerializer[Candidate]):
    class Meta:
        model = Candidate
        fields = ["id", "name", "product"]


class RoundOut(serializers.ModelSerializer[SelectionRound]):
    area = serializers.CharField(source="area.name")
    area_code = serializers.CharField(source="area.code")
    programme = serializers.CharField(source="programme.name")

    class Meta:
        model = SelectionRound
        fields = ["id", "title", "programme", "area", "area_code", "year", "status", "is_sample"]


class RoundDetailOut(RoundOut):
    criteria = CriterionOut(many=True, read_only=True)
    candidates = CandidateOut(many=True, read_only=True)

    class Meta(RoundOut.Meta):
        fields = [*RoundOut.Meta.fields, "criteria", "candidates"]


class DecisionOut(serializers.ModelSerializer[Decision]):
    round = RoundOut(read_only=True)
    candidate = serializers.CharField(source="candidate.name")
    decided_by = serializers.CharField(source="decided_by.username")

    class Meta:
        model = Decision
        fields = [
            "id",
            "round",
            "candidate",
            "method",
            "decided_by",
            "decided_at",
            "note",
            "snapshot",
        ]


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "array",
            "items": {"oneOf": [{"type": "number"}, {"type": "string", "maxLength": 8}]},
        },
    }
)
class MatrixField(serializers.Field):  # type: ignore[type-arg]
    """The matrix as sent: the service checks every cell (``judging.cell_value``) and names
    the one that is wrong, an overflowing number included (JSON's 1e400 is infinity)."""

    def to_internal_value(self, data: Any) -> Any:
        return data

    def to_representation(self, value: Any) -> Any:
        return value


MATRIX_HELP = (
    "Full n×n reciprocal matrix in the round's criteria order, every cell on "
    "Saaty's scale: 1 to 9 or 1/2 to 1/9, as numbers (1/3 may come as 0.3333…) or as "
    'strings of at most 8 characters such as "3" or "1/3". Anything else is a 400 '
    'naming the cell, e.g. fields["matrix[1][2]"].'
)
PAIRS_HELP = (
    'Upper-triangle answers on Saaty\'s scale keyed "i,j" (0-based), '
    'e.g. {"0,1": "3", "0,2": "1/5"}; missing pairs count as equal.'
)


def _pairs_field(*, required: bool) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(max_length=judging.MAX_CELL_CHARS),
        required=required,
        help_text=PAIRS_HELP,
    )


class JudgementIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    """What the endpoint reads: the matrix or the pairs, exactly one of the two."""

    matrix = MatrixField(required=False, help_text=MATRIX_HELP)
    pairs = _pairs_field(required=False)
    submit = serializers.BooleanField(default=False)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=LONG_REASON_MAX_LENGTH
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("matrix" in attrs) == ("pairs" in attrs):
            raise serializers.ValidationError(
                _("Matrix or pairs: give one of the two (the full matrix, or the pairs).")
            )
        return attrs


class JudgementMatrixIn(JudgementIn):
    """The judgement as the full matrix (the schema's first form)."""

    matrix = MatrixField(help_text=MATRIX_HELP)
    pairs = None  # type: ignore[assignment]


class JudgementPairsIn(JudgementIn):
    """The judgement as the upper-triangle pairs (the schema's second form)."""

    matrix = None  # type: ignore[assignment]
    pairs = _pairs_field(required=True)


#: The request body in the schema: one of the two forms (a body with both matches both, and
#: so neither: oneOf).
JUDGEMENT_IN = PolymorphicProxySerializer(
    component_name="JudgementIn",
    serializers=[JudgementMatrixIn, JudgementPairsIn],
    resource_type_field_name=None,
)


class JudgementOut(serializers.Serializer[Any]):
    submitted = serializers.BooleanField()
    cr = serializers.FloatField(help_text="Consistency ratio.")
    consistent = serializers.BooleanField(help_text="CR at most 0.10.")
    weights = serializers.DictField(
        child=serializers.FloatField(), help_text="Criterion name → weight."
    )
    revisit = serializers.ListField(
        child=serializers.CharField(), help_text='Judgements to revisit first, "A vs B".'
    )


class ScoresOut(serializers.Serializer[Any]):
    written = serializers.IntegerField(help_text="How many scores were written.")


class ScoreIn(serializers.Serializer[Any]):
    candidate = serializers.IntegerField()
    criterion = serializers.IntegerField()
    value = serializers.FloatField()


class ScoresIn(serializers.Serializer[Any]):
    scores = ScoreIn(many=True)


def _round(request: Request, pk: int) -> SelectionRound:
    return scope.round_for(request_user(request), pk)


@extend_schema_view(
    get=extend_schema(responses={200: RoundOut(many=True), **error_responses(403, 404)})
)
class RoundList(generics.ListAPIView[SelectionRound]):
    """Rounds the user may read, newest first."""

    serializer_class = RoundOut
    permission_classes = [CanUseSelection]

    def get_queryset(self) -> QuerySet[SelectionRound]:
        return selectors.round_list(user=request_user(self.request))


@extend_schema_view(get=extend_schema(responses={200: RoundDetailOut, **error_responses(403, 404)}))
class RoundDetail(generics.RetrieveAPIView[SelectionRound]):
    """One round with its criteria and candidates."""

    serializer_class = RoundDetailOut
    permission_classes = [CanUseSelection]

    def get_object(self) -> SelectionRound:
        return _round(self.request, self.kwargs["pk"])


class RoundResultView(APIView):
    """Weights (each assessor and combined), TOPSIS/SAW/VIKOR and the weight sensitivity;
    for a decided round, as they were kept with the decision."""

    permission_classes = [CanUseSelection]

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        selection_round = _round(request, pk)
        if not scope.can_see_result(request_user(request), selection_round):
            raise PermissionDenied
        shown, _decision = selectors.result_shown(selection_round)
        return Response(shown.snapshot())


class JudgementSubmit(APIView):
    """Save (``submit: false``) or submit the caller's judgement; returns weights and CR as
    the service computed them while checking the judgement."""

    permission_classes = [CanUseSelection]

    @extend_schema(
        request=JUDGEMENT_IN, responses={200: JudgementOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        selection_round = _round(request, pk)
        scope.require_judge(user, selection_round)  # a refusal comes before any validation
        data = JudgementIn(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.judgement_save(
            user=user,
            selection_round=selection_round,
            matrix=data.validated_data.get("matrix"),
            pairs=data.validated_data.get("pairs"),
            submit=data.validated_data["submit"],
            reason=data.validated_data["reason"],
        )
        check = saved.consistency
        return Response(
            {
                "submitted": saved.judgement.submitted,
                "cr": check.cr,
                "consistent": check.consistent,
                "weights": dict(zip(check.names, check.weights, strict=True)),
                "revisit": [f"{a} vs {b}" for a, b in check.revisit],
            }
        )


class ScoresSubmit(APIView):
    """Enter scores (candidate id, criterion id, value); one bad value saves nothing."""

    permission_classes = [CanUseSelection]

    @extend_schema(request=ScoresIn, responses={200: ScoresOut, **error_responses(400, 403, 404)})
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        selection_round = _round(request, pk)
        scope.require_scorer(user, selection_round)  # a refusal comes before any validation
        data = ScoresIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = {
            (s["candidate"], s["criterion"]): s["value"] for s in data.validated_data["scores"]
        }
        written = services.scores_set(user=user, selection_round=selection_round, values=values)
        return Response({"written": written})


@extend_schema_view(
    get=extend_schema(responses={200: DecisionOut(many=True), **error_responses(403, 404)})
)
class DecisionList(generics.ListAPIView[Decision]):
    """Designations made by selection rounds, with their frozen inputs and results."""

    serializer_class = DecisionOut
    permission_classes = [CanUseSelection]

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decisions_visible(request_user(self.request))


@extend_schema_view(get=extend_schema(responses={200: DecisionOut, **error_responses(403, 404)}))
class DecisionDetail(generics.RetrieveAPIView[Decision]):
    serializer_class = DecisionOut
    permission_classes = [CanUseSelection]

    def get_object(self) -> Decision:
        decision = (
            selectors.decisions_visible(request_user(self.request))
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if decision is None:
            raise Http404
        return decision
