"""Which registered IKM a row of a registry file is: by NIB, else by name in its village.

The enterprises of the regency are read once (one query, a few fields each) into an index by
village and name key (``place_key``: case, spaces and punctuation do not matter); NIBs are
looked up per batch of rows across the whole registry, since an NIB is unique in the country.
What the registry holds of the matched enterprises — their fields, products and certificates —
is read per batch too, three queries for a batch of rows, whatever their number.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ovop.core.cells_places import CLOSE_CUTOFF, place_key
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.registry_import_places import Village
from ovop.enterprises.registry_import_rows import ENTERPRISE_READERS
from ovop.enterprises.registry_import_words import word_key
from ovop.regions.models import Region

#: The enterprise fields a row may set, compared with what is registered.
COMPARED = (*ENTERPRISE_READERS, "village_id")


@dataclass(frozen=True, slots=True)
class Registered:
    """An enterprise of the registry as the matching needs it."""

    pk: int
    name: str
    nib: str | None
    village_id: int
    archived: bool
    regency_id: int | None = None
    village_name: str = ""  # as messages show it ("Desa Namang"), when looked up by NIB


@dataclass(frozen=True, slots=True)
class Match:
    """What a row is: ``target`` to update, a ``suspect`` the user must rule on, or neither
    (a new IKM); ``refusal`` names a reason code of ``registry_import`` instead."""

    target: Registered | None = None
    suspect: Registered | None = None
    refusal: str = ""
    other: Registered | None = None  # the enterprise the refusal is about
    count: int = 0


@dataclass
class Stored:
    """What the registry holds of one matched enterprise."""

    values: dict[str, Any]
    products: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (pk, category)
    certificates: set[tuple[str, str]] = field(default_factory=set)  # (kind, number key)


class Registry:
    """The regency's enterprises by village and name key."""

    def __init__(self, regency: Region) -> None:
        self.regency = regency
        self.by_pk: dict[int, Registered] = {}
        self.by_village: dict[int, dict[str, list[int]]] = defaultdict(dict)
        rows = Enterprise.objects.filter(village__parent__parent=regency).values_list(
            "pk", "name", "nib", "village_id", "archived_at"
        )
        for pk, name, nib, village_id, archived_at in rows.order_by("pk"):
            self.by_pk[pk] = Registered(pk, name, nib, village_id, archived_at is not None)
            self.by_village[village_id].setdefault(place_key(name), []).append(pk)

    def with_nibs(self, nibs: Collection[str]) -> dict[str, Registered]:
        """The enterprises anywhere in the registry that hold these NIBs."""
        if not nibs:
            return {}
        rows = Enterprise.objects.filter(nib__in=sorted(nibs)).values_list(
            "pk",
            "name",
            "nib",
            "village_id",
            "archived_at",
            "village__parent__parent_id",
            "village__name",
            "village__kind",
        )
        return {
            nib: Registered(
                pk,
                name,
                nib,
                village,
                archived is not None,
                regency,
                Village(village, village_name, kind, 0).shown,
            )
            for pk, name, nib, village, archived, regency, village_name, kind in rows
            if nib is not None
        }

    def match(
        self, *, name: str, nib: str | None, village_id: int, by_nib: Registered | None
    ) -> Match:
        """The registered enterprise a row names, by the rules of ``registry_import``."""
        if by_nib is not None:
            if by_nib.regency_id != self.regency.pk:
                return Match(refusal="nib_elsewhere", other=by_nib)
            if by_nib.archived:
                return Match(refusal="archived", other=by_nib)
            return Match(target=by_nib)
        names = self.by_village.get(village_id, {})
        same = names.get(place_key(name), [])
        if len(same) > 1:
            return Match(refusal="several", other=self.by_pk[same[0]], count=len(same))
        if same:
            registered = self.by_pk[same[0]]
            if registered.archived:
                return Match(refusal="archived", other=registered)
            if _other_nib(registered, nib):
                return Match(suspect=registered)
            return Match(target=registered)
        close = difflib.get_close_matches(place_key(name), list(names), n=1, cutoff=CLOSE_CUTOFF)
        if close:
            registered = self.by_pk[names[close[0]][0]]
            if not _other_nib(registered, nib):
                return Match(suspect=registered)
        return Match()


def _other_nib(registered: Registered, nib: str | None) -> bool:
    """Both hold an NIB and they differ: by the official identity, two businesses."""
    return bool(nib and registered.nib and registered.nib != nib)


def stored_of(pks: Collection[int]) -> dict[int, Stored]:
    """What the registry holds of the enterprises ``pks``: three queries."""
    if not pks:
        return {}
    found = {
        values.pop("pk"): Stored(values)
        for values in Enterprise.objects.filter(pk__in=sorted(pks)).values("pk", *COMPARED)
    }
    products = Product.objects.filter(enterprise_id__in=sorted(pks)).order_by("pk")
    for enterprise_id, pk, name, category in products.values_list(
        "enterprise_id", "pk", "name", "category"
    ):
        found[enterprise_id].products.setdefault(word_key(name), (pk, category))
    certificates = Certification.objects.filter(enterprise_id__in=sorted(pks))
    for enterprise_id, kind, number in certificates.values_list("enterprise_id", "kind", "number"):
        found[enterprise_id].certificates.add((kind, word_key(number)))
    return found
