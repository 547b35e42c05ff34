"""Deciding a round: the one write that closes it and designates the village's product."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.core.text import REASON_MAX_LENGTH
from ovop.programme.models import ProgrammeVillage
from ovop.programme.services import designation_decide
from ovop.selection import scope, selectors
from ovop.selection.models import Candidate, Decision, RoundStatus, SelectionRound
from ovop.selection.results import RoundResult
from ovop.selection.services import CONVENTIONS, METHOD, require_status


@transaction.atomic
def round_decide(
    *,
    user: User,
    selection_round: SelectionRound,
    candidate: Candidate,
    note: str = "",
    reason: str = "",
) -> Decision:
    """Designate ``candidate``: freeze the round's inputs and results, close the round, and
    set the village's designated product for the round's year when the area is a village of
    the programme and the candidate is an existing product. The stored decision is the
    proof ``programme.services.designation_decide`` asks for; a designation made so is
    refused to hand edits from then on. ``reason`` is kept in the round's history
    ("decided: <candidate>" when not given)."""
    scope.require_manager(user)
    selection_round = SelectionRound.objects.select_for_update().get(pk=selection_round.pk)
    require_status(selection_round, RoundStatus.JUDGING)
    if candidate.round_id != selection_round.pk:
        raise ValidationError({"candidate": _("Candidate: not a candidate of this round.")})
    result = _ready_result(selection_round)
    membership = _membership(selection_round)
    decision = Decision(
        round=selection_round,
        candidate=candidate,
        method=METHOD,
        snapshot=_snapshot(selection_round, candidate, user, result),
        decided_by=user,
        note=_note(note, membership, candidate),
    )
    decision.full_clean()
    decision.save()
    selection_round.status = RoundStatus.DECIDED
    default = f"decided: {candidate.name}"[:REASON_MAX_LENGTH]
    save_with_history(selection_round, user=user, reason=reason or default)
    if membership is not None and candidate.product is not None:
        designation_decide(
            decision=decision,
            membership=membership,
            year=selection_round.year,
            product=candidate.product,
        )
    return decision


def _ready_result(selection_round: SelectionRound) -> RoundResult:
    result = selectors.round_result(selection_round)
    if not result.ready:
        raise ValidationError(
            {
                "candidate": _("The result is not ready: %(why)s")
                % {"why": " ".join(result.missing) or result.error}
            }
        )
    return result


def _note(note: str, membership: ProgrammeVillage | None, candidate: Candidate) -> str:
    notes = [note.strip()] if note.strip() else []
    if membership is None:
        notes.append(_("The area is not a participating village; no designation was set."))
    elif candidate.product is None:
        notes.append(_("The chosen candidate is a proposed commodity; no product designated."))
    return " ".join(notes)


def _snapshot(
    selection_round: SelectionRound, candidate: Candidate, user: User, result: RoundResult
) -> dict[str, Any]:
    """The decision's frozen copy of the round, the choice and every input and result."""
    return {
        "round": {
            "id": selection_round.pk,
            "title": selection_round.title,
            "programme": selection_round.programme.name,
            "area": selection_round.area.name,
            "area_code": selection_round.area.code,
            "year": selection_round.year,
        },
        "method": METHOD,
        "conventions": CONVENTIONS,
        "chosen": {"id": candidate.pk, "name": candidate.name, "product_id": candidate.product_id},
        "decided_by": user.username,
        "decided_at": timezone.now().isoformat(),
        "result": result.snapshot(),
    }


def _membership(selection_round: SelectionRound) -> ProgrammeVillage | None:
    return (
        ProgrammeVillage.objects.filter(
            programme=selection_round.programme,
            village=selection_round.area,
            archived_at__isnull=True,
        )
        .select_related("programme", "village")
        .first()
    )
