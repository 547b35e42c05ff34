"""The IKM registry import as an import job: the enterprises app reads and writes the rows
(``ovop.enterprises.registry_import``); this adapter runs it under the job's progress, cancel
and report, like the round imports.

A row that may be an already registered business spelled differently waits for the user:
the report lists these rows, and the confirm step writes as new only the ones the user ticks
(``ImportJob.accept_new``); the others are left out. The plan is not kept between the two
steps: the confirm step plans the stored file again, against the registry as it is then.
"""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ovop.core.tables import TableError, read_upload
from ovop.enterprises import registry_import
from ovop.enterprises.registry_import import REGISTRY_COLUMNS, REGISTRY_MIN_MATCHES, RegistryPlan
from ovop.monitoring.imports_values import ImportRefused
from ovop.monitoring.jobs import ImportCancelled, Reporter, cancel_requested
from ovop.monitoring.models import ImportJob


def _plan(job: ImportJob, upload: IO[bytes], reporter: Reporter) -> RegistryPlan:
    if job.region is None:
        raise ImportRefused(_("Choose the regency whose IKM the file lists."))
    try:
        table = next(
            iter(
                read_upload(
                    upload,
                    job.file_name,
                    columns=REGISTRY_COLUMNS,
                    min_matches=REGISTRY_MIN_MATCHES,
                )
            ),
            None,
        )
    except TableError as error:
        raise ImportRefused(error.describe()) from None
    if table is None:
        raise ImportRefused(_("The file has no sheet with the registry's columns."))

    def progress(rows: int) -> None:
        reporter.progress.rows_read = rows
        reporter.tick()

    plan = registry_import.registry_plan(table, regency=job.region, progress=progress)
    reporter.progress.rows_read = plan.rows_read
    for problem in plan.problems:
        reporter.problem(
            sheet=problem["sheet"],
            row=problem["row"],
            column=problem["column"],
            reason=problem["reason"],
        )
    reporter.progress.errors = plan.problem_count
    for row in plan.possible_duplicates:
        reporter.note(
            sheet=row["sheet"],
            row=row["row"],
            reason=_("“%(name)s” in %(village)s may be the registered “%(existing)s”.")
            % {"name": row["name"], "village": row["village"], "existing": row["existing"]},
            duplicate=True,
        )
    if plan.refused and not plan.problems:
        raise ImportRefused(_("The file cannot be imported."))
    return plan


def registry_check(job: ImportJob, upload: IO[bytes], reporter: Reporter) -> dict[str, int]:
    return dict(_plan(job, upload, reporter).counts)


def registry_store(job: ImportJob, upload: IO[bytes], reporter: Reporter) -> dict[str, int]:
    plan = _plan(job, upload, reporter)
    if not plan.can_write:
        raise ImportRefused(
            _("The registry changed since the file was checked; check the file again.")
        )
    reporter.progress.phase = "writing"

    def progress(rows: int) -> None:
        reporter.progress.rows_written = rows
        reporter.tick()

    accepted = set(job.accept_new) & plan.duplicate_rows
    try:
        result = registry_import.registry_write(
            plan,
            user=job.created_by,
            accept_new=accepted,
            progress=progress,
            should_stop=lambda: cancel_requested(job.pk),
        )
    except registry_import.ImportCancelled:
        raise ImportCancelled from None
    except ValidationError as error:
        raise ImportRefused(" ".join(error.messages)) from None
    reporter.progress.rows_written = result.created + result.updated + result.unchanged
    return result.counts
