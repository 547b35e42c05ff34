"""The officers' catalogue pages under /catalogue/ (signed in)."""

from django.urls import URLPattern, path

from ovop.catalogue import views, views_demand

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("", views.listing_list, name="list"),
    path("products/<int:pk>/", views.listing_edit, name="edit"),
    path("listings/<int:pk>/history/", views.listing_history, name="history"),
    path("listings/<int:pk>/publish/", views.listing_publish, name="publish"),
    path("listings/<int:pk>/unpublish/", views.listing_unpublish, name="unpublish"),
    path("listings/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/remove/", views.photo_remove, name="photo_remove"),
    path("villages/<str:code>/story/", views.village_story, name="story"),
    path("inquiries/", views_demand.inquiry_list, name="inquiries"),
    path("inquiries/export.csv", views_demand.inquiry_export, name="inquiry_export"),
    path("inquiries/<int:pk>/", views_demand.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/erase/", views_demand.inquiry_erase, name="inquiry_erase"),
    path("demand/", views_demand.demand_dashboard, name="demand"),
    path("demand/export.csv", views_demand.demand_export, name="demand_export"),
]
