"""The evaluation's API: every indicator's headline for a programme, one indicator's whole
impact (estimates, intervals, samples, methods, reasons), one indicator's impact over every
programme at once, and the programme's efficiency (absorption, progress, cost per unit of
outcome by activity type). Readers as on the pages: admins, officers and viewers."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.core.requests import request_user
from ovop.evaluation import scope, selectors
from ovop.evaluation.efficiency import programme_efficiency
from ovop.evaluation.forms_report import YearQuery, checked
from ovop.evaluation.snapshot import (
    efficiency_snapshot,
    headline_snapshot,
    impact_snapshot,
    pooled_snapshot,
)


class CanReadEvaluation(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read(request.user)


def until_year(request: Request) -> int | None:
    """``?year=``: the evaluation as at the end of that year (400 for a year refused)."""
    form = YearQuery(request.query_params)
    checked(form)
    return form.until_year()


class ProgrammeImpacts(APIView):
    """The headline estimate of every indicator the programme's rounds ask."""

    permission_classes = [CanReadEvaluation]

    @extend_schema(
        operation_id="evaluation_programme_impacts",
        parameters=form_parameters(YearQuery),
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        programme = selectors.programme_get(user=user, pk=pk)
        results = selectors.impacts(user=user, programme=programme, until_year=until_year(request))
        return Response(
            {"programme": programme.pk, "indicators": [headline_snapshot(r) for r in results]}
        )


class IndicatorImpactView(APIView):
    """One indicator's impact in the programme: every design's estimate or why it has none."""

    permission_classes = [CanReadEvaluation]

    @extend_schema(
        operation_id="evaluation_indicator_impact",
        parameters=form_parameters(YearQuery),
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, pk: int, code: str) -> Response:
        user = request_user(request)
        programme = selectors.programme_get(user=user, pk=pk)
        result = selectors.impact_get(
            user=user, programme=programme, code=code, until_year=until_year(request)
        )
        return Response(impact_snapshot(result))


class PooledImpactView(APIView):
    """One indicator's impact over every programme at once: the staggered-adoption estimate
    over all the IKM the rounds measured, with the counts of values read and left out."""

    permission_classes = [CanReadEvaluation]

    @extend_schema(
        operation_id="evaluation_pooled_impact",
        responses={200: OpenApiTypes.OBJECT, **error_responses(403, 404)},
    )
    def get(self, request: Request, code: str) -> Response:
        result = selectors.pooled_get(user=request_user(request), code=code)
        return Response(pooled_snapshot(result))


class ProgrammeEfficiency(APIView):
    """Budget absorption and physical progress by fiscal year, and by activity type the money
    realised, the IKM reached and the cost per unit of outcome gained (numbers unrounded)."""

    permission_classes = [CanReadEvaluation]

    @extend_schema(
        operation_id="evaluation_programme_efficiency",
        parameters=form_parameters(YearQuery),
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        programme = selectors.programme_get(user=user, pk=pk)
        result = programme_efficiency(
            user=user, programme=programme, until_year=until_year(request)
        )
        return Response(efficiency_snapshot(result))
