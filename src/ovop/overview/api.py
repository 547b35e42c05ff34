"""The dashboard's figures through the API: ``GET /api/v1/dashboard/programmes/<id>/`` with the
page's filters (``year``, ``kecamatan`` code, ``category``). Every number unrounded, with the
counts it rests on and how it was obtained; a filter that is not one of the choices is refused
(400, naming it) rather than dropped as the page does. Readers of everything only: admins,
officers, viewers."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.requests import request_user
from ovop.evaluation import scope
from ovop.overview.dashboard import Dashboard, dashboard_get
from ovop.overview.dashboard_indicators import IndicatorLine
from ovop.programme.models import Programme

PARAMS = ("year", "kecamatan", "category")
MAX_PARAM = 40
METHODS = {
    "indicators": (
        "The indicator's aggregation (mean, sum or percent answering yes) of the finished "
        "entries (submitted or approved) of the year's last round asking it, values doubted "
        "by an open quality flag left out; read from running sums kept current on every write."
    ),
    "achievement": (
        "actual ÷ target × 100; for a lower-is-better indicator (2 × target − actual) ÷ target "
        "× 100 (LAN 239/2003); bands from the programme's evaluation settings."
    ),
    "absorption": "realised ÷ planned money of the year's activities, cancelled ones left out.",
    "headlines": "The evaluation's headline estimate per indicator (see the evaluation API).",
    "headlines_computed_at": "When those estimates were computed (in the background).",
    "headlines_current": "False while new estimates for data changed since are being computed.",
}


class CanReadDashboard(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read(request.user)


def _indicator(line: IndicatorLine) -> dict[str, Any]:
    return {
        "code": line.indicator.code,
        "aggregation": line.indicator.aggregation,
        "round": line.round.pk if line.round else None,
        "participants": {"n": line.participants.n, "value": line.participants.value},
        "comparison": {"n": line.comparison.n, "value": line.comparison.value},
        "target": float(line.target.target_value) if line.target else None,
        "achievement_pct": line.achievement_pct,
        "band": line.band or None,
        "note": line.note or None,
    }


def _budget(board: Dashboard) -> dict[str, Any]:
    b = board.budget
    return {
        "fiscal_year": b.fiscal_year.year if b.fiscal_year else None,
        "asked_idr": b.asked_idr,
        "funded_idr": b.funded_idr,
        "planned_idr": b.planned_idr,
        "realised_idr": b.realised_idr,
        "as_at_month": b.month,
        "absorption_pct": float(b.absorption_pct) if b.absorption_pct is not None else None,
        "progress_pct": float(b.progress_pct) if b.progress_pct is not None else None,
        "activities": b.activities,
    }


def board_snapshot(board: Dashboard) -> dict[str, Any]:
    f, reg = board.filters, board.registry
    return {
        "programme": board.programme.pk if board.programme else None,
        "filters": {
            "year": f.year,
            "kecamatan": f.kecamatan.code if f.kecamatan else None,
            "category": f.category or None,
        },
        "registry": {
            "enterprises": reg.enterprises,
            "products": reg.products,
            "programme_villages": reg.villages,
            "villages_designated": reg.designated,
            "designated_this_year": reg.designated_this_year,
            "products_by_stars": {str(k): v for k, v in reg.stars.items()},
            "certifications_valid": reg.certifications_active,
            "certifications_through_programme": reg.certifications_programme,
        },
        "budget": _budget(board),
        "stages": {c.key: c.n for c in board.stages},
        "indicators": [_indicator(line) for line in board.indicators],
        "headlines": [asdict(h) for h in board.headlines.items],
        "headlines_computed_at": board.headlines.computed_at,
        "headlines_current": board.headlines.current,
        "target_bands": board.target_bands,
        "methods": METHODS,
    }


class DashboardView(APIView):
    """The programme's dashboard figures under the filters."""

    permission_classes = [CanReadDashboard]

    @extend_schema(
        operation_id="dashboard_programme",
        parameters=[
            OpenApiParameter("year", int, description="2000–2100; default the latest surveyed"),
            OpenApiParameter("kecamatan", str, description="a kecamatan code, e.g. 19.04.01"),
            OpenApiParameter("category", str, description="a product category"),
        ],
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        programme = get_object_or_404(Programme.objects.select_related("regency"), pk=pk)
        return _answer(request, programme)


def _answer(request: Request, programme: Programme | None) -> Response:
    user = request_user(request)
    params = {k: str(request.query_params.get(k, ""))[:MAX_PARAM] for k in PARAMS}
    board = dashboard_get(user=user, programme=programme, params=params)
    if board.filters.problems:
        fields = {name: [text] for name, text in board.filters.problems}
        first = board.filters.problems[0][1]
        return Response({"error": first, "fields": fields}, status=400)
    return Response(board_snapshot(board))


class NationalDashboardView(APIView):
    """Every active programme's figures at once (no kecamatan filter: choose a programme)."""

    permission_classes = [CanReadDashboard]

    @extend_schema(
        operation_id="dashboard_national",
        parameters=[
            OpenApiParameter("year", int, description="2000–2100; default the latest surveyed"),
            OpenApiParameter("category", str, description="a product category"),
        ],
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403)},
    )
    def get(self, request: Request) -> Response:
        return _answer(request, None)
