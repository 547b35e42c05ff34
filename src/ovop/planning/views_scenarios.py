"""Scenario pages: the year's list, create/edit/duplicate/delete drafts, run, the scenario page
with its frontier and budget slider (an HTMX partial, nothing stored), and the comparison.

Read: administrators, officers, viewers, facilitators (``selectors_scenarios``); owners and
assessors 403 on lists, 404 (owners) on a scenario. Write: planners (403 otherwise); an
approved plan is frozen (refused with the model's message). Approval and the plan page live in
``views_plan``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ovop.accounts.models import User
from ovop.core.forms import Confirmation, add_service_errors, ask_to_confirm, run_and_redirect
from ovop.planning import scope, services_scenarios
from ovop.planning import selectors_scenarios as selectors
from ovop.planning.choices import SolveStatus
from ovop.planning.forms_scenarios import ScenarioForm
from ovop.planning.models import FiscalYear, Scenario
from ovop.planning.selectors_plan import (
    SLIDER_MAX,
    SLIDER_MIN,
    SliderResult,
    comparison,
    parse_ids,
    slider,
)


def list_url(year: FiscalYear) -> str:
    return reverse("planning:scenario_list") + f"?year={year.year}"


def crumbs(year: FiscalYear) -> list[tuple[str, str]]:
    return [(list_url(year), _("Scenarios %(year)s") % {"year": year.year})]


def _readable(request: HttpRequest, pk: int) -> tuple[User, Scenario]:
    user = scope.require_reader(request.user)
    return user, selectors.scenario_get(user=user, pk=pk)


def _writable(request: HttpRequest, pk: int) -> tuple[User, Scenario]:
    """404 outside the user's scope; 403 unless a planner."""
    user, scenario = _readable(request, pk)
    return scope.require_planner(user), scenario


def _year(request: HttpRequest) -> FiscalYear:
    raw = request.GET.get("year")
    if raw is None:
        newest = FiscalYear.objects.order_by("-year").first()
        return newest if newest is not None else selectors.year_get(None)
    return selectors.year_get(raw)


@require_GET
def scenario_list(request: HttpRequest) -> HttpResponse:
    user = selectors.require_plan_reader(request.user)
    year = _year(request)
    context = {
        "year": year,
        "years": FiscalYear.objects.order_by("-year"),
        "scenarios": selectors.scenario_list(year),
        "can_plan": scope.can_plan(user),
    }
    return render(request, "planning/scenario_list.html", context)


@require_http_methods(["GET", "POST"])
def scenario_create(request: HttpRequest) -> HttpResponse:
    user = scope.require_planner(request.user)
    year = _year(request)
    form = ScenarioForm(request.POST or None, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            scenario = services_scenarios.scenario_create(
                user=user, year=year, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Scenario “%(name)s” saved: run it.") % {"name": scenario.name}
            )
            return redirect("planning:scenario_detail", pk=scenario.pk)
    context = {"form": form, "year": year, "scenario": None, "crumbs": crumbs(year)}
    return render(request, "planning/scenario_form.html", context)


@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, scenario = _writable(request, pk)
    year = scenario.fiscal_year
    form = ScenarioForm(request.POST or None, year=year, scenario=scenario)
    if request.method == "POST" and form.is_valid():
        try:
            services_scenarios.scenario_update(
                user=user, scenario=scenario, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
            scenario.refresh_from_db()
        else:
            messages.success(request, _("Changes to “%(name)s” saved.") % {"name": scenario})
            return redirect("planning:scenario_detail", pk=scenario.pk)
    context = {"form": form, "year": year, "scenario": scenario, "crumbs": crumbs(year)}
    return render(request, "planning/scenario_form.html", context)


@require_POST
def scenario_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    user, scenario = _writable(request, pk)
    return run_and_redirect(
        request,
        lambda: services_scenarios.scenario_duplicate(user=user, scenario=scenario),
        done=lambda copy: _("Scenario copied as “%(name)s”.") % {"name": copy.name},
        to=lambda copy: reverse("planning:scenario_detail", args=[copy.pk]),
        refused_to=reverse("planning:scenario_detail", args=[scenario.pk]),
    )


@require_http_methods(["GET", "POST"])
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user, scenario = _writable(request, pk)
    here = reverse("planning:scenario_detail", args=[scenario.pk])
    confirmation = Confirmation(
        title=_("Delete scenario “%(name)s”") % {"name": scenario.name},
        what=_("The scenario and its result are deleted; the proposals stay."),
        cancel=here,
        crumbs=crumbs(scenario.fiscal_year),
    )
    _reason, page = ask_to_confirm(request, confirmation, reason=False)
    if page is not None:
        return page
    return run_and_redirect(
        request,
        lambda: services_scenarios.scenario_delete(user=user, scenario=scenario),
        done=_("Scenario deleted."),
        to=list_url(scenario.fiscal_year),
        refused_to=here,
    )


@require_POST
def scenario_run(request: HttpRequest, pk: int) -> HttpResponse:
    user, scenario = _writable(request, pk)
    here = reverse("planning:scenario_detail", args=[scenario.pk])

    def done(result: Scenario) -> str:
        if result.has_plan or result.solve_status == SolveStatus.INFEASIBLE:
            return _("Run finished: %(status)s.") % {"status": result.get_solve_status_display()}
        return _("The run did not finish: %(message)s") % {"message": result.solve_message}

    return run_and_redirect(
        request,
        lambda: services_scenarios.scenario_run(scenario=scenario, user=user),
        done=done,
        to=here,
    )


def _percent(request: HttpRequest) -> int | None:
    raw = request.GET.get("percent", "")
    return min(max(int(raw), SLIDER_MIN), SLIDER_MAX) if raw.isdigit() and len(raw) < 4 else None


def _live(scenario: Scenario, percent: int) -> tuple[SliderResult | None, str]:
    """The slider's solve, or why it is refused (a measured scenario whose proposals now include
    a type without a figure)."""
    try:
        return slider(scenario, percent), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


@require_GET
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, scenario = _readable(request, pk)
    percent = _percent(request)
    live, refused = (None, "")
    if percent is not None and scenario.frontier:
        live, refused = _live(scenario, percent)
    page = live.page if live is not None else selectors.scenario_page(scenario)
    context = {
        "slider_error": refused,
        "s": scenario,
        "page": page,
        "live": live,
        "percent": percent or 100,
        "comparison": selectors.comparison_sentence(page),
        "can_plan": scope.can_plan(user),
        "crumbs": crumbs(scenario.fiscal_year),
        "slider_min": SLIDER_MIN,
        "slider_max": SLIDER_MAX,
    }
    return render(request, "planning/scenario_detail.html", context)


@require_GET
def scenario_slider(request: HttpRequest, pk: int) -> HttpResponse:
    """The HTMX partial: the optimum at ?percent= of the budget, and the chart marked there."""
    _user, scenario = _readable(request, pk)
    percent = _percent(request) or 100
    live, refused = _live(scenario, percent)
    page = live.page if live is not None else selectors.scenario_page(scenario)
    context = {
        "s": scenario,
        "page": page,
        "live": live,
        "percent": percent,
        "slider_error": refused,
    }
    return render(request, "planning/_scenario_frontier.html", context)


@require_GET
def scenario_compare(request: HttpRequest) -> HttpResponse:
    user = selectors.require_plan_reader(request.user)
    try:
        raw = request.GET.get("ids") or ",".join(request.GET.getlist("pick"))
        table = comparison(user=user, ids=parse_ids(raw))
    except ValidationError as error:
        context: dict[str, Any] = {"errors": error.messages}
        return render(request, "planning/scenario_compare.html", context, status=400)
    year = table.columns[0].scenario.fiscal_year
    context = {"table": table, "crumbs": crumbs(year)}
    return render(request, "planning/scenario_compare.html", context)
