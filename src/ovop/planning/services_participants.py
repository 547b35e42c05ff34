"""Writes for the people who took part in an activity: added from the registry, their
attendance and their pre-test and post-test scores (0–100), one at a time or the whole list at
once (all or nothing, the bad row named).

People come from the empowerment registry of the activity's village: a person recorded there,
or the owner of an IKM of the village — the person linked to the IKM, created from the
registry's owner name (and owner's gender, unless another is chosen) the first time (as the
empowerment group form does). Facilitators of the
village and planners write here; the year's close is checked as in ``services_activities``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import delete_with_history, save_with_history
from ovop.empowerment.models import Person
from ovop.enterprises.models import Enterprise
from ovop.planning.models import Activity, Participant
from ovop.planning.services_activities import (
    activity_locked,
    delivery_check,
    require_not_cancelled,
    with_guard,
)

MAX_SCORE = Decimal(100)


@dataclass(frozen=True)
class ScoreRow:
    """One participant's line of the whole-list form."""

    participant: Participant
    attended: bool
    pre_score: Decimal | None
    post_score: Decimal | None


def _owner_person(*, user: User, activity: Activity, enterprise: Enterprise, gender: str) -> Person:
    """The person who runs ``enterprise``: the one recorded, or a new one of its village
    named as the registry names the owner."""
    if enterprise.village_id != activity.village_id or enterprise.archived_at is not None:
        raise ValidationError(
            {
                "enterprise": _("IKM: “%(name)s” is not an active IKM of %(village)s.")
                % {"name": enterprise.name, "village": activity.village.name}
            }
        )
    person = Person.objects.filter(enterprise=enterprise).first()
    if person is not None:
        return person
    gender = gender or enterprise.owner_gender  # the registry's, when none is chosen
    if not gender:
        raise ValidationError(
            {
                "gender": _("Gender: choose the gender of %(name)s, the owner of the IKM.")
                % {"name": enterprise.owner_name}
            }
        )
    person = Person(
        name=enterprise.owner_name.strip(),
        gender=gender,
        village_id=enterprise.village_id,
        enterprise=enterprise,
    )
    return save_with_history(person, user=user, reason="created")


def _chosen(
    *,
    user: User,
    activity: Activity,
    person: Person | None,
    enterprise: Enterprise | None,
    gender: str,
) -> Person:
    if (person is None) == (enterprise is None):
        raise ValidationError(
            {"person": _("Person: choose a person of the village or an IKM (one of the two).")}
        )
    if enterprise is not None:
        return _owner_person(user=user, activity=activity, enterprise=enterprise, gender=gender)
    assert person is not None
    if person.village_id != activity.village_id or person.archived_at is not None:
        raise ValidationError(
            {
                "person": _("Person: %(name)s is not recorded in %(village)s.")
                % {"name": person.name, "village": activity.village.name}
            }
        )
    return person


@transaction.atomic
def participant_add(
    *,
    user: User,
    activity: Activity,
    person: Person | None = None,
    enterprise: Enterprise | None = None,
    gender: str = "",
    attended: bool = True,
    reason: str = "",
) -> Participant:
    """Add someone to the activity: a ``person`` of its village, or the owner of an
    ``enterprise`` of its village (``gender`` describes a new person). Once per person."""
    fixed = delivery_check(user=user, activity=activity, reason=reason)
    current = activity_locked(activity)
    require_not_cancelled(current, key="person")
    chosen = _chosen(
        user=user, activity=current, person=person, enterprise=enterprise, gender=gender
    )
    if current.participants.filter(person=chosen).exists():
        key = "enterprise" if enterprise is not None else "person"
        raise ValidationError(
            {
                key: _("%(name)s already takes part in “%(title)s”.")
                % {"name": chosen.name, "title": current.title}
            }
        )
    participant = Participant(
        activity=current,
        person=chosen,
        enterprise_id=enterprise.pk if enterprise is not None else chosen.enterprise_id,
        attended=attended,
    )
    return save_with_history(participant, user=user, reason=with_guard(fixed, "participant added"))


def _score_errors(row: ScoreRow) -> dict[str, str]:
    """Each score out of bounds, by its field name, with a message naming the field."""
    problems = {}
    labels = (
        ("pre_score", row.pre_score, _("Pre-test score")),
        ("post_score", row.post_score, _("Post-test score")),
    )
    for key, value, label in labels:
        if value is not None and not (0 <= value <= MAX_SCORE):
            problems[key] = _("%(label)s: a score is between 0 and 100.") % {"label": label}
        elif value is not None and value != value.quantize(Decimal("0.01")):
            problems[key] = _("%(label)s: at most two decimals.") % {"label": label}
    return problems


def _apply(row: ScoreRow, *, user: User, reason: str) -> Participant:
    participant = row.participant
    participant.attended = row.attended
    participant.pre_score, participant.post_score = row.pre_score, row.post_score
    return save_with_history(participant, user=user, reason=reason)


@transaction.atomic
def participant_update(
    *,
    user: User,
    participant: Participant,
    attended: bool,
    pre_score: Decimal | None,
    post_score: Decimal | None,
    reason: str = "",
) -> Participant:
    """Record one participant's attendance and scores (0–100, two decimals at most)."""
    fixed = delivery_check(user=user, activity=participant.activity, reason=reason)
    row = ScoreRow(participant, attended, pre_score, post_score)
    problems = _score_errors(row)
    if problems:
        raise ValidationError(problems)
    return _apply(row, user=user, reason=with_guard(fixed, "scores"))


@transaction.atomic
def participants_record(
    *, user: User, activity: Activity, rows: Sequence[ScoreRow], reason: str = ""
) -> int:
    """Attendance and scores of the whole list at once: all saved, or nothing when one row is
    wrong (each bad row named by its person). Returns the number of rows saved."""
    fixed = delivery_check(user=user, activity=activity, reason=reason)
    activity_locked(activity)
    errors: list[str] = []
    for row in rows:
        name = row.participant.person.name
        if row.participant.activity_id != activity.pk:
            errors.append(_("%(name)s does not take part in this activity.") % {"name": name})
        errors.extend(f"{name}: {problem}" for problem in _score_errors(row).values())
    if errors:
        raise ValidationError({"participants": errors})
    for row in rows:
        _apply(row, user=user, reason=with_guard(fixed, "scores"))
    return len(rows)


@transaction.atomic
def participant_remove(*, user: User, participant: Participant, reason: str = "") -> None:
    """Take someone off the list; the history keeps them, who removed them and why."""
    fixed = delivery_check(user=user, activity=participant.activity, reason=reason)
    delete_with_history(
        participant, user=user, reason=with_guard(fixed, reason.strip() or "participant removed")
    )
