"""The dry run's plan of a values import, kept for its confirm.

The dry run reads every cell, checks it and compares it with what is stored: it knows, batch
by batch, which values the import creates, changes and removes and which entries it moves.
Reading and checking a file of a million values again at the confirm would cost as much as
the check did, so the check keeps what it found in a plan file beside the job's progress
file (``jobs``), one batch after another (a batch at a time in memory, as when reading), and
the confirm writes the plan — but only while nothing it was computed from has changed.

``round_state`` is what the plan depends on, as one digest: the round's row, its questions
and their indicators (what a cell may hold), the respondents the importer may enter for
(their number, their highest id and the last change of any of them in their history), and
the round's values (their number, their highest id and the highest id of their revisions: a
new value raises the first two, a change or removal writes a revision). It is taken when the
dry run starts and again inside the confirm's transaction, with the round locked; if they
differ, or the plan is missing or unfinished, the confirm reads and checks the file again.

``batches_store`` writes batches, from a plan or straight from the reading, and ``Tally``
counts them.

The file is written by ovop only, in its data folder (never a folder uploads land in), so
reading it back with ``pickle`` trusts no one else's bytes.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from django.db.models import Count, Max

from ovop.accounts.models import User
from ovop.core.bulk import pks_update
from ovop.monitoring import jobs, scope
from ovop.monitoring.choices import EntryStatus, Origin
from ovop.monitoring.jobs import Reporter
from ovop.monitoring.models import Indicator, Respondent, Round, Value, ValueRevision
from ovop.monitoring.values_write import Change, Key, Staged, Stored, Written, values_stream

#: Raised when the layout of a plan changes, so that an older plan is read no more.
VERSION = 1


@dataclass(frozen=True, slots=True)
class Batch:
    """What one batch of rows does: the new values' rows (``values_write.NEW_FIELDS``), the
    changes of stored values (as ``Staged.changes``), the entries moved to each status, and
    its counts (rows read, value counts as ``Written``, rows kept and rows that change). In a
    plan read back, the new values' numbers are text (``str`` of the ``Decimal``)."""

    new: list[tuple[int, int, str, Any, str]]
    changes: list[tuple[int, int, Key, Stored, Stored | None]]
    moves: dict[str, list[int]]
    rows_read: int
    written: tuple[int, int, int, int]
    kept: int
    changed: int


def round_state(round_: Round, user: User) -> str:
    """The digest of everything a values import of ``round_`` by ``user`` depends on."""
    respondents = Respondent.objects.filter(scope.respondent_filter(user), round=round_)
    values = Value.objects.filter(respondent__round=round_)
    parts: list[Any] = [
        list(Round.objects.filter(pk=round_.pk).values()),
        list(round_.questions.order_by("pk").values()),
        list(Indicator.objects.filter(pk__in=round_.questions.values("indicator")).values()),
        respondents.aggregate(n=Count("pk"), last=Max("pk")),
        Respondent.history.filter(round_id=round_.pk).aggregate(last=Max("history_id")),
        values.aggregate(n=Count("pk"), last=Max("pk")),
        ValueRevision.objects.filter(respondent__round=round_).aggregate(last=Max("pk")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _path(job_id: int) -> Path:
    return jobs.work_file(job_id, "plan")


class PlanWriter:
    """Writes a dry run's plan: ``add`` each batch, then ``finish`` (only a finished plan is
    kept; one left unfinished, by an error or a cancel, is removed)."""

    def __init__(self, job_id: int, state: str) -> None:
        self.target = _path(job_id)
        self.partial = self.target.with_suffix(".part")
        self.file: IO[bytes] = self.partial.open("wb")
        pickle.dump((VERSION, state), self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def __enter__(self) -> PlanWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.file.closed:
            self.file.close()
        self.partial.unlink(missing_ok=True)

    def add(self, batch: Batch) -> None:
        # New values' numbers as text: what both databases are sent for a Decimal anyway,
        # and pickled in a third of the time.
        new = [(r, i, b, None if n is None else str(n), c) for r, i, b, n, c in batch.new]
        pickle.dump(replace(batch, new=new), self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def finish(self) -> None:
        pickle.dump(None, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.file.close()
        os.replace(self.partial, self.target)


def plan_batches(job_id: int, state: str) -> Iterator[Batch] | None:
    """The batches of the job's plan, if one was finished for ``state``; None otherwise."""
    path = _path(job_id)
    try:
        handle = path.open("rb")
    except OSError:
        return None
    try:
        header = pickle.load(handle)
    except (EOFError, pickle.UnpicklingError):
        handle.close()
        return None
    if header != (VERSION, state):
        handle.close()
        return None
    return _read(handle)


def _read(handle: IO[bytes]) -> Iterator[Batch]:
    with handle:
        while (batch := pickle.load(handle)) is not None:
            yield batch


@dataclass
class Tally:
    """The counts of an import's rows and values, batch after batch."""

    values: Written = field(default_factory=Written)
    changed: int = 0
    same: int = 0

    def add(self, batch: Batch) -> None:
        self.values.add(Written(*batch.written))
        self.changed += batch.changed
        self.same += batch.kept - batch.changed

    def counts(self) -> dict[str, int]:
        return {
            "rows_changed": self.changed,
            "rows_unchanged": self.same,
            "created": self.values.created,
            "updated": self.values.updated,
            "unchanged": self.values.unchanged,
            "removed": self.values.removed,
        }


def batches_store(
    batches: Iterator[Batch],
    user: User,
    reporter: Reporter,
    tally: Tally,
    now: datetime,
    *,
    replayed: bool,
) -> None:
    """Write the batches, in the caller's transaction (new values through one stream); the
    entries move at the end. The batches of a plan (``replayed``) count their rows as read
    here; batches being read have counted them. Stops at the first batch after a bad row."""
    change = Change(Origin.SPREADSHEET, user)
    moves: dict[str, list[int]] = {EntryStatus.SUBMITTED: [], EntryStatus.DRAFT: []}
    with values_stream(change, now) as stream:
        for batch in batches:
            if reporter.progress.errors:
                return
            staged = Staged.writing(change, now, stream)
            staged.new, staged.changes = batch.new, batch.changes
            staged.flush()
            for target, pks in batch.moves.items():
                moves[target] += pks
            tally.add(batch)
            if replayed:
                reporter.read(batch.rows_read)
            reporter.written(batch.kept)
            reporter.tick()
    _move(moves, user, now)


def _move(moves: dict[str, list[int]], user: User, now: datetime) -> None:
    """Set the entries' new status, one statement per status."""
    for target, pks in moves.items():
        values: dict[str, Any] = {
            "status": target,
            "origin": Origin.SPREADSHEET.value,
            "updated_at": now,
        }
        if target == EntryStatus.SUBMITTED:
            values |= {"submitted_at": now, "submitted_by": user.pk}
        if pks:
            pks_update(Respondent, pks, values)
