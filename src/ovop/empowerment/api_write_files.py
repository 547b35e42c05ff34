"""A meeting's files through the API, as multipart/form-data (``services_meetings`` checks
them: JPEG, PNG or WebP photos re-encoded without metadata, a PDF that is a PDF, 5 MB each).

- POST empowerment/meetings/{id}/photos/: ``image`` (and an optional ``caption``).
- POST empowerment/meetings/{id}/sheet/: ``attendance_sheet``, the scanned signed sheet (a
  photo or a PDF; it replaces the one stored).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.core.api import error_responses
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.empowerment import api, services_meetings
from ovop.empowerment.api_serializers_meetings import MeetingDetailOut, PhotoOut
from ovop.empowerment.api_write_common import read_input
from ovop.empowerment.api_write_meetings import meeting_answer, writable_meeting


class PhotoIn(CleanTextSerializerMixin, serializers.Serializer[Any]):
    image = serializers.FileField(help_text="A JPEG, PNG or WebP photo, at most 5 MB.")
    caption = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SheetIn(serializers.Serializer[Any]):
    attendance_sheet = serializers.FileField(
        help_text="The signed sheet: a photo (JPEG, PNG, WebP) or a PDF, at most 5 MB."
    )


class MeetingPhotoAdd(api.ReaderView):
    """Add a photo to the meeting."""

    parser_classes = [MultiPartParser]  # noqa: RUF012 - REST framework's

    @extend_schema(
        request=PhotoIn, responses={201: PhotoOut, **error_responses(400, 403, 404, 415)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, meeting = writable_meeting(request, pk)
        data = read_input(PhotoIn, request)
        try:
            photo = services_meetings.meeting_photo_add(
                user=user, meeting=meeting, image=data["image"], caption=data["caption"]
            )
        except ValidationError as exc:  # the service names a form's field "photos"
            raise ValidationError(
                {
                    "image" if key == "photos" else key: value
                    for key, value in exc.message_dict.items()
                }
            ) from exc
        return Response(PhotoOut(photo).data, status=status.HTTP_201_CREATED)


class MeetingSheetSet(api.ReaderView):
    """Store the scanned signed attendance sheet."""

    parser_classes = [MultiPartParser]  # noqa: RUF012 - REST framework's

    @extend_schema(
        request=SheetIn, responses={200: MeetingDetailOut, **error_responses(400, 403, 404, 415)}
    )
    def post(self, request: Request, pk: int) -> Response:
        user, meeting = writable_meeting(request, pk)
        data = read_input(SheetIn, request)
        services_meetings.meeting_sheet_set(
            user=user, meeting=meeting, document=data["attendance_sheet"]
        )
        return Response(meeting_answer(user, meeting.pk))
