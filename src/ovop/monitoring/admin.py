"""Monitoring records in the Django admin: for looking records up, never for changing them.

Indicators, targets, rounds, entries and values are changed on the monitoring pages and the
API, whose services check the role, the lock of a round and keep every value's revision; the
admin adds, changes and deletes nothing. Uploaded import files are not listed: they are read
only through the import pages.
"""

from __future__ import annotations

from django.contrib import admin

from ovop.core.admin import ReadOnlyAdmin, ReadOnlyPlainAdmin
from ovop.monitoring.models import (
    Flag,
    ImportJob,
    Indicator,
    Respondent,
    Round,
    Submission,
    Target,
    Value,
    ValueRevision,
)


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_id", "domain", "unit", "value_type", "is_default", "archived_at"]
    list_filter = ["domain", "value_type", "is_default"]
    search_fields = ["code", "name_id", "name_en"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "region", "year", "baseline_value", "target_value"]
    list_filter = ["year"]
    list_select_related = ["indicator", "region"]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme", "kind", "year", "status", "is_sample"]
    list_filter = ["kind", "status", "year", "is_sample"]
    search_fields = ["name"]
    list_select_related = ["programme"]


@admin.register(Respondent)
class RespondentAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "round", "arm", "status", "origin"]
    list_filter = ["arm", "status", "origin"]
    search_fields = ["enterprise__name"]
    list_select_related = ["enterprise", "round"]


@admin.register(Value)
class ValueAdmin(ReadOnlyPlainAdmin):
    list_display = ["respondent", "indicator", "breakdown", "number", "choice", "origin"]
    list_filter = ["origin", "indicator"]
    list_select_related = ["respondent__enterprise", "indicator"]


@admin.register(ValueRevision)
class ValueRevisionAdmin(ReadOnlyPlainAdmin):
    list_display = ["respondent", "indicator", "old_number", "new_number", "origin", "changed_at"]
    list_filter = ["origin"]
    list_select_related = ["respondent__enterprise", "indicator"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyPlainAdmin):
    list_display = ["instance_id", "chain", "round", "respondent", "origin", "replaced"]
    list_filter = ["origin", "replaced"]
    search_fields = ["instance_id", "chain"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyPlainAdmin):
    list_display = ["respondent", "indicator", "kind", "status", "resolved_at"]
    list_filter = ["kind", "status"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyPlainAdmin):
    list_display = [
        "file_name",
        "kind",
        "round",
        "status",
        "rows_read",
        "rows_written",
        "errors_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    exclude = ["file"]
