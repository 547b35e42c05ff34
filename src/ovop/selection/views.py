"""Selection round pages (list, opening, the draft's criteria and candidates): parse the
request, check the role, call one selector or service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.core.pagination import paginate
from ovop.selection import scope, selectors, services
from ovop.selection.forms import (
    CandidateForm,
    CriterionForm,
    RoundCreateForm,
    RoundEditForm,
    RoundFilterForm,
)
from ovop.selection.models import Candidate, Criterion, RoundStatus


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    filters = RoundFilterForm(request.GET)
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    rounds = selectors.round_list(user=user, status=status)
    page_obj = paginate(request, rounds)
    context = {
        "filters": filters,
        "page_obj": page_obj,
        "can_manage": scope.can_manage_rounds(user),
    }
    return render(request, "selection/list.html", context)


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_manager(request.user)
    form = RoundCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            selection_round = services.round_create(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Round “%(title)s” opened with the default criteria. Add candidates next.")
                % {"title": selection_round.title},
            )
            return redirect(selection_round)
    return render(request, "selection/form.html", {"form": form, "round": None})


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    selection_round = scope.round_for(user, pk)
    manage = scope.can_manage_rounds(user) and selection_round.status == RoundStatus.DRAFT
    context = {
        "round": selection_round,
        "progress": selectors.round_progress(selection_round),
        "can_edit": manage,
        "can_manage": scope.can_manage_rounds(user),
        "can_judge": scope.can_judge(user, selection_round),
        "can_score": scope.can_score(user, selection_round),
        "can_see_result": scope.can_see_result(user, selection_round),
        "criterion_form": CriterionForm() if manage else None,
        "candidate_form": CandidateForm(area=selection_round.area) if manage else None,
    }
    return render(request, "selection/detail.html", context)


@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    initial = {
        "title": selection_round.title,
        "year": selection_round.year,
        "assessors": list(selection_round.assessors.all()),
    }
    form = RoundEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(user=user, selection_round=selection_round, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Round saved."))
            return redirect(selection_round)
    return render(request, "selection/form.html", {"form": form, "round": selection_round})


@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    form = CriterionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return redirect(selection_round)
    return run_and_redirect(
        request,
        lambda: services.criterion_save(
            user=user, selection_round=selection_round, **form.cleaned_data
        ),
        done=_("Criterion added."),
        to=selection_round,
    )


def _criterion(selection_round_pk: int, criterion_pk: int) -> Criterion:
    criterion = Criterion.objects.filter(round_id=selection_round_pk, pk=criterion_pk).first()
    if criterion is None:
        raise Http404
    return criterion


@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    criterion = _criterion(pk, criterion_pk)
    form = CriterionForm(request.POST or None, initial=CriterionForm.initial_for(criterion))
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                user=user, selection_round=selection_round, criterion=criterion, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criterion “%(name)s” saved.") % {"name": criterion})
            return redirect(selection_round)
    context = {"form": form, "round": selection_round, "criterion": criterion}
    return render(request, "selection/criterion_form.html", context)


@require_POST
def criterion_remove(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    criterion = _criterion(pk, criterion_pk)
    return run_and_redirect(
        request,
        lambda: services.criterion_remove(user=user, criterion=criterion),
        done=_("Criterion “%(name)s” removed.") % {"name": criterion.name},
        to=selection_round,
    )


@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    form = CandidateForm(request.POST, area=selection_round.area)
    if not form.is_valid():
        messages.error(request, _("Candidate: choose one of the area's products."))
        return redirect(selection_round)
    return run_and_redirect(
        request,
        lambda: services.candidate_add(
            user=user, selection_round=selection_round, **form.cleaned_data
        ),
        done=lambda candidate: _("Candidate “%(name)s” added.") % {"name": candidate},
        to=selection_round,
    )


@require_POST
def candidate_remove(request: HttpRequest, pk: int, candidate_pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    candidate = Candidate.objects.filter(round=selection_round, pk=candidate_pk).first()
    if candidate is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: services.candidate_remove(user=user, candidate=candidate),
        done=_("Candidate “%(name)s” removed.") % {"name": candidate.name},
        to=selection_round,
    )


@require_POST
def round_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The first POST asks to confirm, with a reason; the second (``confirm``) starts."""
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    back = selection_round.get_absolute_url()
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Start judging of “%(title)s”") % {"title": selection_round.title},
            what=_(
                "The assessors can then judge and score. The criteria and candidates are fixed "
                "from then on: none can be added, changed or removed."
            ),
            button=_("Start judging"),
            cancel=back,
            crumbs=[
                (reverse("selection:list"), _("Product selection")),
                (back, selection_round.title),
            ],
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services.round_start(user=user, selection_round=selection_round, reason=reason),
        done=_("Judging has started; the criteria are now fixed."),
        to=selection_round,
    )
