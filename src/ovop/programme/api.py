"""Read-only API for programmes: the list, and one programme with villages and designations.

Scoped like the pages (``ovop.programme.scope``): a designation whose product the caller may not
see is left out of its village, and the village's ``designations_hidden`` says how many were.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.requests import request_user
from ovop.programme import scope, selectors
from ovop.programme.models import Designation, Programme, ProgrammeVillage, Scheme
from ovop.regions.models import Region


class CanReadProgrammes(BasePermission):
    """Signed-in users other than IKM owners."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read_programmes(request.user)


class RegionOut(serializers.ModelSerializer[Region]):
    class Meta:
        model = Region
        fields = ["code", "name"]


class ProgrammeOut(serializers.ModelSerializer[Programme]):
    regency = RegionOut(read_only=True)
    scheme_label = serializers.CharField(source="get_scheme_display", read_only=True)
    village_count = serializers.IntegerField(source="n_villages", read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "scheme",
            "scheme_label",
            "regency",
            "start_year",
            "archived_at",
            "is_sample",
            "village_count",
        ]


class DesignationOut(serializers.ModelSerializer[Designation]):
    product = serializers.SerializerMethodField()

    class Meta:
        model = Designation
        fields = ["year", "product", "note"]

    def get_product(self, designation: Designation) -> dict[str, Any] | None:
        product = designation.product
        if product is None:
            return None
        enterprise = product.enterprise
        return {
            "id": product.pk,
            "name": product.name,
            "enterprise": {"id": enterprise.pk, "name": enterprise.name},
        }


class MembershipOut(serializers.ModelSerializer[ProgrammeVillage]):
    village = RegionOut(read_only=True)
    kecamatan = RegionOut(source="village.parent", read_only=True)
    designations = DesignationOut(many=True, read_only=True)
    designations_hidden = serializers.IntegerField(source="n_hidden", read_only=True)

    class Meta:
        model = ProgrammeVillage
        fields = [
            "id",
            "village",
            "kecamatan",
            "joined_year",
            "archived_at",
            "designations",
            "designations_hidden",
        ]


class ProgrammeDetailOut(serializers.ModelSerializer[Programme]):
    regency = RegionOut(read_only=True)
    scheme_label = serializers.CharField(source="get_scheme_display", read_only=True)
    villages = MembershipOut(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "name",
            "scheme",
            "scheme_label",
            "regency",
            "start_year",
            "description",
            "archived_at",
            "is_sample",
            "villages",
        ]


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Name contains (case-insensitive)."),
            OpenApiParameter(
                "scheme", str, enum=["", *Scheme.values], description="One scheme value."
            ),
            OpenApiParameter("archived", bool, description="1 to include archived programmes."),
        ],
        responses={200: ProgrammeOut(many=True), **error_responses(403, 404)},
    )
)
class ProgrammeList(generics.ListAPIView[Programme]):
    """Programmes, newest start year first. Filters: ?q=, ?scheme=, ?archived=1."""

    serializer_class = ProgrammeOut
    permission_classes = [CanReadProgrammes]

    def get_queryset(self) -> QuerySet[Programme]:
        params = self.request.query_params
        return selectors.programme_list(
            user=request_user(self.request),
            q=params.get("q", "").strip(),
            scheme=params.get("scheme", "").strip(),
            archived=params.get("archived", "").lower() in {"1", "true", "yes"},
        )


@extend_schema_view(
    get=extend_schema(responses={200: ProgrammeDetailOut, **error_responses(403, 404)})
)
class ProgrammeDetail(generics.RetrieveAPIView[Programme]):
    """One programme with its villages (removed ones have archived_at) and designations."""

    serializer_class = ProgrammeDetailOut
    permission_classes = [CanReadProgrammes]

    def get_object(self) -> Programme:
        return selectors.programme_api_detail(user=request_user(self.request), pk=self.kwargs["pk"])
