"""Judging, scores, the result and the decision: parse, check the role, call one selector or
service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.analysis import AnalysisError
from ovop.core.forms import (
    Confirmation,
    add_service_errors,
    ask_to_confirm,
    hidden_values,
    run_and_redirect,
)
from ovop.selection import decisions, judging, scope, selectors, services
from ovop.selection.forms import DecideForm, JudgementForm, ScoresForm
from ovop.selection.models import Candidate, Judgement, RoundStatus, SelectionRound


def _judgement_form(
    request: HttpRequest, pk: int
) -> tuple[User, SelectionRound, JudgementForm, Judgement | None]:
    user = scope.require_reader(request.user)
    selection_round = scope.round_for(user, pk)
    scope.require_judge(user, selection_round)
    criteria = list(selection_round.criteria.order_by("position", "id"))
    existing = Judgement.objects.filter(round=selection_round, assessor=user).first()
    form = JudgementForm(
        request.POST or None,
        criteria=criteria,
        matrix=existing.matrix if existing else None,
        initial={"reason": existing.reason if existing else ""},
    )
    return user, selection_round, form, existing


def _check(form: JudgementForm) -> judging.Consistency | None:
    return _check_matrix(form.matrix(), form)


def _check_matrix(matrix: list[list[float]], form: JudgementForm) -> judging.Consistency | None:
    try:
        return judging.consistency(matrix, [c.name for c in form.criteria])
    except AnalysisError:
        return None


@require_http_methods(["GET", "POST"])
def judge(request: HttpRequest, pk: int) -> HttpResponse:
    """The pairwise form. A saved judgement is confirmed with the consistency the service
    computed; a refused one is shown again with the consistency of the answers given."""
    user, selection_round, form, existing = _judgement_form(request, pk)
    check = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.judgement_save(
                user=user,
                selection_round=selection_round,
                matrix=form.matrix(),
                submit="submit" in request.POST,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            check = _check(form)
        else:
            messages.success(request, _saved_message(saved))
            return redirect(selection_round)
    elif not form.is_bound:  # what the form starts from: the saved answers, or all equal
        n = len(form.criteria)
        start = existing.matrix if existing is not None else judging.matrix_from_answers(n, {})
        check = _check_matrix(start, form)
    context = {"form": form, "round": selection_round, "check": check, "existing": existing}
    return render(request, "selection/judge.html", context)


def _saved_message(saved: services.JudgementSaved) -> str:
    done = _("Judgement submitted.") if saved.judgement.submitted else _("Draft saved.")
    cr = _("Consistency ratio: %(cr)s.") % {"cr": number_format(saved.consistency.cr, 3)}
    return f"{done} {cr}"


@require_POST
def judge_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The consistency of the answers so far, as an HTML fragment (for HTMX)."""
    _user, _round, form, _existing = _judgement_form(request, pk)
    check = _check(form) if form.is_valid() else None
    return render(request, "selection/_consistency.html", {"check": check})


@require_http_methods(["GET", "POST"])
def scores(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    selection_round = scope.round_for(user, pk)
    scope.require_scorer(user, selection_round)
    progress = selectors.round_progress(selection_round)
    grid = selectors.score_grid(selection_round)
    initial = {f"score_{c}_{k}": s.value for (c, k), s in grid.items()}
    form = ScoresForm(
        request.POST or None,
        candidates=progress.candidates,
        criteria=progress.criteria,
        entered_by={key: str(s.entered_by) for key, s in grid.items()},
        locked=frozenset(k for k, s in grid.items() if not scope.can_change_score(user, s)),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            written = services.scores_set(
                user=user, selection_round=selection_round, values=form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s scores saved.") % {"n": written})
            return redirect(selection_round)
    context = {"form": form, "round": selection_round, "progress": progress}
    return render(request, "selection/scores.html", context)


@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    selection_round = scope.round_for(user, pk)
    if not scope.can_see_result(user, selection_round):
        raise PermissionDenied
    shown, decision = selectors.result_shown(selection_round)
    context = {
        "round": selection_round,
        "result": shown,
        "decision": decision,
        "conventions": services.CONVENTIONS,
        "can_decide": scope.can_manage_rounds(user)
        and selection_round.status == RoundStatus.JUDGING,
    }
    return render(request, "selection/result.html", context)


def _decide_confirmation(
    request: HttpRequest, selection_round: SelectionRound, candidate: Candidate
) -> Confirmation:
    back = reverse("selection:result", args=[selection_round.pk])
    return Confirmation(
        title=_("Designate “%(name)s”") % {"name": candidate.name},
        what=_(
            "“%(name)s” will be the chosen product of %(area)s for %(year)s. The round closes: "
            "its criteria, judgements, scores and results are frozen with the decision, and the "
            "village's designation for that year is set by it."
        )
        % {"name": candidate.name, "area": selection_round.area.name, "year": selection_round.year},
        button=_("Designate"),
        cancel=back,
        crumbs=[
            (reverse("selection:list"), _("Product selection")),
            (selection_round.get_absolute_url(), selection_round.title),
            (back, _("Result")),
        ],
        hidden=hidden_values(request.POST, ["candidate", "note"]),
    )


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_manager(request.user)
    selection_round = scope.round_for(user, pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        raise Http404
    candidate = selection_round.candidates.filter(pk=form.cleaned_data["candidate"]).first()
    if candidate is None:
        raise Http404
    reason, page = ask_to_confirm(
        request, _decide_confirmation(request, selection_round, candidate)
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: decisions.round_decide(
            user=user,
            selection_round=selection_round,
            candidate=candidate,
            note=form.cleaned_data["note"],
            reason=reason,
        ),
        done=_("“%(name)s” designated; the round is closed.") % {"name": candidate.name},
        to=reverse("selection:result", args=[selection_round.pk]),
    )
