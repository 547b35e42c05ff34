"""Writes of the data-quality page: recompute a round's flags, confirm or correct one.

``quality_refresh`` runs the checks of ``ovop.analysis.quality`` over every value of a round
in one streamed pass (a round may hold 100,000 respondents × 10 indicators) and brings the
round's flags up to date: a new doubt becomes an open flag, an open flag whose cause is gone
is removed, and a flag someone has already confirmed or corrected is never touched (nor
raised again: a flag is unique per respondent, indicator and kind).

A flag's ``detail`` keeps its evidence in no language — ``rule|number|number…`` — so that
``selectors_quality.explain`` can say it in the reader's language:

- ``jump|value|baseline``
- ``range|value|lowest|highest`` (an empty bound: none)
- ``robust|value|low fence|high fence``
- ``same|respondent pk|…`` (the other respondents with the same answers, the first few)

Confirming says "the value is right"; correcting writes a new value — in an open round
through ``values_write.answers_store`` (the entry keeps its status), in a locked round as an
administrator's correction (``services_entry.value_correct``) — and both keep who, when and
why on the flag.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Case, OuterRef, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.analysis import quality
from ovop.monitoring import scope, tallies
from ovop.monitoring.answers import Question, round_indicators, round_questions
from ovop.monitoring.choices import (
    VALUE_PLACES,
    FlagKind,
    FlagStatus,
    Origin,
    Unit,
    ValueType,
)
from ovop.monitoring.models import Flag, Indicator, Respondent, Round, Value
from ovop.monitoring.services_entry import MAX_REASON, answers_read, value_correct
from ovop.monitoring.values_write import Key, Stored, Written, answers_store

#: Rows fetched from the database at a time while the values stream past.
CHUNK = 2000
#: Flags written or removed per statement.
BATCH = 500
#: Other respondents named in a duplicate's evidence.
PARTNERS_KEPT = 10
#: Types whose values are measured numbers (a yes/no or an option has no range or ratio).
NUMERIC = frozenset({ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT})
#: Units whose spread among enterprises is multiplicative (a large IKM has ten times the
#: revenue of a small one): their robust fence is drawn on log(1 + value).
MULTIPLICATIVE = frozenset(
    {Unit.IDR, Unit.IDR_MONTH, Unit.KG, Unit.KG_MONTH, Unit.PERSONS, Unit.COUNT}
)

RULE_JUMP = "jump"
RULE_RANGE = "range"
RULE_ROBUST = "robust"
RULE_SAME = "same"

#: (respondent pk, indicator pk or None, flag kind)
FlagKey = tuple[int, int | None, str]


@dataclass
class Refreshed:
    created: int = 0
    updated: int = 0
    removed: int = 0
    #: Flags that stay as they were: open and unchanged, or already confirmed or corrected.
    kept: int = 0
    still_open: int = 0


def _text(number: Decimal | float | None) -> str:
    if number is None:
        return ""
    if isinstance(number, float):
        number = Decimal(repr(round(number, 2)))
    number = number.normalize()
    return format(number if number != 0 else Decimal(0), "f")


def evidence(rule: str, *numbers: Decimal | float | int | None) -> str:
    """A flag's ``detail``: the rule and its numbers, in no language."""
    parts = [str(n) if isinstance(n, int) else _text(n) for n in numbers]
    return "|".join([rule, *parts])[:300]


# --- recomputing the flags --------------------------------------------------------------------


@transaction.atomic
def quality_refresh(*, user: User, round_: Round) -> Refreshed:
    """Recompute the flags of ``round_``. The reads are a fixed number of queries however
    large the round (its values and flags are streamed, never held as rows); the new flags
    are written ``BATCH`` at a time."""
    scope.require_manager(user)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    found = findings(round_)
    return _flags_sync(round_, found)


def _values(round_: Round) -> Iterator[tuple[Any, ...]]:
    """(respondent, indicator, part, number, option, baseline number) of every value of
    ``round_``, by respondent; the baseline number only for a total, when the round has a
    baseline and the same enterprise answered it."""
    rows = Value.objects.filter(respondent__round=round_)
    decimal: models.DecimalField[Any, Any] = models.DecimalField(
        max_digits=16 + VALUE_PLACES, decimal_places=VALUE_PLACES
    )
    if round_.baseline_id is not None:
        then = Value.objects.filter(
            respondent__round_id=round_.baseline_id,
            respondent__enterprise_id=OuterRef("respondent__enterprise_id"),
            indicator_id=OuterRef("indicator_id"),
            breakdown="",
        ).values("number")[:1]
        base: Any = Case(When(breakdown="", then=Subquery(then)), default=None)
    else:
        base = models.Value(None)
    rows = rows.annotate(base=models.ExpressionWrapper(base, output_field=decimal))
    return (
        rows.order_by("respondent_id", "indicator_id", "breakdown")
        .values_list("respondent_id", "indicator_id", "breakdown", "number", "choice", "base")
        .iterator(chunk_size=CHUNK)
    )


def findings(round_: Round) -> dict[FlagKey, str]:
    """Every doubt about the values of ``round_``, with its evidence; two queries."""
    indicators: dict[int, Indicator] = {i.pk: i for i in round_indicators(round_)}
    found: dict[FlagKey, str] = {}
    spread: dict[int, tuple[array[int], array[float]]] = {}
    prints: list[tuple[int, bytes | None]] = []
    current: int | None = None
    answers: list[quality.Answer] = []
    for respondent_id, indicator_id, breakdown, number, choice, base in _values(round_):
        indicator = indicators.get(indicator_id)
        if indicator is None:  # a value of an indicator the round no longer asks
            continue
        if respondent_id != current:
            if current is not None:
                prints.append((current, quality.fingerprint(answers)))
            current, answers = respondent_id, []
        answers.append((indicator_id, breakdown, choice or number))
        if breakdown or number is None or indicator.value_type not in NUMERIC:
            continue
        low, high = indicator.min_value, indicator.max_value
        if quality.is_outside(number, low, high):
            key: FlagKey = (respondent_id, indicator_id, FlagKind.OUT_OF_RANGE)
            found[key] = evidence(RULE_RANGE, number, low, high)
        if quality.is_jump(number, base):
            found[(respondent_id, indicator_id, FlagKind.JUMP)] = evidence(RULE_JUMP, number, base)
        ids, numbers = spread.setdefault(indicator_id, (array("q"), array("d")))
        ids.append(respondent_id)
        numbers.append(float(number))
    if current is not None:
        prints.append((current, quality.fingerprint(answers)))
    _robust(spread, found, {pk for pk, i in indicators.items() if i.unit in MULTIPLICATIVE})
    _duplicates(prints, found)
    return found


def _robust(
    spread: Mapping[int, tuple[array[int], array[float]]],
    found: dict[FlagKey, str],
    logged: set[int],
) -> None:
    for indicator_id, (ids, numbers) in spread.items():
        fence = quality.robust_fence(numbers, log=indicator_id in logged and min(numbers) >= 0)
        if fence is None:
            continue
        for respondent_id, number in zip(ids, numbers, strict=True):
            if fence.excludes(number):
                found.setdefault(
                    (respondent_id, indicator_id, FlagKind.OUT_OF_RANGE),
                    evidence(RULE_ROBUST, number, fence.low, fence.high),
                )


def _duplicates(prints: list[tuple[int, bytes | None]], found: dict[FlagKey, str]) -> None:
    for group in quality.duplicate_groups(prints):
        first = group[: PARTNERS_KEPT + 1]
        for respondent_id in group:
            others = [r for r in first if r != respondent_id][:PARTNERS_KEPT]
            found[(respondent_id, None, FlagKind.DUPLICATE)] = evidence(RULE_SAME, *others)


def _flags_sync(round_: Round, found: dict[FlagKey, str]) -> Refreshed:
    done = Refreshed()
    changed: list[Flag] = []
    gone: list[int] = []
    existing = (
        Flag.objects.filter(respondent__round=round_)
        .order_by("pk")
        .values_list("pk", "respondent_id", "indicator_id", "kind", "status", "detail")
        .iterator(chunk_size=CHUNK)
    )
    for pk, respondent_id, indicator_id, kind, status, detail in existing:
        key = (respondent_id, indicator_id, kind)
        if status != FlagStatus.OPEN:
            found.pop(key, None)  # settled by a person: left alone, never raised again
            done.kept += 1
        elif key not in found:
            gone.append(pk)
        else:
            new = found.pop(key)
            done.still_open += 1
            if new == detail:
                done.kept += 1
            else:
                changed.append(Flag(pk=pk, detail=new))
    new_flags = [
        Flag(respondent_id=r, indicator_id=i, kind=k, detail=d) for (r, i, k), d in found.items()
    ]
    Flag.objects.bulk_create(new_flags, batch_size=BATCH)
    Flag.objects.bulk_update(changed, ["detail"], batch_size=BATCH)
    for start in range(0, len(gone), BATCH):
        Flag.objects.filter(pk__in=gone[start : start + BATCH]).delete()
    done.created, done.updated, done.removed = len(new_flags), len(changed), len(gone)
    done.still_open += len(new_flags)
    tallies.touch(round_.pk)
    return done


# --- confirming and correcting ----------------------------------------------------------------


def may_correct(user: User, round_: Round) -> bool:
    """Admins and officers correct a flagged value of an open round; of a locked round only
    an administrator does."""
    return user.manages and (not round_.is_locked or scope.is_admin(user))


def flag_questions(flag: Flag, round_: Round) -> list[Question]:
    """The questions a correction of ``flag`` may change: its indicator's (the parts of a
    split one), or every question of the round for a duplicate."""
    questions = round_questions(round_)
    if flag.indicator_id is None:
        return questions
    return [q for q in questions if q.indicator.pk == flag.indicator_id]


def _reason(reason: str, what: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": what})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Reason: at most %(n)s characters.") % {"n": MAX_REASON}}
        )
    return reason


def _open_flag(flag: Flag) -> Flag:
    flag = (
        Flag.objects.select_for_update(of=("self",))
        .select_related("respondent__round", "respondent__enterprise", "indicator")
        .get(pk=flag.pk)
    )
    if flag.status != FlagStatus.OPEN:
        raise ValidationError(
            _("This flag is already settled (“%(status)s”).")
            % {"status": flag.get_status_display()}
        )
    return flag


def _settle(flag: Flag, *, user: User, status: str, reason: str) -> Flag:
    flag.status = status
    flag.reason = reason
    flag.resolved_by = user
    flag.resolved_at = timezone.now()
    flag.full_clean()
    flag.save()
    tallies.touch_entry(flag.respondent)
    return flag


@transaction.atomic
def flag_confirm(*, user: User, flag: Flag, reason: str) -> Flag:
    """Settle ``flag``: the value is right, and ``reason`` says how it is known."""
    scope.require_manager(user)
    reason = _reason(reason, _("Reason: say how you know the value is right."))
    flag = _open_flag(flag)
    return _settle(flag, user=user, status=FlagStatus.CONFIRMED, reason=reason)


@transaction.atomic
def flag_correct(*, user: User, flag: Flag, raw: Mapping[str, Any], reason: str) -> Written:
    """Settle ``flag`` with new values (``raw``: field name → what was typed, only the flag's
    questions; those not given are left as they are) and the reason."""
    scope.require_manager(user)
    flag = _open_flag(flag)
    round_ = flag.respondent.round
    if not may_correct(user, round_):
        raise PermissionDenied
    reason = _reason(reason, _("Reason: say why the value is corrected."))
    questions = [q for q in flag_questions(flag, round_) if q.name in raw]
    if not questions:
        raise ValidationError(_("Give at least one corrected value."))
    given = {q.name: raw[q.name] for q in questions}
    with tallies.batch():
        if round_.is_locked:
            written = value_correct(user=user, respondent=flag.respondent, raw=given, reason=reason)
        else:
            written = _correct_open(user, flag.respondent, questions, given, reason)
        if not written.changed:
            raise ValidationError(
                _("No value changed: change one, or confirm that the value is right.")
            )
        _settle(flag, user=user, status=FlagStatus.CORRECTED, reason=reason)
    return written


def _correct_open(
    user: User,
    respondent: Respondent,
    questions: list[Question],
    raw: Mapping[str, Any],
    reason: str,
) -> Written:
    respondent = Respondent.objects.select_for_update().get(pk=respondent.pk)
    existing = {
        (v.indicator_id, v.breakdown): v for v in Value.objects.filter(respondent=respondent)
    }
    stored: dict[Key, Stored | None] = {k: (v.number, v.choice) for k, v in existing.items()}
    answers = answers_read(questions, raw, complete=False, stored=stored)
    return answers_store(
        respondent=respondent,
        answers=answers,
        origin=Origin.CORRECTION,
        user=user,
        reason=reason,
        existing=existing,
    )
