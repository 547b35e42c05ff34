"""The planning home (the fiscal years and their figures), one year's overview, opening a year
and its rubric weights.

Readers: everyone but assessors (403). The budget figures are shown to those who see the plan
(``scope.reads_plan``); an owner sees the page without them. Writes: planners only (403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ovop.core.forms import add_service_errors
from ovop.planning import scope, services_years
from ovop.planning.forms_budget import WeightsForm, YearOpenForm
from ovop.planning.models import FiscalYear
from ovop.planning.selectors_budget import (
    closed_note,
    require_plan_reader,
    source_list,
    year_get,
    year_summaries,
)


def optional_url(name: str) -> str:
    """The address of page ``name``, or "" when that page does not exist (yet)."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def year_crumbs(year: FiscalYear | None = None) -> list[tuple[str, str]]:
    """(address, text) crumbs between Home and a page of ``year``."""
    crumbs = [(reverse("planning:home"), _("Budget plan"))]
    if year is not None:
        crumbs.append((reverse("planning:year", args=[year.year]), str(year.year)))
    return crumbs


def _links() -> dict[str, str]:
    return {
        "scenario_url": optional_url("planning:scenario_list"),
        "activity_url": optional_url("planning:activity_list"),
    }


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = scope.require_reader(request.user)
    reads = scope.reads_plan(user)
    context = {
        "summaries": year_summaries(user=user) if reads else [],
        "reads_plan": reads,
        "can_plan": scope.can_plan(user),
        **_links(),
    }
    return render(request, "planning/home.html", context)


@require_GET
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    user = require_plan_reader(request.user)
    fiscal_year = year_get(year=year)
    context = {
        "fy": fiscal_year,
        "summary": year_summaries(user=user, year=year)[0],
        "sources": list(source_list(year=fiscal_year)),
        "can_plan": scope.can_plan(user),
        "closed_note": closed_note(fiscal_year),
        "crumbs": year_crumbs(),
        **_links(),
    }
    return render(request, "planning/year.html", context)


@require_http_methods(["GET", "POST"])
def year_open(request: HttpRequest) -> HttpResponse:
    user = scope.require_planner(request.user)
    latest = FiscalYear.objects.order_by("-year").first()
    initial = {"year": latest.year + 1} if latest else {}
    form = YearOpenForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fiscal_year = services_years.year_open(user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Fiscal year %(year)s opened.") % {"year": fiscal_year})
            return redirect("planning:year", fiscal_year.year)
    context = {"form": form, "title": _("Open a fiscal year"), "crumbs": year_crumbs()}
    return render(request, "planning/year_form.html", context)


@require_http_methods(["GET", "POST"])
def year_weights(request: HttpRequest, year: int) -> HttpResponse:
    user = scope.require_planner(request.user)
    fiscal_year = year_get(year=year)
    form = WeightsForm(request.POST or None, year=fiscal_year)
    if request.method == "POST" and form.is_valid():
        try:
            services_years.year_weights_update(user=user, year=fiscal_year, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Rubric weights of %(year)s saved.") % {"year": year})
            return redirect("planning:year", year)
    context = {
        "form": form,
        "title": _("Rubric weights of %(year)s") % {"year": year},
        "intro": _(
            "The expected benefit of a proposal is the weighted mean of five parts, each from "
            "0 to 1: beneficiaries, priority of the village's product, star level, stage "
            "reached in the empowerment cycle, and buyers' demand for the village's products in "
            "the public catalogue. Each weight is 0 to 100; at least one above zero."
        ),
        "crumbs": year_crumbs(fiscal_year),
    }
    return render(request, "planning/year_form.html", context)
