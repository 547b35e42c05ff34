"""Pages of survey rounds: list, create, edit, respondents, entry, review, lock."""

from django.urls import URLPattern, path

from ovop.monitoring import views_comparison, views_entry, views_rounds

urlpatterns: list[URLPattern] = [
    path("", views_rounds.round_list, name="round_list"),
    path("rounds/new/", views_rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", views_rounds.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views_rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/participants/", views_rounds.participants_add, name="participants_add"),
    path("rounds/<int:pk>/comparison/", views_comparison.comparison, name="comparison"),
    path("rounds/<int:pk>/lock/", views_rounds.round_lock, name="round_lock"),
    path("rounds/<int:pk>/reopen/", views_rounds.round_reopen, name="round_reopen"),
    path("rounds/<int:pk>/history/", views_rounds.round_history, name="round_history"),
    path("respondents/<int:pk>/", views_entry.entry, name="entry"),
    path("respondents/<int:pk>/review/", views_entry.entry_review, name="entry_review"),
    path("respondents/<int:pk>/correct/", views_entry.entry_correct, name="entry_correct"),
]
