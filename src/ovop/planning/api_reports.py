"""The realisation figures and their alerts through the API, with the page's numbers:

- ``realisation/<year>/?month=&by=source|kecamatan|type|month``: the rows of one grouping (or
  the twelve months), their total and the cancelled activities apart;
- ``alerts/<year>/?month=``: cost over plan, overdue activities, slow absorption.

Readers of the plan only (owners and assessors 403); facilitators get their villages' rows. An
unknown year answers 404, a month or grouping refused 400 naming the parameter.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.planning import scope
from ovop.planning.api_reports_out import AlertsOut, RealisationOut, alerts_data, realisation_data
from ovop.planning.forms_reports import MonthForm, RealisationQuery
from ovop.planning.selectors_realisation import (
    Realisation,
    default_month,
    realisation_alerts,
    realisation_get,
    year_get,
)


class ReadsPlan(BasePermission):
    """Signed-in officers, administrators, viewers and facilitators."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return scope.can_read_planning(user) and scope.reads_plan(user)  # type: ignore[arg-type]


def _figures(request: Request, year: int, form: MonthForm) -> Realisation:
    if not form.is_valid():
        errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        raise serializers.ValidationError(errors)
    fiscal_year = year_get(year)
    if fiscal_year is None:
        raise Http404
    month = form.month_or(default_month(year, timezone.localdate()))
    user: Any = request.user
    return realisation_get(user=user, fiscal_year=fiscal_year, month=month)


class RealisationView(APIView):
    permission_classes = [ReadsPlan]  # noqa: RUF012 - REST framework's

    @extend_schema(
        parameters=form_parameters(RealisationQuery),
        responses={200: RealisationOut, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, year: int) -> Response:
        """The realisation of the fiscal year as at the end of ``month`` (default: the current
        month of the current year, December of a past one), by ``by``."""
        form = RealisationQuery(request.query_params)
        figures = _figures(request, year, form)
        return Response(realisation_data(figures, form.grouping()))


class AlertsView(APIView):
    permission_classes = [ReadsPlan]  # noqa: RUF012 - REST framework's

    @extend_schema(
        parameters=form_parameters(MonthForm),
        responses={200: AlertsOut, **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, year: int) -> Response:
        """The variance alerts of the fiscal year as at the end of ``month``."""
        figures = _figures(request, year, MonthForm(request.query_params))
        alerts = realisation_alerts(figures, today=timezone.localdate())
        return Response(alerts_data(figures, alerts))
