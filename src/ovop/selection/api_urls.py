from django.urls import URLPattern, URLResolver, path

from ovop.selection import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("selection/rounds/", api.RoundList.as_view(), name="api-selection-round-list"),
    path(
        "selection/rounds/<int:pk>/", api.RoundDetail.as_view(), name="api-selection-round-detail"
    ),
    path(
        "selection/rounds/<int:pk>/result/",
        api.RoundResultView.as_view(),
        name="api-selection-round-result",
    ),
    path(
        "selection/rounds/<int:pk>/judgement/",
        api.JudgementSubmit.as_view(),
        name="api-selection-judgement",
    ),
    path(
        "selection/rounds/<int:pk>/scores/", api.ScoresSubmit.as_view(), name="api-selection-scores"
    ),
    path("selection/decisions/", api.DecisionList.as_view(), name="api-selection-decision-list"),
    path(
        "selection/decisions/<int:pk>/",
        api.DecisionDetail.as_view(),
        name="api-selection-decision-detail",
    ),
]
