"""Deciding a round: the one write that closes it and designates the village's product."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.programme.models import ProgrammeVillage
from ovop.programme.services import designation_set
from ovop.selection import scope, selectors
from ovop.selection.models import Candidate, Decision, RoundStatus, SelectionRound
from ovop.selection.services import CONVENTIONS, METHOD, _require_status, _save


@transaction.atomic
def round_decide(
    *, user: User, selection_round: SelectionRound, candidate: Candidate, note: str = ""
) -> Decision:
    """Designate ``candidate``: freeze the round's inputs and results, close the round, and
    set the village's designated product for the round's year when the area is a village of
    the programme and the candidate is an existing product."""
    scope.require_manager(user)
    selection_round = SelectionRound.objects.select_for_update().get(pk=selection_round.pk)
    _require_status(selection_round, RoundStatus.JUDGING)
    if candidate.round_id != selection_round.pk:
        raise ValidationError({"candidate": _("Candidate: not a candidate of this round.")})
    result = selectors.round_result(selection_round)
    if not result.ready:
        raise ValidationError(
            {
                "candidate": _("The result is not ready: %(why)s")
                % {"why": " ".join(result.missing) or result.error}
            }
        )
    now = timezone.now()
    membership = _membership(selection_round)
    notes = [note.strip()] if note.strip() else []
    if membership is None:
        notes.append(_("The area is not a participating village; no designation was set."))
    elif candidate.product is None:
        notes.append(_("The chosen candidate is a proposed commodity; no product designated."))
    snapshot = {
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
        "decided_at": now.isoformat(),
        "result": result.snapshot(),
    }
    decision = Decision(
        round=selection_round,
        candidate=candidate,
        method=METHOD,
        snapshot=snapshot,
        decided_by=user,
        note=" ".join(notes),
    )
    decision.full_clean()
    decision.save()
    selection_round.status = RoundStatus.DECIDED
    _save(selection_round, user=user, reason=f"decided: {candidate.name}")
    if membership is not None and candidate.product is not None:
        designation_set(
            user=user,
            membership=membership,
            year=selection_round.year,
            product=candidate.product,
            note=f"selection round {selection_round.pk}",
            by_selection=True,
        )
    return decision


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
