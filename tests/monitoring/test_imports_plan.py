"""The confirm of a values import writes what its dry run found — unless something it was
found from changed in between, when the file is read and checked again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ovop.accounts.models import User
from ovop.monitoring import imports_values, jobs
from ovop.monitoring.imports_plan import plan_batches, round_state
from ovop.monitoring.models import ImportJob, Indicator, Respondent, Round, ValueRevision
from ovop.monitoring.models_imports import JobStatus
from ovop.monitoring.services_imports import import_cancel, import_confirm, import_upload
from tests.monitoring.conftest import stored

pytestmark = pytest.mark.django_db


def _upload(officer: User, survey: Round, respondent: Respondent, omzet: str, score: str) -> Any:
    content = (
        f"ID responden;Omzet per bulan;Skor uji kompetensi\r\nr{respondent.pk};{omzet};{score}\r\n"
    ).encode()
    return import_upload(
        user=officer, kind="values", round_=survey, upload=SimpleUploadedFile("a.csv", content)
    )


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the confirm read the file again")

    monkeypatch.setattr(imports_values, "_Reader", refuse)


def test_the_confirm_writes_the_plan_of_the_dry_run_without_reading_again(
    monkeypatch: pytest.MonkeyPatch, officer: User, survey: Round, answering_x: Respondent
) -> None:
    job = _upload(officer, survey, answering_x, "2.000.000", "70")
    assert job.status == JobStatus.CHECKED
    plan = jobs.work_file(job.pk, "plan")
    assert plan.exists()
    _no_reading(monkeypatch)
    done = import_confirm(user=officer, job=job)
    assert done.status == JobStatus.DONE, done.message
    assert (done.counts["created"], done.rows_read, done.rows_written) == (2, 1, 1)
    assert stored(answering_x) == {"omzet": Decimal(2_000_000), "kompetensi": Decimal(70)}
    answering_x.refresh_from_db()
    assert (answering_x.status, answering_x.origin) == ("draft", "spreadsheet")  # a partial row
    assert not plan.exists()


def test_values_stored_after_the_dry_run_make_the_confirm_read_the_file_again(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    first = _upload(officer, survey, answering_x, "2.000.000", "70")
    other = _upload(officer, survey, answering_x, "1.000.000", "")
    assert import_confirm(user=officer, job=other).status == JobStatus.DONE
    done = import_confirm(user=officer, job=first)
    assert done.status == JobStatus.DONE, done.message
    # Compared with what is stored now, not with the empty round the dry run saw.
    assert (done.counts["created"], done.counts["updated"]) == (1, 1)
    assert stored(answering_x) == {"omzet": Decimal(2_000_000), "kompetensi": Decimal(70)}
    change = ValueRevision.objects.get()
    assert (change.old_number, change.new_number) == (Decimal(1_000_000), Decimal(2_000_000))


def test_a_range_narrowed_after_the_dry_run_is_checked_at_the_confirm(
    english: None, officer: User, survey: Round, answering_x: Respondent
) -> None:
    job = _upload(officer, survey, answering_x, "2.000.000", "70")
    assert job.status == JobStatus.CHECKED
    score = Indicator.objects.get(code="kompetensi")
    score.max_value = Decimal(60)
    score.save()
    done = import_confirm(user=officer, job=job)
    assert done.status == JobStatus.FAILED
    assert done.message == (
        "1 rows could not be read this time; nothing was stored. Check the file again."
    )
    assert stored(answering_x) == {}


def test_a_review_after_the_dry_run_changes_the_state(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    before = round_state(survey, officer)
    assert round_state(survey, officer) == before
    answering_x.status = "approved"
    answering_x.save()  # with its history, as a review saves it
    assert round_state(survey, officer) != before


def test_a_plan_is_used_only_for_its_state_and_only_when_finished(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    job: ImportJob = _upload(officer, survey, answering_x, "2.000.000", "70")
    state = round_state(survey, officer)
    batches = plan_batches(job.pk, state)
    assert batches is not None and [b.rows_read for b in batches] == [1]
    assert plan_batches(job.pk, "another state") is None
    jobs.work_file(job.pk, "plan").write_bytes(b"not a plan")
    assert plan_batches(job.pk, state) is None
    assert plan_batches(job.pk + 1000, state) is None


def test_a_refused_or_cancelled_dry_run_leaves_no_plan(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    bad = _upload(officer, survey, answering_x, "banyak", "70")
    assert bad.status == JobStatus.REFUSED
    assert not jobs.work_file(bad.pk, "plan").exists()
    assert not jobs.work_file(bad.pk, "part").exists()
    good = _upload(officer, survey, answering_x, "2.000.000", "70")
    import_cancel(user=officer, job=good)
    assert not jobs.work_file(good.pk, "plan").exists()
