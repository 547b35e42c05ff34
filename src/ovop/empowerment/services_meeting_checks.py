"""Checks the meeting services make before they write: the plan (village, groups, cycle, stage,
facilitator), the date of a held meeting, attendance, guests, and the uploaded files.

Each check returns or adds messages that name the field ("Date: …"), keyed by the name the
services and forms use (``held_on``, ``present``, ``guests``, ``attendance_sheet``,
``photos``…), so that one refusal lists everything wrong at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.images import MAX_PHOTO_BYTES, PDF_MAGIC, pdf_check, photo_clean
from ovop.empowerment import scope
from ovop.empowerment.choices import Gender
from ovop.empowerment.models import Group, Person
from ovop.empowerment.models_cycle import Cycle
from ovop.empowerment.models_meetings import Meeting
from ovop.regions.models import Level, Region

Errors = dict[str, list[str]]
#: The earliest birth year a guest may be given.
FIRST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class GuestInput:
    """A guest as typed: name, gender ("female"/"male"), birth year if known, where from."""

    name: str
    gender: str
    birth_year: int | None = None
    affiliation: str = ""


def add(errors: Errors, key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def check_village(village: Region, errors: Errors) -> None:
    if village.level != Level.VILLAGE:
        add(errors, "village", _("Village: %(name)s is not a village.") % {"name": village.name})


def check_groups(village: Region, groups: Sequence[Group], errors: Errors) -> None:
    if not groups:
        add(
            errors,
            "groups",
            _("Groups: choose at least one group of %(village)s.") % {"village": village.name},
        )
    for group in groups:
        if group.village_id != village.pk or group.archived_at is not None:
            add(
                errors,
                "groups",
                _("Groups: %(group)s is not an active group of %(village)s.")
                % {"group": group.name, "village": village.name},
            )


def check_cycle(
    village: Region, cycle: Cycle | None, stage: int | None, errors: Errors
) -> int | None:
    """The stage worked on: ``stage``, or the cycle's current stage when none is given."""
    if cycle is None:
        if stage is not None:
            add(errors, "stage", _("Stage worked on: choose the cycle first."))
        return None
    if cycle.village_id != village.pk:
        add(errors, "cycle", _("Cycle: choose a cycle of %(village)s.") % {"village": village.name})
    if cycle.is_closed:
        add(
            errors,
            "cycle",
            _("Cycle: %(cycle)s is closed (reviewed); choose an open cycle.") % {"cycle": cycle},
        )
    if stage is None:
        return cycle.stage
    if not 1 <= stage <= cycle.stage:
        add(
            errors,
            "stage",
            _(
                "Stage worked on: the cycle is at stage %(current)s; a meeting works on that stage "
                "or an earlier one, not stage %(stage)s."
            )
            % {"current": cycle.stage, "stage": stage},
        )
    return stage


def check_facilitator(village: Region, facilitator: User, errors: Errors) -> None:
    if not scope.can_change_village(facilitator, village.pk):
        add(
            errors,
            "facilitator",
            _("Facilitator: %(name)s does not work in %(village)s.")
            % {"name": facilitator, "village": village.name},
        )


def check_open(meeting: Meeting) -> None:
    """A meeting of a closed cycle is read-only, as the cycle is."""
    if meeting.cycle is not None and meeting.cycle.is_closed:
        raise ValidationError(
            _(
                "This meeting belongs to cycle %(cycle)s, which is closed (reviewed): it can no "
                "longer be changed."
            )
            % {"cycle": meeting.cycle}
        )


def check_held_date(held_on: dt.date, errors: Errors) -> None:
    today = timezone.localdate()
    if held_on > today:
        add(
            errors,
            "held_on",
            _(
                "Date: a meeting already held cannot be in the future (%(date)s is after today, "
                "%(today)s)."
            )
            % {"date": formats.date_format(held_on), "today": formats.date_format(today)},
        )


def check_present(present: Sequence[Person], allowed: set[int], errors: Errors) -> None:
    strangers = sorted({person.name for person in present if person.pk not in allowed})
    if strangers:
        add(
            errors,
            "present",
            _(
                "Attendance: %(names)s is not an active member of this meeting's groups; only "
                "members of its groups can be ticked (add others as guests)."
            )
            % {"names": ", ".join(strangers)},
        )


def _guest_errors(row: int, guest: GuestInput, year: int) -> list[str]:
    found = []
    where = _("Guests, row %(row)s") % {"row": row}
    if not guest.name.strip():
        found.append(_("%(where)s: the name is missing.") % {"where": where})
    if len(guest.name.strip()) > 120 or len(guest.affiliation.strip()) > 160:
        found.append(_("%(where)s: the name or “from” is too long.") % {"where": where})
    if guest.gender not in Gender.values:
        found.append(_("%(where)s: choose female or male.") % {"where": where})
    born = guest.birth_year
    if born is not None and not FIRST_BIRTH_YEAR <= born <= year:
        found.append(
            _("%(where)s: the year of birth must be between %(first)s and %(last)s.")
            % {"where": where, "first": FIRST_BIRTH_YEAR, "last": year}
        )
    return found


def check_guests(guests: Sequence[GuestInput], year: int, errors: Errors) -> None:
    for row, guest in enumerate(guests, start=1):
        for message in _guest_errors(row, guest, year):
            add(errors, "guests", message)


# --- files ------------------------------------------------------------------------------------


def _too_big(label: str, upload: UploadedFile) -> str | None:
    size = upload.size or 0
    if size > MAX_PHOTO_BYTES:
        return _("%(field)s: the file is %(size).1f MB; the limit is 5 MB.") % {
            "field": label,
            "size": size / (1024 * 1024),
        }
    return None


def _claims_pdf(upload: UploadedFile) -> bool:
    name = (upload.name or "").lower()
    return name.endswith(".pdf") or upload.content_type == "application/pdf"


def _starts_as_pdf(upload: UploadedFile) -> bool:
    upload.seek(0)
    head: bytes = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    return head == PDF_MAGIC


def clean_sheet(upload: UploadedFile, errors: Errors) -> UploadedFile | None:
    """The signed sheet to store: a photo re-encoded by ``photo_clean``, or a PDF (checked and
    renamed ``.pdf``); None, with a message under ``attendance_sheet``, when it is neither."""
    label = _("Signed attendance sheet")
    message = _too_big(label, upload)
    if message is None and (_claims_pdf(upload) or _starts_as_pdf(upload)):
        try:
            pdf_check(upload, label=label)
        except ValidationError as exc:
            message = exc.messages[0]
        else:
            upload.seek(0)
            data = upload.read()
            upload.seek(0)
            return SimpleUploadedFile("sheet.pdf", data, content_type="application/pdf")
    if message is None:
        try:
            return photo_clean(upload, label=label)
        except ValidationError as exc:
            message = exc.messages[0]
            if exc.error_list[0].code == "photo_invalid":
                message = _(
                    "%(field)s: the file is neither a photo (JPEG, PNG or WebP) nor a PDF."
                ) % {"field": label}
    add(errors, "attendance_sheet", message)
    return None


def clean_photos(photos: Sequence[UploadedFile], errors: Errors) -> list[UploadedFile]:
    """Each photo re-encoded by ``photo_clean`` (5 MB at most each); messages under
    ``photos`` name the photo by its place and file name."""
    cleaned = []
    for number, upload in enumerate(photos, start=1):
        label = _("Photo %(n)s (%(file)s)") % {"n": number, "file": upload.name}
        try:
            cleaned.append(photo_clean(upload, label=label))
        except ValidationError as exc:
            add(errors, "photos", exc.messages[0])
    return cleaned
