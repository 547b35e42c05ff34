"""Cycle pages: the list, opening a cycle, the cycle page with its stages, moving between
stages, the review that closes it, its history. Content of stages 1–4: ``views_stages``.

Read: every role but assessors (records outside the user's scope answer 404). Write: the
cycle's village must be the user's (403 otherwise), and a closed cycle is read-only (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import (
    Confirmation,
    add_service_errors,
    ask_to_confirm,
    hidden_values,
    run_and_redirect,
)
from ovop.core.history import history_page
from ovop.core.pagination import paginate
from ovop.empowerment import scope, selectors_actions
from ovop.empowerment import selectors_cycles as selectors
from ovop.empowerment import services_cycles as services
from ovop.empowerment.forms_cycles import (
    CycleBackForm,
    CycleCloseForm,
    CycleFilterForm,
    CycleOpenForm,
    stage_forms,
)
from ovop.empowerment.models import Cycle

HISTORY_PAGE_SIZE = 50


def writable_cycle(request: HttpRequest, pk: int) -> tuple[User, Cycle]:
    """The user and cycle ``pk`` when the user may change it: 404 outside the user's scope,
    403 when it is readable only, or closed."""
    user = scope.require_reader(request.user)
    cycle = selectors.cycle_get(user=user, pk=pk)
    scope.require_change_village(user, cycle.village_id)
    if cycle.is_closed:
        raise PermissionDenied
    return user, cycle


def cycle_crumbs(cycle: Cycle | None = None) -> list[tuple[str, str]]:
    crumbs = [(reverse("empowerment:cycle_list"), _("Empowerment cycles"))]
    if cycle is not None:
        crumbs.append((cycle.get_absolute_url(), cycle_title(cycle)))
    return crumbs


def cycle_title(cycle: Cycle) -> str:
    return _("%(village)s — cycle %(number)s (%(year)s)") % {
        "village": cycle.village.name,
        "number": cycle.number,
        "year": cycle.year,
    }


def form_page(
    request: HttpRequest,
    form: object,
    *,
    title: str,
    button: str,
    cancel: str,
    crumbs: list[tuple[str, str]],
    intro: str = "",
) -> HttpResponse:
    """The one-column form page of the cycle's steps and content."""
    context = {
        "form": form,
        "title": title,
        "button": button,
        "cancel": cancel,
        "crumbs": crumbs,
        "intro": intro,
    }
    return render(request, "empowerment/cycle_form_page.html", context)


@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    filters = CycleFilterForm(request.GET)
    values = filters.cleaned_data if filters.is_valid() else {}
    cycles = selectors.cycle_list(
        user=user,
        q=values.get("q", ""),
        stage=values.get("stage"),
        status=values.get("status", ""),
        year=values.get("year"),
    )
    context = {
        "filters": filters,
        "page_obj": paginate(request, cycles),
        "can_open": scope.villages_for_new_records(user).exists(),
    }
    return render(request, "empowerment/cycle_list.html", context)


@require_http_methods(["GET", "POST"])
def cycle_open(request: HttpRequest) -> HttpResponse:
    user = scope.require_writer(request.user)
    initial: dict[str, object] = {"year": timezone.localdate().year}
    group = request.GET.get("group", "")
    village = request.GET.get("village", "")
    if group.isascii() and group.isdigit():
        initial["groups"] = [int(group)]
    elif village.isascii() and village.isdigit():
        offered = selectors.groups_for_new_cycle(user=user).filter(village_id=int(village))
        initial["groups"] = [g.pk for g in offered]
    form = CycleOpenForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        groups = list(form.cleaned_data["groups"])
        try:
            cycle = services.cycle_open(
                user=user, village=groups[0].village, groups=groups, year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Cycle %(title)s opened.") % {"title": cycle_title(cycle)})
            return redirect(cycle)
    return form_page(
        request,
        form,
        title=_("Open a cycle"),
        button=_("Open the cycle"),
        cancel=reverse("empowerment:cycle_list"),
        crumbs=cycle_crumbs(),
        intro=_(
            "The cycle starts at stage 1 (experiences). A village has one open cycle at a time."
        ),
    )


@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    cycle = selectors.cycle_get(user=user, pk=pk)
    detail = selectors.cycle_detail(user=user, cycle=cycle)
    context = {
        "cycle": cycle,
        "detail": detail,
        "title": cycle_title(cycle),
        "plan": selectors_actions.action_plan(cycle, user),
    }
    if detail.writable:
        context["forms"] = stage_forms(cycle)
    return render(request, "empowerment/cycle_detail.html", context)


@require_POST
def cycle_advance(request: HttpRequest, pk: int) -> HttpResponse:
    user, cycle = writable_cycle(request, pk)
    return run_and_redirect(
        request,
        lambda: services.cycle_advance(user=user, cycle=cycle),
        done=lambda moved: _("The cycle is now at stage %(stage)s.") % {"stage": moved.stage},
        to=cycle,
    )


@require_http_methods(["GET", "POST"])
def cycle_back(request: HttpRequest, pk: int) -> HttpResponse:
    user, cycle = writable_cycle(request, pk)
    form = CycleBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_back(user=user, cycle=cycle, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The cycle is back at stage %(stage)s.") % {"stage": cycle.stage}
            )
            return redirect(cycle)
    return form_page(
        request,
        form,
        title=_("Back from stage %(stage)s to stage %(previous)s")
        % {"stage": cycle.stage, "previous": cycle.stage - 1},
        button=_("Go back one stage"),
        cancel=cycle.get_absolute_url(),
        crumbs=cycle_crumbs(cycle),
        intro=_("Everything entered stays; the move is logged with your name and the reason."),
    )


def _close_confirmation(request: HttpRequest, cycle: Cycle, form: CycleCloseForm) -> Confirmation:
    return Confirmation(
        title=_("Close %(title)s") % {"title": cycle_title(cycle)},
        what=_(
            "The cycle will be closed with what was achieved and become read-only. Cycle "
            "%(next)s opens for %(year)s with the same groups, at stage 1, and every unfinished "
            "action (planned or in progress) is carried over to it."
        )
        % {"next": cycle.number + 1, "year": form.cleaned_data["next_year"]},
        button=_("Close the cycle"),
        cancel=reverse("empowerment:cycle_close", args=[cycle.pk]),
        crumbs=cycle_crumbs(cycle),
        hidden=hidden_values(request.POST, list(form.fields)),
    )


@require_http_methods(["GET", "POST"])
def cycle_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The review: the form, then a confirmation (irreversible), then the close."""
    user, cycle = writable_cycle(request, pk)
    form = CycleCloseForm(request.POST or None, initial={"next_year": cycle.year + 1})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            services.cycle_close_check(user=user, cycle=cycle, **values)
            _reason, page = ask_to_confirm(
                request, _close_confirmation(request, cycle, form), reason=False
            )
            if page is not None:
                return page
            following = services.cycle_close(user=user, cycle=cycle, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Cycle closed. Cycle %(number)s is open at stage 1.")
                % {"number": following.number},
            )
            return redirect(following)
    return form_page(
        request,
        form,
        title=_("Review and close %(title)s") % {"title": cycle_title(cycle)},
        button=_("Continue"),
        cancel=cycle.get_absolute_url(),
        crumbs=cycle_crumbs(cycle),
        intro=_(
            "The review closes the cycle for good and opens the next one, carrying over the "
            "unfinished actions. You confirm on the next page."
        ),
    )


@require_GET
def cycle_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    cycle = selectors.cycle_get(user=user, pk=pk)
    back = cycle.get_absolute_url()
    return history_page(
        request,
        title=_("History of %(title)s") % {"title": cycle_title(cycle)},
        crumbs=cycle_crumbs(cycle),
        back=back,
        back_text=_("Back to the cycle"),
        intro=_(
            "Every change to the cycle and to what its stages hold: who made it, when, and "
            "the values before and after."
        ),
        entries=selectors.cycle_history(user=user, cycle=cycle),
        page_size=HISTORY_PAGE_SIZE,
    )
