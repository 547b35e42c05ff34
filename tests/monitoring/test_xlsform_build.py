"""Issue 12 (part): the field form with the respondents inside — at once for a small round,
by the background worker (progress, cancel, download) for a large one."""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.utils import translation
from pyxform.xls2xform import convert  # type: ignore[import-untyped]

from ovop.accounts.models import User
from ovop.enterprises import tallies as registry_tallies
from ovop.enterprises.models import Enterprise
from ovop.monitoring import jobs, services_xlsform, xlsform
from ovop.monitoring.choices import Arm
from ovop.monitoring.models import ImportJob, Respondent, Round
from ovop.monitoring.models_imports import ImportKind, JobStatus
from ovop.monitoring.services_imports import import_cancel
from tests.conftest import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def crowd(survey: Round, enterprise_x: Enterprise) -> list[Respondent]:
    """Five respondents: five enterprises of village A in the round."""
    made = Enterprise.objects.bulk_create(
        Enterprise(name=f"IKM {n}", owner_name=f"Pemilik {n}", village=enterprise_x.village)
        for n in range(5)
    )
    registry_tallies.touch(registry_tallies.kecamatans_of(e.pk for e in made))  # bulk: no save
    return Respondent.objects.bulk_create(
        Respondent(round=survey, enterprise=e, arm=Arm.PARTICIPANT) for e in made
    )


@pytest.fixture
def large(crowd: list[Respondent], monkeypatch: pytest.MonkeyPatch) -> list[Respondent]:
    """The five respondents make a large round: more than four are built by the worker,
    which reports every two."""
    monkeypatch.setattr(services_xlsform, "INLINE_RESPONDENTS", 4)
    monkeypatch.setattr(jobs, "BATCH_ROWS", 2)
    return crowd


class Watch:
    """Every progress a job sends out; ``on_written(n, do)`` runs ``do(job_id)`` when the
    progress reports ``n`` respondents written."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int, int]] = []
        self.hooks: dict[int, Callable[[int], object]] = {}

    def on_written(self, n: int, do: Callable[[int], object]) -> None:
        self.hooks[n] = do


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Watch:
    watching = Watch()
    original = jobs.progress_write

    def observed(job_id: int, progress: jobs.Progress) -> None:
        original(job_id, progress)
        watching.seen.append((progress.phase, progress.rows_read, progress.rows_written))
        if progress.rows_written in watching.hooks:
            watching.hooks.pop(progress.rows_written)(job_id)

    monkeypatch.setattr(jobs, "progress_write", observed)
    return watching


def _respondent_keys(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    rows = book["choices"].iter_rows(min_row=2, values_only=True)
    return [str(r[1]) for r in rows if r[0] == "respondents"]


def _build_url(round_: Round) -> str:
    return f"/monitoring/rounds/{round_.pk}/xlsform-inline/"


def test_a_small_round_gets_its_form_at_once(
    client: Client, officer: User, survey: Round, crowd: list[Respondent]
) -> None:
    response = login(client, officer).post(_build_url(survey))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert f'filename="ovop_round_{survey.pk}.xlsx"' in response["Content-Disposition"]
    assert _respondent_keys(response.content) == [f"r{r.pk}" for r in crowd]
    assert not ImportJob.objects.exists()
    assert client.get(_build_url(survey)).status_code == 405  # building is a POST


def test_a_large_round_is_built_by_the_worker_and_downloaded(
    client: Client,
    officer: User,
    survey: Round,
    large: list[Respondent],
    watch: Watch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_build_url(survey))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/monitoring/imports/{job.pk}/"
    assert (job.kind, job.status, job.task_id != "") == (ImportKind.XLSFORM, JobStatus.DONE, True)
    assert job.counts == {"respondents": 5} and (job.rows_read, job.rows_written) == (5, 5)
    # the progress went out every two respondents read, then every two written
    assert watch.seen == [
        ("building", 0, 0),
        ("building", 2, 0),
        ("building", 4, 0),
        ("building", 5, 2),
        ("building", 5, 4),
        ("building", 5, 5),
    ]
    page = client.get(f"/monitoring/imports/{job.pk}/")
    assert "Unduh formulir lapangan (XLSX)" in page.content.decode()
    download = client.get(f"/monitoring/imports/{job.pk}/output/")
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert _respondent_keys(content) == [f"r{r.pk}" for r in large]
    root = ET.fromstring(convert(xlsform=io.BytesIO(content), file_type=".xlsx").xform)
    path = ".//x:model/x:instance[@id='respondents']/x:root/x:item/x:name"
    names = [e.text for e in root.iterfind(path, {"x": "http://www.w3.org/2002/xforms"})]
    assert names == [f"r{r.pk}" for r in large]  # pyxform turns the form into an XForm


def test_the_build_page_shows_the_bar_and_counts(
    english_client: Client, officer: User, survey: Round, crowd: list[Respondent]
) -> None:
    job = ImportJob.objects.create(
        kind=ImportKind.XLSFORM,
        round=survey,
        file_name="ovop_round_1.xlsx",
        status=JobStatus.RUNNING,
        counts={"respondents": 5},
        created_by=officer,
    )
    jobs.progress_write(job.pk, jobs.Progress("building", rows_read=5, rows_written=2))
    page = login(english_client, officer).get(f"/monitoring/imports/{job.pk}/").content.decode()
    assert '<progress id="import-bar" max="10" value="7"' in page
    assert "Respondents written into the form" in page and "Bad rows" not in page
    assert "Cancel the build" in page and "Download the field form" not in page
    assert english_client.get(f"/monitoring/imports/{job.pk}/output/").status_code == 404
    jobs.cleanup(job.pk)


def test_a_cancel_stops_the_build_and_keeps_no_file(
    officer: User,
    large: list[Respondent],
    watch: Watch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    watch.on_written(
        2, lambda job_id: import_cancel(user=officer, job=ImportJob.objects.get(pk=job_id))
    )
    with django_capture_on_commit_callbacks(execute=True), translation.override("id"):
        job = services_xlsform.xlsform_inline(user=officer, round_=large[0].round)
    assert isinstance(job, ImportJob)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and not job.file
    assert job.message == "Dibatalkan: formulir tidak dibuat."
    assert not jobs.cancel_requested(job.pk)  # the work files are gone


def test_a_build_cancelled_before_the_worker_starts_never_runs(
    officer: User, survey: Round, large: list[Respondent]
) -> None:
    job = services_xlsform.xlsform_inline(user=officer, round_=survey)
    assert isinstance(job, ImportJob) and job.status == JobStatus.QUEUED
    import_cancel(user=officer, job=job)
    services_xlsform.run_build(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED and job.rows_read == 0 and not job.file


def test_a_failed_build_is_recorded(
    officer: User,
    survey: Round,
    large: list[Respondent],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with translation.override("id"):  # the job keeps the language of its request
        job = services_xlsform.xlsform_inline(user=officer, round_=survey)
    assert isinstance(job, ImportJob)

    def broken(*args: object, **kwargs: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(xlsform, "xlsform_workbook", broken)
    with caplog.at_level(logging.ERROR):
        services_xlsform.run_build(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message == "Formulir tidak dapat dibuat."
    assert "the build failed" in caplog.text


def test_too_many_respondents_for_one_form_are_refused(
    client: Client,
    officer: User,
    survey: Round,
    large: list[Respondent],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsform, "MAX_INLINE_RESPONDENTS", 4)
    response = login(client, officer).post(_build_url(survey), follow=True)
    assert "Lebih dari 4 responden: lampirkan sebagai berkas CSV." in response.content.decode()
    assert not ImportJob.objects.exists()


def test_only_managers_build_and_each_downloads_their_own(
    client: Client,
    officer: User,
    facilitator: User,
    viewer: User,
    survey: Round,
    large: list[Respondent],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for user in (facilitator, viewer):
        assert login(client, user).post(_build_url(survey)).status_code == 403
    assert not ImportJob.objects.exists()
    job = services_xlsform.xlsform_inline(user=officer, round_=survey)
    assert isinstance(job, ImportJob)
    services_xlsform.run_build(job.pk)
    other = User.objects.create(username="officer2", role="officer")
    for path in ("", "output/"):
        assert login(client, other).get(f"/monitoring/imports/{job.pk}/{path}").status_code == 404
        assert login(client, viewer).get(f"/monitoring/imports/{job.pk}/{path}").status_code == 403
    assert login(client, officer).get(f"/monitoring/imports/{job.pk}/output/").status_code == 200
