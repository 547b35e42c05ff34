"""Submissions exported from KoboToolbox or ODK Central, read into plain records.

The caller reads the file (CSV or XLSX) into a header and numbered rows; ``read_field_export``
checks the header first, then turns every row into a ``FieldSubmission``: its instance id,
the chain every version of one submission shares, its submission time, the respondent's key
and the raw answers per (indicator code, part). Nothing here touches the database, and no
answer is parsed: the caller parses each with its indicator's type (``parse_yes_no`` reads a
yes/no answer whether exported as the choice name or as its label).

The two servers differ:

* ODK Central: ``SubmissionDate``, ``meta-instanceID``, ``KEY`` (the first instance id of the
  submission, kept by every edit), ``ReviewState``; groups joined by ``-`` (``ind-omzet``), or
  none when exported without group names. One file holds the current version of each
  submission only: an edit shows up as a new instance id under a known KEY in a later file;
* KoboToolbox: ``_id`` (kept by every edit), ``_uuid``, ``_submission_time`` (UTC, without an
  offset), ``_validation_status``, ``meta/instanceID`` and, on newer servers,
  ``meta/rootUuid``; groups joined by ``/`` (``ind/omzet``) or none. Only an export with
  "XML values and headers" carries question names; one with labels is refused.

A column is matched on the last segment of its path: the form's question names are unique
form-wide and never contain ``/`` or ``-``. ``<code>__female``, ``__male`` and ``__youth`` are
the parts of an indicator split by gender or age (see ``ovop.monitoring.xlsform``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext as _

from ovop.monitoring.choices import Origin

RESPONDENT = "respondent"
CENTRAL_META = frozenset(
    {
        *("SubmissionDate", "KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent"),
        *("AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion"),
    }
)
#: Last segments of the metadata both servers add (``meta/…``, ``formhub/uuid``) and the
#: questions KoboToolbox forms often carry.
FORM_META = frozenset(
    {
        *("instanceID", "instanceName", "rootUuid", "deprecatedID", "uuid"),
        *("start", "end", "today", "deviceid", "username", "phonenumber", "audit"),
    }
)
KOBO_REJECTED = frozenset({"validation_status_not_approved", "not approved"})
YES = frozenset({"ya", "yes", "y", "true", "1"})
NO = frozenset({"tidak", "no", "n", "false", "0"})
_SEPARATORS = re.compile(r"[/-]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_OLDEST = datetime.min.replace(tzinfo=UTC)


class FieldExportError(Exception):
    """An export this round's import cannot read: ``code`` for programs, ``detail`` for people."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class FieldSubmission:
    row_number: int
    #: This version's instance id, ``uuid:…``.
    instance_id: str
    #: What every version of the submission shares: Central's KEY, Kobo's meta/rootUuid, else
    #: ``kobo:<_id>``.
    chain: str
    submitted_at: datetime | None
    respondent_key: str
    #: (indicator code, part) → the cell as read; ``None`` for a blank cell.
    answers: dict[tuple[str, str], Any]
    #: Kobo's meta/deprecatedID: the instance id this version replaced, if the export says.
    replaces: str = ""


@dataclass
class FieldExport:
    flavour: str  # Origin.KOBO or Origin.CENTRAL
    submissions: list[FieldSubmission] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    #: (row number, reason) of each row left out.
    skipped: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Layout:
    flavour: str
    instance: int
    respondent: int
    answers: dict[tuple[str, str], int]
    meta: dict[str, int]
    ignored: list[str]


def read_field_export(
    header: Sequence[Any],
    rows: Iterable[tuple[int, Sequence[Any]]],
    *,
    indicator_codes: Mapping[str, Sequence[str]],
) -> FieldExport:
    """The submissions of an export, sorted by submission time (then row): several versions
    of one chain follow each other in the order they were made, so applying them in turn
    leaves the latest. ``indicator_codes`` maps each code the round asks to the parts its
    questions give (``""`` for the total). Raises ``FieldExportError`` before reading any row
    when the header is not that of this round's form."""
    layout = _layout([_header_cell(h) for h in header], indicator_codes)
    export = FieldExport(flavour=layout.flavour, ignored_columns=layout.ignored)
    seen: dict[str, int] = {}
    for row_number, cells in rows:
        submission = _submission(layout, row_number, cells, export.skipped)
        if submission is None:
            continue
        if submission.instance_id in seen:
            reason = _("The same instance id as row %(row)s.") % {
                "row": seen[submission.instance_id]
            }
            export.skipped.append((row_number, reason))
            continue
        seen[submission.instance_id] = row_number
        export.submissions.append(submission)
    export.submissions.sort(key=lambda s: (s.submitted_at or _OLDEST, s.row_number))
    return export


def parse_yes_no(value: Any) -> bool | None:
    """A yes/no answer as exported with choice names (``ya``/``tidak``) or with labels
    (``Ya``/``Yes``/``Tidak``/``No``); ``None`` when it is neither."""
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    return True if text in YES else False if text in NO else None


# ---------------------------------------------------------------- the header


def _header_cell(value: Any) -> str:
    return "" if value is None else str(value).strip().lstrip("\ufeff")


def _last_segment(name: str) -> str:
    return _SEPARATORS.split(name)[-1]


def _flavour(header: list[str]) -> str:
    names = set(header)
    if {"KEY", "SubmissionDate"} <= names:
        return Origin.CENTRAL.value
    if names & {"_uuid", "_submission_time", "_id"}:
        return Origin.KOBO.value
    raise FieldExportError(
        "flavour", _("This file is neither a KoboToolbox nor an ODK Central export.")
    )


def _is_meta(flavour: str, name: str) -> bool:
    if flavour == Origin.CENTRAL:
        return name in CENTRAL_META or _last_segment(name) in FORM_META
    return name.startswith("_") or _last_segment(name) in FORM_META


def _layout(header: list[str], indicator_codes: Mapping[str, Sequence[str]]) -> _Layout:
    flavour = _flavour(header)
    meta: dict[str, int] = {}
    answers: dict[tuple[str, str], int] = {}
    respondent: int | None = None
    ignored: list[str] = []
    for index, name in enumerate(header):
        segment = _last_segment(name)
        key = _answer_key(segment, indicator_codes)
        if key is not None and key not in answers:
            answers[key] = index
        elif segment == RESPONDENT and respondent is None:
            respondent = index
        elif _is_meta(flavour, name):
            meta.setdefault(name if name in CENTRAL_META or name[:1] == "_" else segment, index)
        elif name:
            ignored.append(name)
    instance = meta.get("instanceID", meta.get("_uuid"))
    if instance is None:
        raise FieldExportError(
            "no_instance_id", _("The export has no instance id column (meta/instanceID).")
        )
    if respondent is None or not answers:
        raise _wrong_form(flavour, ignored)
    return _Layout(flavour, instance, respondent, answers, meta, ignored)


def _answer_key(
    segment: str, indicator_codes: Mapping[str, Sequence[str]]
) -> tuple[str, str] | None:
    """(code, part) of a column's last segment when this round asks it."""
    code, _sep, part = segment.rpartition("__")
    if code and part in indicator_codes.get(code, ()):
        return code, part
    if "" in indicator_codes.get(segment, ()):
        return segment, ""
    return None


def _wrong_form(flavour: str, ignored: list[str]) -> FieldExportError:
    labels = [n for n in ignored if not _NAME.fullmatch(_last_segment(n))]
    if flavour == Origin.KOBO and labels:
        return FieldExportError(
            "labels",
            _(
                "The columns are headed by question labels (for example “%(column)s”). "
                "Export again from KoboToolbox with “XML values and headers”."
            )
            % {"column": labels[0]},
        )
    return FieldExportError(
        "other_form",
        _(
            "The export lacks the respondent column or every indicator column of this round: "
            "it belongs to another form."
        ),
    )


# ---------------------------------------------------------------- the rows


def _submission(
    layout: _Layout, row_number: int, cells: Sequence[Any], skipped: list[tuple[int, str]]
) -> FieldSubmission | None:
    def cell(index: int | None) -> Any:
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        if isinstance(value, str):
            value = value.strip()
        return None if value == "" else value

    def meta(name: str) -> Any:
        return cell(layout.meta.get(name))

    reason = _rejection(layout.flavour, meta)
    instance_id = _uuid(cell(layout.instance))
    respondent = cell(layout.respondent)
    if reason is None and not instance_id:
        reason = _("No instance id.")
    if reason is None and respondent is None:
        reason = _("No respondent chosen.")
    if reason is not None:
        skipped.append((row_number, reason))
        return None
    time_column = "SubmissionDate" if layout.flavour == Origin.CENTRAL else "_submission_time"
    return FieldSubmission(
        row_number=row_number,
        instance_id=instance_id,
        chain=_chain(layout.flavour, meta) or instance_id,
        submitted_at=parse_timestamp(meta(time_column)),
        respondent_key=_text(respondent),
        answers={key: cell(index) for key, index in layout.answers.items()},
        replaces=_uuid(meta("deprecatedID")),
    )


def _rejection(flavour: str, meta: Callable[[str], Any]) -> str | None:
    if flavour == Origin.CENTRAL:
        if str(meta("ReviewState") or "").lower() == "rejected":
            return _("Rejected in ODK Central.")
        if meta("Status"):
            return _("Not readable in ODK Central (%(status)s).") % {"status": meta("Status")}
    elif str(meta("_validation_status") or "").lower() in KOBO_REJECTED:
        return _("Marked “not approved” in KoboToolbox.")
    return None


def _chain(flavour: str, meta: Callable[[str], Any]) -> str:
    if flavour == Origin.CENTRAL:
        return _uuid(meta("KEY"))
    if meta("rootUuid"):
        return _uuid(meta("rootUuid"))
    return f"kobo:{_text(meta('_id'))}" if meta("_id") is not None else ""


def _uuid(value: Any) -> str:
    """An instance id with the ``uuid:`` prefix that Kobo's ``_uuid`` column leaves out."""
    text = _text(value)
    if not text or text.startswith("uuid:"):
        return text
    return f"uuid:{text}"


def _text(value: Any) -> str:
    """A cell as text; a whole number read from XLSX as ``12.0`` becomes ``12``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_timestamp(value: Any) -> datetime | None:
    """An ISO 8601 submission time, aware; one without an offset (Kobo's) is UTC."""
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(_text(value))
        except ValueError:
            return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
