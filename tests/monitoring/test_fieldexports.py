"""Reading KoboToolbox and ODK Central submission exports (no database). Messages in English."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest

from ovop.monitoring.fieldexports import (
    FieldExport,
    FieldExportError,
    FieldSubmission,
    parse_timestamp,
    parse_yes_no,
    read_field_export,
)

pytestmark = pytest.mark.usefixtures("english")

CODES = {"omzet": ("",), "jual_daring": ("",), "tenaga_kerja": ("female", "male", "youth")}

#: A date-time cell as an XLSX reader gives it: without a time zone.
NAIVE = datetime(2024, 3, 6, 1, 0, tzinfo=UTC).replace(tzinfo=None)

KOBO_HEADER = [
    *("start", "end", "respondent", "ind/omzet", "ind/jual_daring"),
    *("ind/tenaga_kerja__female", "ind/tenaga_kerja__male", "ind/tenaga_kerja"),
    *("ind/tenaga_kerja__youth", "catatan", "meta/instanceID", "meta/deprecatedID"),
    *("_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status"),
    *("_submitted_by", "__version__", "_tags", "_index"),
]
START, END = "2024-03-05T09:50:00.000+07:00", "2024-03-05T10:20:00.000+07:00"
KOBO_TAIL = ["", "submitted_via_web", "enumerator1", "vQx8Lp2", "", ""]
A, B, C = (
    "4b3f7e1a-0c2d-4e5f-8a9b-1c2d3e4f5a6b",
    "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
    "0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d",
)


def kobo_row(*values: Any, tail: Sequence[Any] = KOBO_TAIL) -> list[Any]:
    return [START, END, *values, *tail]


def read(header: list[str], rows: list[list[Any]]) -> FieldExport:
    return read_field_export(header, enumerate(rows, start=2), indicator_codes=CODES)


def test_kobo_export_with_an_edit_and_a_rejected_row() -> None:
    rows = [
        # The edit of submission 101, listed first: it was made a day later.
        kobo_row(
            *("r12", "16000000", "ya", "2", "1", "3", "1", "rapi"),
            *(f"uuid:{B}", f"uuid:{A}", "101", B, "2024-03-06T01:00:00", ""),
        ),
        kobo_row(
            *("r12", "15000000", "tidak", "2", "1", "3", "0", ""),
            *(f"uuid:{A}", "", "101", A, "2024-03-05T03:22:33", "validation_status_approved"),
        ),
        kobo_row(
            *("r13", "900000", "ya", "1", "1", "2", "2", ""),
            *(f"uuid:{C}", "", "102", C, "2024-03-05T04:00:00", "validation_status_not_approved"),
        ),
    ]

    export = read(KOBO_HEADER, rows)

    assert export.flavour == "kobo"
    assert export.ignored_columns == ["ind/tenaga_kerja", "catatan"]
    assert export.skipped == [(4, "Marked “not approved” in KoboToolbox.")]
    assert export.submissions == [
        FieldSubmission(
            row_number=3,
            instance_id=f"uuid:{A}",
            chain="kobo:101",
            submitted_at=datetime(2024, 3, 5, 3, 22, 33, tzinfo=UTC),
            respondent_key="r12",
            answers={
                ("omzet", ""): "15000000",
                ("jual_daring", ""): "tidak",
                ("tenaga_kerja", "female"): "2",
                ("tenaga_kerja", "male"): "1",
                ("tenaga_kerja", "youth"): "0",
            },
        ),
        FieldSubmission(
            row_number=2,
            instance_id=f"uuid:{B}",
            chain="kobo:101",
            submitted_at=datetime(2024, 3, 6, 1, 0, tzinfo=UTC),
            respondent_key="r12",
            answers={
                ("omzet", ""): "16000000",
                ("jual_daring", ""): "ya",
                ("tenaga_kerja", "female"): "2",
                ("tenaga_kerja", "male"): "1",
                ("tenaga_kerja", "youth"): "1",
            },
            replaces=f"uuid:{A}",
        ),
    ]


def test_kobo_root_uuid_is_the_chain_and_xlsx_numbers_stay_as_read() -> None:
    header = ["respondent", "ind/omzet", "meta/instanceID", "meta/rootUuid", "_id", "_uuid"]
    header += ["_submission_time"]
    rows = [
        ["r1", 15000000.0, f"uuid:{B}", f"uuid:{A}", 101.0, B, NAIVE],
        ["r2", 0, f"uuid:{C}", "", 102.0, C, "2024-03-05T03:22:33"],
    ]

    export = read(header, rows)

    assert [(s.instance_id, s.chain, s.submitted_at) for s in export.submissions] == [
        (f"uuid:{C}", "kobo:102", datetime(2024, 3, 5, 3, 22, 33, tzinfo=UTC)),
        (f"uuid:{B}", f"uuid:{A}", datetime(2024, 3, 6, 1, 0, tzinfo=UTC)),
    ]
    assert export.submissions[1].answers == {("omzet", ""): 15000000.0}
    assert export.submissions[0].answers == {("omzet", ""): 0}


def test_kobo_without_group_names_nor_meta_instance_id() -> None:
    header = ["respondent", "omzet", "tenaga_kerja__female", "_id", "_uuid", "_submission_time"]
    rows = [["r1", "5", "3", "7", A, "2024-03-05T03:22:33"], ["r2", "", "", "8", B]]

    export = read(header, rows)

    assert [(s.row_number, s.instance_id, s.chain) for s in export.submissions] == [
        (3, f"uuid:{B}", "kobo:8"),  # no submission time: before every timed one
        (2, f"uuid:{A}", "kobo:7"),
    ]
    assert export.submissions[0].submitted_at is None
    assert export.submissions[0].answers == {("omzet", ""): None, ("tenaga_kerja", "female"): None}
    assert export.submissions[1].answers == {("omzet", ""): "5", ("tenaga_kerja", "female"): "3"}
    assert export.ignored_columns == []


CENTRAL_HEADER = [
    *("SubmissionDate", "respondent", "ind-omzet", "ind-jual_daring"),
    *("ind-tenaga_kerja__female", "ind-tenaga_kerja__male", "ind-tenaga_kerja"),
    *("ind-tenaga_kerja__youth", "meta-instanceID", "meta-instanceName", "KEY", "SubmitterID"),
    *("SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState"),
    *("DeviceID", "Edits", "FormVersion"),
]


def central_row(
    when: str, respondent: str, omzet: str, instance: str, key: str, review: str, edits: str
) -> list[str]:
    return [
        *(when, respondent, omzet, "Yes", "2", "1", "3", "1", instance),
        *(f"{respondent}-ovop_round_7", key, "5", "Ani", "0", "0", "", review),
        *("collect:Xy12", edits, "20240003"),
    ]


def test_central_export_and_its_edit_share_the_key() -> None:
    when = "2024-03-05T03:22:33.123Z"
    first = read(
        CENTRAL_HEADER,
        [
            central_row(when, "r12", "15000000", f"uuid:{A}", f"uuid:{A}", "", "0"),
            central_row(when, "r13", "900000", f"uuid:{C}", f"uuid:{C}", "rejected", "0"),
        ],
    )
    # The edit: a new instance id under the same KEY; the export shows the current version.
    edit = central_row(when, "r12", "16000000", f"uuid:{B}", f"uuid:{A}", "edited", "1")
    edited = read(CENTRAL_HEADER, [edit])

    assert first.flavour == edited.flavour == "central"
    assert first.ignored_columns == ["ind-tenaga_kerja"]
    assert first.skipped == [(3, "Rejected in ODK Central.")]
    answers = {
        ("omzet", ""): "15000000",
        ("jual_daring", ""): "Yes",
        ("tenaga_kerja", "female"): "2",
        ("tenaga_kerja", "male"): "1",
        ("tenaga_kerja", "youth"): "1",
    }
    assert first.submissions == [
        FieldSubmission(
            row_number=2,
            instance_id=f"uuid:{A}",
            chain=f"uuid:{A}",
            submitted_at=datetime(2024, 3, 5, 3, 22, 33, 123000, tzinfo=UTC),
            respondent_key="r12",
            answers=answers,
        )
    ]
    assert edited.submissions == [
        FieldSubmission(
            row_number=2,
            instance_id=f"uuid:{B}",
            chain=f"uuid:{A}",
            submitted_at=datetime(2024, 3, 5, 3, 22, 33, 123000, tzinfo=UTC),
            respondent_key="r12",
            answers=answers | {("omzet", ""): "16000000"},
        )
    ]


def test_central_without_group_paths() -> None:
    header = ["SubmissionDate", "respondent", "omzet", "instanceID", "KEY", "ReviewState"]
    rows = [["2024-03-05T03:22:33.123Z", "r1", "10", f"uuid:{A}", f"uuid:{A}", "approved"]]

    (submission,) = read(header, rows).submissions

    assert (submission.instance_id, submission.chain, submission.answers) == (
        f"uuid:{A}",
        f"uuid:{A}",
        {("omzet", ""): "10"},
    )


def test_rows_without_respondent_or_instance_id_or_seen_twice_are_skipped() -> None:
    header = ["SubmissionDate", "respondent", "ind-omzet", "meta-instanceID", "KEY", "Status"]
    rows = [
        ["2024-03-05T03:22:33Z", "", "10", f"uuid:{A}", f"uuid:{A}", ""],
        ["2024-03-05T03:22:33Z", "r1", "10", "", "", ""],
        ["2024-03-05T03:22:33Z", "r1", "10", f"uuid:{B}", f"uuid:{B}", ""],
        ["2024-03-05T03:22:33Z", "r1", "10", f"uuid:{B}", f"uuid:{B}", ""],
        ["2024-03-05T03:22:33Z", "r2", "", f"uuid:{C}", f"uuid:{C}", "missingEncryptedFormData"],
    ]

    export = read(header, rows)

    assert [s.row_number for s in export.submissions] == [4]
    assert export.skipped == [
        (2, "No respondent chosen."),
        (3, "No instance id."),
        (5, "The same instance id as row 4."),
        (6, "Not readable in ODK Central (missingEncryptedFormData)."),
    ]


def test_kobo_rows_not_approved_by_label_are_skipped_too() -> None:
    header = ["respondent", "omzet", "_id", "_uuid", "_validation_status"]
    rows = [["r1", "5", "7", A, "Not Approved"], ["r2", "6", "8", B, "On Hold"]]

    export = read(header, rows)

    assert export.skipped == [(2, "Marked “not approved” in KoboToolbox.")]
    assert [s.respondent_key for s in export.submissions] == ["r2"]


def never_read() -> Iterator[tuple[int, list[Any]]]:
    raise AssertionError("the header is checked before any row is read")
    yield  # pragma: no cover


@pytest.mark.parametrize(
    ("header", "code", "detail"),
    [
        (
            ["SubmissionDate", "respondent", "ind-omzet", "KEY"],
            "no_instance_id",
            "The export has no instance id column (meta/instanceID).",
        ),
        (
            ["respondent", "ind/omzet", "_id", "_submission_time"],
            "no_instance_id",
            "The export has no instance id column (meta/instanceID).",
        ),
        (
            ["nama", "umur", "meta/instanceID", "_id", "_uuid", "_submission_time"],
            "other_form",
            "The export lacks the respondent column or every indicator column of this round: "
            "it belongs to another form.",
        ),
        (
            ["SubmissionDate", "respondent", "ind-laba", "meta-instanceID", "KEY"],
            "other_form",
            "The export lacks the respondent column or every indicator column of this round: "
            "it belongs to another form.",
        ),
        (
            ["start", "Responden", "Indikator/Omzet per bulan", "_id", "_uuid", "_submission_time"],
            "labels",
            "The columns are headed by question labels (for example “Responden”). "
            "Export again from KoboToolbox with “XML values and headers”.",
        ),
        (
            ["respondent", "omzet", "instanceID"],
            "flavour",
            "This file is neither a KoboToolbox nor an ODK Central export.",
        ),
    ],
)
def test_refusals(header: list[str], code: str, detail: str) -> None:
    with pytest.raises(FieldExportError) as refused:
        read_field_export(header, never_read(), indicator_codes=CODES)
    assert (refused.value.code, refused.value.detail) == (code, detail)


def test_header_cells_are_trimmed_of_spaces_and_byte_order_mark() -> None:
    header: list[Any] = ["\ufeffrespondent", " ind/omzet ", "_uuid", None, "_submission_time"]
    export = read_field_export(header, iter([(2, ["r1", "7", A])]), indicator_codes=CODES)
    assert [(s.respondent_key, s.answers, s.submitted_at) for s in export.submissions] == [
        ("r1", {("omzet", ""): "7"}, None)
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(v, True) for v in ("ya", "Ya", "YES", "yes", " Yes ", True, 1, "1")],
        *[(v, False) for v in ("tidak", "Tidak", "No", "no", False, 0, "0")],
        *[(v, None) for v in ("", None, "mungkin", 2)],
    ],
)
def test_parse_yes_no(value: Any, expected: bool | None) -> None:
    assert parse_yes_no(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T10:22:33.123+07:00", datetime(2024, 3, 5, 3, 22, 33, 123000, tzinfo=UTC)),
        ("2024-03-05T03:22:33", datetime(2024, 3, 5, 3, 22, 33, tzinfo=UTC)),
        ("2024-03-05T03:22:33.123Z", datetime(2024, 3, 5, 3, 22, 33, 123000, tzinfo=UTC)),
        (NAIVE, datetime(2024, 3, 6, 1, 0, tzinfo=UTC)),
        ("kemarin", None),
        (None, None),
    ],
)
def test_parse_timestamp(value: Any, expected: datetime | None) -> None:
    parsed = parse_timestamp(value)
    assert parsed == expected
    assert parsed is None or parsed.utcoffset() is not None
