"""KoboToolbox and ODK Central exports: imported once, edits replace with history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ovop.accounts.models import User
from ovop.monitoring.choices import EntryStatus
from ovop.monitoring.models import ImportJob, Respondent, Round, Submission, ValueRevision
from ovop.monitoring.models_imports import JobStatus
from ovop.monitoring.services_imports import import_confirm, import_upload
from tests.monitoring.conftest import stored

pytestmark = pytest.mark.django_db

KOBO_HEADER = [
    "start",
    "end",
    "respondent",
    "ind/omzet",
    "ind/laba",
    "ind/tenaga_kerja__female",
    "ind/tenaga_kerja__male",
    "ind/tenaga_kerja__youth",
    "ind/tenaga_kerja",
    "ind/pasar",
    "ind/jual_daring",
    "ind/kompetensi",
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def _kobo_row(respondent: Respondent, omzet: str, uuid: str, kobo_id: int, when: str) -> list[str]:
    return [
        "2025-03-01T09:00:00.000+07:00",
        "2025-03-01T09:20:00.000+07:00",
        f"r{respondent.pk}",
        omzet,
        "-250000",
        "3",
        "2",
        "1",
        "5",
        "provinsi",
        "ya",
        "72.5",
        f"uuid:{uuid}",
        str(kobo_id),
        uuid,
        when,
        "",
        "",
        "submitted_via_web",
        "enum1",
        "vAbc",
        "",
        "1",
    ]


def _csv(rows: list[list[str]]) -> bytes:
    def line(cells: list[str]) -> str:
        return ";".join('"' + c.replace('"', '""') + '"' for c in cells)

    return ("\r\n".join(line(r) for r in [KOBO_HEADER, *rows]) + "\r\n").encode()


def _import(officer: User, survey: Round, content: bytes, name: str = "kobo.csv") -> ImportJob:
    job = import_upload(
        user=officer, kind="field", round_=survey, upload=SimpleUploadedFile(name, content)
    )
    assert job.status == JobStatus.CHECKED, (job.message, job.problems)
    return import_confirm(user=officer, job=job)


def test_a_kobo_export_imported_twice_counts_once(
    officer: User, survey: Round, answering_x: Respondent, answering_y: Respondent
) -> None:
    content = _csv(
        [
            _kobo_row(answering_x, "1500000", "aaaa-1", 101, "2025-03-01T02:21:00"),
            _kobo_row(answering_y, "2.000.000", "bbbb-1", 102, "2025-03-01T03:00:00"),
        ]
    )
    first = _import(officer, survey, content)
    assert first.status == JobStatus.DONE
    assert (first.counts["new"], first.counts["already"]) == (2, 0)
    assert stored(answering_x)["omzet"] == Decimal(1_500_000)
    assert stored(answering_x)["tenaga_kerja"] == Decimal(5)
    answering_x.refresh_from_db()
    assert (answering_x.status, answering_x.origin) == (EntryStatus.SUBMITTED, "kobo")
    second = _import(officer, survey, content)
    assert (second.counts["new"], second.counts["already"]) == (0, 2)
    assert Submission.objects.count() == 2
    assert not ValueRevision.objects.exists()


def test_an_edit_on_the_server_replaces_the_value_with_history(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    _import(
        officer,
        survey,
        _csv([_kobo_row(answering_x, "1500000", "aaaa-1", 101, "2025-03-01T02:21:00")]),
    )
    # edited in Kobo: a new instance id, the same _id
    edited = _kobo_row(answering_x, "1600000", "aaaa-2", 101, "2025-03-01T02:21:00")
    job = _import(officer, survey, _csv([edited]))
    assert (job.counts["edits"], job.counts["new"]) == (1, 0)
    assert stored(answering_x)["omzet"] == Decimal(1_600_000)
    revision = ValueRevision.objects.get()
    assert (revision.old_number, revision.new_number, revision.origin) == (
        Decimal(1_500_000),
        Decimal(1_600_000),
        "kobo",
    )
    assert revision.submission is not None and revision.submission.instance_id == "uuid:aaaa-2"
    assert list(Submission.objects.order_by("pk").values_list("replaced", flat=True)) == [
        True,
        False,
    ]


def test_a_central_export_with_dashes_is_read(
    officer: User, survey: Round, answering_x: Respondent
) -> None:
    header = [
        "SubmissionDate",
        "respondent",
        "ind-omzet",
        "ind-kompetensi",
        "meta-instanceID",
        "meta-instanceName",
        "KEY",
        "SubmitterID",
        "SubmitterName",
        "AttachmentsPresent",
        "AttachmentsExpected",
        "Status",
        "ReviewState",
        "DeviceID",
        "Edits",
        "FormVersion",
    ]
    row = [
        "2025-03-05T03:22:33.123Z",
        f"r{answering_x.pk}",
        "1500000",
        "80",
        "uuid:cccc-1",
        "x",
        "uuid:cccc-1",
        "5",
        "enum",
        "0",
        "0",
        "",
        "",
        "collect:1",
        "0",
        "20250001",
    ]
    content = ("\r\n".join(",".join(r) for r in (header, row)) + "\r\n").encode()
    job = _import(officer, survey, content, "central.csv")
    assert job.counts["new"] == 1
    assert stored(answering_x) == {"omzet": Decimal(1_500_000), "kompetensi": Decimal(80)}
    answering_x.refresh_from_db()
    assert answering_x.origin == "central"


def test_bad_answers_and_unknown_respondents_are_bad_rows(
    english: None, officer: User, survey: Round, answering_x: Respondent
) -> None:
    rows = [
        _kobo_row(answering_x, "6000000000", "aaaa-1", 101, "2025-03-01T02:21:00"),
        [*_kobo_row(answering_x, "1", "zzzz-1", 999, "2025-03-01T02:21:00")],
    ]
    rows[1][2] = "r999999"
    job = import_upload(
        user=officer, kind="field", round_=survey, upload=SimpleUploadedFile("kobo.csv", _csv(rows))
    )
    assert job.status == JobStatus.REFUSED
    reasons = sorted((p["row"], p["column"], p["reason"][:30]) for p in job.problems)
    assert reasons == [
        (2, "omzet", "Monthly revenue: 6,000,000,000"),
        (3, "respondent", "“r999999” is not a respondent "),
    ]
    assert not Submission.objects.exists()


def test_an_export_of_another_form_is_refused(
    english: None, officer: User, survey: Round, answering_x: Respondent
) -> None:
    content = b'"respondent";"meta/instanceID";"_uuid";"other_q"\r\n"r1";"uuid:x";"x";"5"\r\n'
    job = import_upload(
        user=officer, kind="field", round_=survey, upload=SimpleUploadedFile("other.csv", content)
    )
    assert job.status == JobStatus.REFUSED
    assert "another form" in job.message
