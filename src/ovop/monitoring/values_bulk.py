"""The write path of large imports: the same rules as ``values_write``, without model objects.

An office file of a hundred thousand IKM carries a million values. ``values_write.Batch``
builds a ``Value`` instance per value and saves through the ORM, which is right for a form
or a field submission but spends most of a large import's time on objects. Here the values
stored for a batch of respondents are read as plain tuples (``stored_plain``), compared with
the answers read from the file (``Staged.add``: created, updated, left alone, removed — the
counts of the dry run), and written in bulk (``Staged.flush``): new values streamed by
``core.bulk.rows_insert`` (COPY on PostgreSQL), changed ones set by primary key, removed ones
deleted, and every change and removal recorded as a ``ValueRevision`` as elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from ovop.accounts.models import User
from ovop.core.bulk import db_value, rows_insert, rows_update
from ovop.monitoring.models import Value, ValueRevision
from ovop.monitoring.values_write import Change, Key, Stored, Written, same_answer

#: What is stored of one value: (primary key, number, choice).
Plain = tuple[int, Decimal | None, str]
NEW_FIELDS = ("respondent", "indicator", "breakdown", "number", "choice")


def stored_plain(respondent_ids: list[int]) -> dict[int, dict[Key, Plain]]:
    """The values stored for ``respondent_ids`` by respondent, in one query."""
    found: dict[int, dict[Key, Plain]] = {}
    rows = Value.objects.filter(respondent_id__in=respondent_ids).values_list(
        "respondent_id", "indicator_id", "breakdown", "pk", "number", "choice"
    )
    for respondent, indicator, breakdown, pk, number, choice in rows.iterator(chunk_size=5000):
        found.setdefault(respondent, {})[(indicator, breakdown)] = (pk, number, choice)
    return found


@dataclass
class Staged:
    """The writes of several respondents' answers, waiting for ``flush``."""

    origin: str = ""
    #: When the values change, as the database stores it (``db_value``).
    now: Any = None
    #: The new values' rows in the order of ``NEW_FIELDS``.
    new: list[tuple[int, int, str, Decimal | None, str]] = field(default_factory=list)
    #: (pk, respondent, key, before, after) of a value that changes; after None: removed.
    changes: list[tuple[int, int, Key, Stored, Stored | None]] = field(default_factory=list)

    def add(
        self, respondent: int, answers: Mapping[Key, Stored | None], stored: Mapping[Key, Plain]
    ) -> Written:
        """Stage ``answers`` of one respondent against what it has ``stored``."""
        done = Written()
        if not stored:  # the common case of a first import: every answer is new
            new = [
                (respondent, key[0], key[1], answer[0], answer[1])
                for key, answer in answers.items()
                if answer is not None
            ]
            self.new += new
            done.created = len(new)
            return done
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

    @classmethod
    def writing(cls, origin: str, now: datetime) -> Staged:
        """An empty stage whose values will be written as coming through ``origin`` at
        ``now``."""
        return cls(origin=origin, now=db_value(Value, "updated_at", now))

    def flush(self, *, user: User | None, reason: str = "") -> None:
        """Write what is staged (in the caller's transaction) and start empty again."""
        origin, now = self.origin, self.now
        if self.new:
            rows_insert(Value, NEW_FIELDS, self.new, {"origin": origin, "updated_at": now})
        changed = [
            (after[0], after[1], origin, now, pk)
            for pk, _, _, _, after in self.changes
            if after is not None
        ]
        if changed:
            rows_update(Value, ("number", "choice", "origin", "updated_at"), changed)
        gone = [pk for pk, _, _, _, after in self.changes if after is None]
        if gone:
            Value.objects.filter(pk__in=gone).delete()
        if self.changes:
            change = Change(origin, user, reason)
            ValueRevision.objects.bulk_create(
                (
                    change.revision(r, key, before, after)
                    for _, r, key, before, after in self.changes
                ),
                batch_size=1000,
            )
        self.new, self.changes = [], []
