"""Selection rounds in the Django admin: for looking up records and their history only.

Rounds are opened, judged and decided on the selection pages, whose services check roles and
keep decisions frozen; the admin adds, changes and deletes nothing here.
"""

from __future__ import annotations

from django.contrib import admin

from ovop.core.admin import ReadOnlyAdmin
from ovop.selection.models import Decision, SelectionRound


@admin.register(SelectionRound)
class SelectionRoundAdmin(ReadOnlyAdmin):
    list_display = ("title", "programme", "area", "year", "status", "is_sample")
    list_filter = ("status", "year", "programme")
    search_fields = ("title", "area__name", "area__code")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("round", "candidate", "method", "decided_by", "decided_at")
    search_fields = ("round__title", "candidate__name")
