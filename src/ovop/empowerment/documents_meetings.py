"""The paper a facilitator takes to a meeting (villages often have no connection): the agenda
and an attendance sheet pre-filled with the active members of the meeting's groups — number,
name, gender, group, a column to sign — and blank rows for guests, on A4 under the regency's
letterhead, in Bahasa Indonesia or English (WeasyPrint through ``ovop.core.documents``)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from ovop.core.documents import html_to_pdf, letterhead
from ovop.empowerment import selectors_meetings
from ovop.empowerment.models_cycle import Stage
from ovop.empowerment.models_meetings import Meeting

#: Empty rows printed under the members, for guests and members who joined lately.
BLANK_ROWS = 10
#: The file name of the sheet in each language, by meeting date and number.
FILE_NAMES = {"id": "daftar-hadir-{date}-{pk}.pdf", "en": "attendance-sheet-{date}-{pk}.pdf"}


def attendance_sheet_filename(*, meeting: Meeting, language: str) -> str:
    name = FILE_NAMES.get(language, FILE_NAMES["id"])
    return name.format(date=meeting.held_on.isoformat(), pk=meeting.pk)


def attendance_sheet_context(*, meeting: Meeting) -> dict[str, object]:
    """What the printed agenda and sheet show; nothing else."""
    rows = selectors_meetings.sheet_rows(meeting=meeting)
    first_blank = len(rows) + 1
    village = meeting.village
    return {
        "letterhead": letterhead(),
        "meeting": meeting,
        "village": village.name,
        "kecamatan": village.parent.name if village.parent else "",
        "groups": ", ".join(g.name for g in meeting.groups.order_by("name")),
        "stage": Stage(meeting.stage).label if meeting.stage else "",
        "rows": rows,
        "blank_numbers": range(first_blank, first_blank + BLANK_ROWS),
    }


def attendance_sheet_pdf(*, meeting: Meeting, language: str) -> bytes:
    """The agenda and attendance sheet of ``meeting`` in ``language`` ("id" or "en")."""
    with translation.override(language):
        html = render_to_string(
            "empowerment/meeting_sheet_pdf.html", attendance_sheet_context(meeting=meeting)
        )
    return html_to_pdf(html)
