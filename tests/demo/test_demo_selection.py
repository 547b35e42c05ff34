"""The demo rounds: Namang 2024 decided for the designated madu pelawan; Kurau Barat 2025
judging with one judgement submitted; a second run changes nothing."""

from __future__ import annotations

import pytest

from ovop.accounts.models import User
from ovop.demo.selection import demo_rounds_load
from ovop.programme.models import Designation, Programme
from ovop.selection.models import Decision, Judgement, RoundStatus, Score, SelectionRound
from tests import demo_snapshot


def _counts() -> tuple[int, ...]:
    models = (SelectionRound, Judgement, Score, Decision)
    history = sum(m.history.count() for m in (SelectionRound, Judgement, Score))  # type: ignore[attr-defined]
    return (*(m.objects.count() for m in models), history)


@pytest.mark.django_db
def test_demo_rounds() -> None:
    demo_snapshot.install()
    namang = SelectionRound.objects.get(area__code="19.04.05.2001", year=2024)
    assert namang.status == RoundStatus.DECIDED and namang.is_sample
    decision = Decision.objects.get(round=namang)
    designation = Designation.objects.get(membership__village__code="19.04.05.2001", year=2024)
    assert decision.candidate.product_id == designation.product_id
    assert decision.snapshot["result"]["topsis_winner"] == decision.candidate.name
    assert decision.snapshot["result"]["agree"] is True
    assert [a["assessor"] for a in decision.snapshot["result"]["assessors"]] == [
        "Bambang Saputra",
        "Wulan Sari",
    ]
    assert decision.snapshot["result"]["assessors"][0]["cr"] == pytest.approx(0, abs=1e-9)
    kurau = SelectionRound.objects.get(area__code="19.04.01.2010", year=2025)
    assert kurau.status == RoundStatus.JUDGING
    assert list(kurau.judgements.values_list("assessor__username", "submitted")) == [
        ("assessor", True)
    ]
    before = _counts()
    demo_rounds_load(  # the demo's selection part again: a second run changes nothing
        programme=Programme.objects.get(is_sample=True),
        officer=User.objects.get(username="officer"),
        assessor=User.objects.get(username="assessor"),
    )
    assert _counts() == before
