"""Pages of the empowerment app: where each village stands (the regency overview and the
status page of one village)."""

from django.urls import URLPattern, path

from ovop.empowerment import views_overview

urlpatterns: list[URLPattern] = [
    path("", views_overview.overview, name="overview"),
    path("village/<int:pk>/", views_overview.village, name="village"),
]
