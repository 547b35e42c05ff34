"""Pages of the enterprise registry, mounted at /enterprises/."""

from django.urls import URLPattern, path

from ovop.enterprises import views_certification as certs
from ovop.enterprises import views_enterprise as ent
from ovop.enterprises import views_product as prod

app_name = "enterprises"

urlpatterns: list[URLPattern] = [
    path("", ent.enterprise_list, name="list"),
    path("export.csv", ent.enterprise_export, name="export"),
    path("export.xlsx", ent.enterprise_export_xlsx, name="export_xlsx"),
    path("new/", ent.enterprise_create, name="create"),
    path("<int:pk>/", ent.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", ent.enterprise_edit, name="edit"),
    path("<int:pk>/archive/", ent.enterprise_archive, name="archive"),
    path("<int:pk>/restore/", ent.enterprise_restore, name="restore"),
    path("<int:pk>/history/", ent.enterprise_history, name="history"),
    path("<int:pk>/products/new/", prod.product_create, name="product_create"),
    path("<int:pk>/certifications/new/", certs.certification_create, name="certification_create"),
    path("products/", prod.product_list, name="product_list"),
    path("products/<int:pk>/", prod.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", prod.product_edit, name="product_edit"),
    path("products/<int:pk>/archive/", prod.product_archive, name="product_archive"),
    path("products/<int:pk>/restore/", prod.product_restore, name="product_restore"),
    path("products/<int:pk>/history/", prod.product_history, name="product_history"),
    path("products/<int:pk>/photos/", prod.product_photo_add, name="product_photo_add"),
    path("certifications/<int:pk>/edit/", certs.certification_edit, name="certification_edit"),
    path(
        "certifications/<int:pk>/archive/",
        certs.certification_archive,
        name="certification_archive",
    ),
    path(
        "certifications/<int:pk>/restore/",
        certs.certification_restore,
        name="certification_restore",
    ),
    path(
        "certifications/<int:pk>/history/",
        certs.certification_history,
        name="certification_history",
    ),
]
