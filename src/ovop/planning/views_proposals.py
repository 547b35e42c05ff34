"""Pages of a year's proposals: the list (filters, totals, rubric scores), one proposal, record
and edit (village first, then the rest), withdraw, restore, history, and reading proposals from
the empowerment action plans.

Read: planners and viewers every proposal, a facilitator those of their villages (404 for
others); owners and assessors 403. Change: planners only (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.core.history import history_page
from ovop.core.pagination import paginate
from ovop.planning import scope, services_proposals
from ovop.planning import selectors_proposals as selectors
from ovop.planning.forms_proposals import ProposalFilterForm, ProposalForm, VillagePickForm
from ovop.planning.models import FiscalYear, Proposal
from ovop.planning.selectors_budget import closed_note, require_plan_reader, year_get
from ovop.planning.selectors_rubric import proposal_demand
from ovop.planning.services_proposals_import import proposals_import_from_actions
from ovop.planning.views_years import year_crumbs
from ovop.regions.models import Region


def proposal_crumbs(year: FiscalYear) -> list[tuple[str, str]]:
    url = reverse("planning:proposal_list", args=[year.year])
    return [*year_crumbs(year), (url, _("Proposals"))]


def _detail_url(proposal: Proposal) -> str:
    return reverse("planning:proposal_detail", args=[proposal.pk])


def _writable(request: HttpRequest, pk: int) -> tuple[User, Proposal]:
    """404 outside the user's read scope; 403 unless the user plans."""
    user = require_plan_reader(request.user)
    proposal = selectors.proposal_get(user=user, pk=pk)
    scope.require_planner(user)
    return user, proposal


@require_GET
def proposal_list(request: HttpRequest, year: int) -> HttpResponse:
    user = require_plan_reader(request.user)
    fiscal_year = year_get(year=year)
    form = ProposalFilterForm(request.GET or None, year=fiscal_year)
    form.is_valid()
    rows = selectors.proposal_list(user=user, year=fiscal_year, filters=form.filters())
    page_obj = paginate(request, rows)
    context = {
        "fy": fiscal_year,
        "form": form,
        "page_obj": page_obj,
        "rows": selectors.proposal_rows(list(page_obj), selectors.rubric_scores(fiscal_year)),
        "totals": selectors.proposal_totals(rows),
        "can_plan": scope.can_plan(user),
        "closed_note": closed_note(fiscal_year),
        "crumbs": year_crumbs(fiscal_year),
    }
    return render(request, "planning/proposal_list.html", context)


@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_plan_reader(request.user)
    proposal = selectors.proposal_get(user=user, pk=pk)
    context = {
        "p": proposal,
        "score": selectors.rubric_scores(proposal.fiscal_year).get(proposal.pk),
        "can_plan": scope.can_plan(user),
        "closed_note": closed_note(proposal.fiscal_year),
        "crumbs": proposal_crumbs(proposal.fiscal_year),
        "demand": proposal_demand(proposal.fiscal_year.year, proposal.village.code),
    }
    return render(request, "planning/proposal_detail.html", context)


def _village(request: HttpRequest) -> tuple[VillagePickForm, Region | None]:
    """The village asked for (?village=<code>, kept in the POST as ``for_village``)."""
    code = request.POST.get("for_village") or request.GET.get("village")
    pick = VillagePickForm({"village": code} if code else None)
    village = pick.cleaned_data["village"] if code and pick.is_valid() else None
    return VillagePickForm(request.GET or None) if village is None else pick, village


def _form_page(
    request: HttpRequest, form: ProposalForm, year: FiscalYear, proposal: Proposal | None
) -> HttpResponse:
    context = {"form": form, "fy": year, "p": proposal, "crumbs": proposal_crumbs(year)}
    return render(request, "planning/proposal_form.html", context)


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, year: int) -> HttpResponse:
    user = scope.require_planner(request.user)
    fiscal_year = year_get(year=year)
    pick, village = _village(request)
    if village is None:
        context = {"pick": pick, "fy": fiscal_year, "crumbs": proposal_crumbs(fiscal_year)}
        return render(request, "planning/proposal_village.html", context)
    form = ProposalForm(request.POST or None, year=fiscal_year, village=village)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services_proposals.proposal_create(
                user=user, year=fiscal_year, data=form.to_input(), reason=_reason(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Proposal “%(title)s” recorded.") % {"title": proposal})
            return redirect(_detail_url(proposal))
    return _form_page(request, form, fiscal_year, None)


def _reason(form: ProposalForm) -> str:
    return str(form.cleaned_data.get("reason") or "")


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _writable(request, pk)
    pick, village = _village(request)
    if village is None and request.method == "GET" and "move" in request.GET:
        context = {
            "pick": pick,
            "fy": proposal.fiscal_year,
            "p": proposal,
            "crumbs": proposal_crumbs(proposal.fiscal_year),
        }
        return render(request, "planning/proposal_village.html", context)
    village = village or proposal.village
    initial = ProposalForm.initial_for(proposal)
    form = ProposalForm(
        request.POST or None,
        year=proposal.fiscal_year,
        village=village,
        proposal=proposal,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_proposals.proposal_update(
                user=user, proposal=proposal, data=form.to_input(), reason=_reason(form)
            )
        except ValidationError as error:
            add_service_errors(form, error)
            proposal.refresh_from_db()
        else:
            messages.success(request, _("Proposal “%(title)s” saved.") % {"title": proposal})
            return redirect(_detail_url(proposal))
    return _form_page(request, form, proposal.fiscal_year, proposal)


@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _writable(request, pk)
    reason, page = ask_to_confirm(
        request,
        Confirmation(
            title=_("Withdraw “%(title)s”") % {"title": proposal.title},
            what=_("The proposal leaves the year's plan runs until it is restored."),
            warning=_("It can be restored later; the history keeps the reason."),
            cancel=_detail_url(proposal),
            crumbs=proposal_crumbs(proposal.fiscal_year),
        ),
    )
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_proposals.proposal_withdraw(user=user, proposal=proposal, reason=reason),
        done=_("Proposal “%(title)s” withdrawn.") % {"title": proposal.title},
        to=_detail_url(proposal),
    )


@require_POST
def proposal_restore(request: HttpRequest, pk: int) -> HttpResponse:
    user, proposal = _writable(request, pk)
    return run_and_redirect(
        request,
        lambda: services_proposals.proposal_restore(user=user, proposal=proposal),
        done=_("Proposal “%(title)s” restored.") % {"title": proposal.title},
        to=_detail_url(proposal),
    )


@require_GET
def proposal_history(request: HttpRequest, pk: int) -> HttpResponse:
    user = require_plan_reader(request.user)
    proposal = selectors.proposal_get(user=user, pk=pk)
    return history_page(
        request,
        title=_("History of %(title)s") % {"title": proposal.title},
        crumbs=proposal_crumbs(proposal.fiscal_year),
        back=_detail_url(proposal),
        back_text=_("Back to the proposal"),
        entries=selectors.proposal_history(proposal=proposal),
    )


@require_POST
def proposal_import_actions(request: HttpRequest, year: int) -> HttpResponse:
    user = scope.require_planner(request.user)
    fiscal_year = year_get(year=year)

    def done(created: list[Proposal]) -> str:
        return ngettext(
            "%(count)s proposal read from the action plans.",
            "%(count)s proposals read from the action plans.",
            len(created),
        ) % {"count": len(created)}

    return run_and_redirect(
        request,
        lambda: proposals_import_from_actions(year=fiscal_year, user=user),
        done=done,
        to=reverse("planning:proposal_list", args=[year]),
    )
