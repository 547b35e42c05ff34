"""The villages and kecamatan of one regency, found by the names an office writes in a registry
file: with or without "Desa", "Kel." or "Kecamatan", in any case and spacing (``place_key``).

The kecamatan, when given, tells apart villages of the same name; a name that is not found is
refused with the names spelled nearly the same ("did you mean Desa Namang?"). The regency's
regions are read once (two queries) and kept: a regency has at most a few hundred villages.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _

from ovop.core.cells_errors import shown
from ovop.core.cells_places import CLOSE_CUTOFF, place_key
from ovop.enterprises.registry_import_rows import RowProblem
from ovop.regions.models import Kind, Level, Region

T = TypeVar("T")

#: At most this many spellings are offered.
SUGGESTIONS = 3

_PREFIXED = re.compile(r"(?:desa|kelurahan|kecamatan|kel\.|kec\.|ds\.)\s", re.IGNORECASE)
_PREFIXES: dict[str, str] = {
    Kind.DESA: "Desa",
    Kind.DESA_ADAT: "Desa",
    Kind.KELURAHAN: "Kelurahan",
}


def _with_prefix(prefix: str, name: str) -> str:
    """``name`` with the word in front that offices use ("Desa Namang"), unless it has one."""
    if not prefix or _PREFIXED.match(name):
        return name
    return f"{prefix} {name}"


@dataclass(frozen=True, slots=True)
class Village:
    pk: int
    name: str
    kind: str
    kecamatan_id: int

    @property
    def shown(self) -> str:
        return _with_prefix(_PREFIXES.get(self.kind, ""), self.name)


@dataclass(frozen=True, slots=True)
class Kecamatan:
    pk: int
    name: str

    @property
    def shown(self) -> str:
        return _with_prefix("Kecamatan", self.name)


class Places:
    """The villages of ``regency`` by key, and its kecamatan."""

    def __init__(self, regency: Region) -> None:
        if regency.level != Level.REGENCY:
            raise ValueError(f"{regency} is not a regency")
        self.regency = regency
        self.kecamatans: dict[int, Kecamatan] = {}
        self.kecamatan_keys: dict[str, Kecamatan] = {}
        for pk, name in Region.objects.filter(parent=regency, level=Level.KECAMATAN).values_list(
            "pk", "name"
        ):
            self.kecamatans[pk] = Kecamatan(pk, name)
            self.kecamatan_keys.setdefault(place_key(name), self.kecamatans[pk])
        self.villages: dict[int, Village] = {}
        self.by_key: dict[str, list[Village]] = defaultdict(list)
        self.by_kecamatan: dict[int, dict[str, list[Village]]] = {}
        rows = Region.objects.filter(parent__parent=regency, level=Level.VILLAGE)
        for pk, name, kind, parent_id in rows.values_list("pk", "name", "kind", "parent_id"):
            village = Village(pk, name, kind, parent_id)
            self.villages[pk] = village
            self.by_key[place_key(name)].append(village)
            inside = self.by_kecamatan.setdefault(parent_id, {})
            inside.setdefault(place_key(name), []).append(village)

    def find(self, village: str, kecamatan: str, columns: tuple[str, str]) -> Village:
        """The village named ``village`` (in ``kecamatan`` when given); ``columns`` name the
        village and kecamatan columns in the reasons of a refusal (``RowProblem``)."""
        within = self._kecamatan(kecamatan, columns[1]) if kecamatan else None
        found = self.by_key.get(place_key(village), [])
        if within is not None:
            found = [v for v in found if v.kecamatan_id == within.pk]
        if len(found) == 1:
            return found[0]
        if found:
            raise RowProblem(
                _(
                    "%(column)s: more than one village is named “%(value)s” (in %(places)s); "
                    "fill in the kecamatan."
                )
                % {
                    "column": columns[0],
                    "value": shown(village),
                    "places": ", ".join(self.kecamatans[v.kecamatan_id].shown for v in found),
                }
            )
        raise self._unknown_village(village, within, columns[0])

    def _kecamatan(self, text: str, column: str) -> Kecamatan:
        found = self.kecamatan_keys.get(place_key(text))
        if found is not None:
            return found
        reason = _("%(column)s: “%(value)s” is not a kecamatan of %(regency)s.") % {
            "column": column,
            "value": shown(text),
            "regency": self.regency.name,
        }
        close = _close(text, self.kecamatan_keys)
        raise RowProblem(_suggesting(reason, [k.shown for k in close]), column)

    def _unknown_village(self, text: str, within: Kecamatan | None, column: str) -> RowProblem:
        place = within.shown if within is not None else self.regency.name
        reason = _("%(column)s: “%(value)s” is not a village of %(place)s.") % {
            "column": column,
            "value": shown(text),
            "place": place,
        }
        near = [v for group in _close(text, self.by_key) for v in group]
        names = [v.shown for v in near]
        if within is not None:
            inside = self.by_kecamatan.get(within.pk, {})
            names = [v.shown for group in _close(text, inside) for v in group] or [
                f"{v.shown} ({self.kecamatans[v.kecamatan_id].shown})" for v in near
            ]
        return RowProblem(_suggesting(reason, names[:SUGGESTIONS]))


def _close(text: str, by_key: dict[str, T]) -> list[T]:
    key = place_key(text)
    if not key:
        return []
    matches = difflib.get_close_matches(key, list(by_key), n=SUGGESTIONS, cutoff=CLOSE_CUTOFF)
    return [by_key[match] for match in matches]


def _suggesting(reason: str, names: list[str]) -> str:
    if not names:
        return reason
    return reason + " " + _("Did you mean %(names)s?") % {"names": ", ".join(names)}
