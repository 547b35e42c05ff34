"""Writes of an entry: save a draft, submit, review (approve or return), and an
administrator's correction of a locked round.

Every answer of the form is read first (``answers.read_answer``); if any is wrong nothing is
stored and every wrong field is named. A submitted entry must answer every question. The
respondent's row keeps the entry's state and its history (who submitted, who reviewed, the
reviewer's comment); the values keep theirs as revisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.monitoring import scope, tallies
from ovop.monitoring.answers import AnswerError, Question, read_answer, round_questions, totals
from ovop.monitoring.choices import EntryStatus, Origin
from ovop.monitoring.models import Respondent, Round, Value
from ovop.monitoring.values_write import Key, Stored, Written, answers_store

MAX_COMMENT = 500
MAX_REASON = 300


def answers_read(
    questions: list[Question],
    raw: Mapping[str, Any],
    *,
    complete: bool,
    stored: Mapping[Key, Stored | None] | None = None,
) -> dict[Key, Stored | None]:
    """Every question's answer read from ``raw`` (field name → what was typed); raises one
    ValidationError naming every wrong field. ``complete``: a blank answer is an error.
    ``stored``: the values kept for the questions not asked (their totals need them)."""
    errors: dict[str, str] = {}
    answers: dict[Key, Stored | None] = {}
    for question in questions:
        value = raw.get(question.name)
        if isinstance(value, str) and len(value) > 100:
            errors[question.name] = _("%(field)s: at most 100 characters.") % {
                "field": question.label
            }
            continue
        try:
            answers[question.key] = read_answer(question, value)
        except AnswerError as error:
            errors[question.name] = str(error)
            continue
        if complete and answers[question.key] is None:
            errors[question.name] = _("%(field)s: answer this question before submitting.") % {
                "field": question.label
            }
    if errors:
        raise ValidationError(errors)
    totals(questions, answers, stored)
    return answers


@transaction.atomic
def entry_save(
    *,
    user: User,
    respondent: Respondent,
    raw: Mapping[str, Any],
    submit: bool,
    origin: str = Origin.WEB,
) -> Written:
    """Store the answers of ``respondent`` as a draft, or submit them for review."""
    respondent = (
        Respondent.objects.select_for_update()
        .select_related("round", "enterprise")
        .get(pk=respondent.pk)
    )
    if respondent.round.is_locked:
        raise ValidationError(_("This round is locked; its values can no longer be changed."))
    scope.require_enter(user, respondent)
    questions = round_questions(respondent.round)
    answers = answers_read(questions, raw, complete=submit)
    written = answers_store(respondent=respondent, answers=answers, origin=origin, user=user)
    if submit:
        respondent.status = EntryStatus.SUBMITTED
        respondent.submitted_at = timezone.now()
        respondent.submitted_by = user
        reason = "submitted"
    else:
        if respondent.status in (EntryStatus.EMPTY, EntryStatus.SUBMITTED):
            respondent.status = EntryStatus.DRAFT
        reason = "draft saved"
    respondent.origin = origin
    save_with_history(respondent, user=user, reason=reason)
    tallies.touch_entry(respondent)
    return written


@transaction.atomic
def entry_review(*, user: User, respondent: Respondent, approve: bool, comment: str = "") -> None:
    """Approve a submitted entry, or return it to whoever entered it with a comment."""
    scope.require_manager(user)
    respondent = (
        Respondent.objects.select_for_update().select_related("round").get(pk=respondent.pk)
    )
    if not scope.can_review(user, respondent):
        raise ValidationError(_("This round is locked; its entries are no longer reviewed."))
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            {"comment": _("Comment: at most %(n)s characters.") % {"n": MAX_COMMENT}}
        )
    if respondent.status != EntryStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted entry is reviewed; this one is “%(status)s”.")
            % {"status": respondent.get_status_display()}
        )
    if not approve and not comment:
        raise ValidationError(
            {"comment": _("Comment: say what to correct when returning an entry.")}
        )
    respondent.status = EntryStatus.APPROVED if approve else EntryStatus.RETURNED
    respondent.reviewed_at = timezone.now()
    respondent.reviewed_by = user
    respondent.review_comment = comment
    save_with_history(respondent, user=user, reason="approved" if approve else "returned")
    tallies.touch_entry(respondent)


@transaction.atomic
def value_correct(
    *, user: User, respondent: Respondent, raw: Mapping[str, Any], reason: str
) -> Written:
    """An administrator's correction of a locked round's values, with a reason kept in each
    value's revision; the fields not given are left as they are."""
    respondent = (
        Respondent.objects.select_for_update().select_related("round").get(pk=respondent.pk)
    )
    round_: Round = respondent.round
    if not scope.can_correct(user, round_):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Reason: say why the value is corrected.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Reason: at most %(n)s characters.") % {"n": MAX_REASON}}
        )
    questions = [q for q in round_questions(round_) if q.name in raw]
    if not questions:
        raise ValidationError(_("Give at least one corrected value."))
    stored: dict[Key, Stored | None] = {
        (v.indicator_id, v.breakdown): (v.number, v.choice)
        for v in Value.objects.filter(respondent=respondent)
    }
    answers = answers_read(questions, raw, complete=False, stored=stored)
    written = answers_store(
        respondent=respondent,
        answers=answers,
        origin=Origin.CORRECTION,
        user=user,
        reason=reason,
    )
    tallies.touch_entry(respondent)
    return written
