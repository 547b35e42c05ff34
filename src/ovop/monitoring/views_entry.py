"""The entry page of one respondent: the round's questions as one form (save a draft or
submit), the review (approve or return with a comment), an administrator's correction once
the round is locked, and the changes of its values."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import add_service_errors
from ovop.monitoring import scope, services_entry
from ovop.monitoring.answers import round_questions
from ovop.monitoring.forms_rounds import EntryForm, ReasonForm, ReviewForm
from ovop.monitoring.models import Respondent
from ovop.monitoring.selectors_rounds import (
    as_raw,
    entry_fields,
    entry_revisions,
    respondent_get,
)
from ovop.monitoring.views_rounds import round_crumbs


def _page(
    request: HttpRequest,
    user: User,
    respondent: Respondent,
    form: EntryForm,
    correction: ReasonForm | None = None,
    review: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    round_ = respondent.round
    context = {
        "r": respondent,
        "round": round_,
        "form": form,
        "can_enter": scope.can_enter(user, respondent),
        "can_review": scope.can_review(user, respondent) and respondent.status == "submitted",
        "can_correct": scope.can_correct(user, round_),
        "review": review or ReviewForm(),
        "correction": correction or ReasonForm(),
        "revisions": entry_revisions(respondent),
        "crumbs": round_crumbs(round_),
    }
    return render(request, "monitoring/entry.html", context, status=status)


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    respondent = respondent_get(user=user, pk=pk)
    questions = round_questions(respondent.round)
    if request.method == "GET":
        fields = entry_fields(respondent)
        return _page(
            request, user, respondent, EntryForm(initial=as_raw(fields), questions=questions)
        )
    if not scope.can_enter(user, respondent):
        raise PermissionDenied
    form = EntryForm(request.POST, questions=questions)
    submit = "submit" in request.POST
    if form.is_valid():
        try:
            services_entry.entry_save(
                user=user, respondent=respondent, raw=form.cleaned_data, submit=submit
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if submit:
                messages.success(
                    request,
                    _("Entry of %(name)s submitted for review.")
                    % {"name": respondent.enterprise.name},
                )
                return redirect("monitoring:round", respondent.round_id)
            messages.success(
                request, _("Draft of %(name)s saved.") % {"name": respondent.enterprise.name}
            )
            return redirect("monitoring:entry", respondent.pk)
    return _page(request, user, respondent, form, status=400)


@require_POST
def entry_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    respondent = respondent_get(user=user, pk=pk)
    review = ReviewForm(request.POST)
    approve = "approve" in request.POST
    if review.is_valid():
        try:
            services_entry.entry_review(
                user=user,
                respondent=respondent,
                approve=approve,
                comment=review.cleaned_data["comment"],
            )
        except ValidationError as error:
            add_service_errors(review, error)
        else:
            done = _("Entry approved.") if approve else _("Entry returned with your comment.")
            messages.success(request, done)
            return redirect(
                reverse("monitoring:round", args=[respondent.round_id]) + "?status=submitted"
            )
    fields = entry_fields(respondent)
    form = EntryForm(initial=as_raw(fields), questions=round_questions(respondent.round))
    return _page(request, user, respondent, form, review=review, status=400)


@require_POST
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    respondent = respondent_get(user=user, pk=pk)
    if not scope.can_correct(user, respondent.round):
        raise PermissionDenied
    questions = round_questions(respondent.round)
    form = EntryForm(request.POST, questions=questions)
    correction = ReasonForm(request.POST)
    if form.is_valid() and correction.is_valid():
        try:
            written = services_entry.value_correct(
                user=user,
                respondent=respondent,
                raw=form.cleaned_data,
                reason=correction.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(n)s values corrected.")
                % {"n": written.updated + written.created + written.removed},
            )
            return redirect("monitoring:entry", respondent.pk)
    return _page(request, user, respondent, form, correction=correction, status=400)
