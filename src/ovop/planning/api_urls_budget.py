"""The planning API under /api/v1/planning/: fiscal years, budget sources, price list."""

from django.urls import URLPattern, path

from ovop.planning import api_budget

P = "planning/"


def _path(route: str, view: type, name: str) -> URLPattern:
    return path(P + route, view.as_view(), name=f"api-planning-{name}")  # type: ignore[attr-defined]


urlpatterns: list[URLPattern] = [
    _path("years/", api_budget.YearList, "year-list"),
    _path("years/<int:year>/", api_budget.YearDetail, "year-detail"),
    _path("sources/", api_budget.SourceList, "source-list"),
    _path("sources/<int:pk>/", api_budget.SourceDetail, "source-detail"),
    _path("price-items/", api_budget.PriceItemList, "price-item-list"),
    _path("price-items/<int:pk>/", api_budget.PriceItemDetail, "price-item-detail"),
]
