"""The evaluation report's downloads: ``programmes/<pk>/report.pdf`` and ``report.xlsx`` with
``?year=`` (a year of the programme) and ``?lang=id|en`` (the reader's language by default).
Readers only — admins, officers and viewers; facilitators, owners and assessors 403. A year
outside the programme, or none, answers 404.

These two build the report while the request waits (for scripts and the API's users). The
programme page's form asks for it in the background instead (``report_start``): the reader
sees its progress (``report_job``) and downloads it when it is ready; a report request is seen
only by the reader who made it (and administrators), others get 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from ovop.core.requests import request_user
from ovop.evaluation import scope, selectors, services_report
from ovop.evaluation.forms_report import ReportQuery, ReportRequestForm
from ovop.evaluation.models_report import ReportJob, ReportKind, ReportStatus
from ovop.evaluation.report import report_build
from ovop.evaluation.report_parts import Report, report_language, year_allowed
from ovop.evaluation.report_pdf import report_filename, report_pdf
from ovop.evaluation.report_xlsx import report_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request: HttpRequest, pk: int) -> Report:
    user = scope.require_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    form = ReportQuery(request.GET)
    if not form.is_valid() or not year_allowed(programme, form.cleaned_data["year"]):
        raise Http404
    language = form.cleaned_data["lang"] or report_language(translation.get_language())
    year = form.cleaned_data["year"]
    return report_build(user=user, programme=programme, year=year, language=language)


@require_GET
def report_pdf_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(report, "pdf")}"'
    return response


@require_GET
def report_xlsx_file(request: HttpRequest, pk: int) -> FileResponse:
    report = _report(request, pk)
    name = report_filename(report, "xlsx")
    return FileResponse(
        report_workbook(report), as_attachment=True, filename=name, content_type=XLSX
    )


# --- the report made in the background ---------------------------------------------------------


@require_POST
def report_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the report (the programme page's form); the reader is taken to its progress."""
    user = scope.require_reader(request.user)
    programme = selectors.programme_get(user=user, pk=pk)
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {errors[0]}")
        return redirect("evaluation:programme", pk=programme.pk)
    try:
        job = services_report.report_request(
            user=user,
            programme=programme,
            year=form.cleaned_data["year"],
            language=form.cleaned_data["lang"],
            kind=form.cleaned_data["kind"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("evaluation:programme", pk=programme.pk)
    return redirect("evaluation:report_job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> ReportJob:
    try:
        return services_report.report_job_get(user=request_user(request), pk=pk)
    except ReportJob.DoesNotExist:
        raise Http404 from None


@require_GET
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's progress; its download once ready. The page polls ``report_job_progress``."""
    return render(request, "evaluation/report_job.html", {"job": _job(request, pk)})


@require_GET
def report_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "evaluation/_report_job.html", {"job": _job(request, pk)})


@require_GET
def report_job_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status != ReportStatus.DONE:
        raise Http404
    content = ReportJob.objects.filter(pk=job.pk).values_list("content", flat=True).get()
    kind = "application/pdf" if job.kind == ReportKind.PDF else XLSX
    response = HttpResponse(bytes(content or b""), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response
