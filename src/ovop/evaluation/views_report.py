"""The evaluation report's downloads: ``programmes/<pk>/report.pdf`` and ``report.xlsx`` with
``?year=`` (a year of the programme) and ``?lang=id|en`` (the reader's language by default).
Readers only — admins, officers and viewers; facilitators, owners and assessors 403. A year
outside the programme, or none, answers 404.

The report is built while the request waits: the demo's takes a few seconds (its PDF most of
them), well inside the 30 seconds one regency's report may take."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from ovop.evaluation import scope, selectors
from ovop.evaluation.forms_report import ReportQuery
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
