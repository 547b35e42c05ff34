"""The monitoring API: the indicator library and its targets (``services_indicators`` decides).

- GET indicators/?domain=&status=active|archived|all; POST indicators/ records one.
- GET indicators/{id}/; PATCH indicators/{id}/ changes the fields given.
- POST indicators/{id}/archive/ (``confirm`` and ``reason``) and …/restore/.
- GET indicators/{id}/targets/: its targets, newest year first, each with the value the
  participants reported and the achievement; POST: set the target of a region and year.
- GET targets/{id}/; DELETE targets/{id}/ removes it (its history keeps it).

Every reader reads (assessors 403); only administrators and officers change (403).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.core.api import error_responses
from ovop.core.api_params import form_parameters
from ovop.core.api_text import ConfirmIn, check_confirmed
from ovop.monitoring import services_indicators
from ovop.monitoring.api_common import MonitoringView, filtered, manager, read_input
from ovop.monitoring.api_indicators_io import IndicatorIn, IndicatorOut, TargetIn, TargetOut
from ovop.monitoring.forms_indicators import IndicatorFilterForm
from ovop.monitoring.models import Indicator, Target
from ovop.monitoring.selectors_indicators import (
    ACTIVE,
    TargetRow,
    indicator_get,
    indicator_list,
    target_get,
    target_regions,
    target_rows,
)
from ovop.regions.models import Region


def _indicator_out(indicator: Indicator) -> dict[str, Any]:
    return dict(IndicatorOut(Indicator.objects.get(pk=indicator.pk)).data)


@extend_schema_view(
    get=extend_schema(
        parameters=form_parameters(IndicatorFilterForm),
        responses={200: IndicatorOut(many=True), **error_responses(400, 403, 404)},
    )
)
class IndicatorList(MonitoringView, generics.ListAPIView[Indicator]):
    """The indicator library by code (?domain=, ?status=active|archived|all; active by
    default), and recording an indicator (POST, administrators and officers)."""

    serializer_class = IndicatorOut

    def get_queryset(self) -> QuerySet[Indicator]:
        filters = filtered(self.request, IndicatorFilterForm)
        return indicator_list(
            domain=filters.get("domain") or "", status=filters.get("status") or ACTIVE
        )

    @extend_schema(request=IndicatorIn, responses={201: IndicatorOut, **error_responses(400, 403)})
    def post(self, request: Request) -> Response:
        user = manager(request)
        data = read_input(IndicatorIn, request)
        indicator = services_indicators.indicator_create(user=user, **data)
        return Response(_indicator_out(indicator), status=status.HTTP_201_CREATED)


class IndicatorDetail(MonitoringView):
    """One indicator (GET), and changing it (PATCH: only the fields given; a code, type or
    parts in use by stored values stay as they are)."""

    @extend_schema(responses={200: IndicatorOut, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(IndicatorOut(indicator_get(pk=pk)).data)

    @extend_schema(
        request=IndicatorIn, responses={200: IndicatorOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = manager(request)
        indicator = indicator_get(pk=pk)
        data = read_input(IndicatorIn, request, partial=True)
        services_indicators.indicator_update(user=user, indicator=indicator, **data)
        return Response(_indicator_out(indicator))


class IndicatorArchive(MonitoringView):
    """Archive the indicator (``confirm`` and ``reason``): new rounds no longer offer it;
    its values and targets stay."""

    @extend_schema(
        request=ConfirmIn, responses={200: IndicatorOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user = manager(request)
        indicator = indicator_get(pk=pk)
        data = read_input(ConfirmIn, request)
        check_confirmed(data, what=_("archive the indicator"))
        services_indicators.indicator_archive(
            user=user, indicator=indicator, reason=data["reason"].strip()
        )
        return Response(_indicator_out(indicator))


class IndicatorRestore(MonitoringView):
    """Make an archived indicator active again."""

    @extend_schema(request=None, responses={200: IndicatorOut, **error_responses(400, 403, 404)})
    def post(self, request: Request, pk: int) -> Response:
        user = manager(request)
        indicator = indicator_get(pk=pk)
        services_indicators.indicator_restore(user=user, indicator=indicator)
        return Response(_indicator_out(indicator))


# --- targets ----------------------------------------------------------------------------------


def _region(code: str) -> Region:
    region = target_regions().filter(code=code).first()
    if region is None:
        raise serializers.ValidationError(
            {
                "region": [
                    _(
                        "Region: no regency, kecamatan or village of a programme has the code "
                        "%(code)s."
                    )
                    % {"code": code}
                ]
            }
        )
    return region


def _target_row(target: Target) -> TargetRow:
    """The target with its actual value (the indicator's targets are read in three queries)."""
    return next(row for row in target_rows(indicator=target.indicator) if row.target == target)


@extend_schema_view(
    get=extend_schema(responses={200: TargetOut(many=True), **error_responses(403, 404)})
)
class IndicatorTargets(MonitoringView, generics.ListAPIView[Any]):
    """The indicator's targets (GET), and setting the target of a region and year (POST:
    created, or changed when that region and year have one)."""

    serializer_class = TargetOut

    def get_queryset(self) -> Any:
        return target_rows(indicator=indicator_get(pk=self.kwargs["pk"]))

    @extend_schema(
        request=TargetIn,
        responses={200: TargetOut, 201: TargetOut, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = manager(request)
        indicator = indicator_get(pk=pk)
        data = read_input(TargetIn, request)
        region = _region(data.pop("region"))
        existed = Target.objects.filter(
            indicator=indicator, region=region, year=data["year"]
        ).exists()
        target = services_indicators.target_set(
            user=user, indicator=indicator, region=region, **data
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(TargetOut(_target_row(target)).data, status=code)


class TargetDetail(MonitoringView):
    """One target with its actual value (GET), and removing it (DELETE)."""

    @extend_schema(responses={200: TargetOut, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(TargetOut(_target_row(target_get(pk=pk))).data)

    @extend_schema(responses={204: None, **error_responses(400, 403, 404)})
    def delete(self, request: Request, pk: int) -> Response:
        user = manager(request)
        target = target_get(pk=pk)
        services_indicators.target_remove(user=user, target=target)
        return Response(status=status.HTTP_204_NO_CONTENT)
