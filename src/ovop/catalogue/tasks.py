"""The catalogue's background work (Django's task API; ``ovop db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from ovop.catalogue import notify


@task()
def inquiry_notify_task(inquiry_id: int, site: str) -> None:
    notify.inquiry_notify(inquiry_id, site)
