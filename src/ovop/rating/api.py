"""Star-rating API: read schemes, assessments and star ratings; save or finalise an assessment.

Lists are scoped like the pages (``ovop.rating.scope``). Saving goes through the same service
as the form, so the same validation applies; its refusals come back through
``ovop.core.api.exception_handler`` as ``{"error": ..., "fields": {"answers.<item>": [...]}}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.analysis.rating import Settlement
from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin, ConfirmIn, check_confirmed
from ovop.core.requests import request_user
from ovop.core.text import TEXT_MAX_LENGTH
from ovop.enterprises import scope as enterprise_scope
from ovop.rating import scope, selectors, services
from ovop.rating.models import Assessment, RatingScheme, StarRating, coaching_tier


class RatingSchemeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = RatingScheme
        fields = [
            "id",
            "code",
            "version",
            "name",
            "status",
            "source",
            "definition",
            "configurable_defaults",
            "labels_id",
            "created_at",
        ]


class AssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    product_name = serializers.CharField(source="product.name", read_only=True)
    scheme_version = serializers.IntegerField(source="scheme.version", read_only=True)
    assessor = serializers.CharField(source="assessor.username", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "product",
            "product_name",
            "scheme",
            "scheme_version",
            "assessor",
            "status",
            "answers",
            "evidence",
            "result",
            "invited_at",
            "finalised_at",
        ]
        read_only_fields = fields


class AssessmentSaveSerializer(ConfirmIn):
    """Answers and evidence; finalising (``"finalise": true``) cannot be undone, so it also
    needs ``"confirm": true`` and a ``reason`` (400 naming the field without them)."""

    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True),
        help_text="Item id → option id; a blank or null option leaves the item unanswered.",
    )
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH)
    finalise = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["finalise"]:
            check_confirmed(attrs, what=_("finalise the assessment"))
        return attrs


class StarRatingSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    product_name = serializers.CharField(source="product.name", read_only=True)
    scheme_version = serializers.IntegerField(source="scheme.version", read_only=True)

    class Meta:
        model = StarRating
        fields = [
            "id",
            "product",
            "product_name",
            "scheme",
            "scheme_version",
            "stars",
            "percent",
            "tier",
            "result",
            "verification_code",
            "issued_at",
        ]


@extend_schema_view(
    get=extend_schema(
        responses={200: RatingSchemeSerializer(many=True), **error_responses(403, 404)}
    )
)
class RatingSchemeList(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = RatingSchemeSerializer
    queryset = RatingScheme.objects.order_by("code", "-version")


@extend_schema_view(
    get=extend_schema(responses={200: RatingSchemeSerializer, **error_responses(403, 404)})
)
class RatingSchemeDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = RatingSchemeSerializer
    queryset = RatingScheme.objects.all()


@extend_schema_view(
    get=extend_schema(responses={200: AssessmentSerializer(many=True), **error_responses(403, 404)})
)
class AssessmentList(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list(user=request_user(self.request))


@extend_schema_view(
    get=extend_schema(responses={200: AssessmentSerializer, **error_responses(403, 404)})
)
class AssessmentDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """GET reads; POST or PATCH saves answers (and finalises with ``"finalise": true``)."""

    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list(user=request_user(self.request))

    @extend_schema(
        request=AssessmentSaveSerializer,
        responses={200: AssessmentSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        assessment = get_object_or_404(self.get_queryset(), pk=pk)
        if not scope.can_rate(user, assessment):
            raise PermissionDenied
        data = AssessmentSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        saved = services.assessment_save(
            user=user,
            assessment=assessment,
            answers=values["answers"],
            evidence=values.get("evidence", assessment.evidence),
            finalise=values["finalise"],
            reason=values["reason"] if values["finalise"] else "",
        )
        return Response(AssessmentSerializer(saved).data)

    @extend_schema(
        request=AssessmentSaveSerializer,
        responses={200: AssessmentSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return self.post(request, pk)


class SettlementSerializer(CleanTextSerializerMixin, serializers.Serializer):  # type: ignore[type-arg]
    passed = serializers.BooleanField(help_text="The officer's decision on the tied gate.")
    reason = serializers.CharField(allow_blank=True, max_length=500)


class StarRatingPanelSerializer(serializers.Serializer):  # type: ignore[type-arg]
    product = serializers.IntegerField()
    scheme = serializers.PrimaryKeyRelatedField(queryset=RatingScheme.objects.all())
    how = serializers.ChoiceField(choices=["mean", "median"], default="mean")
    settlements = serializers.DictField(
        child=SettlementSerializer(),
        required=False,
        default=dict,
        help_text="Item id of a tied gate → the officer's decision and reason.",
    )


class StarRatingIssueSerializer(StarRatingPanelSerializer):
    confirm = serializers.BooleanField(
        default=False,
        help_text="Must be true: issuing is confirmed after looking at the preview.",
    )


def _panel_preview(request: Request) -> tuple[selectors.PanelPreview, dict[str, Any]]:
    """The preview the request asks for (403 for a non-manager, 404 for an unseen product)."""
    user = request_user(request)
    scope.require(scope.can_manage(user))
    data = StarRatingIssueSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    values: dict[str, Any] = data.validated_data
    values["product"] = get_object_or_404(
        enterprise_scope.products_visible(user).select_related("enterprise"), pk=values["product"]
    )
    values["settlements"] = {
        item: Settlement(passed=s["passed"], reason=s["reason"])
        for item, s in values["settlements"].items()
    }
    preview = selectors.panel_preview(
        user=user,
        product=values["product"],
        scheme=values["scheme"],
        how=values["how"],
        settlements=values["settlements"],
    )
    return preview, values


def preview_body(preview: selectors.PanelPreview) -> dict[str, Any]:
    """What a client sees before issuing: the panel result and the registry it rests on."""
    registry = preview.registry
    return {
        "product": preview.product.pk,
        "scheme": preview.scheme.pk,
        "how": preview.how,
        "assessments": [a.pk for a in preview.finals],
        "stars": preview.panel.stars,
        "tier": coaching_tier(preview.panel.stars).value,
        "ties": list(preview.panel.ties),
        "result": preview.panel.to_dict(),
        "registry": {
            "on": registry.on.isoformat(),
            "food_product": registry.food,
            "documents": [
                {
                    "kind": line.kind,
                    "held": line.held,
                    "valid_until": line.valid_until.isoformat() if line.valid_until else None,
                }
                for line in registry.lines
            ],
            "facts": registry.facts(),
        },
    }


class StarRatingPreview(APIView):
    """POST: what issuing would give now (nothing is written); the same body as issuing."""

    @extend_schema(
        request=StarRatingPanelSerializer,
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        preview, _values = _panel_preview(request)
        return Response(preview_body(preview))


@extend_schema_view(
    get=extend_schema(responses={200: StarRatingSerializer(many=True), **error_responses(403, 404)})
)
class StarRatingList(generics.ListAPIView):  # type: ignore[type-arg]
    """GET lists; POST issues a star rating, with ``"confirm": true`` only (look at
    ``star-ratings/preview/`` first); a tie not settled in ``settlements`` is refused."""

    serializer_class = StarRatingSerializer

    def get_queryset(self) -> QuerySet[StarRating]:
        return selectors.rating_list(user=request_user(self.request))

    @extend_schema(
        request=StarRatingIssueSerializer,
        responses={201: StarRatingSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        _preview, values = _panel_preview(request)
        if not values["confirm"]:
            raise ValidationError(
                {"confirm": [_("Confirm: must be true; preview the rating first.")]}
            )
        rating = services.star_rating_issue(
            user=request_user(request),
            product=values["product"],
            scheme=values["scheme"],
            how=values["how"],
            settlements=values["settlements"],
        )
        return Response(StarRatingSerializer(rating).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(responses={200: StarRatingSerializer, **error_responses(403, 404)})
)
class StarRatingDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = StarRatingSerializer

    def get_queryset(self) -> QuerySet[StarRating]:
        return selectors.rating_list(user=request_user(self.request))
