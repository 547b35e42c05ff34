"""The planning API under /api/v1/planning/: reads for every role that may read planning
records (within their scope), writes for planners, and delivery writes for facilitators in
their villages. One URL module per subject; every route is named ``api-planning-<name>``."""

from django.urls import URLPattern

from ovop.planning import (
    api_urls_budget,
    api_urls_delivery,
    api_urls_proposals,
    api_urls_reports,
    api_urls_scenarios,
)

urlpatterns: list[URLPattern] = [
    *api_urls_budget.urlpatterns,
    *api_urls_proposals.urlpatterns,
    *api_urls_scenarios.urlpatterns,
    *api_urls_delivery.urlpatterns,
    *api_urls_reports.urlpatterns,
]
