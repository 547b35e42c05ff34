"""The planning API under /api/v1/planning/: delivery — activities, participants, realised
costs with receipts, outputs, and the year close."""

from django.urls import URLPattern, path

from ovop.planning import api_delivery, api_delivery_items

P = "planning/"


def _path(route: str, view: type, name: str) -> URLPattern:
    return path(P + route, view.as_view(), name=f"api-planning-{name}")  # type: ignore[attr-defined]


urlpatterns: list[URLPattern] = [
    _path("activities/", api_delivery.ActivityList, "activity-list"),
    _path("activities/<int:pk>/", api_delivery.ActivityDetail, "activity-detail"),
    _path(
        "activities/<int:pk>/participants/",
        api_delivery_items.ActivityParticipants,
        "activity-participants",
    ),
    _path("activities/<int:pk>/costs/", api_delivery_items.ActivityCosts, "activity-costs"),
    _path("activities/<int:pk>/outputs/", api_delivery_items.ActivityOutputs, "activity-outputs"),
    _path("participants/<int:pk>/", api_delivery_items.ParticipantDetail, "participant-detail"),
    _path("costs/<int:pk>/", api_delivery_items.CostDetail, "cost-detail"),
    _path("costs/<int:pk>/receipt/", api_delivery_items.CostReceipt, "cost-receipt"),
    _path("years/<int:year>/close/", api_delivery.YearClose, "year-close"),
]
