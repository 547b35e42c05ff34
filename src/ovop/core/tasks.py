"""The one question the apps ask of Django's task backend (the django-tasks backport)."""

from __future__ import annotations


def runs_at_once() -> bool:
    """Whether an enqueued task runs at once in the caller (the immediate backend: the tests,
    a machine without a worker) rather than later in ``ovop db_worker``."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], ImmediateBackend)
