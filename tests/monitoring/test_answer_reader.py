"""The quick reader of large imports gives exactly what ``read_answer`` gives, errors included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ovop.monitoring.answers import (
    AnswerError,
    Question,
    answer_reader,
    column_reader,
    read_answer,
)
from ovop.monitoring.choices import Breakdown
from ovop.monitoring.models import Indicator

pytestmark = pytest.mark.django_db

#: Money (whole rupiah, and a loss allowed), a decimal score, a percent, a count, a part.
CASES = [
    ("omzet", ""),
    ("laba", ""),
    ("produksi", ""),
    ("kompetensi", ""),
    ("bahan_lokal", ""),
    ("pelanggan", ""),
    ("tenaga_kerja", Breakdown.FEMALE),
]

cells = st.one_of(
    st.from_regex(r"\A[0-9]{1,17}([.,][0-9]{1,3})?\Z"),
    st.from_regex(r"\A-?[0-9]{1,4}(\.[0-9]{3}){0,4}(,[0-9]{1,2})?\Z"),
    st.sampled_from(
        ["", " ", "-", "n/a", "1,5 juta", "Rp 1.500.000", "15%", "12 ", "abc", "1e5", "²", "٣"]
    ),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(min_value=-1e17, max_value=1e17),
    st.sampled_from([float("nan"), float("inf"), 0.1 + 0.2, 12.34567, 1e15, -0.0]),
    st.booleans(),
)


def _outcome(read: Any, raw: Any) -> tuple[str, Any]:
    try:
        return ("ok", read(raw))
    except AnswerError as error:
        return ("error", str(error))


@pytest.mark.parametrize(("code", "part"), CASES)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=cells)
def test_the_quick_reader_agrees_with_read_answer(code: str, part: str, raw: Any) -> None:
    question = Question(Indicator.objects.get(code=code), part)
    quick = _outcome(answer_reader(question), raw)
    full = _outcome(lambda r: read_answer(question, r), raw)
    assert quick == full, (raw, quick, full)


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        ("omzet", "1500000", Decimal(1_500_000)),
        ("omzet", 1500000.0, Decimal(1_500_000)),
        ("laba", -250000.0, Decimal(-250_000)),
        ("kompetensi", "72,5", Decimal("72.5")),
        ("kompetensi", 72.25, Decimal("72.25")),
        ("bahan_lokal", "57", Decimal(57)),
    ],
)
def test_common_cells_are_read_on_the_spot(code: str, raw: Any, expected: Decimal) -> None:
    question = Question(Indicator.objects.get(code=code), "")
    assert answer_reader(question)(raw) == (expected, "")


@pytest.mark.parametrize(("code", "part"), CASES)
@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    column=st.lists(cells, max_size=6)
    | st.lists(st.from_regex(r"\A-?[0-9]{1,6}([.,][0-9]{1,2})?(\n[0-9]{1,3})?\Z"), max_size=6)
    | st.lists(st.floats(min_value=-1e6, max_value=1e6).map(lambda x: round(x, 2)), max_size=6)
    | st.lists(st.floats(min_value=0, max_value=200).map(lambda x: round(x, 5)), max_size=6)
)
def test_a_column_read_at_once_agrees_with_its_cells(
    code: str, part: str, column: list[Any]
) -> None:
    question = Question(Indicator.objects.get(code=code), part)
    at_once = column_reader(question)(column)
    if at_once is not None:
        assert at_once == [read_answer(question, raw) for raw in column], column


@pytest.mark.parametrize(
    ("code", "column", "expected"),
    [
        ("omzet", ["1500000", "0", "2000000"], [1_500_000, 0, 2_000_000]),
        ("laba", ["-250000", "1000000"], [-250_000, 1_000_000]),
        ("kompetensi", ["72,5", "80", "99.25"], [Decimal("72.5"), 80, Decimal("99.25")]),
        ("omzet", [1500000.0, 2000000.0], [1_500_000, 2_000_000]),
    ],
)
def test_plain_columns_are_read_at_once(code: str, column: list[Any], expected: list[Any]) -> None:
    question = Question(Indicator.objects.get(code=code), "")
    assert column_reader(question)(column) == [(Decimal(v), "") for v in expected]


@pytest.mark.parametrize(
    ("code", "column"),
    [
        ("omzet", ["1500000", "1.500.000"]),  # grouping: the full rules
        ("omzet", ["1500000", ""]),  # a blank
        ("kompetensi", ["72,5", "101"]),  # out of range: the message comes from the cell
        ("omzet", ["12.5"]),  # not whole
        ("pelanggan", ["3", 4.0]),  # mixed kinds of cell
        ("pelanggan", ["3", "4\n5", "6"]),  # a line break inside a cell
    ],
)
def test_other_columns_are_read_cell_by_cell(code: str, column: list[Any]) -> None:
    assert column_reader(Question(Indicator.objects.get(code=code), ""))(column) is None
