"""The public catalogue API: anonymous, read-only (see ``ovop.catalogue.api``)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from ovop.catalogue import api

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
]
