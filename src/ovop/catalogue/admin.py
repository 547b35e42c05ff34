from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from ovop.catalogue.models import Listing, ListingPhoto, ListingSlug, VillageStory
from ovop.catalogue.search import document_for


class PhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ListingPhoto
    extra = 0
    fields = ("caption", "position", "width", "height")
    readonly_fields = ("width", "height")


@admin.register(Listing)
class ListingAdmin(SimpleHistoryAdmin):
    list_display = ("public_name", "product", "slug", "published", "published_at")
    list_filter = ("published",)
    search_fields = ("public_name", "slug", "product__name")
    readonly_fields = ("published_at",)
    raw_id_fields = ("product",)
    filter_horizontal = ("certifications",)
    inlines = [PhotoInline]

    def save_model(self, request: HttpRequest, obj: Listing, form: Any, change: bool) -> None:
        """An administrator's edit rebuilds the search text like the services do."""
        obj.search_document = document_for(obj)
        super().save_model(request, obj, form, change)


@admin.register(ListingSlug)
class ListingSlugAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("slug", "listing", "retired_at")
    search_fields = ("slug",)


@admin.register(VillageStory)
class VillageStoryAdmin(SimpleHistoryAdmin):
    list_display = ("village", "updated_at")
    raw_id_fields = ("village",)
