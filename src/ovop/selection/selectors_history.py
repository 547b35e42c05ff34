"""A selection round's history: the round (with its invited assessors), its criteria and its
candidates, read through ``ovop.core.history``. Seven queries whatever the length.

Assessors' judgements and scores are not listed here: their pages say who entered what.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.accounts.models import User
from ovop.core.history import (
    FieldChange,
    HistoryEntry,
    history_entries,
    newest_first,
    versions_of,
)
from ovop.selection.models import Candidate, Criterion, SelectionRound

ROUND_FIELDS = ("title", "programme", "area", "year", "status")
CRITERION_FIELDS = ("name", "description", "direction", "unit", "min_value", "max_value")
CANDIDATE_FIELDS = ("product", "name")
#: Change reasons the services write, shown translated.
REASONS = {
    "opened": gettext_lazy("opened"),
    "default criterion": gettext_lazy("default criterion"),
    "criterion saved": gettext_lazy("criterion saved"),
    "criterion removed from draft": gettext_lazy("criterion removed from draft"),
    "candidate added": gettext_lazy("candidate added"),
    "candidate removed from draft": gettext_lazy("candidate removed from draft"),
    "judging started": gettext_lazy("judging started"),
}


def _assessor_sets(versions: Sequence[Any]) -> dict[int, frozenset[int]]:
    """history_id → the ids of the assessors invited in that version (one query)."""
    through = SelectionRound.history.model._meta.get_field(
        "historicalselectionround_assessors"
    ).related_model
    assert through is not None and not isinstance(through, str)
    rows = through._default_manager.filter(history_id__in=[v.history_id for v in versions])
    sets: dict[int, set[int]] = {}
    for history_id, user_id in rows.values_list("history_id", "user_id"):
        sets.setdefault(history_id, set()).add(user_id)
    return {k: frozenset(v) for k, v in sets.items()}


def _with_assessors(entries: list[HistoryEntry], versions: Sequence[Any]) -> list[HistoryEntry]:
    """``entries`` of the round (newest first) with the change of invited assessors added."""
    sets = _assessor_sets(versions)
    ids = set().union(*sets.values()) if sets else set()
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=ids)}

    def shown(people: frozenset[int]) -> str:
        return ", ".join(sorted(names.get(pk, f"#{pk}") for pk in people)) or "—"

    ordered = sorted(versions, key=lambda v: (v.history_date, v.history_id))
    before: frozenset[int] | None = None
    result = []
    for entry, version in zip(entries[::-1], ordered, strict=True):
        now = sets.get(version.history_id, frozenset())
        if now != (before or frozenset()):
            change = FieldChange(
                field="assessors",
                label=_("Invited assessors"),
                old=shown(before) if before is not None else "",
                new=shown(now),
            )
            entry = dataclasses.replace(entry, changes=[*entry.changes, change])
        before = now
        result.append(entry)
    return result[::-1]


def round_history(*, selection_round: SelectionRound) -> list[HistoryEntry]:
    """Every change to the round, its assessors, criteria and candidates, newest first.

    The caller has checked that the user may read the round (``scope.round_for``).
    """
    own = list(versions_of(SelectionRound.history.filter(id=selection_round.pk)))
    names = {
        ("programme", selection_round.programme_id): str(selection_round.programme),
        ("area", selection_round.area_id): str(selection_round.area),
    }
    round_entries = history_entries(
        own, fields=ROUND_FIELDS, names=names, reasons=REASONS, record=lambda r: _("Round")
    )
    criteria = versions_of(Criterion.history.filter(round_id=selection_round.pk))
    candidates = versions_of(Candidate.history.filter(round_id=selection_round.pk))
    return newest_first(
        _with_assessors(round_entries, own),
        history_entries(
            criteria,
            fields=CRITERION_FIELDS,
            reasons=REASONS,
            record=lambda r: _("Criterion %(name)s") % {"name": r.name},
        ),
        history_entries(
            candidates,
            fields=CANDIDATE_FIELDS,
            reasons=REASONS,
            record=lambda r: _("Candidate %(name)s") % {"name": r.name},
        ),
    )
