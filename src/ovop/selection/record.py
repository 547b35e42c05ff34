"""The berita acara of a decided round: a printable record (PDF) of the round, its panel, the
criteria and their weights, the ranking (TOPSIS, with SAW and VIKOR beside it), the decision
and its reason, with signature lines for the panel and the signing official.

It shows what ``selectors.result_shown`` shows on the result page: the inputs and results kept
with the decision, never recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ovop.core.documents import html_to_pdf, letterhead
from ovop.selection import selectors
from ovop.selection.models import Decision, RoundStatus, SelectionRound
from ovop.selection.results import RoundResult

#: The file name of the record in each language, by round id.
FILE_NAMES = {"id": "berita-acara-seleksi-{pk}.pdf", "en": "selection-record-{pk}.pdf"}


@dataclass(frozen=True)
class Record:
    """Everything the berita acara shows."""

    round: SelectionRound
    decision: Decision
    result: RoundResult
    reason: str
    panel: list[str]  # every invited assessor, by name

    @property
    def not_counted(self) -> list[str]:
        """The invited assessors whose judgement was not submitted when the round was decided."""
        counted = {a.assessor for a in self.result.assessors}
        return [name for name in self.panel if name not in counted]


def record_filename(*, pk: int, language: str) -> str:
    return FILE_NAMES.get(language, FILE_NAMES["id"]).format(pk=pk)


def round_record(selection_round: SelectionRound) -> Record | None:
    """The record of ``selection_round``; None while it is not decided."""
    result, decision = selectors.result_shown(selection_round)
    if decision is None:
        return None
    return Record(
        round=selection_round,
        decision=decision,
        result=result,
        reason=decision_reason(selection_round),
        panel=[str(user) for user in selection_round.assessors.order_by("username")],
    )


def decision_reason(selection_round: SelectionRound) -> str:
    """The reason given when the round was decided (kept in the round's history)."""
    version = (
        selection_round.history.filter(status=RoundStatus.DECIDED)
        .order_by("history_date", "history_id")
        .first()
    )
    return str(version.history_change_reason or "") if version is not None else ""


def record_pdf(*, record: Record, language: str) -> bytes:
    """The berita acara in ``language`` ("id" or "en") as PDF bytes."""
    with translation.override(language):
        context = {
            "record": record,
            "round": record.round,
            "decision": record.decision,
            "result": record.result,
            "decided_on": timezone.localtime(record.decision.decided_at),
            "letterhead": letterhead(),
        }
        html = render_to_string("selection/record.html", context)
    return html_to_pdf(html)
