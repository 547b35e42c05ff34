from django.urls import URLPattern, URLResolver, path

from ovop.overview import views_regions as views

app_name = "regions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
]
