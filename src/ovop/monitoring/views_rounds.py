"""Pages of survey rounds: list, create, edit, one round with its respondents, adding the
participants, removing a respondent, locking and reopening, history.

Read by every role but assessors (an owner sees the rounds their enterprise answers);
changed by admins and officers (403 otherwise); reopening a locked round by administrators.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.core.history import history_page, record_history
from ovop.core.pagination import paginate
from ovop.monitoring import scope, services_rounds
from ovop.monitoring.answers import round_indicators
from ovop.monitoring.forms_rounds import RespondentFilterForm, RoundForm
from ovop.monitoring.models import Round
from ovop.monitoring.selectors_rounds import (
    respondents_of,
    round_counts,
    round_get,
    rounds_visible,
)


def round_crumbs(round_: Round | None = None) -> list[tuple[str, str]]:
    crumbs = [(reverse("monitoring:round_list"), _("Survey rounds"))]
    if round_ is not None:
        crumbs.append((reverse("monitoring:round", args=[round_.pk]), round_.name))
    return crumbs


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    rounds = list(rounds_visible(user))
    counts = round_counts(user, rounds)
    context = {
        "rows": [(r, counts[r.pk]) for r in rounds],
        "can_manage": user.manages,
        "crumbs": [],
    }
    return render(request, "monitoring/round_list.html", context)


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_manager(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services_rounds.round_create(
                user=user, programme=form.cleaned_data["programme"], **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round “%(name)s” created.") % {"name": round_.name})
            return redirect("monitoring:round", round_.pk)
    context = {"form": form, "round": None, "crumbs": round_crumbs()}
    return render(request, "monitoring/round_form.html", context)


@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    form = RoundForm(request.POST or None, round_=round_, initial=RoundForm.initial_for(round_))
    if request.method == "POST" and form.is_valid():
        try:
            services_rounds.round_update(user=user, round_=round_, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round “%(name)s” saved.") % {"name": round_.name})
            return redirect("monitoring:round", round_.pk)
    context = {"form": form, "round": round_, "crumbs": round_crumbs(round_)}
    return render(request, "monitoring/round_form.html", context)


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    round_ = round_get(user=user, pk=pk)
    form = RespondentFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = respondents_of(
        user=user,
        round_=round_,
        status=data.get("status", ""),
        arm=data.get("arm", ""),
        query=data.get("q", ""),
    )
    context = {
        "round": round_,
        "indicators": round_indicators(round_),
        "counts": round_counts(user, [round_])[round_.pk],
        "form": form,
        "page": paginate(request, rows),
        "can_manage": user.manages,
        "is_admin": scope.is_admin(user),
        "crumbs": round_crumbs(),
    }
    return render(request, "monitoring/round_detail.html", context)


@require_POST
def participants_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    return run_and_redirect(
        request,
        lambda: services_rounds.participants_add(user=user, round_=round_),
        done=lambda n: _("%(n)s participants added.") % {"n": n},
        to=reverse("monitoring:round", args=[round_.pk]),
    )


@require_POST
def round_lock(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    back = reverse("monitoring:round", args=[round_.pk])
    counts = round_counts(user, [round_])[round_.pk]
    _reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Lock %(name)s") % {"name": round_.name},
            what=_(
                "%(approved)s of %(total)s entries are approved. Once locked, the round's "
                "values change only by an administrator's correction with a reason."
            )
            % {"approved": counts.approved, "total": counts.total},
            warning=_("Only an administrator can reopen it."),
            cancel=back,
            crumbs=round_crumbs(round_),
        ),
        reason=False,
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_rounds.round_lock(user=user, round_=round_),
        done=_("Round “%(name)s” locked.") % {"name": round_.name},
        to=back,
    )


@require_POST
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    if not scope.is_admin(user):
        services_rounds.round_reopen(user=user, round_=round_, reason="")  # raises 403
    back = reverse("monitoring:round", args=[round_.pk])
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Reopen %(name)s") % {"name": round_.name},
            what=_("Its values can be entered and changed again until it is locked anew."),
            warning=_("The reopening and its reason stay in the round's history."),
            cancel=back,
            crumbs=round_crumbs(round_),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_rounds.round_reopen(user=user, round_=round_, reason=reason),
        done=_("Round “%(name)s” reopened.") % {"name": round_.name},
        to=back,
    )


@require_GET
def round_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    round_ = round_get(user=user, pk=pk)
    return history_page(
        request,
        title=_("History of %(name)s") % {"name": round_.name},
        crumbs=round_crumbs(round_),
        back=reverse("monitoring:round", args=[round_.pk]),
        back_text=_("Back to the round"),
        entries=record_history(obj=round_),
    )
