"""Writes of survey rounds: create and edit a round and its indicators, add its participants,
remove a respondent, lock and reopen.

A round's indicators may grow while it is open; an indicator that already has values stays.
Participants are the active enterprises of the programme's villages; the comparison group is
offered and accepted in ``services_comparison``. Locking needs every submitted entry reviewed;
afterwards only an administrator's correction (with a reason) changes a value, and only an
administrator reopens the round, with a reason kept in its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.enterprises.models import Enterprise
from ovop.monitoring import scope
from ovop.monitoring.choices import MAX_ROUND_INDICATORS, Arm, EntryStatus, RoundKind, RoundStatus
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator, Value
from ovop.programme.models import Programme

MAX_NAME = 160


def _check(
    *,
    name: str,
    kind: str,
    year: int,
    period_start: dt.date,
    period_end: dt.date,
    baseline: Round | None,
    programme: Programme,
    indicators: Sequence[Indicator],
    exclude_pk: int | None = None,
) -> str:
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("Name: give the round a name.")
    elif len(name) > MAX_NAME:
        errors["name"] = _("Name: at most %(n)s characters.") % {"n": MAX_NAME}
    elif (
        Round.objects.filter(programme=programme, name__iexact=name)
        .exclude(pk=exclude_pk or 0)
        .exists()
    ):
        errors["name"] = _("Name: this programme already has a round called “%(name)s”.") % {
            "name": name
        }
    if kind not in RoundKind.values:
        errors["kind"] = _("Kind: choose baseline or follow-up.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Year: give a year from 2000 to 2100.")
    if period_end < period_start:
        errors["period_end"] = _("Collection ends: the end comes before the start.")
    if baseline is not None:
        if kind == RoundKind.BASELINE:
            errors["baseline"] = _("Baseline round: a baseline is not compared with another.")
        elif baseline.programme_id != programme.pk:
            errors["baseline"] = _("Baseline round: choose a round of the same programme.")
        elif baseline.pk == exclude_pk:
            errors["baseline"] = _("Baseline round: a round cannot be its own baseline.")
    if not indicators:
        errors["indicators"] = _("Indicators: choose at least one.")
    elif len(indicators) > MAX_ROUND_INDICATORS:
        errors["indicators"] = _("Indicators: at most %(n)s in one round.") % {
            "n": MAX_ROUND_INDICATORS
        }
    elif any(i.archived_at is not None for i in indicators):
        errors["indicators"] = _("Indicators: an archived indicator cannot be asked.")
    if errors:
        raise ValidationError(errors)
    return name


def _set_indicators(round_: Round, indicators: Sequence[Indicator]) -> None:
    wanted = [i.pk for i in dict.fromkeys(indicators)]
    answered = set(
        Value.objects.filter(respondent__round=round_).values_list("indicator_id", flat=True)
    )
    dropped = set(round_.questions.values_list("indicator_id", flat=True)) - set(wanted)
    if dropped & answered:
        names = Indicator.objects.filter(pk__in=dropped & answered).values_list("code", flat=True)
        raise ValidationError(
            {
                "indicators": _("Indicators: %(codes)s already have values in this round and stay.")
                % {"codes": ", ".join(sorted(names))}
            }
        )
    round_.questions.filter(indicator_id__in=dropped).delete()
    existing = {q.indicator_id: q for q in round_.questions.all()}
    for order, pk in enumerate(wanted):
        question = existing.get(pk)
        if question is None:
            RoundIndicator.objects.create(round=round_, indicator_id=pk, order=order)
        elif question.order != order:
            question.order = order
            question.save(update_fields=["order"])


@transaction.atomic
def round_create(
    *,
    user: User,
    programme: Programme,
    name: str,
    kind: str,
    year: int,
    period_start: dt.date,
    period_end: dt.date,
    indicators: Sequence[Indicator],
    baseline: Round | None = None,
    allows_self_report: bool = False,
) -> Round:
    scope.require_manager(user)
    name = _check(
        name=name,
        kind=kind,
        year=year,
        period_start=period_start,
        period_end=period_end,
        baseline=baseline,
        programme=programme,
        indicators=indicators,
    )
    round_ = Round(
        programme=programme,
        name=name,
        kind=kind,
        year=year,
        period_start=period_start,
        period_end=period_end,
        baseline=baseline,
        allows_self_report=allows_self_report,
    )
    save_with_history(round_, user=user, reason="created")
    _set_indicators(round_, indicators)
    return round_


def _require_open(round_: Round) -> None:
    if round_.is_locked:
        raise ValidationError(_("This round is locked; reopen it first."))


@transaction.atomic
def round_update(
    *,
    user: User,
    round_: Round,
    name: str,
    kind: str,
    year: int,
    period_start: dt.date,
    period_end: dt.date,
    indicators: Sequence[Indicator],
    baseline: Round | None = None,
    allows_self_report: bool = False,
) -> Round:
    scope.require_manager(user)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    name = _check(
        name=name,
        kind=kind,
        year=year,
        period_start=period_start,
        period_end=period_end,
        baseline=baseline,
        programme=round_.programme,
        indicators=indicators,
        exclude_pk=round_.pk,
    )
    before = list(round_.questions.values_list("indicator_id", "order"))
    _set_indicators(round_, indicators)
    if list(round_.questions.values_list("indicator_id", "order")) != before:
        round_.form_version += 1  # the field form changed: ODK needs a new version string
    round_.name, round_.kind, round_.year = name, kind, year
    round_.period_start, round_.period_end = period_start, period_end
    round_.baseline, round_.allows_self_report = baseline, allows_self_report
    return save_with_history(round_, user=user, reason="edited")


def participants_pool(round_: Round) -> list[Enterprise]:
    """Active enterprises of the programme's villages (as members when the round measures)."""
    villages = round_.programme.villages.filter(archived_at__isnull=True).values("village")
    return list(
        Enterprise.objects.filter(village__in=villages, archived_at__isnull=True).order_by("pk")
    )


@transaction.atomic
def participants_add(*, user: User, round_: Round) -> int:
    """Add every participant not yet a respondent; returns how many were added."""
    scope.require_manager(user)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    present = set(round_.respondents.values_list("enterprise_id", flat=True))
    new = [
        Respondent(round=round_, enterprise=e, arm=Arm.PARTICIPANT)
        for e in participants_pool(round_)
        if e.pk not in present
    ]
    Respondent.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def round_lock(*, user: User, round_: Round) -> Round:
    """Lock a reviewed round: refused while an entry waits for review."""
    scope.require_manager(user)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _require_open(round_)
    waiting = round_.respondents.filter(status=EntryStatus.SUBMITTED).count()
    if waiting:
        raise ValidationError(
            _("%(n)s submitted entries still wait for review; approve or return them first.")
            % {"n": waiting}
        )
    round_.status = RoundStatus.LOCKED
    round_.locked_at = timezone.now()
    round_.locked_by = user
    return save_with_history(round_, user=user, reason="locked")


@transaction.atomic
def round_reopen(*, user: User, round_: Round, reason: str) -> Round:
    """An administrator reopens a locked round, with a reason kept in its history."""
    if not scope.is_admin(user):
        raise PermissionDenied
    reason = reason.strip()[:300]
    if not reason:
        raise ValidationError({"reason": _("Reason: say why the round is reopened.")})
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_locked:
        raise ValidationError(_("This round is open already."))
    round_.status = RoundStatus.OPEN
    round_.locked_at = None
    round_.locked_by = None
    return save_with_history(round_, user=user, reason=reason)
