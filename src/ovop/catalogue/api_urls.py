"""The catalogue API: the public, anonymous, read-only part (``ovop.catalogue.api``), and
the signed-in moderation (``ovop.catalogue.api_moderation``), inquiries and demand figures
(``ovop.catalogue.api_demand``)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from ovop.catalogue import api, api_demand, api_moderation

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
    path(
        "catalogue/inquiries/",
        api_demand.InquiryListApi.as_view(),
        name="api-catalogue-inquiries",
    ),
    path(
        "catalogue/inquiries/<int:pk>/",
        api_demand.InquiryDetailApi.as_view(),
        name="api-catalogue-inquiry",
    ),
    path("catalogue/demand/", api_demand.DemandApi.as_view(), name="api-catalogue-demand"),
]
