"""/verify/ and /verify/<code>/: public, no login."""

from django.urls import URLPattern, URLResolver, path

from ovop.rating import views_public

app_name = "verify"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_public.verify_form, name="form"),
    path("<str:code>/", views_public.verify, name="detail"),
]
