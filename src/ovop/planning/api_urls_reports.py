"""The planning API under /api/v1/planning/: the realisation figures and their alerts."""

from django.urls import URLPattern, path

from ovop.planning import api_reports

urlpatterns: list[URLPattern] = [
    path(
        "planning/realisation/<int:year>/",
        api_reports.RealisationView.as_view(),
        name="api-planning-realisation",
    ),
    path(
        "planning/alerts/<int:year>/",
        api_reports.AlertsView.as_view(),
        name="api-planning-alerts",
    ),
]
