"""The "money may be shared" relaxation that the multi-source solve tries first: its rows, a case
it proves on its own, and a case where its plan cannot be paid one source per item (the full
programme then decides)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest

from ovop.analysis import _allocation_source_hall as hall
from ovop.analysis.allocation import Candidate, Source, allocate_sources


@contextmanager
def spied() -> Iterator[list[object]]:
    """What each try of the relaxation returned, in order."""
    calls: list[object] = []
    real = hall.relaxed_then_assigned

    def spy(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(result)
        return result

    with mock.patch("ovop.analysis._allocation_source_model.relaxed_then_assigned", spy):
        yield calls


def test_rows_are_the_sets_closed_under_the_items_inside() -> None:
    # sources: bit 0 = APBD, 1 = CSR, 2 = Dana Desa. Items: APBD only; APBD or CSR;
    # APBD or Dana Desa. {CSR} alone holds no item; {CSR, DD} holds none either.
    assert hall.hall_rows([0b001, 0b011, 0b101]) == [0b001, 0b011, 0b101, 0b111]
    assert hall.hall_rows([0b011]) == [0b011]
    assert hall.hall_rows([0b001, 0b010]) == [0b001, 0b010, 0b011]
    assert hall.hall_rows([]) == []


def test_a_plan_the_relaxation_proves_is_taken_from_it() -> None:
    items = [
        Candidate("A", 60, 10.0, "g"),
        Candidate("B", 60, 9.0, "g", sources=frozenset({"apbd"})),
        Candidate("C", 40, 8.0, "g", sources=frozenset({"apbd"})),
    ]
    with spied() as calls:
        best = allocate_sources(items, [Source("apbd", 100), Source("dak", 60)])
    assert best.status == "optimal"
    assert best.funded_by == {"A": "dak", "B": "apbd", "C": "apbd"}
    assert len(calls) == 1 and getattr(calls[0], "status", None) == "optimal"


def test_when_the_shared_plan_cannot_be_paid_one_source_per_item_the_full_model_decides() -> None:
    # Shared, 6 + 6 + 8 = 20 fits two budgets of 10; paid whole, at most two of them do.
    items = [
        Candidate("A", 6, 1.0, "g"),
        Candidate("B", 6, 1.0, "g"),
        Candidate("C", 8, 1.5, "g"),
    ]
    with spied() as calls:
        best = allocate_sources(items, [Source("s1", 10), Source("s2", 10)])
    assert calls == [None]
    assert best.status == "optimal"
    assert best.selected in (("A", "C"), ("B", "C"))
    assert best.total_benefit == pytest.approx(2.5)
    assert sorted(best.spent_by_source_idr.values()) == [6, 8]
