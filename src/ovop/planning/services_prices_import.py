"""Importing the price list of a fiscal year from a spreadsheet (CSV or XLSX), all or nothing.

The file's first row names the columns: code, item (name), unit, unit cost and, optionally,
activity type — in English or Indonesian (the export's headers in either language are read
back). A unit cost is read like a form reads it ("Rp 150.000", "1,5 juta", 150000); an activity
type by its code or its label. A code already in the year's list updates that item; a new code
adds one.

``price_items_import`` reads every row first and lists every bad row and why. With
``dry_run``, or when any row is bad, nothing is written; otherwise every row is written in one
transaction. A file that cannot be read at all is refused with a ValidationError on ``file``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.core.money import MoneyError, parse_rupiah
from ovop.planning import scope
from ovop.planning.choices import ActivityType
from ovop.planning.guard import ensure_open
from ovop.planning.models import FiscalYear, PriceItem
from ovop.planning.services_prices import price_errors

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
#: The columns of a price list file, in the export's order, with the export's headers.
COLUMNS: dict[str, Any] = {
    "code": gettext_lazy("Code"),
    "name": gettext_lazy("Item"),
    "unit": gettext_lazy("Unit"),
    "unit_cost_idr": gettext_lazy("Unit cost (rupiah)"),
    "activity_type": gettext_lazy("Activity type"),
}
REQUIRED = ("code", "name", "unit", "unit_cost_idr")
_ALIASES = {
    "code": ("kode",),
    "name": ("name", "nama", "uraian", "nama barang"),
    "unit": ("satuan",),
    "unit_cost_idr": ("unit cost", "unit_cost", "harga", "harga satuan"),
    "activity_type": ("activity_type", "jenis kegiatan", "type"),
}


@dataclass(frozen=True)
class RowProblem:
    row: int
    messages: list[str]


@dataclass
class PriceImport:
    """What a file holds: the rows read, every bad row and why, and what was (or would be)
    written: ``new`` items and ``updated`` ones. ``done`` when the rows were written."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    done: bool = False


def _key(text: Any) -> str:
    return " ".join(str(text or "").replace("_", " ").split()).casefold()


def _both_languages(label: Any) -> set[str]:
    keys = set()
    for language in ("en", "id"):
        with translation.override(language):
            keys.add(_key(str(label)))
    return keys


def _header_map() -> dict[str, str]:
    found = {}
    for name, label in COLUMNS.items():
        for key in {_key(name), *_both_languages(label), *map(_key, _ALIASES[name])}:
            found[key] = name
    return found


def _type_map() -> dict[str, str]:
    found = {}
    for value, label in ActivityType.choices:
        for key in {_key(value), *_both_languages(label)}:
            found[key] = value
    return found


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(_("File: the CSV file is not UTF-8 text; save it as CSV UTF-8.")) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _file_error(_("File: the XLSX file cannot be read.")) from exc
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()


def read_table(upload: IO[bytes], name: str) -> list[list[Any]]:
    """The rows of a CSV or XLSX file (by its content, or its name), bounded in size."""
    content = upload.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise _file_error(_("File: larger than 2 MB; split it into smaller files."))
    if not content.strip():
        raise _file_error(_("File: the file is empty."))
    reader = _xlsx_rows if content.startswith(b"PK\x03\x04") else _csv_rows
    if reader is _csv_rows and name.lower().endswith((".xlsx", ".xls")):
        raise _file_error(_("File: not an XLSX workbook; send a CSV or XLSX file."))
    rows = []
    for row in reader(content):
        if any(str(v).strip() for v in row if v is not None):
            rows.append(row)
        if len(rows) > MAX_IMPORT_ROWS + 1:
            raise _file_error(_("File: more than 5000 rows; split it into smaller files."))
    return rows


def _columns(header: list[Any]) -> dict[str, int]:
    known = _header_map()
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        name = known.get(_key(text))
        if name is not None and name not in columns:
            columns[name] = index
    missing = [str(COLUMNS[name]) for name in REQUIRED if name not in columns]
    if missing:
        raise _file_error(
            _("File: the first row must name the columns; missing: %(names)s.")
            % {"names": ", ".join(missing)}
        )
    return columns


def _cost(value: Any) -> tuple[int | None, str]:
    if value is None or str(value).strip() == "":
        return None, _("Unit cost: give an amount above Rp 0.")
    if isinstance(value, bool):
        return None, _("Unit cost: not an amount.")
    if isinstance(value, int | float):
        if float(value) != int(value):
            return None, _("Unit cost: amounts are whole rupiah.")
        return int(value), ""
    try:
        return parse_rupiah(str(value)), ""
    except MoneyError as exc:
        return None, exc.describe(_("Unit cost"))


def _text(row: list[Any], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    value = row[index] if index is not None and index < len(row) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _read_row(
    row: list[Any], columns: dict[str, int], types: dict[str, str]
) -> tuple[dict[str, Any], list[str]]:
    index = columns["unit_cost_idr"]
    cost, cost_error = _cost(row[index] if index < len(row) else None)
    typed = _text(row, columns, "activity_type")
    values: dict[str, Any] = {
        "code": _text(row, columns, "code"),
        "name": _text(row, columns, "name"),
        "unit": _text(row, columns, "unit"),
        "unit_cost_idr": cost,
        "activity_type": types.get(_key(typed), "?") if typed else "",
    }
    errors = price_errors(**values)
    if cost_error:
        errors["unit_cost_idr"] = cost_error
    if values["activity_type"] == "?":
        errors["activity_type"] = _("Activity type: “%(value)s” is not an activity type.") % {
            "value": typed
        }
    return values, list(errors.values())


def _check_codes(report: PriceImport, year: FiscalYear, numbers: list[int]) -> None:
    """Codes twice in the file, and codes of archived items, are bad rows too."""
    stored = {i.code.casefold(): i for i in PriceItem.objects.filter(fiscal_year=year)}
    seen: dict[str, int] = {}
    for number, values in zip(numbers, report.rows, strict=True):
        code = values["code"].casefold()
        if not code:
            continue
        if code in seen:
            message = _("Code: %(code)s is already on row %(row)s.") % {
                "code": values["code"],
                "row": seen[code],
            }
            report.problems.append(RowProblem(number, [message]))
        seen.setdefault(code, number)
        item = stored.get(code)
        if item is not None and item.archived_at is not None:
            message = _("Code: %(code)s is archived in this price list; restore it first.") % {
                "code": values["code"]
            }
            report.problems.append(RowProblem(number, [message]))
        report.updated += item is not None
    report.new = len(report.rows) - report.updated
    report.problems.sort(key=lambda p: p.row)


def price_file_read(*, year: FiscalYear, upload: IO[bytes], name: str = "") -> PriceImport:
    """Every row of the file read and checked; nothing written."""
    table = read_table(upload, name)
    columns = _columns(table[0])
    types = _type_map()
    report = PriceImport()
    numbers = []
    for number, row in enumerate(table[1:], start=2):
        values, messages = _read_row(row, columns, types)
        if messages:
            report.problems.append(RowProblem(number, messages))
        report.rows.append(values)
        numbers.append(number)
    if not report.rows:
        raise _file_error(_("File: there are no rows under the headers."))
    _check_codes(report, year, numbers)
    return report


@transaction.atomic
def price_items_import(
    *,
    user: User,
    year: FiscalYear,
    upload: IO[bytes],
    name: str = "",
    dry_run: bool = False,
    reason: str = "",
) -> PriceImport:
    """Read the file; unless ``dry_run`` or any row is bad, write every row (all or nothing)."""
    scope.require_planner(user)
    history_reason = ensure_open(year, user=user, reason=reason)
    report = price_file_read(year=year, upload=upload, name=name)
    if dry_run or report.problems:
        return report
    stored = {i.code.casefold(): i for i in PriceItem.objects.filter(fiscal_year=year)}
    for values in report.rows:
        item = stored.get(values["code"].casefold()) or PriceItem(fiscal_year=year)
        for key, value in values.items():
            setattr(item, key, value)
        save_with_history(item, user=user, reason=history_reason or "imported")
    report.done = True
    return report
