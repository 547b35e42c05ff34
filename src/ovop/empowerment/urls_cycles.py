"""Pages of the empowerment app: Hogan's cycle and what its stages 1–4 hold."""

from django.urls import URLPattern, path

from ovop.empowerment import views_cycles, views_stages

urlpatterns: list[URLPattern] = [
    path("cycles/", views_cycles.cycle_list, name="cycle_list"),
    path("cycles/new/", views_cycles.cycle_open, name="cycle_open"),
    path("cycles/<int:pk>/", views_cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/advance/", views_cycles.cycle_advance, name="cycle_advance"),
    path("cycles/<int:pk>/back/", views_cycles.cycle_back, name="cycle_back"),
    path("cycles/<int:pk>/close/", views_cycles.cycle_close, name="cycle_close"),
    path("cycles/<int:pk>/history/", views_cycles.cycle_history, name="cycle_history"),
    path(
        "cycles/<int:pk>/problems/<int:item_pk>/choose/",
        views_stages.problem_choose,
        name="problem_choose",
    ),
    path("cycles/<int:pk>/<slug:kind>/add/", views_stages.stage_item_add, name="stage_item_add"),
    path(
        "cycles/<int:pk>/<slug:kind>/<int:item_pk>/edit/",
        views_stages.stage_item_edit,
        name="stage_item_edit",
    ),
    path(
        "cycles/<int:pk>/<slug:kind>/<int:item_pk>/remove/",
        views_stages.stage_item_remove,
        name="stage_item_remove",
    ),
]
