"""The monitoring API: survey rounds (``services_rounds`` decides).

- GET rounds/: the rounds the caller may open (an owner: those their enterprise answers), each
  with its questions and the counts of the respondents the caller sees; POST rounds/ creates
  one (administrators and officers).
- GET rounds/{id}/; PATCH rounds/{id}/ changes the fields given.
- POST rounds/{id}/participants/: every active enterprise of the programme's villages not yet a
  respondent becomes one.
- POST rounds/{id}/lock/: refused while a submitted entry waits for review.
- POST rounds/{id}/reopen/ (``reason``): administrators only.

A locked round answers 405 to every change but reopening.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.requests import request_user
from ovop.monitoring import scope, services_rounds
from ovop.monitoring.api_common import (
    MonitoringView,
    manager,
    merged,
    pick,
    pick_many,
    read_input,
    reader,
    refuse_if_locked,
)
from ovop.monitoring.api_rounds_io import (
    ParticipantsAddedOut,
    ReopenIn,
    SurveyRoundChangeIn,
    SurveyRoundIn,
    SurveyRoundOut,
)
from ovop.monitoring.choices import RoundKind
from ovop.monitoring.models import Indicator, Round
from ovop.monitoring.selectors_rounds import round_counts, round_get, rounds_visible
from ovop.programme.models import Programme


def _rounds(user: User) -> QuerySet[Round]:
    return rounds_visible(user).prefetch_related("questions__indicator")


def round_out(user: User, round_: Round) -> dict[str, Any]:
    """The round as the API answers it, read afresh, with the counts ``user`` may see."""
    fresh = _rounds(user).get(pk=round_.pk)
    counts = round_counts(user, [fresh])
    return dict(SurveyRoundOut(fresh, context={"counts": counts}).data)


def _lookups(data: dict[str, Any]) -> dict[str, Any]:
    """The body's ids looked up (400 naming the field for an id of nothing)."""
    baselines = Round.objects.filter(kind=RoundKind.BASELINE)  # the service checks the programme
    return {
        **data,
        "baseline": pick(
            baselines, data.get("baseline"), field="baseline", label=_("Baseline round")
        ),
        "indicators": pick_many(
            Indicator.objects.all(),
            data["indicators"],
            field="indicators",
            label=_("Indicators asked"),
        ),
    }


@extend_schema_view(
    get=extend_schema(responses={200: SurveyRoundOut(many=True), **error_responses(403, 404)})
)
class RoundList(MonitoringView, generics.ListAPIView[Round]):
    """The rounds, newest first (GET), and creating one (POST)."""

    serializer_class = SurveyRoundOut

    def get_queryset(self) -> QuerySet[Round]:
        return _rounds(request_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = reader(request)
        page = self.paginate_queryset(self.get_queryset())
        rows = list(page) if page is not None else list(self.get_queryset())
        context = {"counts": round_counts(user, rows)}
        data = SurveyRoundOut(rows, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(
        request=SurveyRoundIn, responses={201: SurveyRoundOut, **error_responses(400, 403)}
    )
    def post(self, request: Request) -> Response:
        user = manager(request)
        data = read_input(SurveyRoundIn, request)
        programme = pick(
            Programme.objects.filter(archived_at__isnull=True),
            data.pop("programme"),
            field="programme",
            label=_("Programme"),
        )
        assert programme is not None
        fields = _lookups(data)
        round_ = services_rounds.round_create(user=user, programme=programme, **fields)
        return Response(round_out(user, round_), status=status.HTTP_201_CREATED)


def _current(round_: Round) -> dict[str, Any]:
    return {
        "name": round_.name,
        "kind": round_.kind,
        "year": round_.year,
        "period_start": round_.period_start,
        "period_end": round_.period_end,
        "baseline": round_.baseline_id,
        "indicators": [q.indicator_id for q in round_.questions.all()],
        "allows_self_report": round_.allows_self_report,
    }


class RoundDetail(MonitoringView):
    """One round (GET), and changing it while it is open (PATCH: only the fields given)."""

    @extend_schema(responses={200: SurveyRoundOut, **error_responses(403, 404)})
    def get(self, request: Request, pk: int) -> Response:
        user = reader(request)
        return Response(round_out(user, round_get(user=user, pk=pk)))

    @extend_schema(
        request=SurveyRoundChangeIn,
        responses={200: SurveyRoundOut, **error_responses(400, 403, 404, 405)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        round_ = round_get(user=reader(request), pk=pk)
        user = manager(request)
        refuse_if_locked(round_, "PATCH")
        given = read_input(SurveyRoundChangeIn, request, partial=True)
        data = _lookups(merged(_current(round_), given))
        services_rounds.round_update(user=user, round_=round_, **data)
        return Response(round_out(user, round_))


class RoundParticipants(MonitoringView):
    """Add the programme villages' active enterprises not yet respondents, as participants."""

    @extend_schema(
        request=None,
        responses={200: ParticipantsAddedOut, **error_responses(400, 403, 404, 405)},
    )
    def post(self, request: Request, pk: int) -> Response:
        round_ = round_get(user=reader(request), pk=pk)
        user = manager(request)
        refuse_if_locked(round_, "POST")
        added = services_rounds.participants_add(user=user, round_=round_)
        return Response(ParticipantsAddedOut({"added": added}).data)


class RoundLock(MonitoringView):
    """Lock the round: its values then change only by an administrator's correction."""

    @extend_schema(
        request=None, responses={200: SurveyRoundOut, **error_responses(400, 403, 404, 405)}
    )
    def post(self, request: Request, pk: int) -> Response:
        round_ = round_get(user=reader(request), pk=pk)
        user = manager(request)
        refuse_if_locked(round_, "POST", _("This round is locked already."))
        services_rounds.round_lock(user=user, round_=round_)
        return Response(round_out(user, round_))


class RoundReopen(MonitoringView):
    """Reopen a locked round (administrators; the reason stays in its history)."""

    @extend_schema(
        request=ReopenIn, responses={200: SurveyRoundOut, **error_responses(400, 403, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        round_ = round_get(user=reader(request), pk=pk)
        user = manager(request)
        if not scope.is_admin(user):
            raise PermissionDenied
        data = read_input(ReopenIn, request)
        services_rounds.round_reopen(user=user, round_=round_, reason=data["reason"])
        return Response(round_out(user, round_))
