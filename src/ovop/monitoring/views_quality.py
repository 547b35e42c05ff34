"""The data-quality page of a round and the page of one flag.

The round's page shows what is missing and the flags of the quality check; admins and
officers recompute the flags there. A flag's page shows what was found; admins and officers
confirm the value (with a reason) or correct it (with a reason; in a locked round only an
administrator corrects). Viewers read both; facilitators read them for the respondents of
their villages; owners and assessors are refused (403).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ovop.accounts.models import User
from ovop.analysis.quality import JUMP_FACTOR
from ovop.core.forms import CleanTextMixin, add_service_errors, run_and_redirect
from ovop.core.pagination import paginate
from ovop.monitoring import scope, services_quality
from ovop.monitoring.answers import round_questions
from ovop.monitoring.choices import FlagKind, FlagStatus
from ovop.monitoring.forms_rounds import EntryForm, ReasonForm
from ovop.monitoring.models import Flag
from ovop.monitoring.selectors_quality import (
    flag_get,
    flag_rows,
    flags_of,
    quality_overview,
    require_quality_reader,
)
from ovop.monitoring.selectors_rounds import as_raw, entry_fields, round_get
from ovop.monitoring.views_rounds import round_crumbs

#: The prefix of the confirmation's reason, beside the correction's on the same page.
CONFIRM = "confirm"


class FlagFilterForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("all")), *FlagStatus.choices],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("all")), *FlagKind.choices],
    )


def _quality_url(round_pk: int) -> str:
    return reverse("monitoring:quality", args=[round_pk])


@require_GET
def quality(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_quality_reader(request.user)
    round_ = round_get(user=user, pk=pk)
    form = FlagFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    flags = flags_of(
        user=user, round_=round_, status=data.get("status", ""), kind=data.get("kind", "")
    )
    page = paginate(request, flags)
    context = {
        "round": round_,
        "overview": quality_overview(user=user, round_=round_, questions=round_questions(round_)),
        "form": form,
        "page": page,
        "rows": flag_rows(user=user, flags=list(page)),
        "can_manage": user.manages,
        "restricted": not user.reads_all,
        "jump_factor": JUMP_FACTOR,
        "crumbs": round_crumbs(round_),
    }
    return render(request, "monitoring/quality.html", context)


@require_POST
def refresh(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    round_ = round_get(user=user, pk=pk)
    return run_and_redirect(
        request,
        lambda: services_quality.quality_refresh(user=user, round_=round_),
        done=lambda r: (
            _("Values checked: %(new)s new flags, %(gone)s removed, %(open)s still to check.")
            % {"new": r.created, "gone": r.removed, "open": r.still_open}
        ),
        to=_quality_url(round_.pk),
    )


def _flag_page(
    request: HttpRequest,
    user: User,
    flag: Flag,
    *,
    form: EntryForm | None = None,
    confirmation: ReasonForm | None = None,
    correction: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    round_ = flag.respondent.round
    questions = services_quality.flag_questions(flag, round_)
    if form is None:
        names = {q.name for q in questions}
        fields = [f for f in entry_fields(flag.respondent) if f.question.name in names]
        form = EntryForm(initial=as_raw(fields), questions=questions)
    can_settle = user.manages and flag.status == FlagStatus.OPEN
    context = {
        "flag": flag,
        "r": flag.respondent,
        "round": round_,
        "text": flag_rows(user=user, flags=[flag])[0].text,
        "form": form,
        "confirmation": confirmation or ReasonForm(prefix=CONFIRM),
        "correction": correction or ReasonForm(),
        "can_confirm": can_settle,
        "can_correct": can_settle and services_quality.may_correct(user, round_),
        "crumbs": [*round_crumbs(round_), (_quality_url(round_.pk), _("Data quality"))],
    }
    return render(request, "monitoring/quality_flag.html", context, status=status)


@require_GET
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_quality_reader(request.user)
    return _flag_page(request, user, flag_get(user=user, pk=pk))


@require_POST
def flag_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    flag = flag_get(user=user, pk=pk)
    confirmation = ReasonForm(request.POST, prefix=CONFIRM)
    if confirmation.is_valid():
        try:
            services_quality.flag_confirm(
                user=user, flag=flag, reason=confirmation.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(confirmation, error)
        else:
            messages.success(request, _("The value is confirmed as correct."))
            return redirect(_quality_url(flag.respondent.round_id))
    return _flag_page(request, user, flag, confirmation=confirmation, status=400)


@require_POST
def flag_correct(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    flag = flag_get(user=user, pk=pk)
    round_ = flag.respondent.round
    if not services_quality.may_correct(user, round_):
        raise PermissionDenied
    form = EntryForm(request.POST, questions=services_quality.flag_questions(flag, round_))
    correction = ReasonForm(request.POST)
    if form.is_valid() and correction.is_valid():
        # only the fields sent: a field left out of the request keeps its value
        raw = {k: v for k, v in form.cleaned_data.items() if k in request.POST}
        try:
            written = services_quality.flag_correct(
                user=user, flag=flag, raw=raw, reason=correction.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            n = written.created + written.updated + written.removed
            messages.success(request, _("%(n)s values corrected.") % {"n": n})
            return redirect(_quality_url(round_.pk))
    return _flag_page(request, user, flag, form=form, correction=correction, status=400)
