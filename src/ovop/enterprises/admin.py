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
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ovop.core.admin import ReadOnlyAdmin
from ovop.core.forms import CleanTextMixin
from ovop.core.forms_money import MoneyField
from ovop.enterprises import services
from ovop.enterprises.form_messages import name_field_errors
from ovop.enterprises.forms import RAW_LENGTHS
from ovop.enterprises.models import Certification, Enterprise, Product, ProductPhoto
from ovop.regions.models import Region


class KeepAdmin(SimpleHistoryAdmin):
    """Records that are archived, never deleted."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EnterpriseAdminForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Enterprise
        exclude: list[str] = []
        field_classes = {"investment_idr": MoneyField, "annual_sales_idr": MoneyField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # As on the pages: a NIB pasted as printed ("9120 0012 3456 7") or a phone number with
        # dashes is normalised by the clean_* methods, so the browser must not cut it first.
        for name, length in RAW_LENGTHS.items():
            self.fields[name].widget.attrs["maxlength"] = length
        name_field_errors(self, free_length=tuple(RAW_LENGTHS))

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


def photo_link(photo: ProductPhoto) -> str:
    """The photo through the scoped file view (uploaded files are never served from /media/)."""
    if not photo.pk or not photo.image:
        return "-"
    return format_html('<a href="{}">{}</a>', photo.file_url(), _("open the photo"))


class ProductPhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    """Photos are added on the product page, where they are checked and re-encoded; here they
    are only listed."""

    model = ProductPhoto
    extra = 0
    fields = ("caption", "uploaded_at", "link")
    readonly_fields = ("caption", "uploaded_at", "link")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("photo"))
    def link(self, photo: ProductPhoto) -> str:
        return photo_link(photo)


class ProductAdminForm(CleanTextMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Product
        exclude: list[str] = []
        field_classes = {"price_idr": MoneyField}


@admin.register(Product)
class ProductAdmin(KeepAdmin):
    form = ProductAdminForm
    list_display = ("name", "enterprise", "category", "published", "archived_at")
    list_filter = ("category", "published", "archived_at")
    search_fields = ("name", "enterprise__name")
    raw_id_fields = ("enterprise",)
    list_select_related = ("enterprise",)
    inlines = [ProductPhotoInline]


@admin.register(ProductPhoto)
class ProductPhotoAdmin(ReadOnlyAdmin):
    """Read-only: a photo uploaded here would skip the checks and re-encoding of the pages."""

    list_display = ("product", "caption", "uploaded_at", "link")
    list_select_related = ("product",)
    fields = ("product", "caption", "uploaded_at", "link")
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def link(self, photo: ProductPhoto) -> str:
        return photo_link(photo)


@admin.register(Certification)
class CertificationAdmin(KeepAdmin):
    list_display = ("kind", "number", "enterprise", "product", "expires_on", "archived_at")
    list_filter = ("kind", "archived_at")
    search_fields = ("number", "enterprise__name")
    raw_id_fields = ("enterprise", "product")
    list_select_related = ("enterprise", "product")
