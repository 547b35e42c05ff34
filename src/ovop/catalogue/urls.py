"""The officers' catalogue pages under /catalogue/ (signed in)."""

from django.urls import URLPattern, path

from ovop.catalogue import views, views_demand, views_moderation

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
    path("mine/", views_moderation.owner_products, name="mine"),
    path("mine/<int:pk>/", views_moderation.owner_propose, name="propose"),
    path("moderation/", views_moderation.moderation_queue, name="moderation"),
    path(
        "proposals/<int:pk>/photos/<int:photo_pk>/remove/",
        views_moderation.proposal_photo_remove,
        name="proposal_photo_remove",
    ),
    path(
        "proposals/<int:pk>/withdraw/",
        views_moderation.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path("proposals/<int:pk>/approve/", views_moderation.proposal_approve, name="proposal_approve"),
    path("proposals/<int:pk>/reject/", views_moderation.proposal_reject, name="proposal_reject"),
    path("reviews/<int:pk>/publish/", views_moderation.review_publish, name="review_publish"),
    path("reviews/<int:pk>/hide/", views_moderation.review_hide, name="review_hide"),
    path("reviews/<int:pk>/delete/", views_moderation.review_delete, name="review_delete"),
    path("inquiries/", views_demand.inquiry_list, name="inquiries"),
    path("inquiries/export.csv", views_demand.inquiry_export, name="inquiry_export"),
    path("inquiries/<int:pk>/", views_demand.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/erase/", views_demand.inquiry_erase, name="inquiry_erase"),
    path("demand/", views_demand.demand_dashboard, name="demand"),
    path("demand/export.csv", views_demand.demand_export, name="demand_export"),
]
