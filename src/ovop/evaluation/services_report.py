"""Asking for the evaluation report and making it in the background (``models_report``).

``report_request`` checks the request (a reader of the evaluation; a year the programme
allows; Indonesian or English; PDF or XLSX) and queues it; the worker (``tasks.report_task``)
runs ``report_make``, which records its progress as it goes and keeps the file. With the
immediate task backend (the tests, a machine without a worker) the report is made in the
request. A reader keeps at most ``KEPT_PER_READER`` reports: older ones are removed when a new
one is asked for.
"""

from __future__ import annotations

import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.tasks import runs_at_once
from ovop.evaluation import scope
from ovop.evaluation.models_report import ReportJob, ReportKind, ReportStatus
from ovop.evaluation.report import report_build
from ovop.evaluation.report_parts import year_allowed
from ovop.evaluation.report_pdf import report_filename, report_pdf
from ovop.evaluation.report_xlsx import report_workbook
from ovop.programme.models import Programme

logger = logging.getLogger(__name__)

#: Reports a reader keeps (the newest); older ones are removed on the next request.
KEPT_PER_READER = 10
LANGUAGES = ("id", "en")


def _immediate() -> bool:
    return runs_at_once()


def _enqueue(job_id: int) -> None:
    from ovop.evaluation import tasks  # the task module imports this one

    tasks.report_task.enqueue(job_id)


@transaction.atomic
def report_request(
    *, user: User, programme: Programme, year: int, language: str, kind: str
) -> ReportJob:
    """Queue the report of ``programme`` for ``year``; refused with the field named when the
    year, language or kind is not one the report offers."""
    scope.require_reader(user)
    errors: dict[str, str] = {}
    if not year_allowed(programme, year):
        errors["year"] = _("Year: the programme has no report for %(year)s.") % {"year": year}
    if language not in LANGUAGES:
        errors["lang"] = _("Language: choose Bahasa Indonesia or English.")
    if kind not in ReportKind.values:
        errors["kind"] = _("Format: choose PDF or XLSX.")
    if errors:
        raise ValidationError(errors)
    job = ReportJob.objects.create(
        programme=programme, year=year, language=language, kind=kind, created_by=user
    )
    old = ReportJob.objects.filter(created_by=user).order_by("-created_at", "-pk")
    ReportJob.objects.filter(
        pk__in=list(old.values_list("pk", flat=True)[KEPT_PER_READER:])
    ).delete()
    if _immediate():
        report_make(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _say(job_id: int, pct: int, step: str) -> None:
    ReportJob.objects.filter(pk=job_id).update(progress_pct=min(pct, 99), step=step[:200])


def report_make(job_id: int) -> None:
    """Make the report a job asks for, recording progress; a failure is recorded, not raised
    (the worker goes on with the next task)."""
    job = ReportJob.objects.select_related("programme__regency", "created_by").get(pk=job_id)
    if job.status != ReportStatus.QUEUED:
        return
    ReportJob.objects.filter(pk=job_id).update(status=ReportStatus.RUNNING)
    try:
        report = report_build(
            user=job.created_by,
            programme=job.programme,
            year=job.year,
            language=job.language,
            progress=partial(_say, job_id),
        )
        with translation.override(job.language):
            _say(job_id, 65, "PDF" if job.kind == ReportKind.PDF else "XLSX")
        content = (
            report_pdf(report) if job.kind == ReportKind.PDF else report_workbook(report).read()
        )
    except Exception:
        logger.exception("the report of job %s failed", job_id)
        ReportJob.objects.filter(pk=job_id).update(
            status=ReportStatus.FAILED,
            finished_at=timezone.now(),
            error=_(
                "The report could not be made; the office's administrator can read why in the log."
            ),
        )
        return
    ReportJob.objects.filter(pk=job_id).update(
        status=ReportStatus.DONE,
        progress_pct=100,
        finished_at=timezone.now(),
        file_name=report_filename(report, job.kind),
        content=content,
    )


def report_job_get(*, user: User, pk: int) -> ReportJob:
    """A report request its reader (or an administrator) may see; others get "not found"."""
    reader = scope.require_reader(user)
    jobs = ReportJob.objects.filter(scope.report_job_filter(reader)).select_related("programme")
    return jobs.defer("content").get(pk=pk)
