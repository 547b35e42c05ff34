"""The evaluation's API addresses (under /api/v1/)."""

from django.urls import URLPattern, path

from ovop.evaluation import api, api_report

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
        "evaluation/indicators/<slug:code>/",
        api.PooledImpactView.as_view(),
        name="api-evaluation-pooled",
    ),
    path(
        "evaluation/programmes/<int:pk>/efficiency/",
        api.ProgrammeEfficiency.as_view(),
        name="api-evaluation-efficiency",
    ),
    path(
        "evaluation/programmes/<int:pk>/targets/",
        api_report.ProgrammeTargets.as_view(),
        name="api-evaluation-targets",
    ),
    path(
        "evaluation/programmes/<int:pk>/report/",
        api_report.ProgrammeReport.as_view(),
        name="api-evaluation-report",
    ),
]
