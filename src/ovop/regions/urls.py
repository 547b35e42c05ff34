from django.urls import URLPattern, URLResolver, path

from ovop.regions import views

app_name = "regions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
]
