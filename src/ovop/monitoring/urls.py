"""Pages of the monitoring app, one URL module per subject."""

from django.urls import URLPattern

from ovop.monitoring import urls_imports, urls_indicators, urls_quality, urls_rounds

app_name = "monitoring"

urlpatterns: list[URLPattern] = [
    *urls_rounds.urlpatterns,
    *urls_indicators.urlpatterns,
    *urls_quality.urlpatterns,
    *urls_imports.urlpatterns,
]
