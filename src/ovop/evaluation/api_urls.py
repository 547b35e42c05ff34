"""The evaluation's API addresses (under /api/v1/)."""

from django.urls import URLPattern, path

from ovop.evaluation import api

urlpatterns: list[URLPattern] = [
    path(
        "evaluation/programmes/<int:pk>/indicators/",
        api.ProgrammeImpacts.as_view(),
        name="api-evaluation-impacts",
    ),
    path(
        "evaluation/programmes/<int:pk>/indicators/<slug:code>/",
        api.IndicatorImpactView.as_view(),
        name="api-evaluation-impact",
    ),
    path(
        "evaluation/programmes/<int:pk>/efficiency/",
        api.ProgrammeEfficiency.as_view(),
        name="api-evaluation-efficiency",
    ),
]
