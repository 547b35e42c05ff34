"""Activity pages: the list (with "create from the approved plan" and "not in the current
plan"), one activity, adding one by hand, rescheduling and progress, cancelling, history.

Records outside the user's scope answer 404; a user who may read an activity but not record
delivery in its village gets 403 on a change (``ovop.planning.scope``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.core.history import history_page
from ovop.core.pagination import paginate
from ovop.planning import scope, selectors_activities, selectors_delivery, services_activities
from ovop.planning.forms_activities import (
    ActivityEditForm,
    ActivityFilterForm,
    ActivityForm,
    correction,
)
from ovop.planning.models import Activity, FiscalYear

RECENT_CHANGES = 5


def activity_for(request: HttpRequest, pk: int, *, change: bool = False) -> tuple[User, Activity]:
    """The activity if the user may read it (else 404) and, with ``change``, record delivery
    in its village (else 403)."""
    user = scope.require_reader(request.user)
    activity = selectors_activities.activity_get(user=user, pk=pk)
    if change:
        scope.require_deliver(user, activity.village_id)
    return user, activity


def list_crumbs(activity: Activity | None = None) -> list[tuple[str, str]]:
    crumbs = [(reverse("planning:activity_list"), _("Activities"))]
    if activity is not None:
        crumbs.append((activity_url(activity), activity.title))
    return crumbs


def activity_url(activity: Activity) -> str:
    return reverse("planning:activity_detail", args=[activity.pk])


@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    year = selectors_activities.default_year(request.GET.get("year"))
    form = ActivityFilterForm(request.GET or None, user=user, year=year)
    form.is_valid()
    activities = selectors_activities.activity_list(user=user, filters=form.filters(year))
    planner = scope.can_plan(user)
    context = {
        "form": form,
        "year": year,
        "page_obj": paginate(request, activities),
        "can_plan": planner,
        "not_in_plan": list(selectors_activities.not_in_plan(year)) if planner and year else [],
    }
    return render(request, "planning/activity_list.html", context)


@require_POST
def activities_from_plan(request: HttpRequest) -> HttpResponse:
    """Make the activities of the chosen year's approved plan (planners)."""
    user = scope.require_planner(request.user)
    year = get_object_or_404(FiscalYear, year=request.POST.get("year") or 0)
    to = reverse("planning:activity_list") + f"?year={year.year}"

    def done(result: services_activities.FromPlan) -> str:
        made, linked = len(result.created), len(result.relinked)
        text = ngettext(
            "%(n)s activity created from the approved plan.",
            "%(n)s activities created from the approved plan.",
            made,
        ) % {"n": made}
        if linked:
            text += " " + ngettext(
                "%(n)s activity linked to the revised plan.",
                "%(n)s activities linked to the revised plan.",
                linked,
            ) % {"n": linked}
        return text

    return run_and_redirect(
        request,
        lambda: services_activities.activities_from_plan(
            year=year, user=user, reason=request.POST.get("reason", "")
        ),
        done=done,
        to=to,
    )


@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_planner(request.user)
    year = selectors_activities.default_year(request.GET.get("year") or request.POST.get("year"))
    if year is None:
        raise Http404(_("Open a fiscal year first."))
    form = ActivityForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            activity = services_activities.activity_create(
                user=user, year=year, **data, reason=correction(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity “%(title)s” added.") % {"title": activity.title})
            return redirect(activity_url(activity))
    context = {"form": form, "year": year, "crumbs": list_crumbs()}
    return render(request, "planning/activity_form.html", context)


def detail_context(request: HttpRequest, user: User, activity: Activity) -> dict[str, Any]:
    return {
        "obj": activity,
        **selectors_delivery.activity_detail(user=user, activity=activity),
        "can_deliver": scope.can_deliver(user, activity.village_id),
        "is_cancelled": activity.status == "cancelled",
        "recent": selectors_delivery.activity_history(activity=activity, limit=RECENT_CHANGES)
        if selectors_delivery.sees_costs(user)
        else [],
        "today": timezone.localdate(),
        "crumbs": list_crumbs(),
    }


@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, activity = activity_for(request, pk)
    return render(request, "planning/activity_detail.html", detail_context(request, user, activity))


@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, activity = activity_for(request, pk, change=True)
    initial = {
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "status": activity.status,
        "progress_pct": activity.progress_pct,
    }
    form = ActivityEditForm(request.POST or None, initial=initial, year=activity.fiscal_year)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            services_activities.activity_update(
                user=user, activity=activity, **data, reason=correction(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity “%(title)s” saved.") % {"title": activity.title})
            return redirect(activity_url(activity))
    context = {"form": form, "obj": activity, "crumbs": list_crumbs(activity)}
    return render(request, "planning/activity_edit.html", context)


@require_POST
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm, with the reason; the second cancels."""
    user, activity = activity_for(request, pk, change=True)
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Cancel “%(title)s”") % {"title": activity.title},
            what=_(
                "The activity will be cancelled: its realised costs stay, no new cost can be "
                "recorded and its planned money counts as not spent. Say why."
            ),
            button=_("Cancel the activity"),
            cancel=activity_url(activity),
            crumbs=list_crumbs(activity),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_activities.activity_cancel(
            user=user, activity=activity, cancel_reason=reason, reason=reason
        ),
        done=_("Activity “%(title)s” cancelled.") % {"title": activity.title},
        to=activity_url(activity),
    )


@require_GET
def activity_history(request: HttpRequest, pk: int) -> HttpResponse:
    user, activity = activity_for(request, pk)
    if not selectors_delivery.sees_costs(user):  # owners: other people's scores and costs
        raise PermissionDenied
    return history_page(
        request,
        title=_("History of “%(title)s”") % {"title": activity.title},
        crumbs=list_crumbs(activity),
        back=activity_url(activity),
        back_text=_("Back to the activity"),
        entries=selectors_delivery.activity_history(activity=activity),
        page_size=50,
    )
