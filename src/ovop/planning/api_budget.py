"""The planning API: fiscal years, their budget sources and price lists.

- GET years/ (every year, newest first); POST years/ opens one (planners).
- GET years/{year}/; PATCH years/{year}/ changes the rubric weights (planners).
- GET sources/?year=; POST sources/ records one; GET/PATCH sources/{id}/.
- GET price-items/?year=&q=; POST price-items/; GET/PATCH price-items/{id}/.

A closed year answers 400 naming the year (an administrator may correct with ``reason``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.empowerment.api_write_common import merged, read_input
from ovop.planning import api_serializers_records as io
from ovop.planning import services_prices, services_sources, services_years
from ovop.planning.api_records_common import (
    PlanReaderView,
    PriceFilters,
    SourceFilters,
    filtered,
    planner,
    year_of,
)
from ovop.planning.models import FiscalYear, PriceItem, Source


@extend_schema_view(
    get=extend_schema(responses={200: io.YearOut(many=True), **error_responses(403, 404)})
)
class YearList(PlanReaderView, generics.ListAPIView[FiscalYear]):
    """The fiscal years (GET) and opening one (POST, planners)."""

    serializer_class = io.YearOut
    queryset = FiscalYear.objects.order_by("-year")

    @extend_schema(request=io.YearIn, responses={201: io.YearOut, **error_responses(400, 403)})
    def post(self, request: Request) -> Response:
        user = planner(request)
        data = read_input(io.YearIn, request)
        year = services_years.year_open(user=user, **data)
        return Response(io.YearOut(year).data, status=status.HTTP_201_CREATED)


@extend_schema_view(get=extend_schema(responses={200: io.YearOut, **error_responses(403, 404)}))
class YearDetail(PlanReaderView, generics.RetrieveAPIView[FiscalYear]):
    """One fiscal year (GET) and its rubric weights (PATCH, planners)."""

    serializer_class = io.YearOut
    queryset = FiscalYear.objects.all()
    lookup_field = "year"

    @extend_schema(
        request=io.WeightsIn, responses={200: io.YearOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, year: int) -> Response:
        fiscal_year = self.get_object()
        user = planner(request)
        current = {name: getattr(fiscal_year, name) for name in services_years.WEIGHT_FIELDS}
        given = read_input(io.WeightsIn, request, partial=True)
        data = merged({**current, "reason": ""}, given)
        services_years.year_weights_update(user=user, year=fiscal_year, **data)
        return Response(io.YearOut(FiscalYear.objects.get(pk=fiscal_year.pk)).data)


def _sources() -> QuerySet[Source]:
    return Source.objects.select_related("fiscal_year", "village")


@extend_schema_view(
    get=extend_schema(
        parameters=form_parameters(SourceFilters),
        responses={200: io.SourceOut(many=True), **error_responses(400, 403, 404)},
    )
)
class SourceList(PlanReaderView, generics.ListAPIView[Source]):
    """Budget sources (?year=), and recording one (POST, planners)."""

    serializer_class = io.SourceOut

    def get_queryset(self) -> QuerySet[Source]:
        year = filtered(self.request, SourceFilters).get("year")
        rows = _sources() if year is None else _sources().filter(fiscal_year__year=year)
        return rows.order_by("-fiscal_year__year", "kind", "name", "pk")

    @extend_schema(request=io.SourceIn, responses={201: io.SourceOut, **error_responses(400, 403)})
    def post(self, request: Request) -> Response:
        user = planner(request)
        data = read_input(io.SourceIn, request)
        year = year_of(data.pop("year"))
        source = services_sources.source_create(user=user, year=year, **data)
        return Response(io.SourceOut(_sources().get(pk=source.pk)).data, status=201)


@extend_schema_view(get=extend_schema(responses={200: io.SourceOut, **error_responses(403, 404)}))
class SourceDetail(PlanReaderView, generics.RetrieveAPIView[Source]):
    """One source (GET), and changing it (PATCH, planners: only the fields given)."""

    serializer_class = io.SourceOut

    def get_queryset(self) -> QuerySet[Source]:
        return _sources()

    @extend_schema(
        request=io.SourcePatchIn, responses={200: io.SourceOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        source = self.get_object()
        user = planner(request)
        current: dict[str, Any] = {
            "kind": source.kind,
            "name": source.name,
            "ceiling_idr": source.ceiling_idr,
            "allowed_types": list(source.allowed_types),
            "village": source.village,
            "notes": source.notes,
            "reason": "",
        }
        data = merged(current, read_input(io.SourcePatchIn, request, partial=True))
        services_sources.source_update(user=user, source=source, **data)
        return Response(io.SourceOut(_sources().get(pk=source.pk)).data)


def _prices() -> QuerySet[PriceItem]:
    return PriceItem.objects.select_related("fiscal_year")


@extend_schema_view(
    get=extend_schema(
        parameters=form_parameters(PriceFilters),
        responses={200: io.PriceItemOut(many=True), **error_responses(400, 403, 404)},
    )
)
class PriceItemList(PlanReaderView, generics.ListAPIView[PriceItem]):
    """The price list (?year=, ?q= in code, item or unit), and adding an item (POST)."""

    serializer_class = io.PriceItemOut

    def get_queryset(self) -> QuerySet[PriceItem]:
        filters = filtered(self.request, PriceFilters)
        rows = _prices()
        if filters.get("year") is not None:
            rows = rows.filter(fiscal_year__year=filters["year"])
        if q := filters.get("q"):
            rows = rows.filter(Q(code__icontains=q) | Q(name__icontains=q) | Q(unit__icontains=q))
        return rows.order_by("-fiscal_year__year", "code", "pk")

    @extend_schema(
        request=io.PriceItemIn, responses={201: io.PriceItemOut, **error_responses(400, 403)}
    )
    def post(self, request: Request) -> Response:
        user = planner(request)
        data = read_input(io.PriceItemIn, request)
        year = year_of(data.pop("year"))
        item = services_prices.price_item_create(user=user, year=year, **data)
        return Response(io.PriceItemOut(_prices().get(pk=item.pk)).data, status=201)


@extend_schema_view(
    get=extend_schema(responses={200: io.PriceItemOut, **error_responses(403, 404)})
)
class PriceItemDetail(PlanReaderView, generics.RetrieveAPIView[PriceItem]):
    """One price list item (GET), and changing it (PATCH, planners)."""

    serializer_class = io.PriceItemOut

    def get_queryset(self) -> QuerySet[PriceItem]:
        return _prices()

    @extend_schema(
        request=io.PriceItemPatchIn,
        responses={200: io.PriceItemOut, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        item = self.get_object()
        user = planner(request)
        current: dict[str, Any] = {
            "code": item.code,
            "name": item.name,
            "unit": item.unit,
            "unit_cost_idr": item.unit_cost_idr,
            "activity_type": item.activity_type,
            "reason": "",
        }
        data = merged(current, read_input(io.PriceItemPatchIn, request, partial=True))
        services_prices.price_item_update(user=user, item=item, **data)
        return Response(io.PriceItemOut(_prices().get(pk=item.pk)).data)
