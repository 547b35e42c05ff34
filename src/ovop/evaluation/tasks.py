"""The evaluation's background work (Django's task API; ``ovop db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from ovop.evaluation import headlines, services_report


@task()
def headlines_task(programme_id: int) -> None:
    headlines.headlines_compute(programme_id)


@task()
def report_task(job_id: int) -> None:
    services_report.report_make(job_id)
