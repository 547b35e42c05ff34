"""Read-only API for the region tree: a list filtered by parent and level, and one region."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.request import Request

from ovop.core.api import error_responses
from ovop.core.requests import request_user
from ovop.regions import scope
from ovop.regions.models import Level, Region


class RegionSerializer(serializers.ModelSerializer[Region]):
    parent_code = serializers.SlugRelatedField[Region](
        source="parent",
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("Code of the region one level up; null for a province."),
    )
    lat = serializers.FloatField(read_only=True, allow_null=True)
    lon = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "parent_code", "postal_code", "lat", "lon"]
        read_only_fields = fields


class RegionFilter(filters.FilterSet):
    parent = filters.CharFilter(
        field_name="parent__code", help_text=_("Only the regions directly under this code.")
    )
    level = filters.TypedChoiceFilter(
        choices=Level.choices,
        coerce=int,
        help_text=_("1 province, 2 regency or city, 3 kecamatan, 4 village."),
    )

    class Meta:
        model = Region
        fields = ["parent", "level"]


def _regions(request: Request) -> QuerySet[Region]:
    return scope.regions_visible(request_user(request)).select_related("parent").order_by("code")


@extend_schema_view(
    get=extend_schema(
        summary=_("List regions"),
        tags=["regions"],
        responses={200: RegionSerializer(many=True), **error_responses(400, 403, 404)},
    )
)
class RegionList(generics.ListAPIView[Region]):
    serializer_class = RegionSerializer
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = RegionFilter
    queryset = Region.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self) -> QuerySet[Region]:
        return _regions(self.request)


@extend_schema_view(
    get=extend_schema(
        summary=_("One region by its code"),
        tags=["regions"],
        responses={200: RegionSerializer, **error_responses(403, 404)},
    )
)
class RegionDetail(generics.RetrieveAPIView[Region]):
    serializer_class = RegionSerializer
    lookup_field = "code"
    queryset = Region.objects.none()  # the model, for the schema; get_queryset gives the rows

    def get_queryset(self) -> QuerySet[Region]:
        return _regions(self.request)
