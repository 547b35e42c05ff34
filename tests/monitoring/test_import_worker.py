"""The real background path: the database task backend and its worker command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from ovop.accounts.models import Role, User
from ovop.monitoring import jobs
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import ImportJob, Indicator, Respondent, Round, RoundIndicator
from ovop.monitoring.models_imports import JobStatus
from ovop.monitoring.services_imports import import_confirm, import_upload
from tests.factories import EnterpriseFactory, ProgrammeFactory, UserFactory

DATABASE_TASKS = {
    "default": {"BACKEND": settings.TASK_BACKENDS["database"], "QUEUES": ["default", "imports"]}
}


def _work() -> None:
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


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_checked_and_written_by_the_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "INLINE_BYTES", 10)
    officer: User = UserFactory(username="officer-w", role=Role.OFFICER)
    programme = ProgrammeFactory()
    round_ = Round.objects.create(
        programme=programme,
        name="R",
        kind="baseline",
        year=2024,
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 2, 1),
    )
    RoundIndicator.objects.create(round=round_, indicator=Indicator.objects.get(code="omzet"))
    respondent = Respondent.objects.create(
        round=round_, enterprise=EnterpriseFactory(), arm=Arm.PARTICIPANT
    )
    text = f"ID responden;Omzet per bulan\r\nr{respondent.pk};1.500.000\r\n".encode()
    with override_settings(TASKS=DATABASE_TASKS):
        job = import_upload(
            user=officer, kind="values", round_=round_, upload=SimpleUploadedFile("big.csv", text)
        )
        assert job.status == JobStatus.CHECKING  # waiting for the worker
        _work()
        job.refresh_from_db()
        assert job.status == JobStatus.CHECKED
        job = import_confirm(user=officer, job=job)
        assert job.status == JobStatus.QUEUED
        _work()
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE and job.rows_written == 1
    assert respondent.values.get().number == Decimal(1_500_000)
