"""Delivery pages of an activity: participants (add, the whole list's attendance and scores
on one phone page, remove), realised costs (add, edit, delete with a reason) and outputs.

The activity is found in the user's read scope (404 otherwise); every page here changes it,
so the user must also record delivery in its village (403 otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.planning import (
    scope,
    selectors_activities,
    selectors_delivery,
    services_costs,
    services_outputs,
    services_participants,
)
from ovop.planning.forms_activities import correction
from ovop.planning.forms_delivery import CostForm, OutputForm, ParticipantAddForm, ScoresForm
from ovop.planning.models import Activity, CostLine, Participant
from ovop.planning.views_activities import activity_for, activity_url, list_crumbs


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    activity: Activity,
    action: Callable[[dict[str, Any]], Any],
    done: str,
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST run ``action(cleaned data without the correction
    reason, plus ``reason``)`` and go back to the activity, or show the service's refusal."""
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            action({**data, "reason": correction(form)})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(activity_url(activity))
    context = {"form": form, "obj": activity, "crumbs": list_crumbs(activity), **(extra or {})}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, activity = activity_for(request, pk, change=True)
    form = ParticipantAddForm(request.POST or None, activity=activity)
    return _form_page(
        request,
        form=form,
        activity=activity,
        action=lambda data: services_participants.participant_add(
            user=user, activity=activity, **data
        ),
        done=_("Participant added."),
        template="planning/participant_add.html",
    )


@require_http_methods(["GET", "POST"])
def participant_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance and scores of the whole list on one page; all saved or nothing."""
    user, activity = activity_for(request, pk, change=True)
    people = list(selectors_delivery.participants_of(user=user, activity=activity))
    form = ScoresForm(request.POST or None, activity=activity, participants=people)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_participants.participants_record(
                user=user, activity=activity, rows=form.score_rows(), reason=correction(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Attendance and scores of %(n)s participants saved.") % {"n": saved}
            )
            return redirect(activity_url(activity))
    context = {"form": form, "obj": activity, "rows": form.rows(), "crumbs": list_crumbs(activity)}
    return render(request, "planning/participant_scores.html", context)


def _writable(request: HttpRequest, model: Any, pk: int) -> tuple[User, Any]:
    """A participant or cost line of an activity the user may read (404) and change (403)."""
    user = scope.require_reader(request.user)
    readable = selectors_activities.activities_for(user).values("pk")
    found = get_object_or_404(
        model.objects.filter(activity__in=readable).select_related(
            "activity__fiscal_year", "activity__village"
        ),
        pk=pk,
    )
    scope.require_deliver(user, found.activity.village_id)
    return user, found


@require_POST
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user, participant = _writable(request, Participant, pk)
    activity: Activity = participant.activity
    name = participant.person.name
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Take %(name)s off the list") % {"name": name},
            what=_("%(name)s will no longer be a participant of “%(title)s”, with their scores.")
            % {"name": name, "title": activity.title},
            warning=_("The history keeps the row and the reason."),
            button=_("Take off the list"),
            cancel=activity_url(activity),
            crumbs=list_crumbs(activity),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_participants.participant_remove(
            user=user, participant=participant, reason=reason
        ),
        done=_("%(name)s taken off the list.") % {"name": name},
        to=activity_url(activity),
    )


@require_http_methods(["GET", "POST"])
def cost_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, activity = activity_for(request, pk, change=True)
    form = CostForm(request.POST or None, request.FILES or None, activity=activity)
    return _form_page(
        request,
        form=form,
        activity=activity,
        action=lambda data: _cost_saved(
            request, activity, services_costs.cost_add(user=user, activity=activity, **data)
        ),
        done=_("Realised cost recorded."),
        template="planning/cost_form.html",
    )


def _cost_saved(request: HttpRequest, activity: Activity, cost: CostLine) -> CostLine:
    """Warn (the line is kept) when one line is more than the activity's planned cost."""
    if cost.amount_idr > activity.planned_cost_idr:
        messages.warning(
            request,
            _(
                "This line is more than the activity's whole planned cost; it was recorded, "
                "check the amount."
            ),
        )
    return cost


@require_http_methods(["GET", "POST"])
def cost_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, cost = _writable(request, CostLine, pk)
    activity: Activity = cost.activity
    initial = {
        "spent_on": cost.spent_on,
        "description": cost.description,
        "amount_idr": cost.amount_idr,
    }
    form = CostForm(request.POST or None, request.FILES or None, initial=initial, activity=activity)
    return _form_page(
        request,
        form=form,
        activity=activity,
        action=lambda data: _cost_saved(
            request, activity, services_costs.cost_update(user=user, cost=cost, **data)
        ),
        done=_("Realised cost saved."),
        template="planning/cost_form.html",
        extra={"cost": cost},
    )


@require_POST
def cost_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user, cost = _writable(request, CostLine, pk)
    activity: Activity = cost.activity
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Delete the cost “%(what)s”") % {"what": cost.description},
            what=_("The line is taken out of the realised costs of “%(title)s”. Say why.")
            % {"title": activity.title},
            warning=_("The history keeps the line and the reason."),
            button=_("Delete the line"),
            cancel=activity_url(activity),
            crumbs=list_crumbs(activity),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_costs.cost_delete(user=user, cost=cost, reason=reason),
        done=_("Cost line deleted."),
        to=activity_url(activity),
    )


@require_http_methods(["GET", "POST"])
def output_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, activity = activity_for(request, pk, change=True)
    form = OutputForm(request.POST or None, activity=activity)
    return _form_page(
        request,
        form=form,
        activity=activity,
        action=lambda data: services_outputs.output_add(user=user, activity=activity, **data),
        done=_("Output recorded."),
        template="planning/output_form.html",
    )
