"""The realisation page (realisasi fisik dan keuangan) and the report downloads: the realisation
as XLSX and PDF, the approved plan (Rencana Kegiatan) as XLSX and PDF.

Readers of the plan read them — officers, administrators, viewers, and facilitators (their
villages' rows only); owners and assessors are refused (403). An unknown year, or a plan not
yet approved, answers 404. Downloads are in the page's language unless ``?lang=id|en`` asks
otherwise."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from ovop.accounts.models import User
from ovop.planning import scope
from ovop.planning.alerts import PACE_PCT
from ovop.planning.forms_reports import MonthForm
from ovop.planning.models import FiscalYear, Scenario
from ovop.planning.reports_pdf import filename, groups, plan_pdf, realisation_pdf
from ovop.planning.reports_xlsx import workbook_realisation
from ovop.planning.reports_xlsx_plan import workbook_plan
from ovop.planning.selectors_realisation import (
    Realisation,
    approved_plan,
    default_month,
    realisation_alerts,
    realisation_get,
    year_get,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def report_reader(request: HttpRequest) -> User:
    """The signed-in user if they may read the plan's figures; 403 for everyone else."""
    user = scope.require_reader(request.user)
    if not scope.reads_plan(user):
        raise PermissionDenied
    return user


def _year(year: int) -> FiscalYear:
    fiscal_year = year_get(year)
    if fiscal_year is None:
        raise Http404
    return fiscal_year


def _figures(request: HttpRequest, year: int) -> tuple[Realisation, MonthForm]:
    user = report_reader(request)
    fiscal_year = _year(year)
    form = MonthForm(request.GET)
    month = form.month_or(default_month(year, timezone.localdate()))
    return realisation_get(user=user, fiscal_year=fiscal_year, month=month), form


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang")
    language = asked if asked in ("id", "en") else (translation.get_language() or "id")[:2]
    return language if language in ("id", "en") else "id"


@require_GET
def realisation(request: HttpRequest, year: int) -> HttpResponse:
    figures, form = _figures(request, year)
    context = {
        "figures": figures,
        "form": form,
        "alerts": realisation_alerts(figures, today=timezone.localdate()),
        "groups": groups(figures),
        "pace_pct": PACE_PCT,
        "activity_url": True,
    }
    return render(request, "planning/realisation.html", context)


@require_GET
def realisation_xlsx(request: HttpRequest, year: int) -> FileResponse:
    figures, _form = _figures(request, year)
    language = _language(request)
    with translation.override(language):
        alerts = realisation_alerts(figures, today=timezone.localdate())
        book = workbook_realisation(figures=figures, alerts=alerts)
    name = filename("realisation", language, "xlsx", year=year, month=figures.month)
    return FileResponse(book, as_attachment=True, filename=name, content_type=XLSX)


@require_GET
def realisation_pdf_file(request: HttpRequest, year: int) -> HttpResponse:
    figures, _form = _figures(request, year)
    language = _language(request)
    alerts = realisation_alerts(figures, today=timezone.localdate())
    pdf = realisation_pdf(figures=figures, alerts=alerts, language=language)
    return _pdf(pdf, filename("realisation", language, "pdf", year=year, month=figures.month))


def _plan(request: HttpRequest, year: int) -> tuple[User, Scenario]:
    user = report_reader(request)
    plan = approved_plan(_year(year))
    if plan is None:
        raise Http404
    return user, plan


@require_GET
def plan_xlsx(request: HttpRequest, year: int) -> FileResponse:
    user, plan = _plan(request, year)
    language = _language(request)
    with translation.override(language):
        book = workbook_plan(user=user, plan=plan)
    name = filename("plan", language, "xlsx", year=year, version=plan.version)
    return FileResponse(book, as_attachment=True, filename=name, content_type=XLSX)


@require_GET
def plan_pdf_file(request: HttpRequest, year: int) -> HttpResponse:
    user, plan = _plan(request, year)
    language = _language(request)
    pdf = plan_pdf(user=user, plan=plan, language=language)
    return _pdf(pdf, filename("plan", language, "pdf", year=year, version=plan.version))


def _pdf(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
