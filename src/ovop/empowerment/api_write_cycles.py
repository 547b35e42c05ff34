"""Opening and moving cycles through the API (``services_cycles`` decides).

- POST empowerment/cycles/: open a village's next cycle for some of its groups and a year.
- POST empowerment/cycles/{id}/advance/: the next stage (the current one needs its content
  and a held meeting); …/back/ with a ``reason``; …/close/ (the review: ``achievements``,
  optional ``next_year``, ``confirm``) closes the cycle and answers with the next one, opened
  at stage 1 with the unfinished actions carried over.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin, check_confirmed
from ovop.empowerment import api, selectors_api, services_cycles
from ovop.empowerment import api_serializers as out
from ovop.empowerment.api_write_common import (
    ids_field,
    pick_many,
    read_input,
    require_village,
    village_field,
    writer,
)
from ovop.empowerment.models_cycle import Cycle


class CycleOpenIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    village = village_field()
    groups = ids_field(min_length=1, help_text="Ids of the village's groups taking part.")
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class CycleBackIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=services_cycles.BACK_REASON_MAX_LENGTH,
        help_text="Why the cycle goes back a stage; kept with the stage change.",
    )


class CycleCloseIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    achievements = serializers.CharField(max_length=4000, allow_blank=True)
    next_year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, allow_null=True
    )
    confirm = serializers.BooleanField(
        default=False,
        help_text="true to close the cycle; without it the request is refused (400).",
    )


def cycle_out(user: Any, pk: int) -> dict[str, Any]:
    cycle = selectors_api.cycle_detail_queryset(user).get(pk=pk)
    return dict(out.CycleDetailOut(cycle).data)


def writable_cycle(request: Request, pk: int) -> tuple[Any, Cycle]:
    """The writer and the cycle ``pk`` (404 outside their scope, 403 if not theirs to change)."""
    user = writer(request)
    cycle = generics.get_object_or_404(selectors_api.cycles_for(user), pk=pk)
    require_village(user, cycle.village_id)
    return user, cycle


class CycleListCreate(api.CycleList):
    """The list of cycles (GET), and opening one (POST)."""

    @extend_schema(
        request=CycleOpenIn, responses={201: out.CycleDetailOut, **error_responses(400, 403)}
    )
    def post(self, request: Request) -> Response:
        user = writer(request)
        data = read_input(CycleOpenIn, request)
        groups = pick_many(
            selectors_api.groups_for(user), data["groups"], field="groups", label=_("Groups")
        )
        cycle = services_cycles.cycle_open(
            user=user, village=data["village"], groups=groups, year=data["year"]
        )
        return Response(cycle_out(user, cycle.pk), status=status.HTTP_201_CREATED)


class CycleAdvance(api.ReaderView):
    """Move the cycle to its next stage."""

    @extend_schema(
        request=None, responses={200: out.CycleDetailOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, cycle = writable_cycle(request, pk)
        services_cycles.cycle_advance(user=user, cycle=cycle)
        return Response(cycle_out(user, cycle.pk))


class CycleBack(api.ReaderView):
    """Move the cycle back one stage, saying why; what was entered stays."""

    @extend_schema(
        request=CycleBackIn, responses={200: out.CycleDetailOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, cycle = writable_cycle(request, pk)
        data = read_input(CycleBackIn, request)
        services_cycles.cycle_back(user=user, cycle=cycle, reason=data["reason"])
        return Response(cycle_out(user, cycle.pk))


class CycleClose(api.ReaderView):
    """The review: close the cycle with what was achieved; answers with the next cycle."""

    @extend_schema(
        request=CycleCloseIn, responses={200: out.CycleDetailOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, cycle = writable_cycle(request, pk)
        data = read_input(CycleCloseIn, request)
        check_confirmed(data, what=_("close the cycle"), reason=False)
        following = services_cycles.cycle_close(
            user=user,
            cycle=cycle,
            achievements=data["achievements"],
            next_year=data.get("next_year"),
        )
        return Response(cycle_out(user, following.pk))
