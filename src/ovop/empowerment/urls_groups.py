"""Pages of the empowerment app: groups, their members, people and experience themes."""

from django.urls import URLPattern, path

from ovop.empowerment import views_groups, views_members, views_themes

urlpatterns: list[URLPattern] = [
    path("groups/", views_groups.group_list, name="group_list"),
    path("groups/new/", views_groups.group_create, name="group_create"),
    path("groups/<int:pk>/", views_groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views_groups.group_edit, name="group_edit"),
    path("groups/<int:pk>/archive/", views_groups.group_archive, name="group_archive"),
    path("groups/<int:pk>/restore/", views_groups.group_restore, name="group_restore"),
    path("groups/<int:pk>/history/", views_groups.group_history, name="group_history"),
    path("groups/<int:pk>/members/add/", views_members.member_add, name="member_add"),
    path("members/<int:pk>/edit/", views_members.member_edit, name="member_edit"),
    path("members/<int:pk>/remove/", views_members.member_remove, name="member_remove"),
    path("members/<int:pk>/restore/", views_members.member_restore, name="member_restore"),
    path("people/<int:pk>/", views_members.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views_members.person_edit, name="person_edit"),
    path("people/<int:pk>/history/", views_members.person_history, name="person_history"),
    path("themes/", views_themes.theme_list, name="theme_list"),
    path("themes/new/", views_themes.theme_create, name="theme_create"),
    path("themes/<int:pk>/edit/", views_themes.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/archive/", views_themes.theme_archive, name="theme_archive"),
    path("themes/<int:pk>/restore/", views_themes.theme_restore, name="theme_restore"),
]
