"""Importing the submissions of the round's field form as KoboToolbox or ODK Central export
them (CSV or XLSX, with or without group names in the headers).

Each submission is known by its instance id: one already imported is left alone (the same
export imported twice adds nothing). An edit made on the server arrives with a new instance id
in a known chain (Central's KEY, Kobo's root uuid or ``_id``): it replaces the values of the
earlier version, each change kept as a revision naming the submission, and the earlier
version is marked replaced. Answers are read with the questions' types and ranges; a row that
cannot be read is a bad row with its reason; rows the server marks rejected are left out and
reported. As for every import: a dry run first, then all rows or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import set_history
from ovop.core.tables import Table, TableError, read_upload
from ovop.monitoring import scope, tallies
from ovop.monitoring.answers import AnswerError, Question, read_answer, round_questions, totals
from ovop.monitoring.choices import EntryStatus
from ovop.monitoring.fieldexports import (
    FieldExport,
    FieldExportError,
    FieldSubmission,
    parse_yes_no,
    read_field_export,
)
from ovop.monitoring.imports_values import ImportRefused
from ovop.monitoring.jobs import Reporter
from ovop.monitoring.models import Respondent, Round, Submission
from ovop.monitoring.values_write import Key, Stored, Written, answers_store

#: Header texts that tell a field export's header row.
COLUMNS = {
    "respondent": ("respondent",),
    "instance": ("meta/instanceID", "meta-instanceID", "instanceID", "_uuid"),
    "time": ("_submission_time", "SubmissionDate"),
    "key": ("KEY", "_id"),
}


@dataclass
class _Item:
    submission: FieldSubmission
    respondent: Respondent
    answers: dict[Key, Stored | None]
    earlier: Submission | None


def _table(upload: IO[bytes], name: str) -> Table:
    try:
        for table in read_upload(upload, name, columns=COLUMNS, min_matches=2):
            return table
    except TableError as error:
        raise ImportRefused(error.describe()) from None
    raise ImportRefused(_("The file has no submissions table."))


def _export(round_: Round, upload: IO[bytes], name: str) -> tuple[FieldExport, str]:
    table = _table(upload, name)
    asked: dict[str, list[str]] = {}
    for question in round_questions(round_):
        asked.setdefault(question.indicator.code, []).append(question.breakdown)
    try:
        return read_field_export(table.labels, table.rows, indicator_codes=asked), table.sheet
    except FieldExportError as error:
        raise ImportRefused(error.detail) from None


class _Reader:
    def __init__(self, round_: Round, user: User, reporter: Reporter) -> None:
        self.round = round_
        self.reporter = reporter
        self.questions: dict[tuple[str, str], Question] = {
            (q.indicator.code, q.breakdown): q for q in round_questions(round_)
        }
        self.visible = set(
            Respondent.objects.filter(scope.respondent_filter(user), round=round_).values_list(
                "pk", flat=True
            )
        )
        self.known = {s.instance_id: s for s in Submission.objects.filter(round=round_)}
        self.latest: dict[str, Submission] = {}
        for s in sorted(self.known.values(), key=lambda s: (s.imported_at, s.pk)):
            if not s.replaced:
                self.latest[s.chain] = s

    def items(self, upload: IO[bytes], name: str) -> tuple[list[_Item], dict[str, int]]:
        export, sheet = _export(self.round, upload, name)
        self.flavour = export.flavour
        counts = {"already": 0, "skipped": len(export.skipped), "edits": 0, "new": 0}
        for row, reason in export.skipped:
            self.reporter.read()
            self.reporter.note(sheet=sheet, row=row, reason=reason)
        pending: list[tuple[FieldSubmission, int, dict[Key, Stored | None]]] = []
        for submission in export.submissions:
            self.reporter.read()
            if submission.instance_id in self.known:
                counts["already"] += 1
                continue
            read = self._read(sheet, submission)
            if read is not None:
                pending.append(read)
        found = Respondent.objects.select_related("enterprise").in_bulk(
            [pk for _, pk, _ in pending]
        )
        items = []
        for submission, pk, answers in pending:
            earlier = self.latest.get(submission.chain)
            counts["edits" if earlier else "new"] += 1
            items.append(_Item(submission, found[pk], answers, earlier))
        return items, counts

    def _read(
        self, sheet: str, submission: FieldSubmission
    ) -> tuple[FieldSubmission, int, dict[Key, Stored | None]] | None:
        def bad(column: str, reason: str) -> None:
            self.reporter.problem(
                sheet=sheet, row=submission.row_number, column=column, reason=reason
            )

        key = submission.respondent_key.strip().lower()
        pk = int(key[1:]) if key.startswith("r") and key[1:].isdigit() and len(key) < 19 else 0
        if pk not in self.visible:
            bad(
                "respondent",
                _("“%(value)s” is not a respondent of this round.")
                % {"value": submission.respondent_key[:40]},
            )
            return None
        answers: dict[Key, Stored | None] = {}
        ok = True
        for (code, part), raw in submission.answers.items():
            question = self.questions.get((code, part))
            if question is None:
                continue
            if question.indicator.value_type == "boolean" and raw not in (None, ""):
                flag = parse_yes_no(raw)
                raw = raw if flag is None else ("ya" if flag else "tidak")
            try:
                answers[question.key] = read_answer(question, raw)
            except AnswerError as error:
                bad(question.name, str(error))
                ok = False
        if not ok:
            return None
        asked = [
            q for (code, part), q in self.questions.items() if (code, part) in submission.answers
        ]
        totals(asked, answers)
        return submission, pk, answers


def field_check(
    *, round_: Round, user: User, upload: IO[bytes], name: str, reporter: Reporter
) -> dict[str, int]:
    """The dry run: new submissions, edits, those already imported, those left out."""
    if round_.is_locked:
        raise ImportRefused(_("This round is locked; its values can no longer be imported."))
    items, counts = _Reader(round_, user, reporter).items(upload, name)
    _approved(items, reporter)
    return counts


def _approved(items: list[_Item], reporter: Reporter) -> None:
    for item in items:
        if item.respondent.status == EntryStatus.APPROVED:
            reporter.problem(
                sheet="",
                row=item.submission.row_number,
                column="respondent",
                reason=_(
                    "The entry of %(name)s is approved; return it for correction before "
                    "changing its values."
                )
                % {"name": item.respondent.enterprise.name},
            )


def field_write(
    *, round_: Round, user: User, upload: IO[bytes], name: str, reporter: Reporter
) -> dict[str, int]:
    """Store the submissions: all or none."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.is_locked:
            raise ImportRefused(_("This round is locked; its values can no longer be imported."))
        reader = _Reader(round_, user, reporter)
        items, counts = reader.items(upload, name)
        origin = reader.flavour
        _approved(items, reporter)
        if reporter.progress.errors:
            raise ImportRefused(
                _(
                    "%(n)s rows could not be read this time; nothing was stored. Check the file "
                    "again."
                )
                % {"n": reporter.progress.errors}
            )
        written = Written()
        now = timezone.now()
        for item in items:
            written.add(_store(round_, item, user, origin, now))
            reporter.written(1)
            if reporter.progress.rows_written % 200 == 0:
                reporter.tick()
        counts.update(created=written.created, updated=written.updated, unchanged=written.unchanged)
        tallies.touch(round_.pk)
        return counts


def _store(round_: Round, item: _Item, user: User, origin: str, now: Any) -> Written:
    fs = item.submission
    submission = Submission.objects.create(
        round=round_,
        respondent=item.respondent,
        instance_id=fs.instance_id[:64],
        chain=fs.chain[:64],
        origin=origin,
        submitted_at=fs.submitted_at,
    )
    if item.earlier is not None:
        Submission.objects.filter(pk=item.earlier.pk).update(replaced=True)
    done = answers_store(
        respondent=item.respondent,
        answers=item.answers,
        origin=origin,
        user=user,
        reason=_("edited on the server") if item.earlier else "",
        submission=submission,
    )
    respondent = item.respondent
    respondent.status = EntryStatus.SUBMITTED
    respondent.origin = origin
    respondent.submitted_at = fs.submitted_at or now
    respondent.submitted_by = user
    set_history(respondent, user=user, reason="imported")
    respondent.save(
        update_fields=["status", "origin", "submitted_at", "submitted_by", "updated_at"]
    )
    return done


__all__ = ["field_check", "field_write"]
