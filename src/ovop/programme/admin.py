"""Programmes in the Django admin: for looking up records and their history only.

Programmes are changed on the programme pages, whose services check roles, validate and write
change reasons; the admin therefore adds, changes and deletes nothing here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ovop.core.admin import ReadOnlyAdmin
from ovop.programme.models import Designation, Programme, ProgrammeVillage


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProgrammeVillage
    fields = ("village", "joined_year", "archived_at")
    readonly_fields = ("village", "joined_year", "archived_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "scheme", "regency", "start_year", "archived_at", "is_sample"]
    list_filter = ["scheme", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["regency"]
    inlines = [MembershipInline]


@admin.register(ProgrammeVillage)
class ProgrammeVillageAdmin(ReadOnlyAdmin):
    list_display = ["village", "programme", "joined_year", "archived_at"]
    list_filter = ["programme"]
    search_fields = ["village__name", "village__code"]
    list_select_related = ["village", "programme"]


@admin.register(Designation)
class DesignationAdmin(ReadOnlyAdmin):
    list_display = ["membership", "year", "product"]
    list_filter = ["year"]
    search_fields = ["membership__village__name", "product__name"]
    list_select_related = ["membership__village", "membership__programme", "product"]
