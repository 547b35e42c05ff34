"""The evaluation report asked for on the programme's page and made in the background
(``services_report``): made at once without a worker, queued and then made by the worker
with its progress, a failure told in words, each reader's reports their own, refusals."""

from __future__ import annotations

import pytest
from django.test import Client

from ovop.accounts.models import Role, User
from ovop.evaluation import services_report
from ovop.evaluation.models_report import ReportJob, ReportStatus
from ovop.programme.models import Programme
from tests.conftest import login

pytestmark = pytest.mark.django_db

START = "/evaluation/programmes/{}/report/"


def _ask(client: Client, world: Programme, **fields: str) -> object:
    data = {"year": "2025", "lang": "id", "kind": "pdf", **fields}
    return client.post(START.format(world.pk), data)


@pytest.mark.parametrize("persona", ["admin_user", "officer", "viewer"])
def test_a_reader_asks_sees_it_ready_and_downloads_it(
    client: Client, request: pytest.FixtureRequest, world: Programme, persona: str
) -> None:
    login(client, request.getfixturevalue(persona))
    response = _ask(client, world)
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/evaluation/reports/{job.pk}/"
    assert (job.status, job.progress_pct) == (ReportStatus.DONE, 100)
    page = client.get(f"/evaluation/reports/{job.pk}/").content.decode()
    assert "evaluasi-kabupaten-uji-2025.pdf" in page and "hx-trigger" not in page
    file = client.get(f"/evaluation/reports/{job.pk}/file/")
    assert file["Content-Type"] == "application/pdf" and file.content.startswith(b"%PDF")
    assert 'filename="evaluasi-kabupaten-uji-2025.pdf"' in file["Content-Disposition"]
    book = ReportJob.objects.get(
        pk=_ask(client, world, kind="xlsx", lang="en")["Location"].split("/")[-2]
    )
    assert book.file_name == "evaluation-kabupaten-uji-2025.xlsx"
    assert bytes(book.content or b"").startswith(b"PK")  # a zip: the workbook


def test_with_a_worker_the_page_shows_progress_until_the_report_is_made(
    client: Client,
    officer: User,
    world: Programme,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: object,
) -> None:
    queued: list[int] = []
    monkeypatch.setattr(services_report, "_immediate", lambda: False)
    monkeypatch.setattr(services_report, "_enqueue", queued.append)
    login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        _ask(client, world)
    job = ReportJob.objects.get()
    assert queued == [job.pk] and job.status == ReportStatus.QUEUED
    page = client.get(f"/evaluation/reports/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "menunggu" in page
    assert client.get(f"/evaluation/reports/{job.pk}/file/").status_code == 404  # not yet
    steps: list[tuple[int, str]] = []
    real = services_report._say
    monkeypatch.setattr(
        services_report,
        "_say",
        lambda pk, pct, step: (steps.append((pct, step)), real(pk, pct, step)),
    )
    services_report.report_make(job.pk)  # what the worker does
    assert [pct for pct, _step in steps] == sorted(pct for pct, _step in steps)
    assert steps[0] == (5, "Perkiraan dampak") and steps[-1] == (65, "PDF")
    assert any("Efektivitas" in step or "efektif" in step.lower() for _pct, step in steps)
    done = client.get(f"/evaluation/reports/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in done and 'id="report-download"' in done
    services_report.report_make(job.pk)  # a second run of the same task does nothing
    assert ReportJob.objects.get(pk=job.pk).status == ReportStatus.DONE


def test_a_failure_is_told_in_words_and_nothing_is_offered(
    client: Client, officer: User, world: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(report: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(services_report, "report_pdf", broken)
    login(client, officer)
    _ask(client, world)
    job = ReportJob.objects.get()
    assert job.status == ReportStatus.FAILED and job.content is None
    page = client.get(f"/evaluation/reports/{job.pk}/").content.decode()
    assert "Laporan tidak dapat dibuat" in page and "disk full" not in page
    assert client.get(f"/evaluation/reports/{job.pk}/file/").status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": "2010"}, "Tahun: program tidak memiliki laporan untuk 2010."),
        ({"year": "abc"}, "Tahun yang dievaluasi: Masukkan keseluruhan angka bilangan."),
        ({"lang": "fr"}, "Bahasa: Masukkan pilihan yang valid. fr bukan salah satu"),
        ({"kind": "docx"}, "Format: Masukkan pilihan yang valid. docx bukan salah satu"),
    ],
)
def test_a_bad_request_is_named_and_nothing_is_queued(
    client: Client, officer: User, world: Programme, fields: dict[str, str], message: str
) -> None:
    login(client, officer)
    response = _ask(client, world, **fields)
    assert (
        response.status_code == 302
        and response["Location"] == f"/evaluation/programmes/{world.pk}/"
    )
    page = client.get(response["Location"]).content.decode()
    assert message in page
    assert not ReportJob.objects.exists()


def test_each_reader_sees_only_their_own_reports_an_administrator_all(
    client: Client, officer: User, admin_user: User, viewer: User, world: Programme
) -> None:
    login(client, officer)
    job = ReportJob.objects.get(pk=_ask(client, world)["Location"].split("/")[-2])
    other = User.objects.create_user(username="petugas2", password="x", role=Role.OFFICER)
    for reader, seen in ((other, 404), (viewer, 404), (admin_user, 200)):
        login(client, reader)
        for suffix in ("", "progress/", "file/"):
            assert client.get(f"/evaluation/reports/{job.pk}/{suffix}").status_code == seen


@pytest.mark.parametrize("persona", ["facilitator", "owner", "assessor"])
def test_those_without_the_evaluation_cannot_ask_or_read(
    client: Client, request: pytest.FixtureRequest, officer: User, world: Programme, persona: str
) -> None:
    login(client, officer)
    job = ReportJob.objects.get(pk=_ask(client, world)["Location"].split("/")[-2])
    login(client, request.getfixturevalue(persona))
    assert _ask(client, world).status_code == 403
    assert ReportJob.objects.count() == 1
    for suffix in ("", "progress/", "file/"):
        assert client.get(f"/evaluation/reports/{job.pk}/{suffix}").status_code == 403


def test_a_reader_keeps_the_ten_newest(client: Client, officer: User, world: Programme) -> None:
    login(client, officer)
    for _n in range(12):
        _ask(client, world, kind="xlsx")
    assert ReportJob.objects.filter(created_by=officer).count() == services_report.KEPT_PER_READER
