"""Spreadsheet cells as offices type them: every example of the readers' rules with its exact
value, every refusal with its code and sentence, and round trips over the whole range."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from ovop.core.cells import (
    CellError,
    close_names,
    is_blank,
    place_key,
    read_date,
    read_decimal,
    read_identifier,
    read_percent,
    read_rupiah,
    read_text,
    read_yes_no,
)
from ovop.core.money import MAX_RUPIAH, MoneyError, format_rupiah, group_thousands, parse_rupiah

pytestmark = pytest.mark.usefixtures("english")


def refusal(read: object, *args: object, **kwargs: object) -> CellError:
    assert callable(read)
    with pytest.raises(CellError) as caught:
        read(*args, **kwargs)
    return caught.value


# --- decimals ---------------------------------------------------------------------------------

DECIMALS = [
    (1500000.0, Decimal(1500000)),  # calamine's float for a whole number
    (0.15, Decimal("0.15")),  # a real fraction keeps its shortest form
    (12, Decimal(12)),
    (Decimal("2.5"), Decimal("2.5")),
    ("1500000", Decimal(1500000)),
    (" 42 ", Decimal(42)),
    ("1.500.000", Decimal(1500000)),
    ("1.500", Decimal(1500)),
    ("1.500.000,00", Decimal("1500000.00")),
    ("1,5", Decimal("1.5")),
    ("0,125", Decimal("0.125")),
    ("1500,25", Decimal("1500.25")),
    ("1.234,56", Decimal("1234.56")),
    ("12.5", Decimal("12.5")),  # a single dot and one or two digits: a decimal point
    ("0.25", Decimal("0.25")),
    ("Rp 1.500.000", Decimal(1500000)),
    ("Rp. 35.000,-", Decimal(35000)),
    ("1,5 juta", Decimal(1500000)),
    ("1,500 juta", Decimal(1500000)),  # with a unit, as money.py reads it
    ("750 rb", Decimal(750000)),
    ("2 M", Decimal(2000000000)),
    ("2 miliar", Decimal(2000000000)),
    ("0", Decimal(0)),
    ("-0", Decimal(0)),
]


@pytest.mark.parametrize(("cell", "number"), DECIMALS)
def test_read_decimal(cell: object, number: Decimal) -> None:
    assert read_decimal(cell) == number


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("-5", Decimal(-5)),
        ("−5", Decimal(-5)),
        ("-1,5 juta", Decimal(-1500000)),
        (-2.5, Decimal("-2.5")),
    ],
)
def test_read_decimal_negative_only_when_allowed(cell: object, number: Decimal) -> None:
    assert read_decimal(cell, allow_negative=True) == number
    error = refusal(read_decimal, cell)
    assert error.code == "negative"
    assert error.describe("Luas lahan") == "Luas lahan cannot be negative."


UNCLEAR = (
    "Omzet: “{}” is unclear: write decimals with a comma (1,5 or 0,125) and group thousands "
    "with dots (1.500.000)."
)
NOT_NUMBER = "Omzet: “{}” is not a number; write it like 1.500.000 or 1,5."

DECIMAL_REFUSED = [
    ("1,500,000", "ambiguous", UNCLEAR.format("1,500,000")),  # English grouping
    ("1,500.00", "ambiguous", UNCLEAR.format("1,500.00")),
    ("1,500", "ambiguous", UNCLEAR.format("1,500")),  # a decimal, or English thousands?
    ("0.125", "ambiguous", UNCLEAR.format("0.125")),
    ("1.2345", "ambiguous", UNCLEAR.format("1.2345")),
    ("1.50.000", "ambiguous", UNCLEAR.format("1.50.000")),
    ("1.50,5", "ambiguous", UNCLEAR.format("1.50,5")),
    ("60.", "ambiguous", UNCLEAR.format("60.")),
    ("60,", "not_number", NOT_NUMBER.format("60,")),
    ("banyak", "not_number", NOT_NUMBER.format("banyak")),
    ("1 juta 500 ribu", "not_number", NOT_NUMBER.format("1 juta 500 ribu")),
    (True, "not_number", NOT_NUMBER.format("True")),
    (float("nan"), "not_number", NOT_NUMBER.format("nan")),
    (datetime.date(2024, 1, 12), "not_number", NOT_NUMBER.format("2024-01-12")),
    ("", "empty", "Omzet: this cell must be filled in."),
    (None, "empty", "Omzet: this cell must be filled in."),
    ("1" * 41, "too_long", "Omzet: at most 40 characters (this cell has 41)."),
]


@pytest.mark.parametrize(("cell", "code", "message"), DECIMAL_REFUSED)
def test_read_decimal_refuses_with_the_reason(cell: object, code: str, message: str) -> None:
    error = refusal(read_decimal, cell)
    assert error.code == code
    assert error.describe("Omzet") == message


def test_a_reason_without_a_column_says_value() -> None:
    assert str(refusal(read_decimal, "-5")) == "Value cannot be negative."


def test_reasons_in_indonesian() -> None:
    with translation.override("id"):
        assert refusal(read_decimal, "1,500,000").describe("Omzet") == (
            "Omzet: “1,500,000” tidak jelas: tulis desimal dengan koma (1,5 atau 0,125) dan "
            "pisahkan ribuan dengan titik (1.500.000)."
        )
        assert refusal(read_identifier, "1,23E+12", "nib").describe("NIB") == (
            "NIB: Excel mengubah angkanya menjadi 1,23E+12 — ubah format kolom menjadi Teks, "
            "lalu ketik ulang angkanya."
        )
        assert refusal(read_date, "31/02/2024").describe("Tanggal") == (
            "Tanggal: “31/02/2024” bukan tanggal: Februari 2024 hanya sampai tanggal 29."
        )
        assert str(refusal(read_yes_no, "mungkin")) == (
            "Nilai: “mungkin” bukan ya atau tidak; tulis Ya atau Tidak."
        )


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=99))
def test_an_indonesian_decimal_reads_back(whole: int, cents: int) -> None:
    text = f"{group_thousands(whole)},{cents:02d}"
    assert read_decimal(text) == Decimal(whole) + Decimal(cents) / 100


@given(st.floats(allow_nan=False, allow_infinity=False, width=64))
def test_a_numeric_cell_reads_as_its_shortest_decimal(number: float) -> None:
    assert float(read_decimal(number, allow_negative=True)) == number


def outcome(read: Callable[[str], object], text: str) -> object:
    try:
        return read(text)
    except (CellError, MoneyError) as error:
        return error.code


NUMBER_TEXT = st.text(alphabet="0123456789.,", min_size=1, max_size=12)


@given(NUMBER_TEXT)
def test_the_short_way_for_common_numbers_agrees_with_the_rules(text: str) -> None:
    """With "Rp " in front a number takes the general way; the result must be the same."""
    assert outcome(read_decimal, text) == outcome(read_decimal, "Rp " + text)
    assert outcome(read_rupiah, text) == outcome(parse_rupiah, text)
    assert outcome(read_rupiah, "Rp " + text) == outcome(parse_rupiah, "Rp " + text)


# --- rupiah -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("Rp 1.500.000", 1_500_000),
        ("1.500.000,00", 1_500_000),
        ("1,5 juta", 1_500_000),
        ("1500000", 1_500_000),
        (1500000.0, 1_500_000),
        (1500000, 1_500_000),
        (Decimal("1500000.00"), 1_500_000),
        (0.0, 0),
    ],
)
def test_read_rupiah(cell: object, amount: int) -> None:
    assert read_rupiah(cell) == amount


FRACTION = "Omzet: “{}” has a fraction of a rupiah; amounts are whole rupiah."
TOO_LARGE = "Omzet is too large: at most Rp 1.000.000.000.000.000."
NOT_AMOUNT = "Omzet: “{}” is not an amount of rupiah; write it like 60.000.000, 1,5 juta or 750 rb."
AMBIGUOUS_AMOUNT = (
    "Omzet: “1,5” is unclear: a comma starts decimals, and an amount without a unit is whole "
    "rupiah. Write 1.500 for one thousand five hundred, or add a unit: 1,5 juta."
)


@pytest.mark.parametrize(
    ("cell", "code", "message"),
    [
        (1500.5, "fraction", FRACTION.format("1500,5")),
        ("1.500,50", "fraction", FRACTION.format("1.500,50")),
        (-5.0, "negative", "Omzet cannot be negative."),
        ("-5", "negative", "Omzet cannot be negative."),
        (10.0**16, "too_large", TOO_LARGE),
        ("99999999999999999", "too_large", TOO_LARGE),
        ("1,5", "ambiguous", AMBIGUOUS_AMOUNT),
        (float("inf"), "not_understood", NOT_AMOUNT.format("inf")),
        (True, "not_understood", NOT_AMOUNT.format("True")),
        ("", "empty", "Omzet: enter an amount, for example 60.000.000."),
        (None, "empty", "Omzet: enter an amount, for example 60.000.000."),
    ],
)
def test_read_rupiah_keeps_the_reasons_of_money(cell: object, code: str, message: str) -> None:
    error = refusal(read_rupiah, cell)
    assert error.code == code
    assert error.describe("Omzet") == message


@given(st.integers(min_value=0, max_value=MAX_RUPIAH))
def test_a_formatted_amount_reads_back(amount: int) -> None:
    assert read_rupiah(format_rupiah(amount)) == amount
    assert read_rupiah(float(amount)) == int(float(amount))


# --- percentages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "percent"),
    [
        ("15%", Decimal(15)),
        ("15 %", Decimal(15)),
        ("15", Decimal(15)),
        ("15,5 %", Decimal("15.5")),
        ("100%", Decimal(100)),
        (15.0, Decimal(15)),  # a numeric cell is read as it is: 15 means 15 %
        (0.15, Decimal("0.15")),  # … and 0.15 means 0,15 %
    ],
)
def test_read_percent(cell: object, percent: Decimal) -> None:
    assert read_percent(cell) == percent


def test_read_percent_of_a_percent_formatted_column() -> None:
    assert read_percent(0.15, fraction=True) == Decimal(15)
    assert read_percent(0.155, fraction=True) == Decimal("15.5")
    assert read_percent(1, fraction=True) == Decimal(100)
    assert read_percent("15 %", fraction=True) == Decimal(15)  # text is read as written
    assert read_percent("-5 %", allow_negative=True) == Decimal(-5)


@pytest.mark.parametrize(
    ("cell", "code", "message"),
    [
        (
            "lima belas",
            "not_percent",
            "Bunga: “lima belas” is not a percentage; write it like 15 % or 15,5 %.",
        ),
        (
            "Rp 15",
            "not_percent",
            "Bunga: “Rp 15” is not a percentage; write it like 15 % or 15,5 %.",
        ),
        (
            "15 %%",
            "not_percent",
            "Bunga: “15 %%” is not a percentage; write it like 15 % or 15,5 %.",
        ),
        ("1,500 %", "ambiguous", UNCLEAR.replace("Omzet", "Bunga").format("1,500 %")),
        ("-5 %", "negative", "Bunga cannot be negative."),
        (-0.5, "negative", "Bunga cannot be negative."),
        ("", "empty", "Bunga: this cell must be filled in."),
    ],
)
def test_read_percent_refuses(cell: object, code: str, message: str) -> None:
    error = refusal(read_percent, cell)
    assert error.code == code
    assert error.describe("Bunga") == message


# --- dates ------------------------------------------------------------------------------------

JAN_12 = datetime.date(2024, 1, 12)

DATES = [
    (JAN_12, JAN_12),
    (datetime.datetime(2024, 1, 12, 15, 30, tzinfo=datetime.UTC), JAN_12),
    (45303, JAN_12),  # an Excel serial number
    (45303.75, JAN_12),  # … with a time of day
    (1, datetime.date(1900, 1, 1)),
    (59, datetime.date(1900, 2, 28)),
    (61, datetime.date(1900, 3, 1)),  # after Excel's 29 February 1900
    (73415, datetime.date(2100, 12, 31)),
    ("12/01/2024", JAN_12),  # day first, never American
    ("12-01-2024", JAN_12),
    ("12.01.2024", JAN_12),
    ("2/1/2024", datetime.date(2024, 1, 2)),
    ("12/01/2024 00:00", JAN_12),
    ("2024-01-12", JAN_12),
    ("2024-01-12 00:00:00", JAN_12),
    ("2024-01-12T08:15:00", JAN_12),
    ("2024/01/12", JAN_12),
    ("12 Januari 2024", JAN_12),
    ("12 januari 2024", JAN_12),
    ("12 JANUARI 2024", JAN_12),
    ("12 Jan 2024", JAN_12),
    ("12 Jan. 2024", JAN_12),
    ("12-Jan-2024", JAN_12),
    ("12 January 2024", JAN_12),
    ("Jumat, 12 Januari 2024", JAN_12),
    ("12 Agustus 2024", datetime.date(2024, 8, 12)),
    ("12 Agu 2024", datetime.date(2024, 8, 12)),
    ("12 Ags 2024", datetime.date(2024, 8, 12)),
    ("12 August 2024", datetime.date(2024, 8, 12)),
    ("1 Mei 2024", datetime.date(2024, 5, 1)),
    ("1 May 2024", datetime.date(2024, 5, 1)),
    ("17 Okt 2024", datetime.date(2024, 10, 17)),
    ("3 Nopember 2024", datetime.date(2024, 11, 3)),
    ("25 Des 2024", datetime.date(2024, 12, 25)),
    ("29 Februari 2024", datetime.date(2024, 2, 29)),
]


@pytest.mark.parametrize(("cell", "date"), DATES)
def test_read_date(cell: object, date: datetime.date) -> None:
    assert read_date(cell) == date


NOT_A_DATE = (
    "Tanggal: “{}” is not a date; write the day first, then the month: 12/01/2024, "
    "12 Januari 2024 or 2024-01-12."
)
OUTSIDE = "Tanggal: “{}” is outside the years 1900 to 2100."

DATE_REFUSED = [
    ("31/02/2024", "no_day", "Tanggal: “31/02/2024” is not a date: February 2024 has 29 days."),
    ("29/02/2023", "no_day", "Tanggal: “29/02/2023” is not a date: February 2023 has 28 days."),
    ("31 April 2024", "no_day", "Tanggal: “31 April 2024” is not a date: April 2024 has 30 days."),
    ("00/01/2024", "no_day", "Tanggal: “00/01/2024” is not a date: January 2024 has 31 days."),
    (60, "no_day", "Tanggal: “29/02/1900” is not a date: February 1900 has 28 days."),
    (
        "01/13/2024",
        "no_month",
        "Tanggal: “01/13/2024” is not a date: there is no month 13. Write the day first, "
        "then the month: 13/01/2024.",
    ),
    ("12/01/24", "not_date", NOT_A_DATE.format("12/01/24")),  # a two-digit year
    ("12 Jnuari 2024", "not_date", NOT_A_DATE.format("12 Jnuari 2024")),
    ("besok", "not_date", NOT_A_DATE.format("besok")),
    ("45303", "not_date", NOT_A_DATE.format("45303")),  # a serial number only from a number
    (True, "not_date", NOT_A_DATE.format("True")),
    (datetime.time(8, 0), "not_date", NOT_A_DATE.format("08:00:00")),
    ("12/01/1899", "date_range", OUTSIDE.format("12/01/1899")),
    ("2101-01-01", "date_range", OUTSIDE.format("2101-01-01")),
    (datetime.date(1899, 12, 31), "date_range", OUTSIDE.format("1899-12-31")),
    (0, "date_range", OUTSIDE.format("0")),
    (-1.5, "date_range", OUTSIDE.format("-1,5")),
    (73416, "date_range", OUTSIDE.format("73416")),
    (20240112, "date_range", OUTSIDE.format("20240112")),  # 2024-01-12 typed as a number
    (float("nan"), "date_range", OUTSIDE.format("nan")),
    ("", "empty", "Tanggal: this cell must be filled in."),
]


@pytest.mark.parametrize(("cell", "code", "message"), DATE_REFUSED)
def test_read_date_refuses_with_the_reason(cell: object, code: str, message: str) -> None:
    error = refusal(read_date, cell)
    assert error.code == code
    assert error.describe("Tanggal") == message


@given(st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 12, 31)))
def test_dates_read_back_from_every_form(date: datetime.date) -> None:
    serial = (date - datetime.date(1899, 12, 30)).days
    assert read_date(serial) == date
    assert read_date(date.strftime("%d/%m/%Y")) == date
    assert read_date(date.isoformat()) == date
    assert read_date(f"{date.day} {date.strftime('%B')} {date.year}") == date


# --- identifiers ------------------------------------------------------------------------------

IDENTIFIERS = [
    ("1234567890123", "nib", "1234567890123"),
    (" 1234 5678 90123 ", "nib", "1234567890123"),
    ("'1234567890123", "nib", "1234567890123"),  # Excel's apostrophe that keeps text
    (1234567890123.0, "nib", "1234567890123"),  # a numeric cell, all 13 digits kept
    (1234567890123, "nib", "1234567890123"),
    ("3201011234567890", "nik", "3201011234567890"),
    ("3201.0112.3456.7890", "nik", "3201011234567890"),
    ("3201-0112-3456-7890", "nik", "3201011234567890"),
    (3201011234567890, "nik", "3201011234567890"),  # an int (not from Excel) keeps 16
    ("0812-3456-7890", "phone", "081234567890"),
    ("+62 812 3456 7890", "phone", "+6281234567890"),
    ("(0717) 123456", "phone", "0717123456"),
    (81234567890.0, "phone", "081234567890"),  # the 0 the numeric cell dropped
    (6281234567890.0, "phone", "6281234567890"),
]


@pytest.mark.parametrize(("cell", "kind", "digits"), IDENTIFIERS)
def test_read_identifier(cell: object, kind: str, digits: str) -> None:
    assert read_identifier(cell, kind) == digits  # type: ignore[arg-type]


SCIENTIFIC = (
    "Nomor: Excel turned the number into {} — format the column as text and type the number again."
)

IDENTIFIER_REFUSED = [
    ("1,23E+12", "nib", "scientific", SCIENTIFIC.format("1,23E+12")),
    ("1.23E+12", "nib", "scientific", SCIENTIFIC.format("1.23E+12")),
    ("3,20101E+15", "nik", "scientific", SCIENTIFIC.format("3,20101E+15")),
    ("1e12", "nib", "scientific", SCIENTIFIC.format("1e12")),
    # 16 digits in a numeric cell: Excel kept 15 and rounded the last one away
    (3201011234567891.0, "nik", "scientific", SCIENTIFIC.format("3,20101E+15")),
    (1.23e15, "nik", "scientific", SCIENTIFIC.format("1,23E+15")),
    ("12345", "nib", "digit_count", "Nomor: “12345” has 5 digits, not 13."),
    (123456789012.0, "nib", "digit_count", "Nomor: “123456789012” has 12 digits, not 13."),
    (
        "32010112345678901",
        "nik",
        "digit_count",
        "Nomor: “32010112345678901” has 17 digits, not 16.",
    ),
    ("0812", "phone", "digit_count", "Nomor: “0812” has 4 digits, not 8–15."),
    (
        "3201O11234567890",
        "nik",
        "not_digits",
        "Nomor: “3201O11234567890” must be written with digits only.",
    ),
    (
        "+3201011234567890",
        "nik",
        "not_digits",
        "Nomor: “+3201011234567890” must be written with digits only.",
    ),
    (12.5, "nib", "not_digits", "Nomor: “12,5” must be written with digits only."),
    (True, "nib", "not_digits", "Nomor: “True” must be written with digits only."),
    (
        -1234567890123,
        "nib",
        "not_digits",
        "Nomor: “-1234567890123” must be written with digits only.",
    ),
    ("", "nik", "empty", "Nomor: this cell must be filled in."),
]


@pytest.mark.parametrize(("cell", "kind", "code", "message"), IDENTIFIER_REFUSED)
def test_read_identifier_refuses(cell: object, kind: str, code: str, message: str) -> None:
    error = refusal(read_identifier, cell, kind)
    assert error.code == code
    assert error.describe("Nomor") == message


# --- yes or no, text, blanks ------------------------------------------------------------------

YES_WORDS = ["ya", "Ya", " YA ", "iya", "y", "Y", "yes", "1", "true", "TRUE", "benar", "ada"]
NO_WORDS = ["tidak", "Tidak", "tdk", "t", "n", "no", "0", "false", "salah", "tidak ada"]


def test_read_yes_no() -> None:
    assert [read_yes_no(word) for word in YES_WORDS] == [True] * len(YES_WORDS)
    assert [read_yes_no(word) for word in NO_WORDS] == [False] * len(NO_WORDS)
    assert read_yes_no("Tidak  Ada") is False
    assert [read_yes_no(v) for v in (True, False, 1.0, 0.0, 1, 0)] == [True, False] * 3
    error = refusal(read_yes_no, "mungkin")
    assert error.code == "not_yes_no"
    assert error.describe("Halal") == "Halal: “mungkin” is not yes or no; write Ya or Tidak."
    assert refusal(read_yes_no, 2.0).code == "not_yes_no"
    assert refusal(read_yes_no, " ").code == "empty"


def test_read_text() -> None:
    assert read_text("  Kripik   Ikan\nTenggiri ", 50) == "Kripik Ikan Tenggiri"
    assert read_text("gnp\u202e.exe", 50) == "gnp.exe"
    assert read_text(1500.0, 10) == "1500"
    assert read_text(12, 10) == "12"
    assert read_text(JAN_12, 10) == "2024-01-12"
    assert read_text(None, 10) == ""
    assert read_text("   ", 10) == ""
    assert read_text("a" * 10, 10) == "a" * 10
    error = refusal(read_text, " " + "a" * 11 + " ", 10)
    assert error.code == "too_long"
    assert error.describe("Nama IKM") == "Nama IKM: at most 10 characters (this cell has 11)."


def test_is_blank() -> None:
    assert [is_blank(v) for v in (None, "", "  ", "\t\n", "\u00a0")] == [True] * 5
    assert [is_blank(v) for v in ("0", 0, 0.0, False, "-")] == [False] * 5


# --- place names ------------------------------------------------------------------------------

PLACE_KEYS = [
    ("Air Mesu", "airmesu"),
    ("Desa Air Mesu", "airmesu"),
    ("DESA AIR MESU", "airmesu"),
    ("Ds. Air-Mesu", "airmesu"),
    ("Ds Air Mesu", "airmesu"),
    ("  Air   Mesu  ", "airmesu"),
    ("Kelurahan Berok", "berok"),
    ("Kel. Berok", "berok"),
    ("Kel.Berok", "berok"),
    ("Kecamatan Pangkalan Baru", "pangkalanbaru"),
    ("Kec. Pangkalanbaru", "pangkalanbaru"),
    ("Kelapa", "kelapa"),  # a name that begins like "Kel." keeps its letters
    ("Desa", "desa"),
    ("Lubuk Lingkuk (Lubuk)", "lubuklingkuklubuk"),
]


@pytest.mark.parametrize(("name", "key"), PLACE_KEYS)
def test_place_key(name: str, key: str) -> None:
    assert place_key(name) == key


KECAMATAN = ["Koba", "Lubuk Besar", "Namang", "Pangkalan Baru", "Simpang Katis", "Sungai Selan"]


def test_close_names_suggest_spellings() -> None:
    assert close_names("Kobaa", KECAMATAN) == ["Koba"]
    assert close_names("Pangkalanbaru", KECAMATAN) == ["Pangkalan Baru"]
    assert close_names("Kec. Simpang Katiss", KECAMATAN) == ["Simpang Katis"]
    assert close_names("Sungai Slan", KECAMATAN) == ["Sungai Selan"]
    assert close_names("Jakarta", KECAMATAN) == []
    assert close_names("", KECAMATAN) == []
    villages = ["Air Duren", "Air Mes", "Desa Air Mesu", "Air Mesu Timur"]
    assert close_names("Air Mesu", villages) == ["Desa Air Mesu", "Air Mes"]  # closest first
    assert close_names("Air Mesu", villages, n=1) == ["Desa Air Mesu"]
