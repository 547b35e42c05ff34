"""Meeting pages after the plan: the printed agenda and attendance sheet (PDF), recording the
meeting as held (a phone-first page: date, minutes, members ticked, guests, the signed sheet,
photos from the camera), adding and removing photos, storing the signed sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.empowerment import scope, selectors_meetings, services_meetings
from ovop.empowerment.documents_meetings import attendance_sheet_filename, attendance_sheet_pdf
from ovop.empowerment.forms_meetings import (
    GuestFormSet,
    GuestFormSetBase,
    MeetingPhotoForm,
    MeetingRecordForm,
    MeetingSheetForm,
    guest_initial,
)
from ovop.empowerment.models_meetings import Meeting, MeetingPhoto, MeetingStatus
from ovop.empowerment.views_meetings import crumbs, detail_context, meeting_for

GUESTS_PREFIX = "guests"


@require_GET
def meeting_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda and attendance sheet to print, in the page's language (or ?lang=id|en)."""
    meeting = meeting_for(request, pk)
    asked = request.GET.get("lang")
    language = asked if asked in ("id", "en") else (translation.get_language() or "id")[:2]
    language = language if language in ("id", "en") else "id"
    pdf = attendance_sheet_pdf(meeting=meeting, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = attendance_sheet_filename(meeting=meeting, language=language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _record_forms(
    request: HttpRequest, meeting: Meeting
) -> tuple[MeetingRecordForm, GuestFormSetBase]:
    held = meeting.status == MeetingStatus.HELD
    initial = {
        "held_on": meeting.held_on,
        "minutes": meeting.minutes,
        "present": list(meeting.attendance.values_list("person_id", flat=True)) if held else [],
    }
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = MeetingRecordForm(data, files, meeting=meeting, initial=initial)
    guests = GuestFormSet(data, prefix=GUESTS_PREFIX, initial=guest_initial(meeting))
    assert isinstance(guests, GuestFormSetBase)
    return form, guests


@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_writer(request.user)
    meeting = meeting_for(request, pk, change=True)
    form, guests = _record_forms(request, meeting)
    if request.method == "POST" and form.is_valid() and guests.is_valid():
        data = form.cleaned_data
        try:
            services_meetings.meeting_record(
                user=user,
                meeting=meeting,
                held_on=data["held_on"],
                minutes=data["minutes"],
                present=list(data["present"]),
                guests=guests.guests(),
                sheet=data["attendance_sheet"],
                photos=data["photos"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is recorded as held."))
            return redirect(meeting)
    context = {
        "obj": meeting,
        "form": form,
        "guests": guests,
        "crumbs": [*crumbs(), (meeting.get_absolute_url(), str(meeting))],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "empowerment/meeting_record.html", context, status=status)


@require_POST
def meeting_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_writer(request.user)
    meeting = meeting_for(request, pk, change=True)
    form = MeetingPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_meetings.meeting_photo_add(
                user=user,
                meeting=meeting,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_for=lambda key: "image" if key == "photos" else key)
        else:
            messages.success(request, _("Photo added."))
            return redirect(meeting)
    context = detail_context(request, meeting, photo_form=form)
    return render(request, "empowerment/meeting_detail.html", context, status=400)


@require_POST
def meeting_sheet_set(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_writer(request.user)
    meeting = meeting_for(request, pk, change=True)
    form = MeetingSheetForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_meetings.meeting_sheet_set(
                user=user, meeting=meeting, document=form.cleaned_data["document"]
            )
        except ValidationError as exc:
            add_service_errors(
                form, exc, field_for=lambda key: "document" if key == "attendance_sheet" else key
            )
        else:
            messages.success(request, _("Signed attendance sheet stored."))
            return redirect(meeting)
    context = detail_context(request, meeting, sheet_form=form)
    return render(request, "empowerment/meeting_detail.html", context, status=400)


@require_POST
def meeting_photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm, with a reason; the second (``confirm``) removes."""
    user = scope.require_writer(request.user)
    readable = selectors_meetings.meetings_for(user).values("pk")
    photo = get_object_or_404(
        MeetingPhoto.objects.filter(meeting__in=readable).select_related("meeting__cycle"), pk=pk
    )
    meeting = photo.meeting
    scope.require_change_village(user, meeting.village_id)
    back = meeting.get_absolute_url()
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Remove this photo"),
            what=_("The photo leaves the meeting's page; its history keeps it."),
            cancel=back,
            crumbs=[*crumbs(), (back, str(meeting))],
            warning=_("Who removed it, and why, stay in the meeting's history."),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_meetings.meeting_photo_remove(user=user, photo=photo, reason=reason),
        done=_("Photo removed."),
        to=back,
    )
