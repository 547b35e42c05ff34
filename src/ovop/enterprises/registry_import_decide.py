"""What each row of a registry file comes to — create, update, unchanged, possible duplicate
or bad — and the compact decision kept for the rows that write something.

A batch of rows is decided at once: its villages found (``registry_import_places``), each row
checked against the rows before it (an IKM may be in the file once), its NIBs looked up in one
query and the matched enterprises' fields, products and certificates read in three
(``registry_import_match``). A row found twice makes both rows bad, even when the first was
decided in an earlier batch.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ovop.core.cells_places import place_key
from ovop.enterprises.models import Enterprise
from ovop.enterprises.registry_import_match import Match, Registered, Registry, Stored, stored_of
from ovop.enterprises.registry_import_places import Places, Village
from ovop.enterprises.registry_import_rows import RowProblem, RowReader, RowValues
from ovop.enterprises.registry_import_words import word_key
from ovop.regions.models import Region

CREATE, UPDATE, UNCHANGED, BAD, DUPLICATE = "create", "update", "unchanged", "bad", "duplicate"

#: Reports a problem: (row, column, reason).
Problem = Callable[[int, str, str], None]
#: Why two rows are one IKM: (column, the other row) → the reason.
Reason = Callable[[str, int], str]


@dataclass(slots=True)
class RowDecision:
    """What writing one row does. ``fields`` are model field values (``village_id`` for the
    village): all of a new IKM's, the changed ones of an update. ``enterprise_id`` is the IKM
    updated, or the one a possible duplicate resembles."""

    row: int
    action: str
    enterprise_id: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    new_products: tuple[str, ...] = ()
    category: str = ""
    recategorised: tuple[int, ...] = ()  # products whose category becomes ``category``
    new_certificates: tuple[tuple[str, str], ...] = ()  # (kind, number)

    @property
    def changed(self) -> tuple[str, ...]:
        """What an update changes: enterprise field names, "products", "category",
        "certifications"."""
        names = ["village" if name == "village_id" else name for name in self.fields]
        extra = (
            ("products", self.new_products),
            ("category", self.recategorised),
            ("certifications", self.new_certificates),
        )
        return (*names, *(name for name, present in extra if present))


@dataclass(slots=True)
class _Located:
    row: RowValues
    village: Village
    match: Match = field(default_factory=Match)


class Decider:
    """Decides batches of rows, keeping each row's action and the decisions that write."""

    def __init__(self, reader: RowReader, regency: Region, problem: Problem) -> None:
        self.reader = reader
        self.problem = problem
        self.places = Places(regency)
        self.registry = Registry(regency)
        self.actions: dict[int, str] = {}
        self.decisions: dict[int, RowDecision] = {}
        self._first: dict[Hashable, int] = {}
        self._names: dict[str, int] = {}

    def registered_name(self, pk: int | None) -> str:
        registered = self.registry.by_pk.get(pk) if pk is not None else None
        return registered.name if registered is not None else f"#{pk}"

    def village_name(self, pk: int | None) -> str:
        village = self.places.villages.get(pk) if pk is not None else None
        return village.shown if village is not None else ""

    def decide(self, batch: list[RowValues]) -> None:
        located = [found for row in batch if (found := self._locate(row)) is not None]
        nibs = {found.row.nib for found in located if found.row.nib}
        by_nib = self.registry.with_nibs(nibs)
        matched = [found for found in located if self._match(found, by_nib)]
        targets = {found.match.target.pk for found in matched if found.match.target}
        stored = stored_of(targets)
        for found in matched:
            if self.actions.get(found.row.number) != BAD:
                self._decide(found, stored)

    # --- each row --------------------------------------------------------------------------

    def _bad(self, number: int, column: str, reason: str) -> None:
        self.problem(number, column, reason)
        self.actions[number] = BAD
        self.decisions.pop(number, None)

    def _locate(self, row: RowValues) -> _Located | None:
        """The row's village, once its cells and its place in the file are checked."""
        for column, reason in row.problems:
            self._bad(row.number, column, reason)
        village = None
        if row.village:
            columns = (self.reader.label("village"), self.reader.label("kecamatan"))
            try:
                village = self.places.find(row.village, row.kecamatan, columns)
            except RowProblem as problem:
                self._bad(row.number, problem.column or columns[0], str(problem))
        if row.nib:
            self._claim_nib(row)
        if village is not None and row.name:
            self._claim_name(row, village)
        if village is None or self.actions.get(row.number) == BAD:
            return None
        return _Located(row, village)

    def _claim(self, key: Hashable, number: int, name: str, reason: Reason) -> bool:
        """True when no row before ``number`` has ``key`` (an NIB or a registered IKM's id);
        else both rows are bad, ``reason(column, other row)`` saying why in the column
        ``name``."""
        first = self._first.setdefault(key, number)
        if first == number:
            return True
        self._twice(number, first, name, reason)
        return False

    def _twice(self, number: int, first: int, name: str, reason: Reason) -> None:
        column = self.reader.label(name)
        self._bad(number, column, reason(column, first))
        self._bad(first, column, reason(column, number))

    def _claim_nib(self, row: RowValues) -> None:
        nib = row.nib

        def reason(column: str, other: int) -> str:
            return _(
                "%(column)s: the NIB %(nib)s is also in row %(other)s; each IKM may be in "
                "the file once."
            ) % {"column": column, "nib": nib, "other": other}

        self._claim(nib, row.number, "nib", reason)

    def _claim_name(self, row: RowValues, village: Village) -> None:
        name = row.name

        def reason(column: str, other: int) -> str:
            return _(
                "%(column)s: “%(name)s” of %(village)s is also in row %(other)s; each IKM "
                "may be in the file once."
            ) % {"column": column, "name": name, "village": village.shown, "other": other}

        # Two rows of one name in one village are one IKM, unless both have an NIB (two
        # NIBs are two businesses, whatever their names). The first row's number is kept
        # negative when it has an NIB: one small int per name, for files of 10⁵ rows.
        key = f"{village.pk}:{place_key(name)}"
        first = self._names.setdefault(key, -row.number if row.nib else row.number)
        if abs(first) != row.number and not (first < 0 and row.nib):
            self._twice(row.number, abs(first), "name", reason)

    def _claim_target(self, row: RowValues, target: Registered) -> bool:
        def reason(column: str, other: int) -> str:
            return _(
                "%(column)s: this row and row %(other)s are both the registered IKM "
                "“%(name)s”; each IKM may be in the file once."
            ) % {"column": column, "name": target.name, "other": other}

        return self._claim(target.pk, row.number, "name", reason)

    def _match(self, found: _Located, by_nib: dict[str, Registered]) -> bool:
        row = found.row
        if self.actions.get(row.number) == BAD:
            return False
        match = self.registry.match(
            name=row.name,
            nib=row.nib,
            village_id=found.village.pk,
            by_nib=by_nib.get(row.nib) if row.nib else None,
        )
        if match.refusal:
            column = self.reader.label("nib" if match.refusal == "nib_elsewhere" else "name")
            self._bad(row.number, column, self._refusal(match, column))
            return False
        if match.target is not None and not self._claim_target(row, match.target):
            return False
        found.match = match
        return True

    def _refusal(self, match: Match, column: str) -> str:
        other = match.other
        assert other is not None
        if match.refusal == "archived":
            return _("%(name)s is archived; restore it before adding to it.") % {"name": other.name}
        if match.refusal == "nib_elsewhere":
            return _(
                "%(column)s: the NIB %(nib)s is registered to “%(name)s” in %(village)s, "
                "outside %(regency)s."
            ) % {
                "column": column,
                "nib": other.nib,
                "name": other.name,
                "village": other.village_name,
                "regency": self.places.regency.name,
            }
        return _(
            "%(column)s: %(count)s registered IKM of %(village)s are named “%(name)s”; add the "
            "NIB to tell which one this row is."
        ) % {
            "column": column,
            "count": match.count,
            "village": self.village_name(other.village_id),
            "name": other.name,
        }

    # --- the decision ----------------------------------------------------------------------

    def _decide(self, found: _Located, stored: dict[int, Stored]) -> None:
        row, match = found.row, found.match
        values = {**row.fields, "village_id": found.village.pk}
        if match.target is None:
            suspect = match.suspect.pk if match.suspect is not None else None
            decision = RowDecision(
                row.number,
                DUPLICATE if suspect is not None else CREATE,
                suspect,
                values,
                row.products,
                row.category,
                new_certificates=row.certificates,
            )
            checked = values
        else:
            decision = _update(row, match.target.pk, values, stored[match.target.pk])
            checked = {**stored[match.target.pk].values, **decision.fields}
        if not self._valid(row.number, checked, decision.fields):
            return
        self.actions[row.number] = decision.action
        if decision.action != UNCHANGED:
            self.decisions[row.number] = decision

    def _valid(self, number: int, values: dict[str, Any], changed: dict[str, Any]) -> bool:
        """The model's own field checks of the values a row sets (the readers already hold
        to them; this keeps the two from drifting apart)."""
        exclude = [f.name for f in Enterprise._meta.fields if f.attname not in changed]
        try:
            Enterprise(**values).clean_fields(exclude=exclude + ["village"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = self._column(name)
                for message in messages:
                    self._bad(number, column, f"{column}: {message}")
            return False
        return True

    def _column(self, name: str) -> str:
        if name in self.reader.indexes:
            return self.reader.label(name)
        return str(capfirst(getattr(Enterprise._meta.get_field(name), "verbose_name", name)))


def _update(row: RowValues, pk: int, values: dict[str, Any], stored: Stored) -> RowDecision:
    """The update of registered IKM ``pk`` by ``row`` (action UNCHANGED when none)."""
    changes = {name: value for name, value in values.items() if stored.values[name] != value}
    keys = {word_key(name) for name in row.products}
    new_products = tuple(name for name in row.products if word_key(name) not in stored.products)
    recategorised = tuple(
        product_pk
        for key, (product_pk, category) in stored.products.items()
        if key in keys and row.category and category != row.category
    )
    new_certificates = tuple(
        (kind, number)
        for kind, number in row.certificates
        if (kind, word_key(number)) not in stored.certificates
    )
    writes = changes or new_products or recategorised or new_certificates
    return RowDecision(
        row.number,
        UPDATE if writes else UNCHANGED,
        pk,
        changes,
        new_products,
        row.category,
        recategorised,
        new_certificates,
    )
