"""The evaluation report as a PDF document (WeasyPrint): A4 portrait under the regency's
letterhead, a contents list and lists of the numbered tables and figures, one chapter per
question, the head of office's signature block (name and NIP from settings,
``ovop.core.documents.letterhead``) and the appendix of methods. Rendered in the report's own
language; the HTML is kept apart so that a test can read it before WeasyPrint runs."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from ovop.core.documents import html_to_pdf, letterhead
from ovop.evaluation.report_parts import Report

#: The files' names by language: evaluasi-kabupaten-bangka-tengah-2025.pdf.
FILE_NAMES = {"id": "evaluasi-{regency}-{year}", "en": "evaluation-{regency}-{year}"}


def report_filename(report: Report, extension: str) -> str:
    name = FILE_NAMES.get(report.language, FILE_NAMES["id"])
    regency = slugify(report.programme.regency.name) or "regency"
    return name.format(regency=regency, year=report.year) + "." + extension


def report_html(report: Report) -> str:
    with translation.override(report.language):
        context = {"report": report, "letterhead": letterhead()}
        return render_to_string("evaluation/report/report_pdf.html", context)


def report_pdf(report: Report) -> bytes:
    return html_to_pdf(report_html(report))
