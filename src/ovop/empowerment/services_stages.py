"""Writes of what stages 1 and 2 produce: experiences and the reasons that explain them.
Problems, projects and power bases (stages 3 and 4) are in ``services_stages_plan``.

Signatures (the API calls these; every argument keyword-only):

- ``experience_add(*, user, cycle, kind, text, themes=(), meeting=None) -> Experience``
- ``experience_update(*, user, experience, kind, text, themes=(), meeting=None) -> Experience``
- ``experience_remove(*, user, experience) -> None``
- ``reason_add(*, user, cycle, text, experiences, meeting=None) -> Reason``
- ``reason_update(*, user, reason, text, experiences, meeting=None) -> Reason``
- ``reason_remove(*, user, reason) -> None``

The content of stage N is added, changed or removed only while the cycle is open and has
reached stage N; content a stage already passed needs cannot be removed (go back first).
Refusals: ``PermissionDenied`` (not the user's village), ``ValidationError`` naming the field
("kind", "text", "themes", "meeting", "experiences", "stage", "cycle", or the record:
"experience", "reason"). Removals are deletions kept in the record's history.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import delete_with_history, save_with_history
from ovop.empowerment.models import (
    Cycle,
    Experience,
    ExperienceKind,
    Meeting,
    Reason,
    Stage,
    Theme,
)
from ovop.empowerment.services_cycles import cycle_require_writable


def stage_content_writable(*, user: User, cycle: Cycle, stage: int, what: str) -> None:
    """Refuse a change to the content of ``stage`` (``what``: "Reasons", …) unless the user
    may change the cycle, it is open and it has reached ``stage``."""
    cycle_require_writable(user=user, cycle=cycle)
    if cycle.stage < stage:
        raise ValidationError(
            {
                "stage": _(
                    "%(what)s: the cycle is at stage %(now)s; they are recorded from stage "
                    "%(stage)s on."
                )
                % {"what": what, "now": cycle.stage, "stage": stage}
            }
        )


def clean_line(value: str, *, field: str, label: str, limit: int, required: bool = True) -> str:
    """``value`` stripped; refused when empty (if ``required``) or longer than ``limit``."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("%(label)s: this cannot be empty.") % {"label": label}})
    if len(value) > limit:
        raise ValidationError(
            {
                field: _("%(label)s: at most %(n)s characters (it has %(has)s).")
                % {"label": label, "n": limit, "has": len(value)}
            }
        )
    return value


def check_choice(value: str, choices: Iterable[str], *, field: str, label: str) -> str:
    if value not in set(choices):
        raise ValidationError({field: _("%(label)s: choose one of the list.") % {"label": label}})
    return value


def check_meeting(cycle: Cycle, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.cycle_id != cycle.pk:
        raise ValidationError({"meeting": _("Meeting: choose a meeting of this cycle.")})


def refuse_last(what: str, field: str, stage: int) -> None:
    raise ValidationError(
        {
            field: _(
                "%(what)s: it is the last one the cycle needed to pass stage %(stage)s; go back "
                "to stage %(stage)s first."
            )
            % {"what": what, "stage": stage}
        }
    )


# --- stage 1: experiences ---------------------------------------------------------------------


def _themes(themes: Iterable[Theme], kept: Iterable[Theme] = ()) -> list[Theme]:
    """``themes``, refused if one is archived and was not already on the experience."""
    allowed = {theme.pk for theme in kept}
    chosen = list(themes)
    for theme in chosen:
        if theme.archived_at is not None and theme.pk not in allowed:
            raise ValidationError(
                {
                    "themes": _("Themes: “%(name)s” is archived; choose among the active themes.")
                    % {"name": theme}
                }
            )
    return chosen


def _fill_experience(experience: Experience, kind: str, text: str, meeting: Meeting | None) -> None:
    experience.kind = check_choice(kind, ExperienceKind.values, field="kind", label=_("Kind"))
    experience.text = clean_line(text, field="text", label=_("What happened"), limit=500)
    check_meeting(experience.cycle, meeting)
    experience.meeting = meeting


@transaction.atomic
def experience_add(
    *,
    user: User,
    cycle: Cycle,
    kind: str,
    text: str,
    themes: Iterable[Theme] = (),
    meeting: Meeting | None = None,
) -> Experience:
    stage_content_writable(user=user, cycle=cycle, stage=Stage.EXPERIENCES, what=_("Experiences"))
    chosen = _themes(themes)
    experience = Experience(cycle=cycle)
    _fill_experience(experience, kind, text, meeting)
    save_with_history(experience, user=user, reason="added")
    experience.themes.set(chosen)
    return experience


@transaction.atomic
def experience_update(
    *,
    user: User,
    experience: Experience,
    kind: str,
    text: str,
    themes: Iterable[Theme] = (),
    meeting: Meeting | None = None,
) -> Experience:
    cycle = experience.cycle
    stage_content_writable(user=user, cycle=cycle, stage=Stage.EXPERIENCES, what=_("Experiences"))
    chosen = _themes(themes, kept=experience.themes.all())
    _fill_experience(experience, kind, text, meeting)
    save_with_history(experience, user=user, reason="edited")
    experience.themes.set(chosen)
    return experience


@transaction.atomic
def experience_remove(*, user: User, experience: Experience) -> None:
    """Remove ``experience``; refused when a reason explains only it, or when it is the last
    experience of a cycle past stage 1."""
    cycle = experience.cycle
    stage_content_writable(user=user, cycle=cycle, stage=Stage.EXPERIENCES, what=_("Experiences"))
    alone = (
        Reason.objects.filter(experiences=experience)
        .annotate(n=Count("experiences"))
        .filter(n=1)
        .first()
    )
    if alone is not None:
        raise ValidationError(
            {
                "experience": _(
                    "Experience: it is the only experience the reason “%(reason)s” explains; "
                    "link that reason to another experience or remove it first."
                )
                % {"reason": alone.text}
            }
        )
    others = Experience.objects.filter(cycle=cycle).exclude(pk=experience.pk)
    if cycle.stage > Stage.EXPERIENCES and not others.exists():
        refuse_last(_("Experience"), "experience", Stage.EXPERIENCES)
    delete_with_history(experience, user=user, reason="removed")


# --- stage 2: reasons -------------------------------------------------------------------------


def _experiences(cycle: Cycle, experiences: Iterable[Experience]) -> list[Experience]:
    chosen = list(experiences)
    if not chosen:
        raise ValidationError(
            {
                "experiences": _(
                    "Experiences explained: choose at least one experience of this cycle."
                )
            }
        )
    for experience in chosen:
        if experience.cycle_id != cycle.pk:
            raise ValidationError(
                {
                    "experiences": _(
                        "Experiences explained: “%(text)s” is not an experience of this cycle."
                    )
                    % {"text": experience.text}
                }
            )
    return chosen


def _fill_reason(reason: Reason, text: str, meeting: Meeting | None) -> None:
    reason.text = clean_line(text, field="text", label=_("Reason"), limit=500)
    check_meeting(reason.cycle, meeting)
    reason.meeting = meeting


@transaction.atomic
def reason_add(
    *,
    user: User,
    cycle: Cycle,
    text: str,
    experiences: Iterable[Experience],
    meeting: Meeting | None = None,
) -> Reason:
    stage_content_writable(user=user, cycle=cycle, stage=Stage.REASONS, what=_("Reasons"))
    chosen = _experiences(cycle, experiences)
    reason = Reason(cycle=cycle)
    _fill_reason(reason, text, meeting)
    save_with_history(reason, user=user, reason="added")
    reason.experiences.set(chosen)
    return reason


@transaction.atomic
def reason_update(
    *,
    user: User,
    reason: Reason,
    text: str,
    experiences: Iterable[Experience],
    meeting: Meeting | None = None,
) -> Reason:
    cycle = reason.cycle
    stage_content_writable(user=user, cycle=cycle, stage=Stage.REASONS, what=_("Reasons"))
    chosen = _experiences(cycle, experiences)
    _fill_reason(reason, text, meeting)
    save_with_history(reason, user=user, reason="edited")
    reason.experiences.set(chosen)
    return reason


@transaction.atomic
def reason_remove(*, user: User, reason: Reason) -> None:
    """Remove ``reason``; refused when it is the last reason of a cycle past stage 2."""
    cycle = reason.cycle
    stage_content_writable(user=user, cycle=cycle, stage=Stage.REASONS, what=_("Reasons"))
    others = Reason.objects.filter(cycle=cycle, experiences__isnull=False).exclude(pk=reason.pk)
    if cycle.stage > Stage.REASONS and not others.exists():
        refuse_last(_("Reason"), "reason", Stage.REASONS)
    delete_with_history(reason, user=user, reason="removed")
