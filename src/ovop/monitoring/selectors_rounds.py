"""Reads of survey rounds for the pages: the list with its counts, one round, its
respondents as the user may see them, and one respondent's entry."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from ovop.accounts.models import User
from ovop.monitoring import scope
from ovop.monitoring.answers import Question, round_questions
from ovop.monitoring.choices import Arm, EntryStatus
from ovop.monitoring.models import Respondent, Round, Value, ValueRevision


@dataclass
class RoundCounts:
    participants: int = 0
    comparison: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.participants + self.comparison

    @property
    def approved(self) -> int:
        return self.by_status.get(EntryStatus.APPROVED, 0)

    @property
    def waiting(self) -> int:
        return self.by_status.get(EntryStatus.SUBMITTED, 0)

    @property
    def entered(self) -> int:
        return self.total - self.by_status.get(EntryStatus.EMPTY, 0)


def rounds_visible(user: User) -> QuerySet[Round]:
    return Round.objects.filter(scope.round_filter(user)).select_related("programme", "baseline")


def round_counts(user: User, rounds: list[Round]) -> dict[int, RoundCounts]:
    """Respondents by group and entries by state, per round, in one query; only the
    respondents ``user`` may see are counted."""
    counts: dict[int, RoundCounts] = {r.pk: RoundCounts() for r in rounds}
    rows = (
        Respondent.objects.filter(scope.respondent_filter(user), round__in=rounds)
        .values("round_id", "arm", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        c = counts[row["round_id"]]
        if row["arm"] == Arm.PARTICIPANT:
            c.participants += row["n"]
        else:
            c.comparison += row["n"]
        c.by_status[row["status"]] = c.by_status.get(row["status"], 0) + row["n"]
    return counts


def round_get(*, user: User, pk: int) -> Round:
    round_ = rounds_visible(user).filter(pk=pk).first()
    if round_ is None:
        raise Http404
    return round_


def respondents_of(
    *, user: User, round_: Round, status: str = "", arm: str = "", query: str = ""
) -> QuerySet[Respondent]:
    rows = Respondent.objects.filter(scope.respondent_filter(user), round=round_)
    if status:
        rows = rows.filter(status=status)
    if arm:
        rows = rows.filter(arm=arm)
    if query:
        rows = rows.filter(
            Q(enterprise__name__icontains=query)
            | Q(enterprise__owner_name__icontains=query)
            | Q(enterprise__village__name__icontains=query)
        )
    return rows.select_related("enterprise__village", "matched_to__enterprise").distinct()


def respondent_get(*, user: User, pk: int) -> Respondent:
    respondent = (
        Respondent.objects.filter(scope.respondent_filter(user), pk=pk)
        .select_related(
            "round__programme",
            "enterprise__village",
            "submitted_by",
            "reviewed_by",
            "matched_to__enterprise",
        )
        .first()
    )
    if respondent is None or not rounds_visible(user).filter(pk=respondent.round_id).exists():
        raise Http404
    return respondent


@dataclass(frozen=True)
class EntryField:
    question: Question
    #: What the form shows: the stored value written back the Indonesian way, or "".
    shown: str


def shown_value(question: Question, value: Value | None) -> str:
    if value is None:
        return ""
    if value.choice:
        return value.choice
    if value.number is None:
        return ""
    if question.indicator.value_type == "boolean":
        return "ya" if value.number else "tidak"
    number = value.number.normalize()
    if number == number.to_integral_value():
        return f"{int(number):,}".replace(",", ".")
    return format(number, "f").replace(".", ",")


def entry_fields(respondent: Respondent) -> list[EntryField]:
    stored = {(v.indicator_id, v.breakdown): v for v in respondent.values.all()}
    return [
        EntryField(q, shown_value(q, stored.get(q.key))) for q in round_questions(respondent.round)
    ]


def entry_revisions(respondent: Respondent, limit: int = 50) -> list[ValueRevision]:
    return list(
        ValueRevision.objects.filter(respondent=respondent).select_related(
            "indicator", "changed_by"
        )[:limit]
    )


def status_counts(rows: QuerySet[Respondent]) -> Counter[str]:
    return Counter(dict(rows.values_list("status").annotate(n=Count("pk")).order_by()))


def as_raw(fields: list[EntryField]) -> dict[str, Any]:
    return {f.question.name: f.shown for f in fields}
