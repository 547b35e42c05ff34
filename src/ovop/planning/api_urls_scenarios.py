"""The planning API under /api/v1/planning/: scenarios and the approved plan."""

from django.urls import URLPattern, path

from ovop.planning import api_scenarios as api

P = "planning/"


def _path(route: str, view: type, name: str) -> URLPattern:
    return path(P + route, view.as_view(), name=f"api-planning-{name}")  # type: ignore[attr-defined]


urlpatterns: list[URLPattern] = [
    _path("scenarios/", api.ScenarioListCreate, "scenario-list"),
    _path("scenarios/<int:pk>/", api.ScenarioDetailChange, "scenario-detail"),
    _path("scenarios/<int:pk>/run/", api.ScenarioRun, "scenario-run"),
    _path("scenarios/<int:pk>/approve/", api.ScenarioApprove, "scenario-approve"),
    _path("scenarios/<int:pk>/frontier/", api.ScenarioFrontier, "scenario-frontier"),
    _path("plan/<int:year>/", api.PlanDetail, "plan"),
]
