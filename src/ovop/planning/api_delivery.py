"""The delivery API: activities and the year close (participants, costs and outputs are in
``api_delivery_items``).

- GET planning/activities/ (?year=, ?village=<code>, ?status=), POST to add one outside the
  plan (planners). GET/PATCH planning/activities/{id}/: status, progress, schedule (cancelling
  is ``status: cancelled`` with ``cancel_reason``).
- POST planning/years/{year}/close/ with ``confirm: true`` (planners).

Scope as on the pages: a record outside the caller's scope answers 404; a caller who may read
it but not change it 403, before the body is read; a closed year 400 naming the year.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.core.parsers import LimitedJSONParser
from ovop.core.requests import request_user
from ovop.empowerment.models import Group
from ovop.planning import api_delivery_serializers as io
from ovop.planning import scope, selectors_activities, services_activities, services_year_close
from ovop.planning.choices import ActivityStatus
from ovop.planning.models import Activity, FiscalYear, Source
from ovop.regions.models import Level, Region


class CanReadPlanning(BasePermission):
    """Signed-in users other than assessors."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return scope.can_read_planning(request.user)


class PlanningView(APIView):
    permission_classes = [CanReadPlanning]  # noqa: RUF012 - REST framework's
    parser_classes = [LimitedJSONParser]  # noqa: RUF012 - REST framework's


def read_input(
    serializer: type[serializers.Serializer[Any]], request: Request, *, partial: bool = False
) -> dict[str, Any]:
    incoming = serializer(data=request.data, partial=partial)
    incoming.is_valid(raise_exception=True)
    return dict(incoming.validated_data)


def readable_activity(request: Request, pk: int, *, change: bool = False) -> tuple[User, Activity]:
    """The activity in the caller's scope (404) that, with ``change``, they may deliver (403)."""
    user = scope.require_reader(request_user(request))
    activity = selectors_activities.activity_get(user=user, pk=pk)
    if change:
        scope.require_deliver(user, activity.village_id)
    return user, activity


def pick(queryset: QuerySet[Any], pk: int | None, *, field: str, label: str) -> Any:
    """The record ``pk`` of ``queryset`` (None for None); 400 naming ``field`` if none."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError(
            {
                field: [
                    _("%(label)s: nothing you may use has the id %(id)s.")
                    % {"label": label, "id": pk}
                ]
            }
        )
    return found


def activity_answer(user: User, pk: int) -> dict[str, Any]:
    return dict(io.ActivityOut(selectors_activities.activity_get(user=user, pk=pk)).data)


class ActivityFilters(CleanTextSerializerMixin, serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    village = serializers.CharField(max_length=20, required=False)
    status = serializers.ChoiceField(choices=ActivityStatus.choices, required=False)


LIST_PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="Fiscal year, e.g. 2025."),
    OpenApiParameter("village", OpenApiTypes.STR, description="A village's code."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=ActivityStatus.values),
]


class ActivityList(PlanningView, generics.ListAPIView[Activity]):
    """Activities the caller may read; adding one outside the plan (planners)."""

    serializer_class = io.ActivityOut

    def get_queryset(self) -> QuerySet[Activity]:
        user = scope.require_reader(request_user(self.request))
        given = ActivityFilters(data=self.request.query_params)
        given.is_valid(raise_exception=True)
        wanted = given.validated_data
        activities = selectors_activities.activity_list(
            user=user, filters=selectors_activities.ActivityFilters(status=wanted.get("status", ""))
        )
        if "year" in wanted:
            activities = activities.filter(fiscal_year__year=wanted["year"])
        if "village" in wanted:
            activities = activities.filter(village__code=wanted["village"])
        return activities

    @extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: io.ActivityOut(many=True), **error_responses(400, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=io.ActivityIn, responses={201: io.ActivityOut, **error_responses(400, 403)}
    )
    def post(self, request: Request) -> Response:
        user = scope.require_planner(request_user(request))
        data = read_input(io.ActivityIn, request)
        year = FiscalYear.objects.filter(year=data.pop("year")).first()
        if year is None:
            raise serializers.ValidationError({"year": [_("Fiscal year: no such fiscal year.")]})
        village = Region.objects.filter(code=data.pop("village"), level=Level.VILLAGE).first()
        if village is None:
            raise serializers.ValidationError(
                {"village": [_("Village: no village has this code.")]}
            )
        data["group"] = pick(Group.objects.all(), data["group"], field="group", label=_("Group"))
        data["source"] = pick(
            Source.objects.all(), data["source"], field="source", label=_("Funded by")
        )
        activity = services_activities.activity_create(
            user=user, year=year, village=village, **data
        )
        return Response(activity_answer(user, activity.pk), status=status.HTTP_201_CREATED)


class ActivityDetail(PlanningView):
    """One activity; its status, progress and schedule changed (PATCH: the fields given)."""

    @extend_schema(responses={200: io.ActivityOut, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        user, activity = readable_activity(request, pk)
        return Response(io.ActivityOut(activity).data)

    @extend_schema(
        request=io.ActivityPatchIn,
        responses={200: io.ActivityOut, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        user, activity = readable_activity(request, pk, change=True)
        data = read_input(io.ActivityPatchIn, request, partial=True)
        reason = data.get("reason", "")
        if data.get("status") == ActivityStatus.CANCELLED:
            services_activities.activity_cancel(
                user=user,
                activity=activity,
                cancel_reason=data.get("cancel_reason", ""),
                reason=reason,
            )
            return Response(activity_answer(user, activity.pk))
        services_activities.activity_update(
            user=user,
            activity=activity,
            starts_on=data.get("starts_on", activity.starts_on),
            ends_on=data.get("ends_on", activity.ends_on),
            status=data.get("status", activity.status),
            progress_pct=data.get("progress_pct", activity.progress_pct),
            reason=reason,
        )
        return Response(activity_answer(user, activity.pk))


class YearClose(PlanningView):
    """Close the fiscal year (``confirm: true``); every write to it is refused afterwards."""

    @extend_schema(
        request=io.CloseIn, responses={200: io.YearClosedOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, year: int) -> Response:
        user = scope.require_planner(request_user(request))
        fiscal_year = get_object_or_404(FiscalYear, year=year)
        data = read_input(io.CloseIn, request)
        services_year_close.year_close(year=fiscal_year, user=user, confirm=data["confirm"])
        fiscal_year.refresh_from_db()
        return Response(io.YearClosedOut(fiscal_year).data)
