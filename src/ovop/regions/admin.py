"""Regions in the admin: looked up and corrected, never added or deleted by hand.

The tree comes from `ovop load-regions <code>`; only the postal code and coordinates may be
corrected here.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ovop.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "level", "kind", "parent", "postal_code", "lat", "lon"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    ordering = ["code"]
    readonly_fields = ["code", "name", "level", "kind", "parent"]
    fields = ["code", "name", "level", "kind", "parent", "postal_code", "lat", "lon"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Region | None = None) -> bool:
        return False
