"""All of ovop's API under /api/v1/: each app contributes its routes here."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("ovop.regions.api_urls")),
    path("", include("ovop.enterprises.api_urls")),
    path("", include("ovop.programme.api_urls")),
    path("", include("ovop.selection.api_urls")),
    path("", include("ovop.rating.api_urls")),
    path("", include("ovop.empowerment.api_urls")),
    path("", include("ovop.planning.api_urls")),
    path("", include("ovop.monitoring.api_urls")),
    path("", include("ovop.evaluation.api_urls")),
    path("", include("ovop.catalogue.api_urls")),
    path("", include("ovop.overview.api_urls")),
]
