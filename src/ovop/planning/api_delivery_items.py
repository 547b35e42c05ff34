"""The delivery API: what is recorded on an activity.

- GET/POST planning/activities/{id}/participants/: the list (an owner sees only their own
  rows); add a ``person`` of the village or the owner of an ``enterprise`` of the village.
- PATCH/DELETE planning/participants/{id}/: attendance and scores (0–100); take off the list.
- GET/POST planning/activities/{id}/costs/: the realised costs (not for owners); add one as
  multipart/form-data with its ``receipt`` (a photo or a PDF, 5 MB at most).
- PATCH/DELETE planning/costs/{id}/ (DELETE with a ``reason``); GET …/receipt/: the file.
- GET/POST planning/activities/{id}/outputs/: outputs; a certificate obtained creates the
  IKM's certificate record.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.files import file_response
from ovop.core.requests import request_user
from ovop.empowerment.models import Group, Person
from ovop.enterprises.models import Enterprise, Product
from ovop.planning import api_delivery_serializers as io
from ovop.planning import (
    scope,
    selectors_activities,
    selectors_delivery,
    services_costs,
    services_outputs,
    services_participants,
)
from ovop.planning.api_delivery import PlanningView, pick, read_input, readable_activity
from ovop.planning.models import CostLine, Participant


def _record(request: Request, model: Any, pk: int, *, change: bool) -> tuple[User, Any]:
    """A participant or cost line of an activity in the caller's scope (404), which they may
    change (403) with ``change``; costs are not shown to owners (403)."""
    user = scope.require_reader(request_user(request))
    readable = selectors_activities.activities_for(user).values("pk")
    found = get_object_or_404(
        model.objects.filter(activity__in=readable).select_related(
            "activity__fiscal_year", "activity__village"
        ),
        pk=pk,
    )
    if model is CostLine and not selectors_delivery.sees_costs(user):
        raise PermissionDenied
    if change:
        scope.require_deliver(user, found.activity.village_id)
    return user, found


class ActivityParticipants(PlanningView):
    """Who takes part in the activity; adding someone."""

    @extend_schema(responses={200: io.ParticipantOut(many=True), **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        user, activity = readable_activity(request, pk)
        rows = selectors_delivery.participants_of(user=user, activity=activity)
        return Response(io.ParticipantOut(rows, many=True).data)

    @extend_schema(
        request=io.ParticipantIn,
        responses={201: io.ParticipantOut, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user, activity = readable_activity(request, pk, change=True)
        data = read_input(io.ParticipantIn, request)
        data["person"] = pick(
            Person.objects.filter(village_id=activity.village_id),
            data["person"],
            field="person",
            label=_("Person"),
        )
        data["enterprise"] = pick(
            Enterprise.objects.filter(village_id=activity.village_id),
            data["enterprise"],
            field="enterprise",
            label=_("IKM"),
        )
        row = services_participants.participant_add(user=user, activity=activity, **data)
        return Response(io.ParticipantOut(row).data, status=status.HTTP_201_CREATED)


class ParticipantDetail(PlanningView):
    """A participant's attendance and scores (PATCH: the fields given); off the list (DELETE)."""

    @extend_schema(
        request=io.ParticipantPatchIn,
        responses={200: io.ParticipantOut, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        user, row = _record(request, Participant, pk, change=True)
        data = read_input(io.ParticipantPatchIn, request, partial=True)
        services_participants.participant_update(
            user=user,
            participant=row,
            attended=data.get("attended", row.attended),
            pre_score=data.get("pre_score", row.pre_score),
            post_score=data.get("post_score", row.post_score),
            reason=data.get("reason", ""),
        )
        row.refresh_from_db()
        return Response(io.ParticipantOut(row).data)

    @extend_schema(request=io.ReasonIn, responses={204: None, **error_responses(400, 403, 404)})
    def delete(self, request: Request, pk: int) -> Response:
        user, row = _record(request, Participant, pk, change=True)
        data = read_input(io.ReasonIn, request)
        services_participants.participant_remove(user=user, participant=row, reason=data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActivityCosts(PlanningView):
    """The realised costs of the activity; recording one with its receipt (multipart)."""

    parser_classes = [MultiPartParser]  # noqa: RUF012 - REST framework's

    @extend_schema(responses={200: io.CostOut(many=True), **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        user, activity = readable_activity(request, pk)
        if not selectors_delivery.sees_costs(user):
            raise PermissionDenied
        return Response(io.CostOut(selectors_delivery.costs_of(activity), many=True).data)

    @extend_schema(
        request={"multipart/form-data": io.CostIn},
        responses={201: io.CostOut, **error_responses(400, 403, 404, 415)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user, activity = readable_activity(request, pk, change=True)
        data = read_input(io.CostIn, request)
        cost = services_costs.cost_add(user=user, activity=activity, **data)
        return Response(io.CostOut(cost).data, status=status.HTTP_201_CREATED)


class CostDetail(PlanningView):
    """A cost line corrected (PATCH: date, description, amount) or deleted with a reason."""

    @extend_schema(
        request=io.CostPatchIn, responses={200: io.CostOut, **error_responses(400, 403, 404)}
    )
    def patch(self, request: Request, pk: int) -> Response:
        user, cost = _record(request, CostLine, pk, change=True)
        data = read_input(io.CostPatchIn, request, partial=True)
        services_costs.cost_update(
            user=user,
            cost=cost,
            spent_on=data.get("spent_on", cost.spent_on),
            description=data.get("description", cost.description),
            amount_idr=data.get("amount_idr", cost.amount_idr),
            reason=data.get("reason", ""),
        )
        cost.refresh_from_db()
        return Response(io.CostOut(cost).data)

    @extend_schema(request=io.ReasonIn, responses={204: None, **error_responses(400, 403, 404)})
    def delete(self, request: Request, pk: int) -> Response:
        user, cost = _record(request, CostLine, pk, change=True)
        data = read_input(io.ReasonIn, request)
        services_costs.cost_delete(user=user, cost=cost, reason=data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class CostReceipt(PlanningView):
    """The receipt of the cost line (404 when it has none)."""

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The receipt: an image or a PDF."
            ),
            **error_responses(403, 404),
        }
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        _user, cost = _record(request, CostLine, pk, change=False)
        return file_response(cost.receipt)


class ActivityOutputs(PlanningView):
    """What the activity produced; recording an output."""

    @extend_schema(responses={200: io.OutputOut(many=True), **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        _user, activity = readable_activity(request, pk)
        return Response(io.OutputOut(selectors_delivery.outputs_of(activity), many=True).data)

    @extend_schema(
        request=io.OutputIn, responses={201: io.OutputOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, activity = readable_activity(request, pk, change=True)
        data = read_input(io.OutputIn, request)
        village = activity.village_id
        data["enterprise"] = pick(
            Enterprise.objects.filter(village_id=village),
            data["enterprise"],
            field="enterprise",
            label=_("IKM"),
        )
        data["group"] = pick(
            Group.objects.filter(village_id=village), data["group"], field="group", label=_("Group")
        )
        data["product"] = pick(
            Product.objects.filter(enterprise__village_id=village),
            data["product"],
            field="product",
            label=_("Product"),
        )
        output = services_outputs.output_add(user=user, activity=activity, **data)
        return Response(io.OutputOut(output).data, status=status.HTTP_201_CREATED)
