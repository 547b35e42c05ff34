from django.urls import URLPattern, path

from ovop.selection import views, views_history, views_judging, views_record

app_name = "selection"

urlpatterns: list[URLPattern] = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/edit/", views.round_edit, name="edit"),
    path("<int:pk>/history/", views_history.round_history_page, name="history"),
    path("<int:pk>/criteria/add/", views.criterion_add, name="criterion_add"),
    path("<int:pk>/criteria/<int:criterion_pk>/", views.criterion_edit, name="criterion_edit"),
    path(
        "<int:pk>/criteria/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="criterion_remove",
    ),
    path("<int:pk>/candidates/add/", views.candidate_add, name="candidate_add"),
    path(
        "<int:pk>/candidates/<int:candidate_pk>/remove/",
        views.candidate_remove,
        name="candidate_remove",
    ),
    path("<int:pk>/start/", views.round_start, name="start"),
    path("<int:pk>/judge/", views_judging.judge, name="judge"),
    path("<int:pk>/judge/preview/", views_judging.judge_preview, name="judge_preview"),
    path("<int:pk>/scores/", views_judging.scores, name="scores"),
    path("<int:pk>/result/", views_judging.result, name="result"),
    path("<int:pk>/decide/", views_judging.decide, name="decide"),
    path("<int:pk>/berita-acara.pdf", views_record.round_record, name="record"),
]
