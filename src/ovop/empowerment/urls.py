"""Pages of the empowerment app, one URL module per subject."""

from django.urls import URLPattern

from ovop.empowerment import (
    urls_actions,
    urls_cycles,
    urls_groups,
    urls_meetings,
    urls_overview,
)

app_name = "empowerment"

urlpatterns: list[URLPattern] = [
    *urls_overview.urlpatterns,
    *urls_groups.urlpatterns,
    *urls_cycles.urlpatterns,
    *urls_actions.urlpatterns,
    *urls_meetings.urlpatterns,
]
