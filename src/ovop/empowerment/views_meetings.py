"""Meeting pages: the list, a meeting, planning and changing one, its history.

Recording a meeting as held, its photos, its signed sheet and the printed sheet are in
``views_meeting_record``. Records outside the user's read scope answer 404; a user who may read
but not change a meeting gets 403 on a change (``ovop.empowerment.scope``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ovop.accounts.models import User
from ovop.core.forms import add_service_errors
from ovop.core.history import history_page
from ovop.core.pagination import paginate
from ovop.empowerment import scope, selectors_meetings, services_meetings
from ovop.empowerment.forms_meetings import (
    MeetingFilterForm,
    MeetingPhotoForm,
    MeetingPlanForm,
    MeetingSheetForm,
)
from ovop.empowerment.models_cycle import Stage
from ovop.empowerment.models_meetings import Meeting
from ovop.empowerment.selectors_meeting_history import meeting_history
from ovop.regions.models import Region

RECENT_CHANGES = 5


def meeting_for(request: HttpRequest, pk: int, *, change: bool = False) -> Meeting:
    """The meeting if the user may read it (else 404) and, with ``change``, change it (else
    403). Assessors and visitors without a role in empowerment get 403 first."""
    user = scope.require_reader(request.user)
    meetings = selectors_meetings.meetings_for(user).select_related(
        "village__parent", "cycle", "facilitator"
    )
    meeting = get_object_or_404(meetings, pk=pk)
    if change:
        scope.require_change_village(user, meeting.village_id)
    return meeting


def crumbs() -> list[tuple[str, str]]:
    return [(reverse("empowerment:meeting_list"), _("Meetings"))]


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    form = MeetingFilterForm(request.GET or None, user=user)
    form.is_valid()
    meetings = selectors_meetings.meeting_list(user=user, filters=form.filters())
    context = {
        "form": form,
        "page_obj": paginate(request, meetings),
        "can_create": scope.villages_for_new_records(user).exists(),
    }
    return render(request, "empowerment/meeting_list.html", context)


def detail_context(
    request: HttpRequest,
    meeting: Meeting,
    photo_form: MeetingPhotoForm | None = None,
    sheet_form: MeetingSheetForm | None = None,
) -> dict[str, Any]:
    user = scope.require_reader(request.user)
    return {
        "obj": meeting,
        **selectors_meetings.meeting_detail(meeting=meeting),
        "can_change": scope.can_change_village(user, meeting.village_id)
        and not (meeting.cycle is not None and meeting.cycle.is_closed),
        "stage_label": Stage(meeting.stage).label if meeting.stage else "",
        "photo_form": photo_form or MeetingPhotoForm(),
        "sheet_form": sheet_form or MeetingSheetForm(),
        "recent": meeting_history(meeting=meeting, limit=RECENT_CHANGES),
    }


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    return render(request, "empowerment/meeting_detail.html", detail_context(request, meeting))


def _preselected(user: User, query: Any) -> tuple[Region | None, dict[str, Any]]:
    """The village, and the initial values, that ?village=, ?group= or ?cycle= ask for (any
    the user may not plan in is ignored)."""
    villages = scope.villages_for_new_records(user)
    groups = selectors_meetings.groups_for_new_meetings(user=user, village=None)
    cycles = selectors_meetings.cycles_for_new_meetings(user=user, village=None)
    initial: dict[str, Any] = {"facilitator": user.pk}
    cycle = cycles.filter(pk=_int(query.get("cycle")) or 0).first()
    group = groups.filter(pk=_int(query.get("group")) or 0).first()
    village = villages.filter(pk=_int(query.get("village")) or 0).first()
    if cycle is not None:
        village = cycle.village
        initial["cycle"] = cycle.pk
        initial["groups"] = list(
            cycle.groups.filter(archived_at__isnull=True).values_list("pk", flat=True)
        )
    elif group is not None:
        village = group.village
        initial["groups"] = [group.pk]
    if village is None and villages.count() == 1:
        village = villages.first()
    if village is not None:
        initial["village"] = village.pk
    return village, initial


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _posted_village(user: User, request: HttpRequest) -> Region | None:
    pk = _int(request.POST.get("village"))
    return scope.villages_for_new_records(user).filter(pk=pk).first() if pk else None


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_writer(request.user)
    village, initial = _preselected(user, request.GET)
    if request.method == "POST":
        village = _posted_village(user, request)
    form = MeetingPlanForm(request.POST or None, user=user, village=village, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services_meetings.meeting_plan(
                user=user, village=form.cleaned_data["village"], **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting planned. Print the agenda and attendance sheet."))
            return redirect(meeting)
    context = {"form": form, "obj": None, "village": village, "crumbs": crumbs()}
    return render(request, "empowerment/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_writer(request.user)
    meeting = meeting_for(request, pk, change=True)
    form = MeetingPlanForm(
        request.POST or None,
        user=user,
        village=meeting.village,
        initial=MeetingPlanForm.initial_for(meeting),
    )
    form.fields["village"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_meetings.meeting_update(
                user=user, meeting=meeting, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to the meeting saved."))
            return redirect(saved)
    context = {"form": form, "obj": meeting, "village": meeting.village, "crumbs": crumbs()}
    return render(request, "empowerment/meeting_form.html", context)


@require_GET
def meeting_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    back = meeting.get_absolute_url()
    return history_page(
        request,
        title=_("History of the meeting of %(meeting)s") % {"meeting": meeting},
        crumbs=[*crumbs(), (back, str(meeting))],
        back=back,
        entries=meeting_history(meeting=meeting),
        page_size=50,
    )
