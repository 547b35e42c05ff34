"""The planning API under /api/v1/planning/: proposals."""

from django.urls import URLPattern, path

from ovop.planning import api_proposals

P = "planning/"


def _path(route: str, view: type, name: str) -> URLPattern:
    return path(P + route, view.as_view(), name=f"api-planning-{name}")  # type: ignore[attr-defined]


urlpatterns: list[URLPattern] = [
    _path("proposals/", api_proposals.ProposalList, "proposal-list"),
    _path("proposals/<int:pk>/", api_proposals.ProposalDetail, "proposal-detail"),
    _path("proposals/<int:pk>/withdraw/", api_proposals.ProposalWithdraw, "proposal-withdraw"),
]
