"""Pages of the empowerment app: the action plan (stage 5) and the support proposals."""

from django.urls import URLPattern, path

from ovop.empowerment import views_actions

urlpatterns: list[URLPattern] = [
    path("cycles/<int:pk>/actions/", views_actions.action_plan, name="action_plan"),
    path("cycles/<int:pk>/actions/new/", views_actions.action_add, name="action_add"),
    path("actions/<int:pk>/edit/", views_actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", views_actions.action_progress, name="action_progress"),
    path("actions/<int:pk>/remove/", views_actions.action_remove, name="action_remove"),
    path("proposals/", views_actions.proposal_list, name="proposal_list"),
    path("proposals/export.csv", views_actions.proposal_export, name="proposal_export"),
    path("proposals/export.xlsx", views_actions.proposal_export_xlsx, name="proposal_export_xlsx"),
]
