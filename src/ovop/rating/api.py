"""Star-rating API: read schemes, assessments and star ratings; save or finalise an assessment.

Lists are scoped like the pages (``ovop.rating.scope``). Saving goes through the same service
as the form, so the same validation applies; errors come back as
``{"error": ..., "fields": {"answers.<item>": [...]}}``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.rating import scope, selectors, services
from ovop.rating.models import Assessment, RatingScheme, StarRating


def _user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


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


class AssessmentSaveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, allow_null=True),
        help_text="Item id → option id; a blank or null option leaves the item unanswered.",
    )
    evidence = serializers.CharField(required=False, allow_blank=True)
    finalise = serializers.BooleanField(required=False, default=False)


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


class RatingSchemeList(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = RatingSchemeSerializer
    queryset = RatingScheme.objects.order_by("code", "-version")


class RatingSchemeDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = RatingSchemeSerializer
    queryset = RatingScheme.objects.all()


class AssessmentList(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list(user=_user(self.request))


class AssessmentDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    """GET reads; POST or PATCH saves answers (and finalises with ``"finalise": true``)."""

    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.assessment_list(user=_user(self.request))

    @extend_schema(request=AssessmentSaveSerializer, responses=AssessmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = _user(request)
        assessment = get_object_or_404(self.get_queryset(), pk=pk)
        if not scope.can_rate(user, assessment):
            raise PermissionDenied
        data = AssessmentSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        try:
            saved = services.assessment_save(
                user=user,
                assessment=assessment,
                answers=values["answers"],
                evidence=values.get("evidence", assessment.evidence),
                finalise=values["finalise"],
            )
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            raise ValidationError(detail) from exc
        return Response(AssessmentSerializer(saved).data)

    @extend_schema(request=AssessmentSaveSerializer, responses=AssessmentSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self.post(request, pk)


class StarRatingList(generics.ListAPIView):  # type: ignore[type-arg]
    serializer_class = StarRatingSerializer

    def get_queryset(self) -> QuerySet[StarRating]:
        return selectors.rating_list(user=_user(self.request))


class StarRatingDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = StarRatingSerializer

    def get_queryset(self) -> QuerySet[StarRating]:
        return selectors.rating_list(user=_user(self.request))
