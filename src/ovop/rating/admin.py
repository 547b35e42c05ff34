from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ovop.rating.models import Assessment, AssessmentPhoto, RatingScheme, StarRating


@admin.register(RatingScheme)
class RatingSchemeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "version", "status", "created_at")
    list_filter = ("status", "code")


class AssessmentPhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AssessmentPhoto
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("product", "scheme", "assessor", "status", "finalised_at")
    list_filter = ("status", "scheme")
    raw_id_fields = ("product", "assessor", "invited_by")
    inlines = [AssessmentPhotoInline]


@admin.register(StarRating)
class StarRatingAdmin(SimpleHistoryAdmin):
    list_display = ("product", "scheme", "stars", "percent", "tier", "verification_code")
    list_filter = ("stars", "tier", "scheme")
    raw_id_fields = ("product", "issued_by")
    filter_horizontal = ("assessments",)
