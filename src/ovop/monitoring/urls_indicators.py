"""Pages of the indicator library and the targets."""

from django.urls import URLPattern, path

from ovop.monitoring import views_indicators as views

urlpatterns: list[URLPattern] = [
    path("indicators/", views.indicator_list_page, name="indicator_list"),
    path("indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/archive/", views.indicator_archive, name="indicator_archive"),
    path("indicators/<int:pk>/restore/", views.indicator_restore, name="indicator_restore"),
    path("indicators/<int:pk>/history/", views.indicator_history_page, name="indicator_history"),
    path("indicators/<int:pk>/targets/", views.target_set, name="target_set"),
    path(
        "indicators/<int:pk>/targets/history/",
        views.target_history_page,
        name="target_history",
    ),
    path("indicators/targets/<int:pk>/remove/", views.target_remove, name="target_remove"),
]
