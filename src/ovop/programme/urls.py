from django.urls import URLPattern, path

from ovop.programme import views

app_name = "programme"

urlpatterns: list[URLPattern] = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/archive/", views.programme_archive, name="archive"),
    path("<int:pk>/restore/", views.programme_restore, name="restore"),
    path("<int:pk>/history/", views.programme_history, name="history"),
    path("<int:pk>/villages/add/", views.programme_villages_add, name="villages_add"),
    path(
        "<int:pk>/villages/<int:membership_pk>/remove/",
        views.programme_village_remove,
        name="village_remove",
    ),
    path(
        "<int:pk>/villages/<int:membership_pk>/restore/",
        views.programme_village_restore,
        name="village_restore",
    ),
    path(
        "<int:pk>/villages/<int:membership_pk>/designation/",
        views.designation_set,
        name="designation",
    ),
]
