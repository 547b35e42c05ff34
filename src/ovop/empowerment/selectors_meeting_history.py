"""A meeting's history as people read it: the meeting's own changes (plan, recorded as held,
edits) with those of its attendance, guests and photos, newest first."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.core.history import (
    HistoryEntry,
    history_entries,
    newest_first,
    record_history,
    versions_of,
)
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingPhoto

#: The change reasons of the meeting services, shown translated.
REASONS = {
    "planned": gettext_lazy("planned"),
    "recorded as held": gettext_lazy("recorded as held"),
    "attendance changed": gettext_lazy("attendance changed"),
    "attendance sheet": gettext_lazy("signed attendance sheet stored"),
    "photo removed": gettext_lazy("photo removed"),
}


def _action(added: str, removed: str, changed: str) -> Any:
    def action(record: Any) -> str:
        return {"+": added, "-": removed}.get(record.history_type, changed)

    return action


def meeting_history(*, meeting: Meeting, limit: int | None = None) -> list[HistoryEntry]:
    """The history of ``meeting`` with its attendance, guests and photos, newest first."""
    own = record_history(obj=meeting, limit=limit, reasons=REASONS)
    present = history_entries(
        versions_of(Attendance.history.filter(meeting_id=meeting.pk)),
        fields=("person",),
        reasons=REASONS,
        action=_action(_("ticked present"), _("no longer ticked present"), _("attendance changed")),
    )
    guests = history_entries(
        versions_of(Guest.history.filter(meeting_id=meeting.pk)),
        fields=("name", "gender", "birth_year", "affiliation"),
        reasons=REASONS,
        action=_action(_("guest added"), _("guest removed"), _("guest changed")),
    )
    photos = history_entries(
        versions_of(MeetingPhoto.history.filter(meeting_id=meeting.pk)),
        fields=("image", "caption"),
        reasons=REASONS,
        action=_action(_("photo added"), _("photo removed"), _("photo changed")),
    )
    return newest_first(own, present, guests, photos, limit=limit)
