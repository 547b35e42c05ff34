"""Empowerment records in the Django admin: for looking up records and their history only.

Groups, members, cycles, meetings and action plans are changed on the empowerment pages,
whose services check the village scope, validate and write change reasons; the admin
therefore adds, changes and deletes nothing here. Uploaded files (meeting photos, attendance
sheets) are left out: they are served only through the pages' scoped file views.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ovop.core.admin import ReadOnlyAdmin
from ovop.empowerment.models import Group, Membership, Person
from ovop.empowerment.models_actions import Action, SupportProposal
from ovop.empowerment.models_cycle import (
    Cycle,
    Experience,
    PowerBase,
    Problem,
    Reason,
    StageChange,
    Theme,
)
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingPhoto


class ReadOnlyPlainAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """:class:`ReadOnlyAdmin` for the models that keep no history of their own."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    fields = ("person", "role", "joined_year", "archived_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "village", "founded_year", "archived_at", "is_sample"]
    list_filter = ["kind", "is_sample", "village__parent"]
    search_fields = ["name", "village__name"]
    list_select_related = ["village"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "gender", "birth_year", "village", "enterprise", "archived_at"]
    list_filter = ["gender", "is_sample"]
    search_fields = ["name", "village__name", "enterprise__name"]
    list_select_related = ["village", "enterprise"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["person", "group", "role", "joined_year", "archived_at"]
    list_filter = ["role"]
    search_fields = ["person__name", "group__name"]
    list_select_related = ["person", "group"]


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ["village", "number", "year", "stage", "status", "opened_at", "is_sample"]
    list_filter = ["stage", "status", "year", "is_sample"]
    search_fields = ["village__name"]
    list_select_related = ["village"]


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyPlainAdmin):
    list_display = ["cycle", "from_stage", "to_stage", "closed", "at", "by"]
    list_filter = ["to_stage", "closed"]
    list_select_related = ["cycle__village", "by"]


@admin.register(Theme)
class ThemeAdmin(ReadOnlyPlainAdmin):
    list_display = ["code", "name_id", "name_en", "archived_at"]
    search_fields = ["code", "name_id", "name_en"]


@admin.register(Experience)
class ExperienceAdmin(ReadOnlyAdmin):
    list_display = ["text", "kind", "cycle"]
    list_filter = ["kind"]
    search_fields = ["text"]
    list_select_related = ["cycle__village"]


@admin.register(Reason)
class ReasonAdmin(ReadOnlyAdmin):
    list_display = ["text", "cycle"]
    search_fields = ["text"]
    list_select_related = ["cycle__village"]


@admin.register(Problem)
class ProblemAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "votes", "chosen", "cycle"]
    list_filter = ["kind", "chosen"]
    search_fields = ["title"]
    list_select_related = ["cycle__village"]


@admin.register(PowerBase)
class PowerBaseAdmin(ReadOnlyAdmin):
    list_display = ["description", "kind", "holder", "cycle"]
    list_filter = ["kind"]
    search_fields = ["description", "holder"]
    list_select_related = ["cycle__village"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "cycle", "due_on", "cost_idr", "support", "status", "percent_done"]
    list_filter = ["status", "support", "propose"]
    search_fields = ["title"]
    list_select_related = ["cycle__village"]


@admin.register(SupportProposal)
class SupportProposalAdmin(ReadOnlyAdmin):
    list_display = ["action", "support", "cost_idr", "village", "group", "for_year", "status"]
    list_filter = ["support", "status", "for_year"]
    search_fields = ["action__title", "village__name"]
    list_select_related = ["action", "village", "group"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "village", "place", "status", "stage", "facilitator", "is_sample"]
    list_filter = ["status", "stage", "is_sample"]
    search_fields = ["place", "village__name"]
    list_select_related = ["village", "facilitator"]
    exclude = ["attendance_sheet"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["person", "meeting"]
    search_fields = ["person__name"]
    list_select_related = ["person", "meeting__village"]


@admin.register(Guest)
class GuestAdmin(ReadOnlyAdmin):
    list_display = ["name", "gender", "affiliation", "meeting"]
    search_fields = ["name", "affiliation"]
    list_select_related = ["meeting__village"]


@admin.register(MeetingPhoto)
class MeetingPhotoAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "caption", "uploaded_at"]
    search_fields = ["caption"]
    list_select_related = ["meeting__village"]
    exclude = ["image"]
