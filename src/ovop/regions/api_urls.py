from django.urls import URLPattern, URLResolver, path

from ovop.regions import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("regions/", api.RegionList.as_view(), name="api-region-list"),
    path("regions/<str:code>/", api.RegionDetail.as_view(), name="api-region-detail"),
]
