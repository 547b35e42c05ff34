"""What the empowerment API answers about meetings: the list row, and one meeting with its
attendance, guests, photos and the counts by gender and youth (``selectors_meetings``)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ovop.empowerment import selectors_meetings
from ovop.empowerment.api_serializers import AGE_GROUP, NamedRef
from ovop.empowerment.choices import AgeGroup
from ovop.empowerment.models import age_group
from ovop.empowerment.models_cycle import Stage
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingPhoto

# --- meetings ---------------------------------------------------------------------------------


class MeetingOut(serializers.ModelSerializer[Meeting]):
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    groups = NamedRef(many=True, read_only=True)
    facilitator = serializers.CharField(
        source="facilitator.username", read_only=True, default=None, allow_null=True
    )
    stage = serializers.ChoiceField(
        choices=Stage.choices, read_only=True, allow_null=True, help_text="The stage worked on."
    )
    has_attendance_sheet = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "village",
            "village_name",
            "groups",
            "cycle",
            "stage",
            "status",
            "held_on",
            "place",
            "facilitator",
            "agenda",
            "has_attendance_sheet",
            "is_sample",
        ]
        read_only_fields = fields

    def get_has_attendance_sheet(self, meeting: Meeting) -> bool:
        return bool(meeting.attendance_sheet)


class AttendeeOut(serializers.ModelSerializer[Attendance]):
    name = serializers.CharField(source="person.name", read_only=True)
    gender = serializers.CharField(source="person.gender", read_only=True)
    age_group = serializers.SerializerMethodField()

    class Meta:
        model = Attendance
        fields = ["person", "name", "gender", "age_group"]
        read_only_fields = fields

    @extend_schema_field(AGE_GROUP)
    def get_age_group(self, row: Attendance) -> AgeGroup:
        return AgeGroup(age_group(row.person.birth_year, row.meeting.held_on.year))


class GuestOut(serializers.ModelSerializer[Guest]):
    class Meta:
        model = Guest
        fields = ["id", "name", "gender", "birth_year", "affiliation"]
        read_only_fields = fields


class PhotoOut(serializers.ModelSerializer[MeetingPhoto]):
    class Meta:
        model = MeetingPhoto
        fields = ["id", "caption", "uploaded_at"]
        read_only_fields = fields


class CountsOut(serializers.Serializer[Any]):
    present = serializers.IntegerField(help_text="Members present and guests.")
    female = serializers.IntegerField()
    male = serializers.IntegerField()
    youth = serializers.IntegerField(help_text="Under the youth age limit in the meeting's year.")
    adult = serializers.IntegerField()
    age_unknown = serializers.IntegerField()
    guests = serializers.IntegerField()
    members_present = serializers.IntegerField()
    active_members = serializers.IntegerField(help_text="Active members of the meeting's groups.")
    rate_pct = serializers.IntegerField(
        allow_null=True, help_text="Members present over active members, in percent."
    )


class MeetingDetailOut(MeetingOut):
    attendance = AttendeeOut(many=True, read_only=True)
    guests = GuestOut(many=True, read_only=True)
    photos = PhotoOut(many=True, read_only=True)
    counts = serializers.SerializerMethodField()

    class Meta(MeetingOut.Meta):
        fields = [*MeetingOut.Meta.fields, "minutes", "attendance", "guests", "photos", "counts"]
        read_only_fields = fields

    @extend_schema_field(CountsOut)
    def get_counts(self, meeting: Meeting) -> dict[str, Any]:
        return dict(CountsOut(selectors_meetings.meeting_counts(meeting=meeting)).data)
