"""Django admin for the registry, with django-simple-history's change log on every record.

The admin is for administrators repairing data; everyday work goes through the pages, whose
services apply the scope and validation rules.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ovop.enterprises.models import Certification, Enterprise, Product, ProductPhoto


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "owner_name", "village", "nib", "archived_at", "is_sample")
    list_filter = ("archived_at", "is_sample", "village__parent")
    search_fields = ("name", "owner_name", "nib", "village__name")
    raw_id_fields = ("village", "account")
    list_select_related = ("village",)


class ProductPhotoInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProductPhoto
    extra = 0


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
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
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ("kind", "number", "enterprise", "product", "expires_on", "archived_at")
    list_filter = ("kind", "archived_at")
    search_fields = ("number", "enterprise__name")
    raw_id_fields = ("enterprise", "product")
    list_select_related = ("enterprise", "product")
