"""Pages of the planning app: delivery — activities, participants, costs, outputs, year close.

Receipts are served under /files/receipts/ (``ovop.files_urls``, view in ``views_files``)."""

from django.urls import URLPattern, path

from ovop.planning import views_activities as activities
from ovop.planning import views_delivery as delivery
from ovop.planning import views_year_close as year_close

urlpatterns: list[URLPattern] = [
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/from-plan/", activities.activities_from_plan, name="activities_from_plan"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/cancel/", activities.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/history/", activities.activity_history, name="activity_history"),
    path(
        "activities/<int:pk>/participants/add/",
        delivery.participant_add,
        name="participant_add",
    ),
    path(
        "activities/<int:pk>/participants/scores/",
        delivery.participant_scores,
        name="participant_scores",
    ),
    path("activities/<int:pk>/costs/add/", delivery.cost_add, name="cost_add"),
    path("activities/<int:pk>/outputs/add/", delivery.output_add, name="output_add"),
    path("participants/<int:pk>/remove/", delivery.participant_remove, name="participant_remove"),
    path("costs/<int:pk>/edit/", delivery.cost_edit, name="cost_edit"),
    path("costs/<int:pk>/delete/", delivery.cost_delete, name="cost_delete"),
    path("<int:year>/close/", year_close.year_close, name="year_close"),
]
