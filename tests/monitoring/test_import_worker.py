"""The real background path: the database task backend and its worker command."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from ovop.accounts.models import Role, User
from ovop.monitoring import jobs
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import ImportJob, Respondent
from ovop.monitoring.models_imports import JobStatus
from ovop.monitoring.services_imports import import_confirm, import_upload
from tests.factories import EnterpriseFactory, UserFactory, survey_round
from tests.worker import DATABASE_TASKS, worker_pass


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_checked_and_written_by_the_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs, "INLINE_BYTES", 10)
    officer: User = UserFactory(username="officer-w", role=Role.OFFICER)
    round_ = survey_round(name="R")
    respondent = Respondent.objects.create(
        round=round_, enterprise=EnterpriseFactory(), arm=Arm.PARTICIPANT
    )
    text = f"ID responden;Omzet per bulan\r\nr{respondent.pk};1.500.000\r\n".encode()
    with override_settings(TASKS=DATABASE_TASKS):
        job = import_upload(
            user=officer, kind="values", round_=round_, upload=SimpleUploadedFile("big.csv", text)
        )
        assert job.status == JobStatus.CHECKING  # waiting for the worker
        worker_pass()
        job.refresh_from_db()
        assert job.status == JobStatus.CHECKED
        job = import_confirm(user=officer, job=job)
        assert job.status == JobStatus.QUEUED
        worker_pass()
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE and job.rows_written == 1
    assert respondent.values.get().number == Decimal(1_500_000)
