"""The evaluation report through the API, for those who check its figures or reuse them:

- ``targets/?year=``: every target of the programme's indicators in its regency with the
  participants' actual value, the achievement and its band (chapter 1's table);
- ``report/?year=&lang=``: the whole report's data — every chapter's tables and figures with
  their raw numbers, exactly what the workbook holds and the PDF prints rounded.

Readers as on the pages (admins, officers, viewers); a year outside the programme answers 404,
a year or language refused 400 naming the parameter.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.core.requests import request_user
from ovop.evaluation import effectiveness, selectors, services
from ovop.evaluation.api import CanReadEvaluation, until_year
from ovop.evaluation.effectiveness import TargetLine
from ovop.evaluation.forms_report import ReportQuery, YearQuery, checked
from ovop.evaluation.report import report_build
from ovop.evaluation.report_goals import why_no_achievement
from ovop.evaluation.report_parts import report_language, year_allowed
from ovop.evaluation.report_snapshot import report_snapshot


def target_snapshot(line: TargetLine) -> dict[str, Any]:
    row, target = line.row, line.row.target
    return {
        "indicator": target.indicator.code,
        "region": target.region.code,
        "year": target.year,
        "target": float(target.target_value),
        "actual": row.actual,
        "respondents": row.respondents,
        "achievement_pct": row.achievement_pct,
        "band": line.band or None,
        "reason": why_no_achievement(line),
    }


class ProgrammeTargets(APIView):
    """The targets of the programme's indicators with their achievement and band."""

    permission_classes = [CanReadEvaluation]

    @extend_schema(
        operation_id="evaluation_programme_targets",
        parameters=form_parameters(YearQuery),
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        programme = selectors.programme_get(user=user, pk=pk)
        limits = services.settings_of(programme).band_limits_pct
        lines = effectiveness.programme_targets(programme, limits, until_year(request))
        rows = [target_snapshot(line) for line in lines]
        return Response({"programme": programme.pk, "band_limits_pct": limits, "targets": rows})


class ProgrammeReport(APIView):
    """The evaluation report of a year: its chapters, tables and figures' numbers."""

    permission_classes = [CanReadEvaluation]

    @extend_schema(
        operation_id="evaluation_programme_report",
        parameters=form_parameters(ReportQuery),
        responses={200: OpenApiTypes.OBJECT, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        programme = selectors.programme_get(user=user, pk=pk)
        query = checked(ReportQuery(request.query_params))
        year = query["year"]
        if not year_allowed(programme, year):
            raise Http404
        language = query.get("lang") or report_language(translation.get_language())
        report = report_build(user=user, programme=programme, year=year, language=language)
        return Response(report_snapshot(report))
