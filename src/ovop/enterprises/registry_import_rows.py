"""One row of an IKM registry file read into values: the columns offices use, and a reader per
cell built on ``ovop.core.cells``.

A row gives the enterprise's own fields (only those whose cell is filled: a blank cell leaves a
registered value as it is), the village and kecamatan as written, the products (several in one
cell, separated by ";"), one category for all of them, and the certificates ("P-IRT:
2061234567890-25; Halal: ID31110000123"). Every refused cell is kept as (column, reason), so
that the dry run lists them all; nothing here touches the database.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from ovop.core.cells import (
    CellError,
    is_blank,
    read_date,
    read_decimal,
    read_identifier,
    read_rupiah,
    read_text,
)
from ovop.core.cells_errors import shown
from ovop.core.tables import Table
from ovop.enterprises.models import (
    Category,
    Certification,
    CertificationKind,
    Enterprise,
    Product,
)
from ovop.enterprises.registry_import_words import (
    CATEGORY_WORDS,
    CERTIFICATE_WORDS,
    GENDERS,
    category_names,
    certificate_names,
    choice_keys,
    word_key,
)
from ovop.enterprises.services import phone_normalise

#: Each column of the registry file → the header texts that name it (the first is the
#: template's header and names the column in messages; case, spaces, punctuation and a unit in
#: brackets do not matter). A bare "Omzet" is not among them: offices keep monthly sales under
#: that name too, and the registry holds sales per year.
REGISTRY_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Nama usaha", "Nama IKM", "Nama unit usaha", "Nama perusahaan", "Business name"),
    "owner_name": ("Nama pemilik", "Pemilik", "Nama pemilik usaha", "Owner name", "Owner"),
    "owner_gender": ("Jenis kelamin pemilik", "Jenis kelamin", "L/P", "Owner gender", "Gender"),
    "village": ("Desa/Kelurahan", "Desa", "Kelurahan", "Desa/Kel", "Village"),
    "kecamatan": ("Kecamatan", "Kec", "District"),
    "address": ("Alamat", "Alamat usaha", "Address"),
    "phone": ("Telepon/HP", "Telepon", "HP", "No HP", "Nomor HP", "Telp", "WA", "Phone"),
    "nib": ("NIB", "Nomor Induk Berusaha", "No NIB"),
    "kbli": ("KBLI", "Kode KBLI"),
    "founded_year": ("Tahun berdiri", "Berdiri", "Year founded"),
    "workers_male": ("Tenaga kerja laki-laki", "TK laki-laki", "TK L", "L", "Male workers"),
    "workers_female": ("Tenaga kerja perempuan", "TK perempuan", "TK P", "P", "Female workers"),
    "investment_idr": ("Investasi (Rp)", "Investasi", "Nilai investasi", "Investment"),
    "annual_sales_idr": (
        "Omzet per tahun (Rp)",
        "Omzet per tahun",
        "Omset per tahun",
        "Omzet tahunan",
        "Annual sales",
    ),
    "products": ("Produk", "Nama produk", "Jenis produk", "Products", "Product"),
    "category": ("Kategori produk", "Kategori", "Product category", "Category"),
    "certificates": ("Sertifikat", "Sertifikasi", "Perizinan", "Certificates", "Certifications"),
}
#: Columns a registry file must have (the header row must name at least this many).
REQUIRED_COLUMNS = ("name", "owner_name", "village")
REGISTRY_MIN_MATCHES = len(REQUIRED_COLUMNS)

#: The most workers a cell may count (a PositiveIntegerField holds far more; this is sense).
MAX_WORKERS = 1_000_000
FIRST_YEAR, LAST_YEAR = 1900, 2100

#: The longest village or kecamatan name read.
PLACE_LENGTH = 120


def _field_max(model: Any, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


PRODUCT_NAME_LENGTH = _field_max(Product, "name")
CERTIFICATE_NUMBER_LENGTH = _field_max(Certification, "number")

_LIST_SEPARATOR = re.compile(r"[;\n]+")
_KBLI = re.compile(r"[0-9]{5}", re.ASCII)


class RowProblem(ValueError):
    """A cell refused with a reason already written as a sentence naming its column;
    ``column`` is set when the reason is about another column than the one read."""

    def __init__(self, reason: str, column: str = "") -> None:
        super().__init__(reason)
        self.column = column


@dataclass
class RowValues:
    """What one row holds, read; ``problems`` are (column, reason) of its refused cells."""

    number: int
    fields: dict[str, Any] = field(default_factory=dict)
    village: str = ""
    kecamatan: str = ""
    products: tuple[str, ...] = ()
    category: str = ""
    certificates: tuple[tuple[str, str], ...] = ()
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def nib(self) -> str | None:
        return self.fields.get("nib")

    @property
    def name(self) -> str:
        return str(self.fields.get("name", ""))


# --- cell readers: (value, column) → value, raising CellError or RowProblem ---------------------


def _text(limit: int) -> Callable[[object, str], str]:
    def read(value: object, column: str) -> str:
        return read_text(value, limit)

    return read


def _phone(value: object, column: str) -> str:
    digits = read_identifier(value, "phone")
    try:
        return phone_normalise(digits)
    except ValidationError:
        raise RowProblem(
            _(
                "%(column)s: “%(value)s” is not an Indonesian phone number (for example "
                "0812-3456-7890)."
            )
            % {"column": column, "value": shown(value)}
        ) from None


def _nib(value: object, column: str) -> str:
    return read_identifier(value, "nib")


def _kbli(value: object, column: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().lstrip("'")
    if not text.isdigit():
        raise CellError("not_digits", value)
    if not _KBLI.fullmatch(text):
        raise CellError("digit_count", value, count=len(text), digits="5")
    return text


def _year(value: object, column: str) -> int:
    """A year (2015), or the year of a date (a date cell, 12/01/2015, 12 Januari 2015)."""
    year: int | None = None
    if isinstance(value, datetime.date):
        year = value.year
    else:
        try:
            number = read_decimal(value)
            year = int(number) if number == int(number) else None
        except CellError:
            try:
                year = read_date(value).year if isinstance(value, str) else None
            except CellError:
                year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise RowProblem(
            _("%(column)s: “%(value)s” is not a year from 1900 to 2100.")
            % {"column": column, "value": shown(value)}
        )
    return year


def _count(value: object, column: str) -> int:
    try:
        number = read_decimal(value)
    except CellError as error:
        if error.code != "negative":
            raise
        number = None
    if number is None or number != int(number) or number > MAX_WORKERS:
        raise RowProblem(
            _("%(column)s: “%(value)s” must be a whole number from 0 to %(limit)s.")
            % {
                "column": column,
                "value": shown(value),
                "limit": _grouped(MAX_WORKERS),
            }
        )
    return int(number)


def _grouped(number: int) -> str:
    return formats.number_format(number, force_grouping=True)


def _gender(value: object, column: str) -> str:
    """The owner's gender as offices write it: L/P, Laki-laki/Perempuan, pria/wanita, M/F."""
    gender = GENDERS.get(word_key(str(value)))
    if gender is None:
        raise RowProblem(
            _("%(column)s: “%(value)s” is not L (laki-laki) or P (perempuan).")
            % {"column": column, "value": shown(value)}
        )
    return gender


def _rupiah(value: object, column: str) -> int:
    return read_rupiah(value)


def _place(value: object, column: str) -> str:
    return read_text(value, PLACE_LENGTH)


def _product(value: object, column: str) -> str:
    return read_text(value, PRODUCT_NAME_LENGTH)


Reader = Callable[[object, str], Any]

ENTERPRISE_READERS: dict[str, Reader] = {
    "name": _text(_field_max(Enterprise, "name")),
    "owner_name": _text(_field_max(Enterprise, "owner_name")),
    "owner_gender": _gender,
    "address": _text(_field_max(Enterprise, "address")),
    "phone": _phone,
    "nib": _nib,
    "kbli": _kbli,
    "founded_year": _year,
    "workers_male": _count,
    "workers_female": _count,
    "investment_idr": _rupiah,
    "annual_sales_idr": _rupiah,
}


class RowReader:
    """Reads the rows of one table: which cell holds which column, and each cell's value."""

    def __init__(self, table: Table) -> None:
        self.sheet = table.sheet
        self.header_row = table.header_row
        self.indexes = dict(table.columns)
        self.labels = {
            name: (table.labels[index] if index < len(table.labels) else "")
            or REGISTRY_COLUMNS[name][0]
            for name, index in self.indexes.items()
        }
        self.categories = choice_keys(Category, CATEGORY_WORDS)
        self.kinds = choice_keys(CertificationKind, CERTIFICATE_WORDS)

    def label(self, name: str) -> str:
        """The column as the file's header row names it (the template's name when absent)."""
        return self.labels.get(name) or REGISTRY_COLUMNS[name][0]

    def missing(self) -> list[str]:
        return [name for name in REQUIRED_COLUMNS if name not in self.indexes]

    def read(self, number: int, cells: list[Any]) -> RowValues | None:
        """The row's values, or None when every cell of the registry's columns is blank."""
        raw = {name: cells[index] for name, index in self.indexes.items()}
        if all(is_blank(value) for value in raw.values()):
            return None
        row = RowValues(number)
        for name in REQUIRED_COLUMNS:
            if is_blank(raw.get(name)):
                self._refuse(row, name, CellError("empty", ""))
        for name, reader in ENTERPRISE_READERS.items():
            value = raw.get(name)
            if not is_blank(value):
                found = self._cell(row, name, reader, value)
                if found is not None:
                    row.fields[name] = found
        row.village = self._optional(row, "village", _place, raw)
        row.kecamatan = self._optional(row, "kecamatan", _place, raw)
        self._products(row, raw)
        self._certificates(row, raw.get("certificates"))
        return row

    def _refuse(self, row: RowValues, name: str, error: CellError | RowProblem) -> None:
        column = self.label(name)
        reason = error.describe(column) if isinstance(error, CellError) else str(error)
        row.problems.append((column, reason))

    def _cell(self, row: RowValues, name: str, read: Reader, value: object) -> Any:
        """``read`` of the cell, or None (the reason kept in the row) when it is refused."""
        try:
            return read(value, self.label(name))
        except (CellError, RowProblem) as error:
            self._refuse(row, name, error)
            return None

    def _optional(self, row: RowValues, name: str, read: Reader, raw: dict[str, Any]) -> str:
        value = raw.get(name)
        return "" if is_blank(value) else str(self._cell(row, name, read, value) or "")

    def _products(self, row: RowValues, raw: dict[str, Any]) -> None:
        value = raw.get("products")
        names: dict[str, str] = {}
        if not is_blank(value):
            for piece in _LIST_SEPARATOR.split(str(value)):
                name = self._cell(row, "products", _product, piece)
                if name:
                    names.setdefault(word_key(name), name)
        row.products = tuple(names.values())
        row.category = self._optional(row, "category", self._category, raw)
        if row.products and is_blank(raw.get("category")):
            column = self.label("category")
            reason = _("%(column)s: fill in the category of the products (one of: %(names)s).")
            row.problems.append((column, reason % {"column": column, "names": category_names()}))

    def _category(self, value: object, column: str) -> str:
        found = self.categories.get(word_key(str(value)))
        if found is None:
            raise RowProblem(
                _("%(column)s: “%(value)s” is not a category; write one of: %(names)s.")
                % {"column": column, "value": shown(value), "names": category_names()}
            )
        return found

    def _certificates(self, row: RowValues, value: object) -> None:
        if is_blank(value):
            return
        found: dict[tuple[str, str], tuple[str, str]] = {}
        for piece in _LIST_SEPARATOR.split(str(value)):
            if piece.strip():
                pair = self._cell(row, "certificates", self._certificate, piece)
                if pair is not None:
                    found.setdefault((pair[0], word_key(pair[1])), pair)
        row.certificates = tuple(found.values())

    def _certificate(self, value: object, column: str) -> tuple[str, str]:
        kind_text, colon, number_text = str(value).partition(":")
        number = read_text(number_text, CERTIFICATE_NUMBER_LENGTH)
        if not colon or not kind_text.strip() or not number:
            raise RowProblem(
                _(
                    "%(column)s: “%(value)s” — write each certificate as kind: number, for "
                    "example P-IRT: 2061234567890-25; Halal: ID31110000123."
                )
                % {"column": column, "value": shown(value)}
            )
        kind = self.kinds.get(word_key(kind_text))
        if kind is None:
            raise RowProblem(
                _("%(column)s: “%(value)s” is not a kind of certificate; write one of: %(names)s.")
                % {"column": column, "value": shown(kind_text), "names": certificate_names()}
            )
        return kind, number
