"""Writes for meetings: plan, change, record as held (attendance, guests, minutes, the signed
sheet and photos), add or remove a photo, set the signed sheet.

Every function is one use case, keyword-only, for the pages and the API alike:

- it refuses with ``PermissionDenied`` a ``user`` who may not change records of the meeting's
  village (``scope.require_change_village``: officers everywhere, facilitators in their
  villages; owners, viewers and assessors nowhere);
- it validates everything first and refuses with one ``ValidationError`` whose dict names each
  field (``held_on``, ``present``, ``guests``, ``attendance_sheet``, ``photos``, ``groups``,
  ``cycle``, ``stage``, ``facilitator``, ``village``, or the model's own field names), every
  message starting with the field's label ("Date: …"), so that nothing is half saved;
- it runs in one transaction and leaves history rows naming ``user`` (``save_with_history``):
  a later edit keeps what was there before.

A meeting of a closed (reviewed) cycle is read-only, like its cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import delete_with_history, save_with_history
from ovop.empowerment import scope, selectors_meetings
from ovop.empowerment.models import Group, Person
from ovop.empowerment.models_cycle import Cycle
from ovop.empowerment.models_meetings import Attendance, Guest, Meeting, MeetingPhoto, MeetingStatus
from ovop.empowerment.services_meeting_checks import (
    Errors,
    GuestInput,
    add,
    check_cycle,
    check_facilitator,
    check_groups,
    check_guests,
    check_held_date,
    check_open,
    check_present,
    check_village,
    clean_photos,
    clean_sheet,
    raise_if,
)
from ovop.regions.models import Region

__all__ = [
    "GuestInput",
    "meeting_photo_add",
    "meeting_photo_remove",
    "meeting_plan",
    "meeting_record",
    "meeting_sheet_set",
    "meeting_update",
]

REASON_PLANNED = "planned"
REASON_RECORDED = "recorded as held"
REASON_ATTENDANCE = "attendance changed"


def _locked(meeting: Meeting) -> Meeting:
    # of=("self",): PostgreSQL locks no row of the nullable side of the join (the cycle).
    rows = Meeting.objects.select_for_update(of=("self",)).select_related("cycle")
    return rows.get(pk=meeting.pk)


def _plan_errors(
    *,
    village: Region,
    groups: Sequence[Group],
    cycle: Cycle | None,
    stage: int | None,
    facilitator: User,
) -> tuple[Errors, int | None]:
    errors: Errors = {}
    check_village(village, errors)
    check_groups(village, groups, errors)
    stage = check_cycle(village, cycle, stage, errors)
    check_facilitator(village, facilitator, errors)
    return errors, stage


def _validated(meeting: Meeting, errors: Errors) -> None:
    """Add the model's own complaints (lengths, required text) and refuse if anything is wrong."""
    try:
        meeting.full_clean(exclude=["attendance_sheet"])
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            for message in messages:
                add(errors, key, message)
    raise_if(errors)


@transaction.atomic
def meeting_plan(
    *,
    user: User,
    village: Region,
    groups: Sequence[Group],
    held_on: dt.date,
    place: str,
    agenda: str,
    cycle: Cycle | None = None,
    stage: int | None = None,
    facilitator: User | None = None,
) -> Meeting:
    """Plan a meeting of ``groups`` (at least one, all of ``village``) on ``held_on``.

    ``cycle`` (optional) must be an open cycle of the village; ``stage`` defaults to the
    cycle's current stage and may not be above it. ``facilitator`` defaults to ``user`` and
    must work in the village. Returns the new meeting, status planned.
    """
    scope.require_change_village(user, village.pk)
    facilitator = facilitator or user
    errors, stage = _plan_errors(
        village=village, groups=groups, cycle=cycle, stage=stage, facilitator=facilitator
    )
    meeting = Meeting(
        village=village,
        cycle=cycle,
        stage=stage,
        held_on=held_on,
        place=place.strip(),
        agenda=agenda.strip(),
        facilitator=facilitator,
        status=MeetingStatus.PLANNED,
    )
    _validated(meeting, errors)
    save_with_history(meeting, user=user, reason=REASON_PLANNED, clean=False)
    meeting.groups.set(groups)
    return meeting


def _check_present_still_members(meeting: Meeting, groups: Sequence[Group], errors: Errors) -> None:
    allowed = set(
        selectors_meetings.active_members(groups=list(groups)).values_list("pk", flat=True)
    )
    present = [
        row.person for row in Attendance.objects.filter(meeting=meeting).select_related("person")
    ]
    strangers = sorted({p.name for p in present if p.pk not in allowed})
    if strangers:
        add(
            errors,
            "groups",
            _(
                "Groups: %(names)s was ticked present and is not a member of the groups chosen; "
                "untick them first."
            )
            % {"names": ", ".join(strangers)},
        )


@transaction.atomic
def meeting_update(
    *,
    user: User,
    meeting: Meeting,
    groups: Sequence[Group],
    held_on: dt.date,
    place: str,
    agenda: str,
    cycle: Cycle | None = None,
    stage: int | None = None,
    facilitator: User | None = None,
) -> Meeting:
    """Change what was planned (the village stays). The same rules as ``meeting_plan``; for a
    meeting already held, its date cannot be in the future and the groups must still hold
    everyone ticked present. The previous values stay in the meeting's history."""
    scope.require_change_village(user, meeting.village_id)
    current = _locked(meeting)
    check_open(current)
    facilitator = facilitator or current.facilitator or user
    errors, stage = _plan_errors(
        village=current.village, groups=groups, cycle=cycle, stage=stage, facilitator=facilitator
    )
    if current.status == MeetingStatus.HELD:
        check_held_date(held_on, errors)
        _check_present_still_members(current, groups, errors)
    current.cycle, current.stage, current.held_on = cycle, stage, held_on
    current.place, current.agenda, current.facilitator = place.strip(), agenda.strip(), facilitator
    _validated(current, errors)
    save_with_history(current, user=user, reason="edited", clean=False)
    if {g.pk for g in groups} != set(current.groups.values_list("pk", flat=True)):
        current.groups.set(groups)
    return current


def _set_attendance(meeting: Meeting, present: Sequence[Person], user: User) -> None:
    wanted = {person.pk for person in present}
    for row in Attendance.objects.filter(meeting=meeting):
        if row.person_id not in wanted:
            delete_with_history(row, user=user, reason=REASON_ATTENDANCE)
    stored = set(Attendance.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    for person_id in sorted(wanted - stored):
        row = Attendance(meeting=meeting, person_id=person_id)
        save_with_history(row, user=user, reason=REASON_ATTENDANCE, clean=False)


def _set_guests(meeting: Meeting, guests: Sequence[GuestInput], user: User) -> None:
    """The guests, row by row: rows kept are updated, new rows added, the rest removed."""
    stored = list(Guest.objects.filter(meeting=meeting).order_by("id"))
    for index, given in enumerate(guests):
        guest = stored[index] if index < len(stored) else Guest(meeting=meeting)
        guest.name, guest.gender = given.name.strip(), given.gender
        guest.birth_year, guest.affiliation = given.birth_year, given.affiliation.strip()
        save_with_history(guest, user=user, reason=REASON_ATTENDANCE)
    for guest in stored[len(guests) :]:
        delete_with_history(guest, user=user, reason=REASON_ATTENDANCE)


@transaction.atomic
def meeting_record(
    *,
    user: User,
    meeting: Meeting,
    held_on: dt.date,
    minutes: str,
    present: Sequence[Person],
    guests: Sequence[GuestInput] = (),
    sheet: UploadedFile | None = None,
    photos: Sequence[UploadedFile] = (),
) -> Meeting:
    """Record ``meeting`` as held, or correct it afterwards: its date (today or earlier), the
    minutes, the members present (active members of its groups only; the list replaces the
    one stored), the guests (the list replaces the one stored), and optionally the signed
    sheet (a photo or PDF, 5 MB at most) and photos to add (5 MB each). One transaction:
    any error refuses all of it."""
    scope.require_change_village(user, meeting.village_id)
    current = _locked(meeting)
    check_open(current)
    errors: Errors = {}
    check_held_date(held_on, errors)
    allowed = set(selectors_meetings.meeting_members(meeting=current).values_list("pk", flat=True))
    check_present(present, allowed, errors)
    check_guests(guests, held_on.year, errors)
    clean_file = clean_sheet(sheet, errors) if sheet is not None else None
    clean_pictures = clean_photos(photos, errors)
    first_time = current.status != MeetingStatus.HELD
    current.status, current.held_on, current.minutes = MeetingStatus.HELD, held_on, minutes.strip()
    _validated(current, errors)
    if clean_file is not None:
        current.attendance_sheet = clean_file
    reason = REASON_RECORDED if first_time else "edited"
    save_with_history(current, user=user, reason=reason, clean=False)
    _set_attendance(current, present, user)
    _set_guests(current, guests, user)
    for picture in clean_pictures:
        save_with_history(MeetingPhoto(meeting=current, image=picture), user=user, clean=False)
    return current


@transaction.atomic
def meeting_photo_add(
    *, user: User, meeting: Meeting, image: UploadedFile, caption: str = ""
) -> MeetingPhoto:
    """Add a photo (JPEG, PNG or WebP, 5 MB at most; stored re-encoded, without metadata)."""
    scope.require_change_village(user, meeting.village_id)
    current = _locked(meeting)
    check_open(current)
    errors: Errors = {}
    pictures = clean_photos([image], errors)
    photo = MeetingPhoto(meeting=current, caption=caption.strip())
    if len(photo.caption) > 200:
        add(errors, "caption", _("Caption: at most 200 characters."))
    raise_if(errors)
    photo.image = pictures[0]
    return save_with_history(photo, user=user, clean=False)


@transaction.atomic
def meeting_photo_remove(*, user: User, photo: MeetingPhoto, reason: str = "") -> None:
    """Remove a photo from its meeting; the history keeps it (and who removed it, and why)."""
    meeting = photo.meeting
    scope.require_change_village(user, meeting.village_id)
    check_open(_locked(meeting))
    delete_with_history(photo, user=user, reason=reason or "photo removed")


@transaction.atomic
def meeting_sheet_set(*, user: User, meeting: Meeting, document: UploadedFile) -> Meeting:
    """Store the scanned signed attendance sheet: a photo (re-encoded) or a PDF, 5 MB at most.
    A sheet stored before is replaced; the history keeps its name."""
    scope.require_change_village(user, meeting.village_id)
    current = _locked(meeting)
    check_open(current)
    errors: Errors = {}
    clean_file = clean_sheet(document, errors)
    raise_if(errors)
    current.attendance_sheet = clean_file
    return save_with_history(current, user=user, reason="attendance sheet", clean=False)
