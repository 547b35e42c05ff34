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

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.bulk import gc_paused
from ovop.core.tables import Table, TableError, read_upload
from ovop.monitoring import scope, tallies
from ovop.monitoring.answers import (
    AnswerError,
    Question,
    answer_reader,
    column_reader,
    round_questions,
    totals,
)
from ovop.monitoring.choices import EntryStatus
from ovop.monitoring.imports_plan import (
    Batch,
    PlanWriter,
    Tally,
    batches_store,
    plan_batches,
    round_state,
)
from ovop.monitoring.jobs import BATCH_ROWS, Reporter
from ovop.monitoring.models import Respondent, Round, Value
from ovop.monitoring.template_round import KEY_SHEET, columns_of
from ovop.monitoring.values_write import (
    Key,
    Plain,
    Staged,
    Stored,
    Written,
    stored_plain,
)

#: Reads a whole column at once, or None (then it is read cell by cell).
Columns = Callable[[list[Any]], "list[Stored | None] | None"]


class ImportRefused(ValueError):
    """The file as a whole cannot be imported (its reason is the message)."""


@dataclass(slots=True)
class _Row:
    sheet: str
    number: int
    respondent: int
    answers: dict[Key, Stored | None]
    complete: bool


def _respondent_id(value: Any) -> int | None:
    if type(value) is str and value[1:].isdigit() and value[:1] == "r" and len(value) < 19:
        return int(value[1:])  # as the template writes it: r123
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
        self.readers = {q.name: answer_reader(q) for q in self.questions}
        self.columns = {q.name: column_reader(q) for q in self.questions}
        self.split = any(q.indicator.by_gender for q in self.questions)
        self.status = dict(
            Respondent.objects.filter(scope.respondent_filter(user), round=round_).values_list(
                "pk", "status"
            )
        )
        self.seen: dict[int, int] = {}
        #: Names of the approved entries, for their message (no query while writing).
        self.approved = dict(
            Respondent.objects.filter(round=round_, status=EntryStatus.APPROVED).values_list(
                "pk", "enterprise__name"
            )
        )

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
        self.sheet = table.sheet
        self.labels = table.labels
        self.every = len(asked) == len(self.questions)
        columns = [
            (q.key, table.columns[q.name], self.columns[q.name], self.readers[q.name])
            for q in asked
        ]
        where = table.columns["respondent"]
        chunk: list[tuple[int, list[Any]]] = []
        for line in table.rows:
            chunk.append(line)
            if len(chunk) >= BATCH_ROWS:
                self.reporter.read(len(chunk))
                yield self._chunk(chunk, where, asked, columns)
                chunk = []
        if chunk:
            self.reporter.read(len(chunk))
            yield self._chunk(chunk, where, asked, columns)

    def _respondent(self, number: int, value: Any, where: int) -> int | None:
        pk = _respondent_id(value)
        if pk is None or pk not in self.status:
            reason = _("“%(value)s” is not a respondent of this round.") % {
                "value": str(value)[:40]
            }
        elif pk in self.seen:
            reason = _("The same respondent as row %(row)s.") % {"row": self.seen[pk]}
        else:
            self.seen[pk] = number
            return pk
        self.reporter.problem(
            sheet=self.sheet, row=number, column=self.labels[where], reason=reason
        )
        return None

    def _chunk(
        self,
        chunk: list[tuple[int, list[Any]]],
        where: int,
        asked: list[Question],
        columns: list[tuple[Key, int, Columns, Callable[[Any], Stored | None]]],
    ) -> list[_Row]:
        """The good rows of ``chunk``, read column by column; the bad cells are reported in
        the order of the sheet (row, then column)."""
        pks = [self._respondent(number, cells[where], where) for number, cells in chunk]
        bad: list[tuple[int, int, str]] = []
        read: list[list[Stored | None]] = []
        for _key, index, read_all, read_one in columns:
            cells = [line[1][index] for line in chunk]
            values = read_all(cells)
            if values is None:
                values = []
                for position, raw in enumerate(cells):
                    try:
                        values.append(read_one(raw))
                    except AnswerError as error:
                        values.append(None)
                        if pks[position] is not None:
                            bad.append((position, index, str(error)))
            read.append(values)
        for position, index, reason in sorted(bad):
            pks[position] = None
            self.reporter.problem(
                sheet=self.sheet, row=chunk[position][0], column=self.labels[index], reason=reason
            )
        keys = [key for key, _, _, _ in columns]
        rows = []
        for position, answered in enumerate(zip(*read, strict=True)):
            pk = pks[position]
            if pk is None:
                continue
            answers = dict(zip(keys, answered, strict=True))
            if self.split:
                totals(asked, answers)
            complete = self.every and None not in answers.values()
            rows.append(_Row(self.sheet, chunk[position][0], pk, answers, complete))
        return rows


def _compare(
    rows: list[_Row],
    stored: dict[int, dict[Key, Plain]],
    staged: Staged,
    reader: _Reader,
) -> tuple[Written, list[tuple[_Row, bool]]]:
    """Stage the rows' writes: (value counts, [(row, whether it changes)]). An approved entry
    the row would change is a bad row."""
    if not stored and not reader.approved:  # a first import: every answer is new
        new = [
            (row.respondent, key[0], key[1], answer[0], answer[1])
            for row in rows
            for key, answer in row.answers.items()
            if answer is not None
        ]
        staged.new += new
        return Written(created=len(new)), [(row, any(row.answers.values())) for row in rows]
    done = Written()
    kept: list[tuple[_Row, bool]] = []
    nothing: dict[Key, Plain] = {}
    for row in rows:
        approved = row.respondent in reader.approved
        target = Staged(staged.change, staged.now) if approved else staged
        changes = target.add(row.respondent, row.answers, stored.get(row.respondent, nothing))
        if approved and changes.changed:
            reader.reporter.problem(
                sheet=row.sheet,
                row=row.number,
                column="",
                reason=_(
                    "The entry of %(name)s is approved; return it for correction before "
                    "changing its values."
                )
                % {"name": reader.approved[row.respondent]},
            )
            continue
        done.add(changes)
        kept.append((row, changes.changed))
    return done, kept


def _locked(round_: Round) -> None:
    if round_.is_locked:
        raise ImportRefused(_("This round is locked; its values can no longer be imported."))


class _Stored:
    """The values already stored for a batch of rows — none to look up when the round held
    no values when the import began (each respondent comes once in a file)."""

    def __init__(self, round_: Round) -> None:
        self.any = Value.objects.filter(respondent__round=round_).exists()

    def of(self, rows: list[_Row]) -> dict[int, dict[Key, Plain]]:
        return stored_plain([r.respondent for r in rows]) if self.any else {}


def values_check(
    *, round_: Round, user: User, upload: IO[bytes], name: str, reporter: Reporter
) -> dict[str, int]:
    """The dry run: the counts of what the import would do; nothing is written. What it
    found is kept as the confirm's plan when no row is bad (``imports_plan``)."""
    _locked(round_)
    tally = Tally()
    state = round_state(round_, user)
    reader = _Reader(round_, user, reporter)
    with gc_paused(), PlanWriter(reporter.job_id, state) as plan:
        for batch in _planned(reader, _Stored(round_), reader.rows(upload, name)):
            tally.add(batch)
            plan.add(batch)
        if not reporter.progress.errors:
            plan.finish()
    return tally.counts()


def _planned(reader: _Reader, stored: _Stored, rows_of: Iterator[list[_Row]]) -> Iterator[Batch]:
    """What each batch of rows does, compared with what is stored."""
    before = reader.reporter.progress.rows_read
    for rows in rows_of:
        staged = Staged()
        done, kept = _compare(rows, stored.of(rows), staged, reader)
        moves = _moves(kept, reader.status)
        for target, pks in moves.items():
            reader.status.update(dict.fromkeys(pks, target))
        read = reader.reporter.progress.rows_read
        yield Batch(
            new=staged.new,
            changes=staged.changes,
            moves=moves,
            rows_read=read - before,
            written=(done.created, done.updated, done.unchanged, done.removed),
            kept=len(kept),
            changed=sum(1 for _, changes in kept if changes),
        )
        before = read


def _moves(kept: list[tuple[_Row, bool]], status: dict[int, str]) -> dict[str, list[int]]:
    """The entries the rows move: a complete row submits its entry, a partial one keeps (or
    makes) it a draft; an approved entry stays approved."""
    moves: dict[str, list[int]] = {EntryStatus.SUBMITTED.value: [], EntryStatus.DRAFT.value: []}
    for row, changes in kept:
        current = status[row.respondent]
        if current == EntryStatus.APPROVED:
            continue
        target: str = EntryStatus.SUBMITTED if row.complete else EntryStatus.DRAFT
        if not changes and current in (target, EntryStatus.SUBMITTED):
            continue
        moves[target].append(row.respondent)
    return moves


def values_write(
    *, round_: Round, user: User, upload: IO[bytes], name: str, reporter: Reporter
) -> dict[str, int]:
    """Store the file: all rows or none (``ImportRefused`` or ``ImportCancelled`` undo it)."""
    with transaction.atomic(), gc_paused():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        _locked(round_)
        now = timezone.now()
        tally = Tally()
        plan = plan_batches(reporter.job_id, round_state(round_, user))
        if plan is not None:
            batches_store(plan, user, reporter, tally, now, replayed=True)
        else:  # no plan, or one made before something changed: read and compare again
            reader = _Reader(round_, user, reporter)
            batches = _planned(reader, _Stored(round_), reader.rows(upload, name))
            batches_store(batches, user, reporter, tally, now, replayed=False)
        if reporter.progress.errors:
            raise ImportRefused(
                _(
                    "%(n)s rows could not be read this time; nothing was stored. Check the file "
                    "again."
                )
                % {"n": reporter.progress.errors}
            )
        tallies.touch(round_.pk)
    return tally.counts()
