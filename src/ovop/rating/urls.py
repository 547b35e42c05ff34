"""/rating/: assessments, star ratings, certificates, overview, export and scheme administration."""

from django.urls import URLPattern, URLResolver, path

from ovop.rating import views, views_scheme, views_scheme_history

app_name = "rating"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments.xlsx", views.export, name="export"),
    path("star-ratings.xlsx", views.export_star_ratings, name="export_star_ratings"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment"),
    path("products/<int:pk>/", views.product_ratings, name="product"),
    path("products/<int:pk>/invite/", views.assessment_invite, name="invite"),
    path("products/<int:pk>/issue/", views.star_rating_issue, name="issue"),
    path("ratings/<int:pk>/", views.rating_detail, name="rating"),
    path("ratings/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("overview/", views.overview, name="overview"),
    path("schemes/", views_scheme.scheme_list, name="scheme_list"),
    path("schemes/new/", views_scheme.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views_scheme.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views_scheme.scheme_edit, name="scheme_edit"),
    path(
        "schemes/<int:pk>/history/",
        views_scheme_history.scheme_history_page,
        name="scheme_history",
    ),
    path("schemes/<int:pk>/clone/", views_scheme.scheme_clone, name="scheme_clone"),
    path("schemes/<int:pk>/activate/", views_scheme.scheme_activate, name="scheme_activate"),
    path("schemes/<int:pk>/archive/", views_scheme.scheme_archive, name="scheme_archive"),
]
