"""Selection API: read rounds, results and decisions; submit judgements and scores with the
same validation as the forms (errors in the shape {"error": ..., "fields": {...}})."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.accounts.models import User
from ovop.selection import judging, scope, selectors, services
from ovop.selection.models import Candidate, Criterion, Decision, SelectionRound


class CanUseSelection(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_use_selection(request.user)


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


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


class JudgementIn(serializers.Serializer[Any]):
    matrix = serializers.JSONField(
        required=False,
        help_text="Full n×n positive reciprocal matrix in the round's criteria order "
        '(any positive reals; fractions as strings like "1/3" are accepted).',
    )
    pairs = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text='Upper-triangle answers on Saaty\'s scale keyed "i,j" (0-based), '
        'e.g. {"0,1": "3", "0,2": "1/5"}; missing pairs count as equal.',
    )
    submit = serializers.BooleanField(default=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("matrix" in attrs) == ("pairs" in attrs):
            raise serializers.ValidationError(
                _("Matrix or pairs: give one of the two (the full matrix, or the pairs).")
            )
        return attrs


class ScoreIn(serializers.Serializer[Any]):
    candidate = serializers.IntegerField()
    criterion = serializers.IntegerField()
    value = serializers.FloatField()


class ScoresIn(serializers.Serializer[Any]):
    scores = ScoreIn(many=True)


def _round(request: Request, pk: int) -> SelectionRound:
    return scope.round_for(_user(request), pk)


class RoundList(generics.ListAPIView[SelectionRound]):
    """Rounds the user may read, newest first."""

    serializer_class = RoundOut
    permission_classes = [CanUseSelection]

    def get_queryset(self) -> QuerySet[SelectionRound]:
        return selectors.round_list(user=_user(self.request))


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

    @extend_schema(responses={200: dict})
    def get(self, request: Request, pk: int) -> Response:
        selection_round = _round(request, pk)
        if not scope.can_see_result(_user(request), selection_round):
            raise PermissionDenied
        shown, _decision = selectors.result_shown(selection_round)
        return Response(shown.snapshot())


def _invalid(error: ValidationError) -> Response:
    fields = error.message_dict if hasattr(error, "error_dict") else {}
    text = " ".join(m for messages in fields.values() for m in messages) or " ".join(error.messages)
    return Response({"error": text, "fields": fields}, status=status.HTTP_400_BAD_REQUEST)


def _input_errors(errors: object) -> Response:
    """A serializer's nested errors with each message under, and naming, its path
    (``scores[1].value: A valid number is required.``)."""
    fields: dict[str, list[str]] = {}

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):  # a list's errors may come keyed by the row number
            for key, value in node.items():
                step = f"[{key}]" if isinstance(key, int) else f".{key}" if path else str(key)
                walk(value, f"{path}{step}")
        elif isinstance(node, list) and all(isinstance(m, str) for m in node):
            label = path.removesuffix("non_field_errors").removesuffix(".")
            fields[path or "non_field_errors"] = [f"{label}: {m}" if label else m for m in node]
        elif isinstance(node, list):
            for k, value in enumerate(node):
                if value:
                    walk(value, f"{path}[{k}]")

    walk(errors, "")
    general = fields.pop("non_field_errors", [])
    text = " ".join([*general, *(m for messages in fields.values() for m in messages)])
    return Response({"error": text, "fields": fields}, status=status.HTTP_400_BAD_REQUEST)


class JudgementSubmit(APIView):
    """Save (``submit: false``) or submit the caller's judgement; returns weights and CR."""

    permission_classes = [CanUseSelection]

    @extend_schema(request=JudgementIn, responses={200: dict})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        selection_round = _round(request, pk)
        scope.require_judge(user, selection_round)  # a refusal comes before any validation
        data = JudgementIn(data=request.data)
        if not data.is_valid():
            return _input_errors(data.errors)
        n = selection_round.criteria.count()
        try:
            matrix = self._matrix(data.validated_data, n)
            judgement = services.judgement_save(
                user=user,
                selection_round=selection_round,
                matrix=matrix,
                submit=data.validated_data["submit"],
                reason=data.validated_data["reason"],
            )
        except ValidationError as error:
            return _invalid(error)
        names = list(
            selection_round.criteria.order_by("position", "id").values_list("name", flat=True)
        )
        check = judging.consistency(judgement.matrix, names)
        return Response(
            {
                "submitted": judgement.submitted,
                "cr": check.cr,
                "consistent": check.consistent,
                "weights": dict(zip(names, check.weights, strict=True)),
                "revisit": [f"{a} vs {b}" for a, b in check.revisit],
            }
        )

    @staticmethod
    def _matrix(data: dict[str, Any], n: int) -> object:
        if "matrix" in data:
            return data["matrix"]
        answers: dict[tuple[int, int], float] = {}
        for key, answer in data.get("pairs", {}).items():
            try:
                i, j = (int(part) for part in key.split(","))
                if not 0 <= i < j < n:
                    raise ValueError(key)
                answers[(i, j)] = judging.scale_value(answer)
            except ValueError:
                raise ValidationError(
                    {
                        "pairs": _(
                            'Pair %(key)s: use "i,j" with i < j < %(n)s and a value of Saaty\'s '
                            "scale (9 … 2, 1, 1/2 … 1/9)."
                        )
                        % {"key": key, "n": n}
                    }
                ) from None
        return judging.matrix_from_answers(n, answers)


class ScoresSubmit(APIView):
    """Enter scores (candidate id, criterion id, value); one bad value saves nothing."""

    permission_classes = [CanUseSelection]

    @extend_schema(request=ScoresIn, responses={200: dict})
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        selection_round = _round(request, pk)
        scope.require_scorer(user, selection_round)  # a refusal comes before any validation
        data = ScoresIn(data=request.data)
        if not data.is_valid():
            return _input_errors(data.errors)
        values = {
            (s["candidate"], s["criterion"]): s["value"] for s in data.validated_data["scores"]
        }
        try:
            written = services.scores_set(user=user, selection_round=selection_round, values=values)
        except ValidationError as error:
            return _invalid(error)
        return Response({"written": written})


class DecisionList(generics.ListAPIView[Decision]):
    """Designations made by selection rounds, with their frozen inputs and results."""

    serializer_class = DecisionOut
    permission_classes = [CanUseSelection]

    def get_queryset(self) -> QuerySet[Decision]:
        return selectors.decisions_visible(_user(self.request))


class DecisionDetail(generics.RetrieveAPIView[Decision]):
    serializer_class = DecisionOut
    permission_classes = [CanUseSelection]

    def get_object(self) -> Decision:
        decision = (
            selectors.decisions_visible(_user(self.request)).filter(pk=self.kwargs["pk"]).first()
        )
        if decision is None:
            raise Http404
        return decision
