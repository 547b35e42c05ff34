"""Importing a round's office spreadsheet: one row per respondent, one column per question.

``values_check`` is the dry run: every row is read, every cell checked with the question's
type and range (``answers.read_answer``), and compared with what is stored; the report counts
the rows that would be created (first values), updated, left alone, and lists every bad row
with its sheet, row number, column and reason. ``values_write`` reads the file again and
stores it in one transaction: when any row is bad by then (someone changed the round in the
meantime), or the user cancels, nothing is stored.

A row names its respondent by the "ID responden" of the template (``r123``). Values of a
locked round are refused as a whole; an approved entry that the file would change is a bad
row (return it for correction first). A row that answers every question submits its entry
for review; a partial row keeps it a draft.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.tables import Table, TableError, read_upload
from ovop.monitoring import scope
from ovop.monitoring.answers import AnswerError, Question, read_answer, round_questions, totals
from ovop.monitoring.choices import EntryStatus, Origin
from ovop.monitoring.jobs import BATCH_ROWS, Reporter
from ovop.monitoring.models import Respondent, Round
from ovop.monitoring.template_round import KEY_SHEET, columns_of
from ovop.monitoring.values_write import Batch, Key, Stored, Written, stored_of


class ImportRefused(ValueError):
    """The file as a whole cannot be imported (its reason is the message)."""


@dataclass
class _Row:
    sheet: str
    number: int
    respondent: Respondent
    answers: dict[Key, Stored | None]
    complete: bool


def _respondent_id(value: Any) -> int | None:
    text = str(value).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    text = text.removeprefix("r")
    return int(text) if text.isdigit() and len(text) <= 18 else None


def _tables(upload: IO[bytes], name: str, questions: list[Question]) -> Iterator[Table]:
    columns = columns_of(questions)
    try:
        for table in read_upload(upload, name, columns=columns, min_matches=2):
            if table.sheet == KEY_SHEET:
                continue
            yield table
    except TableError as error:
        raise ImportRefused(error.describe()) from None


class _Reader:
    """Reads the rows of one upload for one user, checking them as it goes."""

    def __init__(self, round_: Round, user: User, reporter: Reporter) -> None:
        self.round = round_
        self.user = user
        self.reporter = reporter
        self.questions = round_questions(round_)
        self.visible = dict(
            Respondent.objects.filter(scope.respondent_filter(user), round=round_)
            .select_related("enterprise__village", "round")
            .values_list("pk", "status")
        )
        self.seen: dict[int, int] = {}

    def rows(self, upload: IO[bytes], name: str) -> Iterator[list[_Row]]:
        """Batches of good rows; bad ones are reported and left out."""
        found = False
        for table in _tables(upload, name, self.questions):
            if "respondent" not in table.columns:
                raise ImportRefused(
                    _(
                        "Sheet “%(sheet)s” has no column “ID responden”: use the template of "
                        "this round."
                    )
                    % {"sheet": table.sheet}
                )
            asked = [q for q in self.questions if q.name in table.columns]
            if not asked:
                continue
            found = True
            yield from self._batches(table, asked)
        if not found:
            raise ImportRefused(
                _(
                    "No sheet has the columns of this round's questions: use the template of "
                    "this round."
                )
            )

    def _batches(self, table: Table, asked: list[Question]) -> Iterator[list[_Row]]:
        batch: list[tuple[int, int, dict[Key, Stored | None], bool]] = []
        self.sheet = table.sheet
        labels = table.labels
        where = table.columns["respondent"]
        for number, cells in table.rows:
            self.reporter.read()
            row = self._read(table, labels, where, number, cells, asked)
            if row is not None:
                batch.append(row)
            if len(batch) >= BATCH_ROWS // 4:
                yield self._resolve(batch)
                batch = []
        if batch:
            yield self._resolve(batch)

    def _read(
        self,
        table: Table,
        labels: list[str],
        where: int,
        number: int,
        cells: list[Any],
        asked: list[Question],
    ) -> tuple[int, int, dict[Key, Stored | None], bool] | None:
        def bad(column: str, reason: str) -> None:
            self.reporter.problem(sheet=table.sheet, row=number, column=column, reason=reason)

        pk = _respondent_id(cells[where])
        if pk is None or pk not in self.visible:
            bad(
                labels[where],
                _("“%(value)s” is not a respondent of this round.")
                % {"value": str(cells[where])[:40]},
            )
            return None
        if pk in self.seen:
            bad(labels[where], _("The same respondent as row %(row)s.") % {"row": self.seen[pk]})
            return None
        self.seen[pk] = number
        answers: dict[Key, Stored | None] = {}
        ok = True
        for question in asked:
            index = table.columns[question.name]
            try:
                answers[question.key] = read_answer(question, cells[index])
            except AnswerError as error:
                bad(labels[index], str(error))
                ok = False
        if not ok:
            return None
        totals(asked, answers)
        complete = len(asked) == len(self.questions) and all(
            answers.get(q.key) is not None for q in self.questions
        )
        return number, pk, answers, complete

    def _resolve(self, batch: list[tuple[int, int, dict[Key, Stored | None], bool]]) -> list[_Row]:
        found = Respondent.objects.select_related("round", "enterprise").in_bulk(
            [pk for _, pk, _, _ in batch]
        )
        return [
            _Row(self.sheet, n, found[pk], answers, complete) for n, pk, answers, complete in batch
        ]


def _compare(
    rows: list[_Row],
    existing: dict[int, dict[Key, Any]],
    batch: Batch,
    user: User,
    reporter: Reporter,
) -> tuple[Written, list[tuple[_Row, bool]]]:
    """Stage the rows' writes in ``batch``: (value counts, [(row, whether it changes)]).
    An approved entry the row would change is a bad row."""
    done = Written()
    kept: list[tuple[_Row, bool]] = []
    for row in rows:
        trial = Batch()
        changes = trial.add(
            row.respondent,
            row.answers,
            existing[row.respondent.pk],
            Origin.SPREADSHEET,
            user,
            "",
            None,
        )
        if changes.changed and row.respondent.status == EntryStatus.APPROVED:
            reporter.problem(
                sheet=row.sheet,
                row=row.number,
                column="",
                reason=_(
                    "The entry of %(name)s is approved; return it for correction before "
                    "changing its values."
                )
                % {"name": row.respondent.enterprise.name},
            )
            continue
        batch.extend(trial)
        done.add(changes)
        kept.append((row, changes.changed))
    return done, kept


def _counts(rows_changed: int, rows_same: int, values: Written) -> dict[str, int]:
    return {
        "rows_changed": rows_changed,
        "rows_unchanged": rows_same,
        "created": values.created,
        "updated": values.updated,
        "unchanged": values.unchanged,
        "removed": values.removed,
    }


def _locked(round_: Round) -> None:
    if round_.is_locked:
        raise ImportRefused(_("This round is locked; its values can no longer be imported."))


def values_check(
    *, round_: Round, user: User, upload: IO[bytes], name: str, reporter: Reporter
) -> dict[str, int]:
    """The dry run: the counts of what the import would do; nothing is written."""
    _locked(round_)
    total = Written()
    changed = same = 0
    for rows in _Reader(round_, user, reporter).rows(upload, name):
        existing = stored_of([r.respondent.pk for r in rows])
        done, kept = _compare(rows, existing, Batch(), user, reporter)
        total.add(done)
        changed += sum(1 for _, moves in kept if moves)
        same += sum(1 for _, moves in kept if not moves)
    return _counts(changed, same, total)


def _status(row: _Row, moves: bool, user: User, now: Any) -> Respondent | None:
    """The respondent whose entry state the row changes, or None."""
    respondent = row.respondent
    if respondent.status == EntryStatus.APPROVED:
        return None
    status = EntryStatus.SUBMITTED if row.complete else EntryStatus.DRAFT
    if not moves and (respondent.status == status or respondent.status == EntryStatus.SUBMITTED):
        return None
    respondent.status = status
    respondent.origin = Origin.SPREADSHEET
    if status == EntryStatus.SUBMITTED:
        respondent.submitted_at, respondent.submitted_by = now, user
    return respondent


def values_write(
    *, round_: Round, user: User, upload: IO[bytes], name: str, reporter: Reporter
) -> dict[str, int]:
    """Store the file: all rows or none (``ImportRefused`` or ``ImportCancelled`` undo it)."""
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        _locked(round_)
        total = Written()
        changed = same = 0
        now = timezone.now()
        for rows in _Reader(round_, user, reporter).rows(upload, name):
            existing = stored_of([r.respondent.pk for r in rows])
            batch = Batch()
            done, kept = _compare(rows, existing, batch, user, reporter)
            if reporter.progress.errors:
                break
            batch.flush()
            total.add(done)
            moved = [r for r in (_status(row, moves, user, now) for row, moves in kept) if r]
            Respondent.objects.bulk_update(
                moved, ["status", "origin", "submitted_at", "submitted_by"], batch_size=500
            )
            changed += sum(1 for _, moves in kept if moves)
            same += sum(1 for _, moves in kept if not moves)
            reporter.written(len(kept))
            reporter.tick()
        if reporter.progress.errors:
            raise ImportRefused(
                _(
                    "%(n)s rows could not be read this time; nothing was stored. Check the file "
                    "again."
                )
                % {"n": reporter.progress.errors}
            )
    return _counts(changed, same, total)
