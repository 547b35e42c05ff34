"""An import's life: checked (the dry run), confirmed, written — in the request or by the
background worker — with its progress and a cancel button.

The import's data is written in ONE transaction, so that a failure or a cancel leaves nothing
behind. While that transaction runs, its progress cannot go through the database: on SQLite
the writing transaction holds the only write lock, and nothing it writes is visible before it
commits. So the progress (rows read, written, errors so far) is a small JSON file beside the
uploaded files, replaced atomically, and a cancel request is a flag file the writer looks for
between batches; the database row of the job gets the outcome when the work ends.

A file of up to ``INLINE_BYTES`` is checked and written inside the request (a few seconds at
most); a larger one is handed to the worker (``tasks``), and the page polls the progress.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from ovop.monitoring.models_imports import ImportJob, JobStatus

#: Files up to this size are worked on inside the request.
INLINE_BYTES = 512 * 1024
#: The bad rows a report keeps (all are counted).
MAX_PROBLEMS = 1000
#: Rows between two progress reports and cancel checks.
BATCH_ROWS = 2000


class ImportCancelled(Exception):
    """Raised inside the writing transaction when the user cancelled: everything rolls back."""


@dataclass
class Progress:
    phase: str = ""  # "checking" or "writing"
    rows_read: int = 0
    rows_written: int = 0
    errors: int = 0


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def work_file(job_id: int, suffix: str) -> Path:
    """A file of the job's own work in the jobs folder: its progress, its cancel flag, the
    plan its dry run left for its confirm (``imports_plan``)."""
    return _folder() / f"{job_id}.{suffix}"


def _progress_file(job_id: int) -> Path:
    return work_file(job_id, "json")


def _cancel_file(job_id: int) -> Path:
    return work_file(job_id, "cancel")


def progress_write(job_id: int, progress: Progress) -> None:
    target = _progress_file(job_id)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(progress)))
    os.replace(temporary, target)


def progress_read(job: ImportJob) -> Progress:
    """The job's latest progress: from its file while a phase runs, else from its row (a
    checked or queued job shows the check's final counts)."""
    if job.status in (JobStatus.CHECKING, JobStatus.RUNNING):
        try:
            data = json.loads(_progress_file(job.pk).read_text())
            return Progress(
                **{
                    k: data[k]
                    for k in ("phase", "rows_read", "rows_written", "errors")
                    if k in data
                }
            )
        except (OSError, ValueError, TypeError):
            pass
    return Progress("", job.rows_read, job.rows_written, job.errors_count)


def cancel_request(job: ImportJob) -> None:
    _cancel_file(job.pk).touch()


def cancel_requested(job_id: int) -> bool:
    return _cancel_file(job_id).exists()


def cleanup(job_id: int) -> None:
    for suffix in ("json", "cancel", "plan", "part"):
        work_file(job_id, suffix).unlink(missing_ok=True)


class Reporter:
    """What an importer calls as it goes: counts rows, keeps the first bad rows, writes the
    progress file every batch and stops the work when a cancel was asked for."""

    def __init__(self, job_id: int, phase: str) -> None:
        self.job_id = job_id
        self.progress = Progress(phase=phase)
        self.problems: list[dict[str, Any]] = []
        self._next = BATCH_ROWS
        progress_write(job_id, self.progress)  # the page shows this phase from its start

    def problem(self, *, sheet: str, row: int, column: str, reason: str) -> None:
        self.progress.errors += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append({"sheet": sheet, "row": row, "column": column, "reason": reason})

    def note(self, *, sheet: str, row: int, reason: str, duplicate: bool = False) -> None:
        """A row left out on purpose (rejected on the server), or one that waits for the
        user's decision (a possible duplicate): reported, not an error."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(
                {
                    "sheet": sheet,
                    "row": row,
                    "column": "",
                    "reason": reason,
                    "note": True,
                    "duplicate": duplicate,
                }
            )

    def read(self, n: int = 1) -> None:
        self.progress.rows_read += n
        if self.progress.rows_read >= self._next:
            self._next += BATCH_ROWS
            self.tick()

    def written(self, n: int) -> None:
        self.progress.rows_written += n

    def tick(self) -> None:
        progress_write(self.job_id, self.progress)
        if cancel_requested(self.job_id):
            raise ImportCancelled


def begin(job: ImportJob, *, cancelled: str = "") -> bool:
    """Move a queued job to running, as the worker takes it up. False when there is nothing
    to run: the job is no longer queued, or its cancel came while it waited (it is then
    finished as cancelled, with the message ``cancelled``)."""
    if job.status != JobStatus.QUEUED:
        return False
    if cancel_requested(job.pk):
        finish(job, JobStatus.CANCELLED, message=cancelled)
        return False
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job.status = JobStatus.RUNNING
    return True


def finish(
    job: ImportJob,
    status: str,
    reporter: Reporter | None = None,
    *,
    counts: dict[str, int] | None = None,
    message: str = "",
) -> ImportJob:
    """Record the outcome of a phase on the job's row."""
    if reporter is not None:
        job.rows_read = reporter.progress.rows_read
        job.rows_written = reporter.progress.rows_written
        job.errors_count = reporter.progress.errors
        job.problems = reporter.problems
    if counts is not None:
        job.counts = counts
    job.status = status
    job.message = message[:500]
    if status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.REFUSED):
        job.finished_at = timezone.now()
        cleanup(job.pk)
    job.save()
    return job


Phase = Callable[[ImportJob, Reporter], dict[str, int]]
