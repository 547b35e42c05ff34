"""The catalogue API: the public, anonymous, read-only part (``ovop.catalogue.api``) and the
signed-in inquiries and demand figures (``ovop.catalogue.api_demand``)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from ovop.catalogue import api, api_demand

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
