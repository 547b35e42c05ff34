"""Meetings through the API (``services_meetings`` decides).

- POST empowerment/meetings/: plan a meeting of some of a village's groups.
- PATCH empowerment/meetings/{id}/: change what was planned (the fields given).
- POST empowerment/meetings/{id}/record/: record it as held (or correct it): date (today or
  earlier), minutes, the members present (ids; the list replaces the one stored) and guests.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.accounts.models import User
from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.empowerment import api, selectors_api, services_meetings
from ovop.empowerment.api_serializers_meetings import MeetingDetailOut
from ovop.empowerment.api_write_common import (
    MAX_IDS,
    id_field,
    ids_field,
    merged,
    pick,
    pick_many,
    read_input,
    require_village,
    village_field,
    writer,
    year_field,
)
from ovop.empowerment.choices import Gender
from ovop.empowerment.models_cycle import Stage
from ovop.empowerment.models_meetings import Meeting
from ovop.empowerment.services_meeting_checks import GuestInput


class MeetingIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    village = village_field()
    groups = ids_field(min_length=1, help_text="Ids of the village's groups meeting.")
    held_on = serializers.DateField()
    place = serializers.CharField(max_length=200)
    agenda = serializers.CharField(max_length=4000)
    cycle = id_field(required=False, allow_null=True)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False, allow_null=True)
    facilitator = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text="Username; yourself if empty."
    )


class MeetingPatchIn(MeetingIn):
    """What was planned; the village stays."""

    village = None  # type: ignore[assignment]


class GuestIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    gender = serializers.ChoiceField(choices=Gender.choices)
    birth_year = year_field(required=False, allow_null=True)
    affiliation = serializers.CharField(max_length=160, required=False, allow_blank=True)


class RecordIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    held_on = serializers.DateField(help_text="The day it was held: today or earlier.")
    minutes = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    present = ids_field(required=False, help_text="Ids of the members present.")
    guests = GuestIn(many=True, required=False, max_length=MAX_IDS)  # type: ignore[call-arg]


def _resolve(user: User, data: dict[str, Any]) -> dict[str, Any]:
    if "groups" in data:
        groups = selectors_api.groups_for(user)
        data["groups"] = pick_many(groups, data["groups"], field="groups", label=_("Groups"))
    if "cycle" in data:
        cycles = selectors_api.cycles_for(user)
        data["cycle"] = pick(cycles, data["cycle"], field="cycle", label=_("Cycle"))
    if "facilitator" in data:
        name = data["facilitator"].strip()
        facilitators = User.objects.filter(is_active=True, username=name)
        data["facilitator"] = facilitators.first() if name else None
        if name and data["facilitator"] is None:
            message = _("Facilitator: there is no user %(name)s.") % {"name": name}
            raise serializers.ValidationError({"facilitator": [message]})
    return data


def meeting_answer(user: User, pk: int) -> dict[str, Any]:
    return dict(MeetingDetailOut(selectors_api.meeting_detail_queryset(user).get(pk=pk)).data)


def writable_meeting(request: Request, pk: int) -> tuple[User, Meeting]:
    user = writer(request)
    meeting = generics.get_object_or_404(selectors_api.meetings_for(user), pk=pk)
    require_village(user, meeting.village_id)
    return user, meeting


class MeetingListCreate(api.MeetingList):
    """The list of meetings (GET), and planning one (POST)."""

    @extend_schema(
        request=MeetingIn,
        responses={201: MeetingDetailOut, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        user = writer(request)
        data = read_input(MeetingIn, request)
        data = _resolve(user, data)
        meeting = services_meetings.meeting_plan(user=user, **data)
        return Response(meeting_answer(user, meeting.pk), status=status.HTTP_201_CREATED)


class MeetingDetailChange(api.MeetingDetail):
    """One meeting (GET), and changing what was planned (PATCH: the fields given)."""

    @extend_schema(
        request=MeetingPatchIn,
        responses={200: MeetingDetailOut, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        user, meeting = writable_meeting(request, pk)
        given = _resolve(user, read_input(MeetingPatchIn, request, partial=True))
        current = {
            "groups": list(meeting.groups.all()),
            "held_on": meeting.held_on,
            "place": meeting.place,
            "agenda": meeting.agenda,
            "cycle": meeting.cycle,
            "stage": meeting.stage,
            "facilitator": meeting.facilitator,
        }
        services_meetings.meeting_update(user=user, meeting=meeting, **merged(current, given))
        return Response(meeting_answer(user, meeting.pk))


class MeetingRecord(api.ReaderView):
    """Record the meeting as held: date, minutes, members present and guests."""

    @extend_schema(
        request=RecordIn,
        responses={200: MeetingDetailOut, **error_responses(400, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user, meeting = writable_meeting(request, pk)
        data = read_input(RecordIn, request)
        people = selectors_api.people_for(user)
        present = pick_many(people, data.get("present", []), field="present", label=_("Present"))
        guests = [GuestInput(**guest) for guest in data.get("guests", [])]
        services_meetings.meeting_record(
            user=user,
            meeting=meeting,
            held_on=data["held_on"],
            minutes=data.get("minutes", ""),
            present=present,
            guests=guests,
        )
        return Response(meeting_answer(user, meeting.pk))
