"""Approving a scenario (confirmed: it cannot be undone) and the year's approved plan page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ovop.core.forms import Confirmation, ask_to_confirm, run_and_redirect
from ovop.planning import scope, services_approval
from ovop.planning import selectors_scenarios as selectors
from ovop.planning.choices import ScenarioStatus
from ovop.planning.models import Scenario
from ovop.planning.selectors_plan import plan
from ovop.planning.views_scenarios import crumbs


def _approval(scenario: Scenario, revision: Scenario | None) -> Confirmation:
    what = _("“%(name)s” becomes the plan of %(year)s: its list and numbers are frozen.") % {
        "name": scenario.name,
        "year": scenario.fiscal_year.year,
    }
    if revision is not None:
        what += " " + _(
            "It revises version %(version)s (“%(name)s”), which is kept as "
            "superseded; give the reason, e.g. APBD-P."
        ) % {"version": revision.version, "name": revision.name}
    return Confirmation(
        title=_("Approve the plan"),
        what=what,
        cancel=reverse("planning:scenario_detail", args=[scenario.pk]),
        crumbs=crumbs(scenario.fiscal_year),
    )


@require_http_methods(["GET", "POST"])
def scenario_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = scope.require_reader(request.user)
    scenario = selectors.scenario_get(user=user, pk=pk)
    scope.require_planner(user)
    year = scenario.fiscal_year
    revision = Scenario.objects.filter(fiscal_year=year, status=ScenarioStatus.APPROVED).first()
    needs_reason = revision is not None or year.is_closed
    reason, page = ask_to_confirm(request, _approval(scenario, revision), reason=needs_reason)
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_approval.scenario_approve(scenario=scenario, user=user, reason=reason),
        done=lambda s: (
            _("Approved: plan %(year)s, version %(version)s.")
            % {"year": year.year, "version": s.version}
        ),
        to=reverse("planning:plan", args=[year.year]),
        refused_to=reverse("planning:scenario_detail", args=[scenario.pk]),
    )


def _link(name: str, year: int) -> str:
    try:
        return reverse(name, args=[year])
    except NoReverseMatch:
        return ""


@require_GET
def plan_page(request: HttpRequest, year: int) -> HttpResponse:
    selectors.require_plan_reader(request.user)
    shown = plan(selectors.year_get(year))
    context = {
        "plan": shown,
        "year": shown.year,
        "crumbs": crumbs(shown.year),
        "pdf_url": _link("planning:plan_pdf", year),
        "xlsx_url": _link("planning:plan_xlsx", year),
    }
    return render(request, "planning/scenario_plan.html", context)
