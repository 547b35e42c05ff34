"""The background worker in tests: the database task backend and one pass of ``db_worker``."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command

#: ``TASKS`` for tests that go through the real queue (override_settings(TASKS=…)).
DATABASE_TASKS = {
    "default": {"BACKEND": settings.TASK_BACKENDS["database"], "QUEUES": ["default", "imports"]}
}


def worker_pass() -> None:
    """Run every queued task once, as ``ovop db_worker`` would, then return."""
    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "*",
        "--no-startup-delay",
        "--interval",
        "0",
        "--no-reload",
        verbosity=0,
    )
