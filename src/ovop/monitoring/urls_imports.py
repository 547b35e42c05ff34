"""Pages of imports and of a round's files."""

from django.urls import URLPattern, path

from ovop.monitoring import views_imports

urlpatterns: list[URLPattern] = [
    path("rounds/<int:pk>/import/", views_imports.import_upload, name="import_upload"),
    path(
        "rounds/<int:pk>/template.xlsx",
        views_imports.round_template_download,
        name="round_template",
    ),
    path(
        "rounds/<int:pk>/xlsform.xlsx", views_imports.round_xlsform_download, name="round_xlsform"
    ),
    path(
        "rounds/<int:pk>/xlsform-inline/",
        views_imports.round_xlsform_build,
        name="round_xlsform_build",
    ),
    path(
        "rounds/<int:pk>/respondents.csv", views_imports.round_roster_download, name="round_roster"
    ),
    path("registry/import/", views_imports.registry_upload, name="registry_upload"),
    path(
        "registry/template.xlsx", views_imports.registry_template_download, name="registry_template"
    ),
    path("imports/<int:pk>/", views_imports.import_detail, name="import"),
    path("imports/<int:pk>/progress/", views_imports.import_progress, name="import_progress"),
    path("imports/<int:pk>/confirm/", views_imports.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/output/", views_imports.import_output, name="import_output"),
    path("imports/<int:pk>/cancel/", views_imports.import_cancel, name="import_cancel"),
]
