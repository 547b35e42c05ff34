from django.urls import URLPattern, URLResolver, path

from ovop.programme import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("programmes/", api.ProgrammeList.as_view(), name="api-programme-list"),
    path("programmes/<int:pk>/", api.ProgrammeDetail.as_view(), name="api-programme-detail"),
]
