"""The one write path of values: store a respondent's answers, keep every change.

``answers_store`` takes answers already read and checked (``answers.Answer`` per indicator and
part), creates the values that are new, updates those that changed — each change leaves a
``ValueRevision`` (before, after, who, why, through what) — removes those answered blank, and
leaves equal ones alone, so storing the same answers twice writes nothing. It returns what it
did, for the import reports. Callers hold the transaction.

Forms, field submissions, the API and office spreadsheets of any size share it: the answers
are compared with the stored values as plain tuples (``Staged.add``) and written in bulk
(``Staged.flush``), so a large import (``imports_values``) stages a batch of rows at a time
through the same rules a single form uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ovop.accounts.models import User
from ovop.core.bulk import (
    COPY_NULL,
    InsertStream,
    copy_escaped,
    db_value,
    rows_insert,
    rows_update,
)
from ovop.monitoring.models import Respondent, Submission, Value, ValueRevision

#: (indicator pk, breakdown) → (number, choice); None for an answer left blank.
Key = tuple[int, str]
Stored = tuple[Decimal | None, str]
#: Revisions per INSERT statement.
BULK = 1000


@dataclass
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, other: Written) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.removed += other.removed

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def same_answer(a: Stored, b: Stored) -> bool:
    (na, ca), (nb, cb) = a, b
    if (na is None) != (nb is None):
        return False
    return (na is None or na == nb) and ca == cb


@dataclass(frozen=True)
class Change:
    """Who changes values, how and why: what every ``ValueRevision`` of a write records."""

    origin: str
    user: User | None
    reason: str = ""
    submission: Submission | None = None

    def revision(
        self, respondent_id: int, key: Key, before: Stored, after: Stored | None
    ) -> ValueRevision:
        return ValueRevision(
            respondent_id=respondent_id,
            indicator_id=key[0],
            breakdown=key[1],
            old_number=before[0],
            old_choice=before[1],
            new_number=None if after is None else after[0],
            new_choice="" if after is None else after[1],
            origin=self.origin,
            reason=self.reason[:300],
            changed_by=self.user,
            submission=self.submission,
        )


#: What is stored of one value: (primary key, number, choice).
Plain = tuple[int, Decimal | None, str]
#: The columns of a new value's row in ``Staged.new``; origin and time are added by ``flush``.
NEW_FIELDS = ("respondent", "indicator", "breakdown", "number", "choice")


@dataclass
class Staged:
    """The writes of several respondents' answers, waiting for ``flush``: plain tuples, no
    model objects (an office file of a hundred thousand IKM carries a million values)."""

    change: Change = field(default_factory=lambda: Change("", None))
    #: When the values change, as the database stores it (``db_value``).
    now: Any = None
    #: The new values' rows in the order of ``NEW_FIELDS``.
    new: list[tuple[int, int, str, Decimal | None, str]] = field(default_factory=list)
    #: (pk, respondent, key, before, after) of a value that changes; after None: removed.
    changes: list[tuple[int, int, Key, Stored, Stored | None]] = field(default_factory=list)
    #: Where new values go when a large import streams them (``values_stream``).
    stream: InsertStream | None = None

    @classmethod
    def writing(cls, change: Change, now: datetime, stream: InsertStream | None = None) -> Staged:
        """An empty stage whose values will be written as ``change`` at ``now`` (new ones into
        ``stream`` when given)."""
        return cls(change=change, now=db_value(Value, "updated_at", now), stream=stream)

    def add(
        self, respondent: int, answers: Mapping[Key, Stored | None], stored: Mapping[Key, Plain]
    ) -> Written:
        """Stage ``answers`` of one respondent against what it has ``stored``."""
        done = Written()
        for key, answer in answers.items():
            before = stored.get(key)
            if before is None:
                if answer is not None:
                    self.new.append((respondent, key[0], key[1], answer[0], answer[1]))
                    done.created += 1
                continue
            old = (before[1], before[2])
            if answer is not None and same_answer(answer, old):
                done.unchanged += 1
                continue
            self.changes.append((before[0], respondent, key, old, answer))
            if answer is None:
                done.removed += 1
            else:
                done.updated += 1
        return done

    def flush(self) -> None:
        """Write what is staged (in the caller's transaction) and start empty again: new values
        streamed by ``core.bulk.rows_insert``, changed ones set by primary key, removed ones
        deleted, a ``ValueRevision`` for every change and removal."""
        origin, now = self.change.origin, self.now
        if self.new and self.stream is not None:
            self.stream.add(self.new)
        elif self.new:
            rows_insert(Value, NEW_FIELDS, self.new, {"origin": origin, "updated_at": now})
        changed = [
            (a[0], a[1], origin, now, pk) for pk, _, _, _, a in self.changes if a is not None
        ]
        if changed:
            rows_update(Value, ("number", "choice", "origin", "updated_at"), changed)
        gone = [pk for pk, _, _, _, after in self.changes if after is None]
        if gone:
            Value.objects.filter(pk__in=gone).delete()
        if self.changes:
            ValueRevision.objects.bulk_create(
                (self.change.revision(r, key, old, new) for _, r, key, old, new in self.changes),
                batch_size=BULK,
            )
        self.new, self.changes = [], []


def stored_plain(respondent_ids: list[int]) -> dict[int, dict[Key, Plain]]:
    """The values stored for ``respondent_ids`` by respondent, in one query."""
    found: dict[int, dict[Key, Plain]] = {pk: {} for pk in respondent_ids}
    rows = Value.objects.filter(respondent_id__in=respondent_ids).values_list(
        "respondent_id", "indicator_id", "breakdown", "pk", "number", "choice"
    )
    for respondent, indicator, breakdown, pk, number, choice in rows.iterator(chunk_size=5000):
        found[respondent][(indicator, breakdown)] = (pk, number, choice)
    return found


def answers_store(
    *,
    respondent: Respondent,
    answers: Mapping[Key, Stored | None],
    origin: str,
    user: User | None,
    reason: str = "",
    submission: Submission | None = None,
    existing: Mapping[Key, Value] | None = None,
) -> Written:
    """Store ``answers`` of ``respondent``; keys absent from ``answers`` are left alone.
    ``existing``: the respondent's stored values when the caller has read them already."""
    if existing is None:
        stored = stored_plain([respondent.pk])[respondent.pk]
    else:
        stored = {key: (v.pk, v.number, v.choice) for key, v in existing.items()}
    staged = Staged.writing(Change(origin, user, reason, submission), timezone.now())
    done = staged.add(respondent.pk, answers, stored)
    staged.flush()
    return done


def values_stream(change: Change, now: datetime) -> InsertStream:
    """A stream of new values written as ``change`` at ``now``, for ``Staged.writing``: one
    COPY for all the batches of a large import on PostgreSQL (``core.bulk``)."""
    constants = {"origin": change.origin, "updated_at": db_value(Value, "updated_at", now)}
    return InsertStream(Value, NEW_FIELDS, constants, _copy_values)


def _copy_values(rows: Sequence[Sequence[Any]], end: str) -> str:
    """The COPY text of new values' rows (twice as quick as formatting each field by its
    type: these rows hold two ints, a breakdown code, a Decimal or None and an option)."""
    null, text = COPY_NULL, copy_escaped
    return "".join(
        [
            f"{r}\t{i}\t{text(b)}\t{null if n is None else n}\t{text(c)}{end}"
            for r, i, b, n, c in rows
        ]
    )
