"""The round's field form with its respondents written inside (no ``respondents.csv`` to
attach): built in the request for a round of up to ``INLINE_RESPONDENTS`` respondents, else by
the background worker as a job the officer watches like an import (respondents read, written
into the form) and may cancel; the finished form is kept on the job for its download.

The form with the roster as an attachment holds no respondents and is always built in the
request (``views_imports.round_xlsform_download``).
"""

from __future__ import annotations

import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.monitoring import jobs, xlsform
from ovop.monitoring.jobs import ImportCancelled, Reporter
from ovop.monitoring.models import ImportJob, Round
from ovop.monitoring.models_imports import ImportKind, JobStatus
from ovop.monitoring.services_imports import require_importer

log = logging.getLogger(__name__)
#: Rounds with up to this many respondents get their form at once, inside the request.
INLINE_RESPONDENTS = 2000


def file_name(round_: Round) -> str:
    return f"ovop_round_{round_.pk}.xlsx"


def xlsform_inline(*, user: User, round_: Round) -> bytes | ImportJob:
    """The form with the respondents inside: its bytes for a small round, else the queued
    job that builds it. A round with too many respondents for one form is refused."""
    require_importer(user)
    count = round_.respondents.count()
    if count > xlsform.MAX_INLINE_RESPONDENTS:
        message = _("More than %(n)s respondents: attach them as a CSV file instead.")
        raise ValidationError(message % {"n": xlsform.MAX_INLINE_RESPONDENTS})
    if count <= INLINE_RESPONDENTS:
        try:
            return xlsform.round_xlsform(round_, respondents_inline=True)
        except ValueError as error:
            raise ValidationError(str(error)) from error
    job = ImportJob.objects.create(
        kind=ImportKind.XLSFORM,
        round=round_,
        file_name=file_name(round_),
        status=JobStatus.QUEUED,
        counts={"respondents": count},
        created_by=user,
        language=translation.get_language() or "id",
    )
    jobs.cleanup(job.pk)  # work files left by an earlier database's job of the same number
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ovop.monitoring import tasks  # the task module imports this one

    result = tasks.xlsform_build_task.enqueue(job_id)
    ImportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def run_build(job_id: int) -> None:
    """The worker's part: read the respondents, write the form, keep it on the job."""
    job = ImportJob.objects.select_related("round").get(pk=job_id)
    if job.round is None or not jobs.begin(job, cancelled=_("Cancelled: no form was built.")):
        return
    reporter = Reporter(job.pk, "building")
    with translation.override(job.language):
        try:
            content = _build(job.round, reporter)
        except ImportCancelled:
            jobs.finish(
                job, JobStatus.CANCELLED, reporter, message=_("Cancelled: no form was built.")
            )
            return
        except Exception as error:  # noqa: BLE001 - recorded on the job, then logged
            log.exception("field form %s: the build failed", job.pk)
            message = str(error) if isinstance(error, ValueError) else ""
            jobs.finish(
                job,
                JobStatus.FAILED,
                reporter,
                message=message or _("The form could not be built."),
            )
            return
        job.file.save(job.file_name, ContentFile(content), save=False)
        job.file_bytes = len(content)
        counts = {"respondents": reporter.progress.rows_written}
        jobs.finish(job, JobStatus.DONE, reporter, counts=counts)


def _build(round_: Round, reporter: Reporter) -> bytes:
    """Reading the respondents stops at a cancel (between batches); writing the workbook
    only reports its progress — openpyxl's writer must not be left half-way — and a cancel
    asked for meanwhile is honoured once it is done, before the form is kept."""

    def written() -> None:
        reporter.written(1)
        if reporter.progress.rows_written % jobs.BATCH_ROWS == 0:
            jobs.progress_write(reporter.job_id, reporter.progress)

    spec = xlsform.round_form_spec(round_, respondents_inline=True, on_read=reporter.read)
    content = xlsform.xlsform_workbook(spec, on_written=written)
    reporter.tick()
    return content
