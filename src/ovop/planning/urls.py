"""Pages of the planning app, one URL module per subject."""

from django.urls import URLPattern

from ovop.planning import urls_budget, urls_delivery, urls_proposals, urls_reports, urls_scenarios

app_name = "planning"

urlpatterns: list[URLPattern] = [
    *urls_budget.urlpatterns,
    *urls_proposals.urlpatterns,
    *urls_scenarios.urlpatterns,
    *urls_delivery.urlpatterns,
    *urls_reports.urlpatterns,
]
