"""The officers' catalogue pages under /catalogue/ (signed in)."""

from django.urls import URLPattern, path, re_path

from ovop.catalogue import views

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("", views.listing_list, name="list"),
    path("products/<int:product_pk>/", views.listing_edit, name="edit"),
    path("listings/<int:pk>/publish/", views.listing_publish, name="publish"),
    path("listings/<int:pk>/unpublish/", views.listing_unpublish, name="unpublish"),
    path("listings/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    re_path(r"^villages/(?P<code>[0-9.]{1,20})/story/$", views.village_story, name="story"),
]
