"""Pages of the evaluation."""

from django.urls import URLPattern, path

from ovop.evaluation import views, views_measured

app_name = "evaluation"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("programmes/<int:pk>/", views.programme_page, name="programme"),
    path("programmes/<int:pk>/indicators/<slug:code>/", views.indicator_page, name="indicator"),
    path("programmes/<int:pk>/settings/", views.settings_page, name="settings"),
    path("programmes/<int:pk>/efficiency/", views.efficiency_page, name="efficiency"),
    path(
        "programmes/<int:pk>/efficiency/adopt/",
        views_measured.efficiency_adopt,
        name="efficiency_adopt",
    ),
]
