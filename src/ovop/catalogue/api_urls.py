"""The catalogue API: the public part, anonymous and read-only (``ovop.catalogue.api``), and
the moderation, signed in (``ovop.catalogue.api_moderation``)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from ovop.catalogue import api, api_moderation

urlpatterns: list[URLPattern] = [
    path(
        "catalogue/products/",
        login_not_required(api.ListingListApi.as_view()),
        name="api-catalogue-list",
    ),
    path(
        "catalogue/products/<slug:slug>/",
        login_not_required(api.ListingDetailApi.as_view()),
        name="api-catalogue-detail",
    ),
    path("catalogue/moderation/", api_moderation.QueueApi.as_view(), name="api-catalogue-queue"),
    path(
        "catalogue/proposals/<int:pk>/approve/",
        api_moderation.ProposalApproveApi.as_view(),
        name="api-catalogue-proposal-approve",
    ),
    path(
        "catalogue/proposals/<int:pk>/reject/",
        api_moderation.ProposalRejectApi.as_view(),
        name="api-catalogue-proposal-reject",
    ),
    path(
        "catalogue/reviews/<int:pk>/publish/",
        api_moderation.ReviewPublishApi.as_view(),
        name="api-catalogue-review-publish",
    ),
    path(
        "catalogue/reviews/<int:pk>/hide/",
        api_moderation.ReviewHideApi.as_view(),
        name="api-catalogue-review-hide",
    ),
    path(
        "catalogue/reviews/<int:pk>/",
        api_moderation.ReviewDeleteApi.as_view(),
        name="api-catalogue-review-delete",
    ),
]
