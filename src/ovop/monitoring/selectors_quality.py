"""Reads of the data-quality page of a round, as the user may see it.

What is still missing — entries not started, drafts and entries returned for correction; for
the submitted and approved entries, the questions left blank, each with how many and the
first respondents — and the flags of the quality check with their evidence in the reader's
language. Each read runs a fixed number of queries however many respondents the round has:
counts are counted by the database, and lists stop after a page of rows.

Read by admins, officers and viewers (the whole round) and by facilitators (the respondents
of their villages); owners and assessors are refused.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, QuerySet, When
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ovop.accounts.models import Role, User
from ovop.analysis.quality import JUMP_FACTOR, ROBUST_LIMIT
from ovop.monitoring import scope
from ovop.monitoring.answers import Question, unit_text
from ovop.monitoring.choices import EntryStatus, FlagStatus
from ovop.monitoring.models import Flag, Respondent, Round, Value
from ovop.monitoring.selectors_rounds import rounds_visible
from ovop.monitoring.services_quality import RULE_JUMP, RULE_RANGE, RULE_ROBUST, RULE_SAME

#: Entries still to be completed, each of these states listed on the page.
NOT_DONE = (EntryStatus.EMPTY, EntryStatus.DRAFT, EntryStatus.RETURNED)
#: Entries whose blank answers are missing values.
DONE = (EntryStatus.SUBMITTED, EntryStatus.APPROVED)
#: Respondents named on the page per list (the round's respondent list shows them all).
SHOWN = 50
#: Respondents named per question left blank.
NAMED_PER_QUESTION = 10


def require_quality_reader(user: User | AnonymousUser) -> User:
    """Who may open a round's quality page: every reader of rounds but an owner."""
    reader = scope.require_reader(user)
    if reader.role == Role.OWNER and not reader.reads_all:
        raise PermissionDenied
    return reader


@dataclass
class MissingQuestion:
    question: Question
    missing: int
    #: The first of the respondents who left it blank.
    named: list[Respondent] = field(default_factory=list)

    @property
    def unnamed(self) -> int:
        return self.missing - len(self.named)


@dataclass
class Overview:
    by_status: dict[str, int]
    #: The first ``SHOWN`` entries not started, drafts or returned.
    not_done: list[Respondent]
    questions: list[MissingQuestion]
    #: (kind, status) → how many flags.
    flags: Counter[tuple[str, str]]

    @property
    def not_done_counts(self) -> list[tuple[str, str, int]]:
        """(state, its label, how many) of each state of an entry not finished."""
        return [(s.value, str(s.label), self.by_status.get(s, 0)) for s in NOT_DONE]

    @property
    def not_done_total(self) -> int:
        return sum(self.by_status.get(s, 0) for s in NOT_DONE)

    @property
    def done_total(self) -> int:
        return sum(self.by_status.get(s, 0) for s in DONE)

    @property
    def open_flags(self) -> int:
        return sum(n for (_kind, status), n in self.flags.items() if status == FlagStatus.OPEN)


def quality_overview(*, user: User, round_: Round, questions: list[Question]) -> Overview:
    """Entries by state, those not done, blank answers per question and flags by kind and
    state: five queries (two more when some answer is missing)."""
    visible = Respondent.objects.filter(scope.respondent_filter(user), round=round_)
    by_status = dict(visible.values_list("status").annotate(n=Count("pk")).order_by())
    not_done = list(
        visible.filter(status__in=NOT_DONE)
        .select_related("enterprise__village")
        .order_by("status", "enterprise__village__code", "enterprise__name", "pk")[:SHOWN]
    )
    done_total = sum(by_status.get(s, 0) for s in DONE)
    flags = Counter(
        {
            (kind, status): n
            for kind, status, n in Flag.objects.filter(
                scope.respondent_filter(user, "respondent__"), respondent__round=round_
            )
            .values_list("kind", "status")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    missing = _missing(user, round_, questions, done_total)
    return Overview(by_status=by_status, not_done=not_done, questions=missing, flags=flags)


def _asked(questions: list[Question], prefix: str = "") -> Q:
    pairs = [
        Q(**{f"{prefix}indicator_id": q.indicator.pk, f"{prefix}breakdown": q.breakdown})
        for q in questions
    ]
    return reduce(or_, pairs)


def _missing(
    user: User, round_: Round, questions: list[Question], done_total: int
) -> list[MissingQuestion]:
    if not questions or not done_total:
        return []
    answered = dict(
        ((i, b), n)
        for i, b, n in Value.objects.filter(
            _asked(questions),
            scope.respondent_filter(user, "respondent__"),
            respondent__round=round_,
            respondent__status__in=DONE,
        )
        .values_list("indicator_id", "breakdown")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [MissingQuestion(q, done_total - answered.get(q.key, 0)) for q in questions]
    rows = [row for row in rows if row.missing > 0]
    if rows:
        _name(user, round_, questions, rows)
    return rows


def _name(
    user: User, round_: Round, questions: list[Question], rows: list[MissingQuestion]
) -> None:
    """Name the first respondents who left each question blank: among the first ``SHOWN``
    incomplete entries, two queries."""
    incomplete: list[Respondent] = list(
        Respondent.objects.filter(scope.respondent_filter(user), round=round_, status__in=DONE)
        .annotate(answered=Count("values", filter=_asked(questions, "values__")))
        .filter(answered__lt=len(questions))
        .select_related("enterprise__village")
        .order_by("enterprise__village__code", "enterprise__name", "pk")[:SHOWN]
    )
    keys = set(
        Value.objects.filter(respondent__in=[r.pk for r in incomplete]).values_list(
            "respondent_id", "indicator_id", "breakdown"
        )
    )
    for row in rows:
        blank = [r for r in incomplete if (r.pk, *row.question.key) not in keys]
        row.named = blank[:NAMED_PER_QUESTION]


# --- flags ------------------------------------------------------------------------------------


def flags_of(*, user: User, round_: Round, status: str = "", kind: str = "") -> QuerySet[Flag]:
    """The flags of ``round_`` the user may see, open ones first."""
    rows = Flag.objects.filter(
        scope.respondent_filter(user, "respondent__"), respondent__round=round_
    )
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    open_first = Case(When(status=FlagStatus.OPEN, then=0), default=1, output_field=IntegerField())
    return rows.select_related(
        "respondent__enterprise__village", "indicator", "resolved_by"
    ).order_by(open_first, "kind", "respondent__enterprise__name", "pk")


def flag_get(*, user: User, pk: int) -> Flag:
    """One flag the user may see, with its respondent, round and indicator; 404 otherwise."""
    flag = (
        Flag.objects.filter(scope.respondent_filter(user, "respondent__"), pk=pk)
        .select_related(
            "respondent__round__programme",
            "respondent__enterprise__village",
            "indicator",
            "resolved_by",
        )
        .first()
    )
    if flag is None or not rounds_visible(user).filter(pk=flag.respondent.round_id).exists():
        raise Http404
    return flag


@dataclass(frozen=True)
class FlagRow:
    flag: Flag
    #: What the check found, in the reader's language.
    text: str


def flag_rows(*, user: User, flags: list[Flag]) -> list[FlagRow]:
    """``flags`` with their evidence explained; one query for the names of the respondents
    a duplicate copies (only those the user may see are named)."""
    partners = {
        int(pk)
        for f in flags
        if f.detail.startswith(RULE_SAME + "|")
        for pk in f.detail.split("|")[1:]
        if pk.isdigit()
    }
    names: dict[int, str] = {}
    if partners:
        names = dict(
            Respondent.objects.filter(scope.respondent_filter(user), pk__in=partners)
            .values_list("pk", "enterprise__name")
            .distinct()
        )
    return [FlagRow(f, explain(f, names)) for f in flags]


def _shown(text: str) -> str:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


def _range(low: str, high: str, unit: str) -> str:
    return _range_words(low, high, unit).strip()


def _range_words(low: str, high: str, unit: str) -> str:
    if low and high:
        return _("%(low)s to %(high)s %(unit)s") % {
            "low": _shown(low),
            "high": _shown(high),
            "unit": unit,
        }
    if low:
        return _("at least %(low)s %(unit)s") % {"low": _shown(low), "unit": unit}
    return _("at most %(high)s %(unit)s") % {"high": _shown(high), "unit": unit}


def explain(flag: Flag, names: dict[int, str] | None = None) -> str:
    """The evidence of ``flag`` (see ``services_quality``) as a sentence."""
    rule, *numbers = flag.detail.split("|")
    unit = unit_text(flag.indicator.unit) if flag.indicator else ""
    if rule == RULE_JUMP and len(numbers) == 2:
        value, base = numbers
        words = {"value": _shown(value), "base": _shown(base), "factor": JUMP_FACTOR}
        if Decimal(value) > Decimal(base):
            return (
                _("%(value)s, against %(base)s at baseline: more than %(factor)s times as much.")
                % words
            )
        return _("%(value)s, against %(base)s at baseline: less than 1/%(factor)s of it.") % words
    if rule == RULE_RANGE and len(numbers) == 3:
        return _("%(value)s is outside the plausible range (%(range)s).") % {
            "value": _shown(numbers[0]),
            "range": _range(numbers[1], numbers[2], unit),
        }
    if rule == RULE_ROBUST and len(numbers) == 3:
        return _(
            "%(value)s lies far from the round's other values (expected %(range)s: the "
            "median ± %(limit)s robust standard deviations)."
        ) % {
            "value": _shown(numbers[0]),
            "range": _range(numbers[1], numbers[2], unit),
            "limit": _shown(str(ROBUST_LIMIT)),
        }
    if rule == RULE_SAME:
        known = [(names or {}).get(int(pk)) for pk in numbers if pk.isdigit()]
        shown = [name for name in known if name]
        hidden = len(known) - len(shown)
        if hidden:
            shown.append(_("%(n)s respondents of other villages") % {"n": hidden})
        return _("Same answers as %(names)s.") % {"names": ", ".join(shown)}
    return flag.detail
