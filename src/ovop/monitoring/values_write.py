"""The one write path of values: store a respondent's answers, keep every change.

``answers_store`` takes answers already read and checked (``answers.Answer`` per indicator and
part), creates the values that are new, updates those that changed — each change leaves a
``ValueRevision`` (before, after, who, why, through what) — removes those answered blank, and
leaves equal ones alone, so storing the same answers twice writes nothing. It returns what it
did, for the import reports. Callers hold the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from ovop.accounts.models import User
from ovop.monitoring.models import Respondent, Submission, Value, ValueRevision

#: (indicator pk, breakdown) → (number, choice); None for an answer left blank.
Key = tuple[int, str]
Stored = tuple[Decimal | None, str]
#: Rows per INSERT or UPDATE statement.
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


class Batch:
    """The writes of several respondents' answers, sent as four bulk statements."""

    def __init__(self) -> None:
        self.new: list[Value] = []
        self.changed: list[Value] = []
        self.gone: list[int] = []
        self.revisions: list[ValueRevision] = []

    def add(
        self,
        respondent: Respondent,
        answers: Mapping[Key, Stored | None],
        existing: Mapping[Key, Value],
        origin: str,
        user: User | None,
        reason: str,
        submission: Submission | None,
    ) -> Written:
        done = Written()
        now = timezone.now()
        for key, answer in answers.items():
            stored = existing.get(key)
            before: Stored | None = None if stored is None else (stored.number, stored.choice)
            if answer is None and before is None:
                continue
            if answer is not None and before is not None and same_answer(answer, before):
                done.unchanged += 1
            elif stored is None:
                assert answer is not None
                self.new.append(
                    Value(
                        respondent=respondent,
                        indicator_id=key[0],
                        breakdown=key[1],
                        number=answer[0],
                        choice=answer[1],
                        origin=origin,
                    )
                )
                done.created += 1
            else:
                change = Change(origin, user, reason, submission)
                self.revisions.append(
                    change.revision(respondent.pk, key, (stored.number, stored.choice), answer)
                )
                if answer is None:
                    self.gone.append(stored.pk)
                    done.removed += 1
                else:
                    stored.number, stored.choice, stored.origin = answer[0], answer[1], origin
                    stored.updated_at = now
                    self.changed.append(stored)
                    done.updated += 1
        return done

    def extend(self, other: Batch) -> None:
        self.new += other.new
        self.changed += other.changed
        self.gone += other.gone
        self.revisions += other.revisions

    def flush(self) -> None:
        if self.new:
            Value.objects.bulk_create(self.new, batch_size=BULK)
        if self.changed:
            Value.objects.bulk_update(
                self.changed, ["number", "choice", "origin", "updated_at"], batch_size=BULK
            )
        if self.gone:
            Value.objects.filter(pk__in=self.gone).delete()
        if self.revisions:
            ValueRevision.objects.bulk_create(self.revisions, batch_size=BULK)
        self.__init__()  # type: ignore[misc]


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
        existing = stored_of([respondent.pk])[respondent.pk]
    batch = Batch()
    done = batch.add(respondent, answers, existing, origin, user, reason, submission)
    batch.flush()
    return done


def stored_of(respondent_ids: list[int]) -> dict[int, dict[Key, Value]]:
    """The stored values of ``respondent_ids``, by respondent, in one query."""
    by_respondent: dict[int, dict[Key, Value]] = {pk: {} for pk in respondent_ids}
    for value in Value.objects.filter(respondent_id__in=respondent_ids):
        by_respondent[value.respondent_id][(value.indicator_id, value.breakdown)] = value
    return by_respondent


def answers_store_many(
    *,
    items: list[tuple[Respondent, Mapping[Key, Stored | None]]],
    origin: str,
    user: User | None,
    reason: str = "",
) -> Written:
    """``answers_store`` for a batch of respondents with one read of their stored values."""
    existing = stored_of([r.pk for r, _ in items])
    batch = Batch()
    done = Written()
    for respondent, answers in items:
        done.add(
            batch.add(respondent, answers, existing[respondent.pk], origin, user, reason, None)
        )
    batch.flush()
    return done
