"""/api/v1/rating-schemes/, /api/v1/assessments/, /api/v1/star-ratings/ (and its preview/)."""

from django.urls import URLPattern, URLResolver, path

from ovop.rating import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("rating-schemes/", api.RatingSchemeList.as_view(), name="api-rating-scheme-list"),
    path(
        "rating-schemes/<int:pk>/",
        api.RatingSchemeDetail.as_view(),
        name="api-rating-scheme-detail",
    ),
    path("assessments/", api.AssessmentList.as_view(), name="api-assessment-list"),
    path("assessments/<int:pk>/", api.AssessmentDetail.as_view(), name="api-assessment-detail"),
    path("star-ratings/", api.StarRatingList.as_view(), name="api-star-rating-list"),
    path(
        "star-ratings/preview/",
        api.StarRatingPreview.as_view(),
        name="api-star-rating-preview",
    ),
    path("star-ratings/<int:pk>/", api.StarRatingDetail.as_view(), name="api-star-rating-detail"),
]
