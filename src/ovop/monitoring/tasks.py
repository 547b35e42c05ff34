"""The background tasks of imports and of field-form builds (Django's task API through the
django-tasks backport; the database backend is the queue and ``ovop db_worker --queue-name
imports`` runs them)."""

from __future__ import annotations

from django_tasks import task

from ovop.monitoring import services_imports, services_xlsform


@task(queue_name="imports")
def import_check_task(job_id: int) -> None:
    services_imports.run_check(job_id)


@task(queue_name="imports")
def import_write_task(job_id: int) -> None:
    services_imports.run_write(job_id)


@task(queue_name="imports")
def xlsform_build_task(job_id: int) -> None:
    services_xlsform.run_build(job_id)
