"""Checking scores before ``services.scores_set`` writes them: each value in its criterion's
range, and each changed value one the user may change."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from ovop.accounts.models import User
from ovop.selection import scope
from ovop.selection.models import Candidate, Criterion, Score, SelectionRound


def _range_error(candidate: Candidate, criterion: Criterion, value: float) -> str:
    return _(
        "Score for “%(candidate)s” on “%(criterion)s”: %(value)s is outside "
        "%(low)s–%(high)s (%(unit)s)."
    ) % {
        "candidate": candidate.name,
        "criterion": criterion.name,
        "value": f"{value:g}",
        "low": f"{criterion.min_value:g}",
        "high": f"{criterion.max_value:g}",
        "unit": criterion.unit,
    }


def score_errors(
    user: User,
    selection_round: SelectionRound,
    values: Mapping[tuple[int, int], float],
    existing: Mapping[tuple[int, int], Score],
) -> dict[str, list[str]]:
    """What is wrong with each value of ``values`` (keyed ``score_<candidate>_<criterion>``):
    an unknown cell, a value outside the criterion's range, or a stored value ``user`` may
    not change (``scope.can_change_score``)."""
    candidates = {c.pk: c for c in selection_round.candidates.all()}
    criteria = {c.pk: c for c in selection_round.criteria.all()}
    errors: dict[str, list[str]] = {}
    for (cand_id, crit_id), value in values.items():
        key = f"score_{cand_id}_{crit_id}"
        stored = existing.get((cand_id, crit_id))
        if cand_id not in candidates or crit_id not in criteria:
            errors[key] = [_("Score: no such candidate or criterion in this round.")]
        elif not criteria[crit_id].min_value <= value <= criteria[crit_id].max_value:
            errors[key] = [_range_error(candidates[cand_id], criteria[crit_id], value)]
        elif (
            stored is not None
            and stored.value != value
            and not scope.can_change_score(user, stored)
        ):
            errors[key] = [
                _(
                    "Score for “%(candidate)s” on “%(criterion)s”: entered by %(who)s; only "
                    "they or an officer may change it."
                )
                % {
                    "candidate": candidates[cand_id].name,
                    "criterion": criteria[crit_id].name,
                    "who": stored.entered_by,
                }
            ]
    return errors
