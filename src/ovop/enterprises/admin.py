"""Django admin for the registry, with django-simple-history's change log on every record.

The admin is for administrators repairing data; everyday work goes through the pages, whose
services apply the scope and validation rules. Even here nothing is deleted (records are
archived and restored on their pages), and an enterprise's phone, NIB and village obey the same
rules as on the pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from ovop.enterprises import services
from ovop.enterprises.models import Certification, Enterprise, Product, ProductPhoto
from ovop.regions.models import Region


class KeepAdmin(SimpleHistoryAdmin):
    """Records that are archived, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EnterpriseAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Enterprise
        exclude: list[str] = []

    def clean_phone(self) -> str:
        return services.phone_normalise(self.cleaned_data.get("phone") or "")

    def clean_nib(self) -> str | None:
        return services.nib_check(self.cleaned_data.get("nib"), exclude_pk=self.instance.pk)

    def clean_village(self) -> Region | None:
        village: Region | None = self.cleaned_data.get("village")
        services.village_level_check(village)
        return village


@admin.register(Enterprise)
class EnterpriseAdmin(KeepAdmin):
    form = EnterpriseAdminForm
    list_display = ("name", "owner_name", "village", "nib", "archived_at", "is_sample")
    list_filter = ("archived_at", "is_sample", "village__parent")
    search_fields = ("name", "owner_name", "nib", "village__name")
    raw_id_fields = ("village", "account")
    list_select_related = ("village",)


class ProductPhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProductPhoto
    extra = 0


@admin.register(Product)
class ProductAdmin(KeepAdmin):
    list_display = ("name", "enterprise", "category", "published", "archived_at")
    list_filter = ("category", "published", "archived_at")
    search_fields = ("name", "enterprise__name")
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    inlines = [ProductPhotoInline]


@admin.register(ProductPhoto)
class ProductPhotoAdmin(SimpleHistoryAdmin):
    list_display = ("product", "caption", "uploaded_at")
    raw_id_fields = ("product",)
    list_select_related = ("product",)


@admin.register(Certification)
class CertificationAdmin(KeepAdmin):
    list_display = ("kind", "number", "enterprise", "product", "expires_on", "archived_at")
    list_filter = ("kind", "archived_at")
    search_fields = ("number", "enterprise__name")
    raw_id_fields = ("enterprise", "product")
    list_select_related = ("enterprise", "product")
