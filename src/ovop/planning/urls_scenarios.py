"""Pages of the planning app: scenarios (plan runs), their approval, and the year's plan."""

from django.urls import URLPattern, path

from ovop.planning import views_plan, views_scenarios

urlpatterns: list[URLPattern] = [
    path("scenarios/", views_scenarios.scenario_list, name="scenario_list"),
    path("scenarios/new/", views_scenarios.scenario_create, name="scenario_create"),
    path("scenarios/compare/", views_scenarios.scenario_compare, name="scenario_compare"),
    path("scenarios/<int:pk>/", views_scenarios.scenario_detail, name="scenario_detail"),
    path("scenarios/<int:pk>/edit/", views_scenarios.scenario_edit, name="scenario_edit"),
    path(
        "scenarios/<int:pk>/duplicate/",
        views_scenarios.scenario_duplicate,
        name="scenario_duplicate",
    ),
    path("scenarios/<int:pk>/delete/", views_scenarios.scenario_delete, name="scenario_delete"),
    path("scenarios/<int:pk>/run/", views_scenarios.scenario_run, name="scenario_run"),
    path("scenarios/<int:pk>/slider/", views_scenarios.scenario_slider, name="scenario_slider"),
    path("scenarios/<int:pk>/approve/", views_plan.scenario_approve, name="scenario_approve"),
    path("<int:year>/plan/", views_plan.plan_page, name="plan"),
]
