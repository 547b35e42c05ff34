"""Star rating in the Django admin: for looking up records and their history only.

Schemes are created, cloned, activated and archived on the scheme pages; assessments are
filled in by their assessor and ratings issued by an officer, through services that keep a
version in use, a final assessment and an issued rating (and so its certificate) unchanged.
The admin adds, changes and deletes nothing here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ovop.core.admin import ReadOnlyAdmin
from ovop.rating.models import Assessment, AssessmentPhoto, RatingScheme, StarRating


@admin.register(RatingScheme)
class RatingSchemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "version", "status", "created_at")
    list_filter = ("status", "code")


class AssessmentPhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AssessmentPhoto
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("product", "scheme", "assessor", "status", "finalised_at")
    list_filter = ("status", "scheme")
    inlines = [AssessmentPhotoInline]


@admin.register(StarRating)
class StarRatingAdmin(ReadOnlyAdmin):
    list_display = ("product", "scheme", "stars", "percent", "tier", "verification_code")
    list_filter = ("stars", "tier", "scheme")
    search_fields = ("verification_code", "product__name")
