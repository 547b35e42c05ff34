"""Pages of the planning app: proposals."""

from django.urls import URLPattern, path

from ovop.planning import views_proposals as views

urlpatterns: list[URLPattern] = [
    path("<int:year>/proposals/", views.proposal_list, name="proposal_list"),
    path("<int:year>/proposals/new/", views.proposal_create, name="proposal_create"),
    path(
        "<int:year>/proposals/from-action-plans/",
        views.proposal_import_actions,
        name="proposal_import_actions",
    ),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<int:pk>/restore/", views.proposal_restore, name="proposal_restore"),
    path("proposals/<int:pk>/history/", views.proposal_history, name="proposal_history"),
]
