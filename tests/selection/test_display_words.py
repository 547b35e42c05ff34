"""Stored words are shown in the reader's language (issue 9: "Metode: AHP (geometric mean of
judgements) + TOPSIS" on an Indonesian page)."""

from __future__ import annotations

from django.utils import translation

from ovop.selection.models import Decision
from ovop.selection.services import METHOD


def test_the_decision_method_is_translated_when_shown() -> None:
    decision = Decision(method=METHOD)
    with translation.override("id"):
        assert decision.method_label == "AHP (rata-rata geometrik penilaian) + TOPSIS"
    with translation.override("en"):
        assert decision.method_label == "AHP (geometric mean of judgements) + TOPSIS"
    assert Decision(method="an older method").method_label == "an older method"
