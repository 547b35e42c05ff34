"""Amounts of rupiah as people type them: every example of the rules, exact integers or the
exact reason for a refusal, and format → parse round trips over the whole range."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ovop.core.money import (
    MAX_RUPIAH,
    MoneyError,
    check_rupiah,
    format_rupiah,
    group_thousands,
    parse_rupiah,
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


READ = [
    ("Rp 60.000.000", 60_000_000),
    ("60.000.000", 60_000_000),
    ("60000000", 60_000_000),
    ("rp60.000.000", 60_000_000),
    ("Rp. 35.000", 35_000),
    ("Rp 35.000", 35_000),
    ("35.000,-", 35_000),
    ("IDR 5000", 5_000),
    ("  Rp\u00a060.000.000  ", 60_000_000),
    ("1,5 juta", 1_500_000),
    ("1,5jt", 1_500_000),
    ("1,05 juta", 1_050_000),
    ("2 M", 2_000_000_000),
    ("2 m", 2_000_000_000),
    ("2 miliar", 2_000_000_000),
    ("2 milyar", 2_000_000_000),
    ("750 rb", 750_000),
    ("750rb", 750_000),
    ("750 ribu", 750_000),
    ("35k", 35_000),
    ("0,5 rb", 500),
    ("1.500 juta", 1_500_000_000),
    ("3 T", 3_000_000_000_000),
    ("60 juta rupiah", 60_000_000),
    ("Rp 1.500.000,00", 1_500_000),
    ("1.500.000,0", 1_500_000),
    ("1.500", 1_500),  # a dot followed by three digits groups thousands
    ("0", 0),
    ("Rp 0", 0),
    ("1.000 T", MAX_RUPIAH),
    ("1000000000000000", MAX_RUPIAH),
]


@pytest.mark.parametrize(("text", "amount"), READ)
def test_reads(text: str, amount: int) -> None:
    assert parse_rupiah(text) == amount


DOT = "“{}” is unclear: a dot separates thousands and is followed by three digits (60.000.000); "
DOT += "decimals take a comma (1,5 juta)."
AMBIGUOUS = (
    "“{}” is unclear: a comma starts decimals, and an amount without a unit is whole rupiah. "
    "Write 1.500 for one thousand five hundred, or add a unit: 1,5 juta."
)
FRACTION = "“{}” has a fraction of a rupiah; amounts are whole rupiah."
UNKNOWN = "“{}” is not an amount of rupiah; write it like 60.000.000, 1,5 juta or 750 rb."

REFUSED = [
    ("60.000000", "dot", "Sales: " + DOT.format("60.000000")),  # what a number field kept
    ("1.5", "dot", "Sales: " + DOT.format("1.5")),
    ("1.5 juta", "dot", "Sales: " + DOT.format("1.5 juta")),
    ("1.50.000", "dot", "Sales: " + DOT.format("1.50.000")),
    ("60.", "dot", "Sales: " + DOT.format("60.")),
    ("1,5", "ambiguous", "Sales: " + AMBIGUOUS.format("1,5")),
    ("1,500", "ambiguous", "Sales: " + AMBIGUOUS.format("1,500")),
    ("1,500,000", "ambiguous", "Sales: " + AMBIGUOUS.format("1,500,000")),
    ("1,000", "ambiguous", "Sales: " + AMBIGUOUS.format("1,000")),
    ("1,500.00", "ambiguous", "Sales: " + AMBIGUOUS.format("1,500.00")),
    ("Rp 1.500,50", "fraction", "Sales: " + FRACTION.format("Rp 1.500,50")),
    ("1.500,5", "fraction", "Sales: " + FRACTION.format("1.500,5")),
    ("1,0000005 juta", "fraction", "Sales: " + FRACTION.format("1,0000005 juta")),
    ("-5", "negative", "Sales cannot be negative."),
    ("Rp -60.000", "negative", "Sales cannot be negative."),
    ("- 1,5 juta", "negative", "Sales cannot be negative."),
    ("−5", "negative", "Sales cannot be negative."),
    ("1.000.000.000.000.001", "too_large", "Sales is too large: at most Rp 1.000.000.000.000.000."),
    ("1.001 T", "too_large", "Sales is too large: at most Rp 1.000.000.000.000.000."),
    ("banyak", "not_understood", "Sales: " + UNKNOWN.format("banyak")),
    ("Rp", "not_understood", "Sales: " + UNKNOWN.format("Rp")),
    ("1 juta 500 ribu", "not_understood", "Sales: " + UNKNOWN.format("1 juta 500 ribu")),
    ("60 000 000", "not_understood", "Sales: " + UNKNOWN.format("60 000 000")),
    ("٦٠", "not_understood", "Sales: " + UNKNOWN.format("٦٠")),  # digits of another script
    ("60,", "not_understood", "Sales: " + UNKNOWN.format("60,")),
    ("", "empty", "Sales: enter an amount, for example 60.000.000."),
    ("   ", "empty", "Sales: enter an amount, for example 60.000.000."),
    ("1" * 41, "too_long", "Sales: at most 40 characters."),
]


@pytest.mark.parametrize(("text", "code", "message"), REFUSED)
def test_refuses_with_the_reason(text: str, code: str, message: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_rupiah(text)
    assert caught.value.code == code
    assert caught.value.describe("Sales") == message


def test_reason_without_a_field_says_amount() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_rupiah("-5")
    assert str(caught.value) == "Amount cannot be negative."


def test_reason_in_indonesian_names_the_field() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_rupiah("-5")
    with translation.override("id"):
        message = caught.value.describe("Investasi (rupiah)")
    assert message == "Investasi (rupiah) tidak boleh negatif."


def test_format() -> None:
    assert format_rupiah(60_000_000) == "Rp 60.000.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(999) == "Rp 999"
    assert format_rupiah(1_000) == "Rp 1.000"
    assert format_rupiah(MAX_RUPIAH) == "Rp 1.000.000.000.000.000"
    assert group_thousands(1_500_000) == "1.500.000"


def test_check_rupiah_bounds_integers() -> None:
    assert check_rupiah(0) == 0
    assert check_rupiah(MAX_RUPIAH) == MAX_RUPIAH
    with pytest.raises(MoneyError) as negative:
        check_rupiah(-1)
    assert negative.value.code == "negative"
    with pytest.raises(MoneyError) as large:
        check_rupiah(MAX_RUPIAH + 1)
    assert large.value.code == "too_large"


amounts = st.integers(min_value=0, max_value=MAX_RUPIAH)


@given(amounts)
def test_format_then_parse_round_trips(amount: int) -> None:
    formatted = format_rupiah(amount)
    assert parse_rupiah(formatted) == amount
    assert parse_rupiah(formatted + ",00") == amount
    assert parse_rupiah(formatted + ",-") == amount
    assert parse_rupiah(group_thousands(amount)) == amount
    assert parse_rupiah(str(amount)) == amount


@given(st.integers(min_value=0, max_value=MAX_RUPIAH // 10**6), st.sampled_from(["juta", "jt"]))
def test_whole_units_multiply(millions: int, unit: str) -> None:
    assert parse_rupiah(f"{group_thousands(millions)} {unit}") == millions * 10**6


@given(st.integers(min_value=MAX_RUPIAH + 1, max_value=10**30))
def test_above_the_maximum_is_refused(amount: int) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_rupiah(group_thousands(amount) if amount < 10**27 else str(amount))
    assert caught.value.code in {"too_large", "too_long"}
