"""Imports as the user sees them: upload → dry run → confirm → written (or cancelled).

``import_upload`` stores the file and checks it — in the request when it is small, else by
the background worker; ``import_confirm`` writes it the same way; ``import_cancel`` stops a
check or a write (between two batches; the write's transaction rolls back) or drops a checked
import. ``run_check`` and ``run_write`` are the two phases, called inline or by
``tasks``; each records its outcome on the job's row, in the uploader's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from functools import partial
from typing import IO, Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.tables import DEFAULT_MAX_BYTES
from ovop.monitoring import jobs, scope
from ovop.monitoring.imports_field import field_check, field_write
from ovop.monitoring.imports_registry import registry_check, registry_store
from ovop.monitoring.imports_values import ImportRefused, values_check, values_write
from ovop.monitoring.jobs import ImportCancelled, Reporter
from ovop.monitoring.models import ImportJob, Round
from ovop.monitoring.models_imports import ImportKind, JobStatus
from ovop.regions.models import Level, Region

log = logging.getLogger(__name__)
MAX_NAME = 200
Phase = Callable[[ImportJob, IO[bytes], Reporter], dict[str, int]]


def _round_phase(function: Callable[..., dict[str, int]]) -> Phase:
    def run(job: ImportJob, upload: IO[bytes], reporter: Reporter) -> dict[str, int]:
        return function(
            round_=job.round,
            user=job.created_by,
            upload=upload,
            name=job.file_name,
            reporter=reporter,
        )

    return run


CHECKS: dict[str, Phase] = {
    ImportKind.VALUES: _round_phase(values_check),
    ImportKind.FIELD: _round_phase(field_check),
    ImportKind.REGISTRY: registry_check,
}
WRITES: dict[str, Phase] = {
    ImportKind.VALUES: _round_phase(values_write),
    ImportKind.FIELD: _round_phase(field_write),
    ImportKind.REGISTRY: registry_store,
}


def max_bytes() -> int:
    return int(getattr(settings, "OVOP_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def require_importer(user: User, job: ImportJob | None = None) -> None:
    """Imports are the office's work: administrators and officers, each their own jobs
    (an administrator any)."""
    scope.require_manager(user)
    if job is not None and job.created_by_id != user.pk and not scope.is_admin(user):
        raise PermissionDenied


def _enqueue(job: ImportJob, phase: str) -> None:
    from ovop.monitoring import tasks  # the task module imports this one

    chosen = tasks.import_check_task if phase == "check" else tasks.import_write_task
    result = chosen.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])


def _start(job: ImportJob, phase: str) -> None:
    """Run ``phase`` now (a small file) or after the commit by the worker."""
    if job.file_bytes <= jobs.INLINE_BYTES:
        (run_check if phase == "check" else run_write)(job.pk)
    else:
        transaction.on_commit(partial(_enqueue, job, phase))


def import_upload(
    *,
    user: User,
    kind: str,
    upload: UploadedFile,
    round_: Round | None = None,
    region: Region | None = None,
) -> ImportJob:
    """Store ``upload`` as a new import of ``kind`` and check it (the dry run)."""
    require_importer(user)
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Kind of import: choose one of those offered.")})
    if kind != ImportKind.REGISTRY and round_ is None:
        raise ValidationError({"round": _("Round: choose the round the values belong to.")})
    if kind == ImportKind.REGISTRY and (region is None or region.level != Level.REGENCY):
        raise ValidationError({"region": _("Regency: choose the regency the file lists.")})
    size = upload.size or 0
    if size > max_bytes():
        raise ValidationError(
            {
                "file": _("File: %(size)s MB is larger than the %(limit)s MB an import may be.")
                % {"size": round(size / 1_048_576, 1), "limit": max_bytes() // 1_048_576}
            }
        )
    if size == 0:
        raise ValidationError({"file": _("File: the file is empty.")})
    name = (upload.name or "upload")[-MAX_NAME:]
    job = ImportJob(
        kind=kind,
        round=round_,
        region=region,
        file_name=name,
        file_bytes=size,
        created_by=user,
        language=translation.get_language() or "id",
    )
    job.file.save(name, upload, save=False)
    job.save()
    jobs.cleanup(job.pk)  # a progress or cancel file left by an earlier database's job
    _start(job, "check")
    job.refresh_from_db()
    return job


def _open(job: ImportJob) -> IO[bytes]:
    job.file.open("rb")
    return cast(IO[bytes], job.file.file)


def _phase_args(job: ImportJob, reporter: Reporter, upload: IO[bytes]) -> dict[str, Any]:
    return {
        "round_": job.round,
        "user": job.created_by,
        "upload": upload,
        "name": job.file_name,
        "reporter": reporter,
    }


def run_check(job_id: int) -> None:
    job = ImportJob.objects.select_related("round", "created_by").get(pk=job_id)
    if job.status != JobStatus.CHECKING:
        return
    reporter = Reporter(job.pk, "checking")
    with translation.override(job.language):
        try:
            with _open(job) as upload:
                counts = CHECKS[job.kind](job, upload, reporter)
        except ImportRefused as refused:
            jobs.finish(job, JobStatus.REFUSED, reporter, message=str(refused))
            return
        except ImportCancelled:
            jobs.finish(
                job, JobStatus.CANCELLED, reporter, message=_("Cancelled: nothing was stored.")
            )
            return
        except Exception:  # noqa: BLE001 - any failure is recorded on the job, then logged
            log.exception("import %s: the check failed", job.pk)
            jobs.finish(
                job,
                JobStatus.FAILED,
                reporter,
                message=_("The file could not be checked; nothing was stored."),
            )
            return
        if jobs.cancel_requested(job.pk):
            jobs.finish(job, JobStatus.CANCELLED, reporter, counts=counts)
        elif reporter.progress.errors:
            jobs.finish(
                job,
                JobStatus.REFUSED,
                reporter,
                counts=counts,
                message=_("Correct the rows listed below and upload the file again."),
            )
        else:
            jobs.finish(job, JobStatus.CHECKED, reporter, counts=counts)


def import_confirm(*, user: User, job: ImportJob, accept_new: Collection[int] = ()) -> ImportJob:
    """Write a checked import (all rows or none); ``accept_new``: rows of a registry file
    the user confirmed as new businesses."""
    require_importer(user, job)
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != JobStatus.CHECKED:
            raise ValidationError(
                _("This import is “%(status)s”; only a checked import is confirmed.")
                % {"status": locked.get_status_display()}
            )
        duplicates = {p["row"] for p in locked.problems if p.get("duplicate")}
        locked.accept_new = sorted(set(accept_new) & duplicates)
        locked.status = JobStatus.QUEUED
        locked.save(update_fields=["status", "accept_new"])
        _start(locked, "write")
    locked.refresh_from_db()
    return locked


def run_write(job_id: int) -> None:
    job = ImportJob.objects.select_related("round", "created_by").get(pk=job_id)
    if not jobs.begin(job):
        return
    reporter = Reporter(job.pk, "writing")
    with translation.override(job.language):
        try:
            with _open(job) as upload:
                counts = WRITES[job.kind](job, upload, reporter)
        except ImportCancelled:
            jobs.finish(
                job, JobStatus.CANCELLED, reporter, message=_("Cancelled: nothing was stored.")
            )
        except ImportRefused as refused:
            jobs.finish(job, JobStatus.FAILED, reporter, message=str(refused))
        except Exception:  # noqa: BLE001 - recorded on the job, then logged
            log.exception("import %s: the write failed", job.pk)
            jobs.finish(
                job, JobStatus.FAILED, reporter, message=_("The import failed; nothing was stored.")
            )
        else:
            jobs.finish(job, JobStatus.DONE, reporter, counts={**job.counts, **counts})


def import_cancel(*, user: User, job: ImportJob) -> ImportJob:
    """Stop an import: a checked one is dropped at once; one being checked or written stops
    at its next batch, and nothing it wrote is kept."""
    require_importer(user, job)
    job.refresh_from_db()
    if job.is_finished:
        raise ValidationError(_("This import has ended already."))
    if job.status == JobStatus.CHECKED:
        return jobs.finish(job, JobStatus.CANCELLED, message=_("Cancelled: nothing was stored."))
    jobs.cancel_request(job)
    return job
