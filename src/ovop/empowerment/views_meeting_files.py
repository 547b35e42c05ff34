"""A meeting's photos and its scanned signed attendance sheet, served only to users who may
read the meeting (404 to everyone else; 403 to assessors), never from a public address."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ovop.core.files import file_response
from ovop.empowerment import scope, selectors_meetings
from ovop.empowerment.models_meetings import MeetingPhoto


@require_GET
def meeting_photo_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = scope.require_reader(request.user)
    readable = selectors_meetings.meetings_for(user).values("pk")
    photo = get_object_or_404(MeetingPhoto.objects.filter(meeting__in=readable), pk=pk)
    return file_response(photo.image)


@require_GET
def meeting_sheet_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The signed sheet of meeting ``pk`` (404 when it has none)."""
    user = scope.require_reader(request.user)
    meeting = get_object_or_404(selectors_meetings.meetings_for(user), pk=pk)
    return file_response(meeting.attendance_sheet)
