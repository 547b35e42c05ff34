"""The office spreadsheet of a round: template, dry run, confirm, all or nothing, twice."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ovop.accounts.models import User
from ovop.monitoring import jobs
from ovop.monitoring.choices import EntryStatus
from ovop.monitoring.models import ImportJob, Respondent, Round, Value, ValueRevision
from ovop.monitoring.models_imports import JobStatus
from ovop.monitoring.services_imports import import_cancel, import_confirm, import_upload
from tests.conftest import login
from tests.monitoring.conftest import stored

pytestmark = pytest.mark.django_db


def _template(client: Client, round_: Round) -> openpyxl.Workbook:
    response = client.get(f"/monitoring/rounds/{round_.pk}/template.xlsx")
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]


def _xlsx(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet: Any, row: int, values: dict[str, Any]) -> None:
    headers = [c.value for c in sheet[1]]
    for header, value in values.items():
        sheet.cell(row=row, column=headers.index(header) + 1, value=value)


def _upload(officer: User, survey: Round, content: bytes, name: str = "isian.xlsx") -> ImportJob:
    return import_upload(
        user=officer, kind="values", round_=survey, upload=SimpleUploadedFile(name, content)
    )


def test_the_template_has_indonesian_headers_and_one_row_per_respondent(
    client: Client, officer: User, survey: Round, answering_x: Respondent, answering_y: Respondent
) -> None:
    book = _template(login(client, officer), survey)
    sheet = book["Data"]
    headers = [c.value for c in sheet[1]]
    assert headers[:5] == ["ID responden", "Nama usaha", "Pemilik", "Desa", "Kelompok"]
    assert "Omzet per bulan (rupiah per bulan)" in headers
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == [
        f"r{answering_x.pk}",
        f"r{answering_y.pk}",
    ]
    assert book.sheetnames == ["Data", "Petunjuk", "ovop"]
    assert book["ovop"].sheet_state == "hidden"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"ya,tidak"' in lists.values()


def test_dry_run_names_the_bad_row_then_the_fixed_file_is_stored(
    english: None,
    english_client: Client,
    officer: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
) -> None:
    book = _template(login(english_client, officer), survey)
    sheet = book["Data"]
    full = {
        "Omzet per bulan (rupiah per bulan)": "Rp 1.500.000",
        "Keuntungan per bulan (rupiah per bulan)": "-250.000",
        "Tenaga kerja — Perempuan (orang)": 3,
        "Tenaga kerja — Laki-laki (orang)": 2,
        "Tenaga kerja — Pemuda (di bawah 30) (orang)": 1,
        "Jangkauan pasar terjauh": "Dalam provinsi",
        "Menjual secara daring (ya/tidak)": "ya",
        "Skor uji kompetensi (skor (0-100))": "72,5",
    }
    _fill(sheet, 2, full)
    _fill(sheet, 3, {**full, "Omzet per bulan (rupiah per bulan)": "sejuta"})
    job = _upload(officer, survey, _xlsx(book))
    assert job.status == JobStatus.REFUSED
    assert job.errors_count == 1
    (problem,) = job.problems
    assert (problem["sheet"], problem["row"], problem["column"]) == (
        "Data",
        3,
        "Omzet per bulan (rupiah per bulan)",
    )
    assert problem["reason"].startswith("Monthly revenue")
    assert not Value.objects.exists()
    # fixed: checked, then confirmed
    _fill(sheet, 3, {**full, "Omzet per bulan (rupiah per bulan)": "1,2 juta"})
    job = _upload(officer, survey, _xlsx(book))
    assert job.status == JobStatus.CHECKED, job.problems
    assert job.counts == {
        "rows_changed": 2,
        "rows_unchanged": 0,
        "created": 18,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
    }
    assert not Value.objects.exists()  # a dry run writes nothing
    job = import_confirm(user=officer, job=job)
    assert job.status == JobStatus.DONE
    assert stored(answering_y)["omzet"] == Decimal(1_200_000)
    assert stored(answering_x)["tenaga_kerja"] == Decimal(5)
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.SUBMITTED and answering_x.origin == "spreadsheet"
    # the same file again: nothing new
    again = _upload(officer, survey, _xlsx(book))
    assert again.counts["rows_unchanged"] == 2 and again.counts["created"] == 0
    import_confirm(user=officer, job=again)
    assert Value.objects.count() == 18 and not ValueRevision.objects.exists()


def test_a_changed_value_keeps_its_history(
    officer: User, survey: Round, answering_x: Respondent, client: Client
) -> None:
    book = _template(login(client, officer), survey)
    _fill(book["Data"], 2, {"Omzet per bulan (rupiah per bulan)": 1500000})
    import_confirm(user=officer, job=_upload(officer, survey, _xlsx(book)))
    _fill(book["Data"], 2, {"Omzet per bulan (rupiah per bulan)": 1750000})
    job = import_confirm(user=officer, job=_upload(officer, survey, _xlsx(book)))
    assert job.counts["updated"] == 1
    revision = ValueRevision.objects.get()
    assert (revision.old_number, revision.new_number, revision.origin) == (
        Decimal(1_500_000),
        Decimal(1_750_000),
        "spreadsheet",
    )
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.DRAFT  # a partial row keeps the entry a draft


def test_a_semicolon_csv_in_windows_1252_is_read(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    text = (
        f"ID responden;Nama usaha;Omzet per bulan (Rp/bulan);Skor uji kompetensi\r\n"
        f"r{answering_x.pk};Getas Alfa Café;1.500.000;80,5\r\n"
    )
    job = _upload(officer, survey, text.encode("cp1252"), "isian.csv")
    assert job.status == JobStatus.CHECKED, job.problems
    import_confirm(user=officer, job=job)
    assert stored(answering_x) == {"omzet": Decimal(1_500_000), "kompetensi": Decimal("80.5")}


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"\x00\x01\x02binary\x00" * 50, "data.xlsx", "not a spreadsheet"),
        (b"PK\x03\x04broken zip", "data.xlsx", "damaged"),
        (b"nama;alamat\r\nA;B\r\n", "data.csv", "ID responden"),
    ],
)
def test_files_that_cannot_be_imported_are_refused_whole(
    english: None,
    officer: User,
    survey: Round,
    answering_x: Respondent,
    content: bytes,
    name: str,
    reason: str,
) -> None:
    job = _upload(officer, survey, content, name)
    assert job.status == JobStatus.REFUSED
    assert reason in job.message, job.message
    assert not Value.objects.exists()


def test_a_locked_round_takes_no_import(
    english: None, officer: User, survey: Round, answering_x: Respondent
) -> None:
    Round.objects.filter(pk=survey.pk).update(status="locked")
    text = f"ID responden;Omzet per bulan\r\nr{answering_x.pk};1.500.000\r\n"
    job = _upload(officer, survey, text.encode(), "isian.csv")
    assert job.status == JobStatus.REFUSED
    assert job.message == "This round is locked; its values can no longer be imported."


def test_a_cancelled_write_stores_nothing(
    officer: User,
    survey: Round,
    answering_x: Respondent,
    answering_y: Respondent,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        f"ID responden;Omzet per bulan\r\nr{answering_x.pk};1.500.000\r\n"
        f"r{answering_y.pk};2.500.000\r\n"
    )
    job = _upload(officer, survey, text.encode(), "isian.csv")
    monkeypatch.setattr(jobs, "BATCH_ROWS", 1)
    jobs.cancel_request(job)  # as if the user pressed Cancel while it was written
    job = import_confirm(user=officer, job=job)
    assert job.status == JobStatus.CANCELLED
    assert not Value.objects.exists()
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.EMPTY


def test_a_checked_import_can_be_dropped(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    text = f"ID responden;Omzet per bulan\r\nr{answering_x.pk};1.500.000\r\n"
    job = import_cancel(user=officer, job=_upload(officer, survey, text.encode(), "isian.csv"))
    assert job.status == JobStatus.CANCELLED
    assert not Value.objects.exists()


def test_a_large_file_is_checked_and_written_by_the_worker(
    officer: User,
    survey: Round,
    answering_x: Respondent,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    monkeypatch.setattr(jobs, "INLINE_BYTES", 10)  # every file counts as large
    text = f"ID responden;Omzet per bulan\r\nr{answering_x.pk};1.500.000\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(officer, survey, text.encode(), "isian.csv")
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED and job.task_id
    with django_capture_on_commit_callbacks(execute=True):
        import_confirm(user=officer, job=job)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.rows_written == 1
    assert stored(answering_x) == {"omzet": Decimal(1_500_000)}


def test_only_managers_import_and_each_sees_their_own_imports(
    client: Client, facilitator: User, officer: User, survey: Round, answering_x: Respondent
) -> None:
    login(client, facilitator)
    url = f"/monitoring/rounds/{survey.pk}/import/"
    text = f"ID responden;Omzet per bulan\r\nr{answering_x.pk};1.500.000\r\n".encode()
    response = client.post(url, {"kind": "values", "file": SimpleUploadedFile("a.csv", text)})
    assert response.status_code == 403
    assert client.get(f"/monitoring/rounds/{survey.pk}/template.xlsx").status_code == 403
    assert not ImportJob.objects.exists()
    login(client, officer)
    response = client.post(url, {"kind": "values", "file": SimpleUploadedFile("a.csv", text)})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    other = User.objects.create(username="officer2", role="officer")
    login(client, other)
    assert client.get(f"/monitoring/imports/{job.pk}/").status_code == 404
    assert client.post(f"/monitoring/imports/{job.pk}/confirm/").status_code == 404
    assert not Value.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(
    english_client: Client, officer: User, survey: Round, settings: Any
) -> None:
    settings.OVOP_IMPORT_MAX_BYTES = 1024 * 1024
    login(english_client, officer)
    big = SimpleUploadedFile("besar.csv", b"x" * (1024 * 1024 + 70_000))
    response = english_client.post(
        f"/monitoring/rounds/{survey.pk}/import/", {"kind": "values", "file": big}
    )
    assert response.status_code == 413
    assert "larger than the 1 MB an import may be" in response.content.decode()
    assert not ImportJob.objects.exists()


def _csv(respondent: Respondent, omzet: str, kompetensi: str) -> bytes:
    return (
        "ID responden;Omzet per bulan;Skor uji kompetensi\r\n"
        f"r{respondent.pk};{omzet};{kompetensi}\r\n"
    ).encode()


def test_a_blank_cell_removes_the_stored_value_and_keeps_it_in_the_history(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    import_confirm(
        user=officer, job=_upload(officer, survey, _csv(answering_x, "2.000.000", "70"), "a.csv")
    )
    job = import_confirm(
        user=officer, job=_upload(officer, survey, _csv(answering_x, "-", "75,5"), "b.csv")
    )
    assert (job.counts["removed"], job.counts["updated"], job.counts["created"]) == (1, 1, 0)
    assert stored(answering_x) == {"kompetensi": Decimal("75.5")}
    changes = {r.indicator.code: (r.old_number, r.new_number) for r in ValueRevision.objects.all()}
    assert changes == {
        "omzet": (Decimal(2_000_000), None),
        "kompetensi": (Decimal(70), Decimal("75.5")),
    }


@pytest.mark.values_written_directly  # the entry approved by an update, for brevity
def test_an_approved_entry_is_not_changed_by_a_file(
    english: None, officer: User, survey: Round, answering_x: Respondent
) -> None:
    import_confirm(
        user=officer, job=_upload(officer, survey, _csv(answering_x, "2.000.000", "70"), "a.csv")
    )
    Respondent.objects.filter(pk=answering_x.pk).update(status=EntryStatus.APPROVED)
    same = _upload(officer, survey, _csv(answering_x, "2.000.000", "70"), "same.csv")
    assert same.status == JobStatus.CHECKED and same.counts["unchanged"] == 2
    changed = _upload(officer, survey, _csv(answering_x, "2.500.000", "70"), "changed.csv")
    assert changed.status == JobStatus.REFUSED
    assert changed.problems[0]["row"] == 2
    assert changed.problems[0]["reason"] == (
        "The entry of Getas Alfa is approved; return it for correction before changing its values."
    )
    assert stored(answering_x) == {"omzet": Decimal(2_000_000), "kompetensi": Decimal(70)}
    answering_x.refresh_from_db()
    assert answering_x.status == EntryStatus.APPROVED


def test_the_polled_progress_reloads_the_page_when_the_job_moves_on(
    officer: User, survey: Round, answering_x: Respondent, client: Client
) -> None:
    job = _upload(officer, survey, _csv(answering_x, "2.000.000", "70"), "a.csv")
    assert job.status == JobStatus.CHECKED
    login(client, officer)
    moved = client.get(f"/monitoring/imports/{job.pk}/progress/?shown=checking")
    assert moved.status_code == 200 and moved["HX-Refresh"] == "true"
    same = client.get(f"/monitoring/imports/{job.pk}/progress/?shown=checked")
    assert same.status_code == 200 and "HX-Refresh" not in same
    assert 'id="rows-read">1<' in same.content.decode()


def test_a_cell_with_a_line_break_is_a_bad_row_not_two_numbers(
    officer: User, survey: Round, answering_x: Respondent, answering_y: Respondent
) -> None:
    text = (
        "ID responden;Omzet per bulan;Skor uji kompetensi\r\n"
        f'r{answering_x.pk};"1500000\n2000000";70\r\n'
        f"r{answering_y.pk};1750000;80\r\n"
    )
    job = _upload(officer, survey, text.encode(), "isian.csv")
    assert job.status == JobStatus.REFUSED
    assert [(p["row"], p["column"]) for p in job.problems] == [(2, "Omzet per bulan")]
    assert not Value.objects.exists()


@pytest.mark.values_written_directly  # the entry approved by an update, for brevity
def test_a_whole_row_problem_shows_a_dash_for_its_column(
    english_client: Client, officer: User, survey: Round, answering_x: Respondent
) -> None:
    """Without a column the cell would be empty, and on a phone the next label would ride
    up into its place."""
    import_confirm(
        user=officer, job=_upload(officer, survey, _csv(answering_x, "2.000.000", "70"), "a.csv")
    )
    Respondent.objects.filter(pk=answering_x.pk).update(status=EntryStatus.APPROVED)
    changed = _upload(officer, survey, _csv(answering_x, "2.500.000", "70"), "changed.csv")
    page = login(english_client, officer).get(f"/monitoring/imports/{changed.pk}/")
    assert '<td data-label="Column">—</td>' in page.content.decode()
