"""The signed-in API of demand (the scope of the pages: ``scope.inquiries_visible``):

- ``GET /api/v1/catalogue/inquiries/``: the inquiries the user may read (owners: their own;
  admins, officers, viewers: all), newest first, ``?status=`` to narrow, 50 a page (a page
  past the last: 404);
- ``GET|POST /api/v1/catalogue/inquiries/<id>/``: one inquiry; POST records its outcome
  (``status`` answered, ordered or lost; an order with ``ordered_quantity`` and
  ``ordered_value_idr``, money as a number or "Rp 1.500.000" / "1,5 juta");
- ``GET /api/v1/catalogue/demand/?year=&category=&group=``: demand figures per month, product,
  category, village or kecamatan (admins, officers, viewers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.catalogue import scope, selectors_demand, services_inquiries
from ovop.catalogue.models import Inquiry, InquiryStatus
from ovop.catalogue.models_demand import MAX_QUANTITY
from ovop.catalogue.selectors_demand import DemandFilters, Figures
from ovop.core.api import error_responses
from ovop.core.api_money import MoneySerializerField
from ovop.core.requests import request_user
from ovop.enterprises.models import Category

PAGE_SIZE = 50
MAX_PAGE = 1000
GROUPS = ("month", *selectors_demand.GROUPS)


class InquirySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    product = serializers.CharField(source="listing.public_name", read_only=True)
    product_id = serializers.IntegerField(source="listing.product_id", read_only=True)
    enterprise = serializers.CharField(source="listing.product.enterprise.name", read_only=True)
    # plain text, not format "email": empty when the buyer gave a phone only or was erased
    email = serializers.CharField(read_only=True)

    class Meta:
        model = Inquiry
        fields = [
            "id", "product", "product_id", "enterprise", "name", "phone", "email", "quantity",
            "message", "language", "created_at", "status", "answered_at", "outcome_at",
            "ordered_quantity", "ordered_value_idr", "anonymised_at",
        ]  # fmt: skip
        read_only_fields = fields


class OutcomeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(
        choices=[s.value for s in InquiryStatus if s != InquiryStatus.NEW]
    )
    ordered_quantity = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_QUANTITY
    )
    ordered_value_idr = MoneySerializerField(required=False, allow_null=True)


class InquiryPageSerializer(serializers.Serializer):  # type: ignore[type-arg]
    count = serializers.IntegerField(read_only=True)
    page = serializers.IntegerField(read_only=True)
    pages = serializers.IntegerField(read_only=True)
    results = InquirySerializer(many=True, read_only=True)


def _page(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise ValidationError({"page": ["A whole number from 1 to 1000."]})
    return int(raw)


def _scoped(request: Request) -> Any:
    rows = scope.inquiries_visible(request_user(request))
    return rows.select_related("listing__product__enterprise")


class InquiryListApi(APIView):
    @extend_schema(
        operation_id="v1_catalogue_inquiries_list",
        parameters=[
            OpenApiParameter("status", str, enum=[s.value for s in InquiryStatus], required=False),
            OpenApiParameter("page", int, required=False, description="1 to 1000"),
        ],
        responses={200: InquiryPageSerializer, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        rows = _scoped(request)
        status = request.query_params.get("status", "")
        if status:
            if status not in InquiryStatus.values:
                raise ValidationError({"status": [f"One of {', '.join(InquiryStatus.values)}."]})
            rows = rows.filter(status=status)
        paginator = Paginator(rows, PAGE_SIZE)
        number = _page(request)
        if number > max(paginator.num_pages, 1):
            raise Http404
        page = paginator.page(number)
        body = {
            "count": paginator.count,
            "page": number,
            "pages": paginator.num_pages,
            "results": InquirySerializer(page.object_list, many=True).data,
        }
        return Response(body)


class InquiryDetailApi(APIView):
    @extend_schema(responses={200: InquirySerializer, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(InquirySerializer(get_object_or_404(_scoped(request), pk=pk)).data)

    @extend_schema(
        request=OutcomeSerializer,
        responses={200: InquirySerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        inquiry = get_object_or_404(_scoped(request), pk=pk)
        scope.require_answer(user, inquiry)
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        saved = services_inquiries.inquiry_set_outcome(
            user=user,
            inquiry=inquiry,
            status=values["status"],
            ordered_quantity=values.get("ordered_quantity"),
            ordered_value_idr=values.get("ordered_value_idr"),
        )
        return Response(InquirySerializer(saved).data)


class FiguresSerializer(serializers.Serializer):  # type: ignore[type-arg]
    key = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    views = serializers.IntegerField(read_only=True)
    whatsapp = serializers.IntegerField(read_only=True)
    marketplace = serializers.IntegerField(read_only=True)
    inquiries = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)
    ordered = serializers.IntegerField(read_only=True)
    lost = serializers.IntegerField(read_only=True)
    ordered_quantity = serializers.IntegerField(read_only=True)
    ordered_value_idr = serializers.IntegerField(read_only=True)


class DemandSerializer(serializers.Serializer):  # type: ignore[type-arg]
    year = serializers.IntegerField(read_only=True)
    category = serializers.CharField(read_only=True)
    group = serializers.CharField(read_only=True)
    rows = FiguresSerializer(many=True, read_only=True)


def _demand_filters(request: Request) -> tuple[DemandFilters, str]:
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    raw_year = request.query_params.get("year", str(this_year))
    year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else 0
    if not 2000 <= year <= this_year + 1:
        errors["year"] = [f"A year from 2000 to {this_year + 1}."]
    category = request.query_params.get("category", "")
    if category and category not in Category.values:
        errors["category"] = [f"One of {', '.join(Category.values)}."]
    group = request.query_params.get("group", "month")
    if group not in GROUPS:
        errors["group"] = [f"One of {', '.join(GROUPS)}."]
    if errors:
        raise ValidationError(errors)
    return DemandFilters(year=year, category=category), group


COUNTS = (
    "views", "whatsapp", "marketplace", "inquiries", "waiting", "answered", "ordered", "lost",
    "ordered_quantity", "ordered_value_idr",
)  # fmt: skip


def _row(f: Figures) -> dict[str, Any]:
    key = f.key.isoformat() if isinstance(f.key, dt.date) else str(f.key)
    return {"key": key, "name": f.label, **{name: getattr(f, name) for name in COUNTS}}


class DemandApi(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=False, description="2000 to next year"),
            OpenApiParameter("category", str, enum=Category.values, required=False),
            OpenApiParameter("group", str, enum=list(GROUPS), required=False),
        ],
        responses={200: DemandSerializer, **error_responses(400, 403)},
    )
    def get(self, request: Request) -> Response:
        scope.require_read(request_user(request))
        filters, group = _demand_filters(request)
        if group == "month":
            rows = selectors_demand.figures_by_month(filters)
        else:
            rows = selectors_demand.figures_by(group, filters)
        body = {
            "year": filters.year,
            "category": filters.category,
            "group": group,
            "rows": [_row(f) for f in rows],
        }
        return Response(body)
