"""Pages of data quality: a round's missing entries, blank answers and flags; one flag."""

from django.urls import URLPattern, path

from ovop.monitoring import views_quality

urlpatterns: list[URLPattern] = [
    path("rounds/<int:pk>/quality/", views_quality.quality, name="quality"),
    path("rounds/<int:pk>/quality/refresh/", views_quality.refresh, name="quality_refresh"),
    path("flags/<int:pk>/", views_quality.flag, name="quality_flag"),
    path("flags/<int:pk>/confirm/", views_quality.flag_confirm, name="quality_confirm"),
    path("flags/<int:pk>/correct/", views_quality.flag_correct, name="quality_correct"),
]
