"""The versioned criteria tree of a star-rating scheme and its dict (JSON) form.

See :mod:`ovop.analysis.rating` for the rules; this module holds the records and the
validation of ``Scheme.from_dict``. Every validation error names the offending path, e.g.
``groups[1].items[2].options[0].points: must be >= 0, got -1``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ovop.analysis import AnalysisError

#: A percentage this close below a cut-off still reaches it (protects exact hits from rounding).
PERCENT_TOL = 1e-9
STAR_LEVELS = 5

#: The facts a gate may leave to the registry (``"registry": <fact>`` on the gate). The caller
#: says whether each holds for the product on the rating date: ``nib`` an NIB on file; ``pirt``,
#: ``bpom_md``, ``halal`` such a certificate valid; ``food_permit`` P-IRT or BPOM MD valid (a
#: product that is not food needs neither, nor halal: ``food_permit`` and ``halal`` hold for it).
REGISTRY_FACTS = ("nib", "pirt", "bpom_md", "food_permit", "halal")


@dataclass(frozen=True)
class Option:
    """One possible answer to an item and the points it earns."""

    id: str
    label: str
    points: float


@dataclass(frozen=True)
class Item:
    """One question; it earns the points of the chosen option (0 if unanswered)."""

    id: str
    label: str
    options: tuple[Option, ...]

    @property
    def max_points(self) -> float:
        """The most points any option of this item earns."""
        return max(o.points for o in self.options)

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Group:
    """A labelled group of items (reported separately in ``by_group``)."""

    id: str
    label: str
    items: tuple[Item, ...]

    @property
    def max_points(self) -> float:
        """Sum of the items' maximum points."""
        return math.fsum(i.max_points for i in self.items)


@dataclass(frozen=True)
class Gate:
    """Without ``item`` answered with one of ``satisfied_options``, at most ``max_stars``.

    A gate with ``registry`` (one of :data:`REGISTRY_FACTS`) is decided by that registry fact,
    not by an answer: its item scores nothing and needs no answer.
    """

    item: str
    satisfied_options: frozenset[str]
    max_stars: int
    reason: str
    registry: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict; the satisfied options are sorted so that the output is stable."""
        data: dict[str, Any] = {
            "item": self.item,
            "satisfied_options": sorted(self.satisfied_options),
            "max_stars": self.max_stars,
            "reason": self.reason,
        }
        if self.registry is not None:
            data["registry"] = self.registry
        return data


@dataclass(frozen=True)
class Scheme:
    """A versioned rating scheme: groups of items, star cut-offs and gates."""

    code: str
    version: int
    name: str
    groups: tuple[Group, ...]
    cutoffs_pct: tuple[float, float, float, float, float]
    gates: tuple[Gate, ...] = ()

    @property
    def max_points(self) -> float:
        """The highest total a product can score."""
        return math.fsum(g.max_points for g in self.groups)

    def items_by_id(self) -> dict[str, Item]:
        """All items by id, in scheme order."""
        return {item.id: item for g in self.groups for item in g.items}

    def registry_items(self) -> dict[str, str]:
        """Item id -> registry fact, for the gates the registry decides (scheme order)."""
        return {g.item: g.registry for g in self.gates if g.registry is not None}

    def stars_for_percent(self, percent: float) -> int:
        """The largest s in 1..5 with ``percent >= cutoffs_pct[s - 1]``; 0 below the first."""
        stars = 0
        for level, cutoff in enumerate(self.cutoffs_pct, start=1):
            if percent >= cutoff - PERCENT_TOL:
                stars = level
        return stars

    @classmethod
    def from_dict(cls, data: object) -> Scheme:
        """Build and validate a scheme from its dict form (as produced by :meth:`to_dict`)."""
        return _parse_scheme(data)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict form; ``Scheme.from_dict(s.to_dict()) == s``."""
        return {
            "code": self.code,
            "version": self.version,
            "name": self.name,
            "groups": [
                {
                    "id": g.id,
                    "label": g.label,
                    "items": [
                        {
                            "id": i.id,
                            "label": i.label,
                            "options": [
                                {"id": o.id, "label": o.label, "points": o.points}
                                for o in i.options
                            ],
                        }
                        for i in g.items
                    ],
                }
                for g in self.groups
            ],
            "cutoffs_pct": list(self.cutoffs_pct),
            "gates": [gate.to_dict() for gate in self.gates],
        }


# ------------------------------------------------------------------------------- parsing


def _fields(
    data: object, path: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise AnalysisError(f"{path}: must be a mapping, got {type(data).__name__}")
    for key in data:
        if key not in required and key not in optional:
            raise AnalysisError(f"{_join(path, str(key))}: unknown key")
    for key in required:
        if key not in data:
            raise AnalysisError(f"{_join(path, key)}: is required")
    return data


def _join(path: str, key: str) -> str:
    return key if path == "scheme" else f"{path}.{key}"


def _text(value: object, path: str, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        raise AnalysisError(f"{path}: must be a string, got {type(value).__name__}")
    if not empty and not value.strip():
        raise AnalysisError(f"{path}: must not be empty")
    return value


def _number(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AnalysisError(f"{path}: must be a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise AnalysisError(f"{path}: must be finite, got {value}")
    return float(value)


def _integer(value: object, path: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AnalysisError(f"{path}: must be an integer, got {type(value).__name__}")
    if value < low or (high is not None and value > high):
        bound = f">= {low}" if high is None else f"within {low}..{high}"
        raise AnalysisError(f"{path}: must be {bound}, got {value}")
    return value


def _sequence(value: object, path: str, *, empty: bool = False) -> list[object]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, list | tuple):
        raise AnalysisError(f"{path}: must be a list, got {type(value).__name__}")
    if not value and not empty:
        raise AnalysisError(f"{path}: must not be empty")
    return list(value)


def _parse_scheme(data: object) -> Scheme:
    d = _fields(data, "scheme", ("code", "version", "name", "groups", "cutoffs_pct"), ("gates",))
    code = _text(d["code"], "code")
    version = _integer(d["version"], "version", 1)
    name = _text(d["name"], "name")
    seen_items: dict[str, str] = {}
    groups: list[Group] = []
    for k, raw in enumerate(_sequence(d["groups"], "groups")):
        group = _parse_group(raw, f"groups[{k}]", seen_items)
        if any(g.id == group.id for g in groups):
            raise AnalysisError(f"groups[{k}].id: duplicate group id {group.id!r}")
        groups.append(group)
    cutoffs = _parse_cutoffs(d["cutoffs_pct"])
    bare = Scheme(code, version, name, tuple(groups), cutoffs)
    if bare.max_points <= 0:
        raise AnalysisError("groups: the maximum total must be > 0 (every option scores 0)")
    items = bare.items_by_id()
    raw_gates = _sequence(d.get("gates", []), "gates", empty=True)
    gates = tuple(_parse_gate(raw, f"gates[{k}]", items) for k, raw in enumerate(raw_gates))
    _check_registry_items(gates)
    return Scheme(code, version, name, tuple(groups), cutoffs, gates)


def _check_registry_items(gates: tuple[Gate, ...]) -> None:
    """A registry gate's item belongs to that gate alone (no answer decides it elsewhere)."""
    for k, gate in enumerate(gates):
        if gate.registry is None:
            continue
        for j, other in enumerate(gates):
            if j != k and other.item == gate.item:
                raise AnalysisError(
                    f"gates[{k}].registry: item {gate.item!r} is also the item of gates[{j}]; "
                    "a gate decided by the registry needs an item of its own"
                )


def _parse_group(raw: object, path: str, seen_items: dict[str, str]) -> Group:
    d = _fields(raw, path, ("id", "label", "items"))
    group_id = _text(d["id"], f"{path}.id")
    label = _text(d["label"], f"{path}.label", empty=True)
    items = []
    for k, raw_item in enumerate(_sequence(d["items"], f"{path}.items")):
        item_path = f"{path}.items[{k}]"
        item = _parse_item(raw_item, item_path)
        if item.id in seen_items:
            raise AnalysisError(
                f"{item_path}.id: duplicate item id {item.id!r} (first at {seen_items[item.id]})"
            )
        seen_items[item.id] = item_path
        items.append(item)
    return Group(group_id, label, tuple(items))


def _parse_item(raw: object, path: str) -> Item:
    d = _fields(raw, path, ("id", "label", "options"), ("max_points",))
    item_id = _text(d["id"], f"{path}.id")
    label = _text(d["label"], f"{path}.label", empty=True)
    options: list[Option] = []
    for k, raw_option in enumerate(_sequence(d["options"], f"{path}.options")):
        opt_path = f"{path}.options[{k}]"
        od = _fields(raw_option, opt_path, ("id", "label", "points"))
        option = Option(
            _text(od["id"], f"{opt_path}.id"),
            _text(od["label"], f"{opt_path}.label", empty=True),
            _number(od["points"], f"{opt_path}.points"),
        )
        if option.points < 0:
            raise AnalysisError(f"{opt_path}.points: must be >= 0, got {od['points']}")
        if any(o.id == option.id for o in options):
            raise AnalysisError(f"{opt_path}.id: duplicate option id {option.id!r}")
        options.append(option)
    item = Item(item_id, label, tuple(options))
    if "max_points" in d and _number(d["max_points"], f"{path}.max_points") != item.max_points:
        raise AnalysisError(
            f"{path}.max_points: is derived from the options ({item.max_points}), "
            f"got {d['max_points']}"
        )
    return item


def _parse_cutoffs(raw: object) -> tuple[float, float, float, float, float]:
    values = [_number(v, f"cutoffs_pct[{k}]") for k, v in enumerate(_sequence(raw, "cutoffs_pct"))]
    if len(values) != STAR_LEVELS:
        raise AnalysisError(f"cutoffs_pct: needs {STAR_LEVELS} values, got {len(values)}")
    for k, value in enumerate(values):
        if not 0.0 <= value <= 100.0:
            raise AnalysisError(f"cutoffs_pct[{k}]: must be within 0..100, got {value}")
        if k and value <= values[k - 1]:
            raise AnalysisError(
                f"cutoffs_pct[{k}]: must be greater than cutoffs_pct[{k - 1}] "
                f"({values[k - 1]}), got {value}"
            )
    return values[0], values[1], values[2], values[3], values[4]


def _parse_registry(d: Mapping[str, Any], path: str, item: Item) -> str | None:
    if "registry" not in d:
        return None
    fact = _text(d["registry"], f"{path}.registry")
    if fact not in REGISTRY_FACTS:
        expected = ", ".join(repr(f) for f in REGISTRY_FACTS)
        raise AnalysisError(f"{path}.registry: {fact!r} is not a registry fact (one of {expected})")
    if item.max_points != 0:
        raise AnalysisError(
            f"{path}.registry: item {item.id!r} must score 0 on every option "
            "(the registry decides it, not an answer)"
        )
    return fact


def _parse_gate(raw: object, path: str, items: Mapping[str, Item]) -> Gate:
    d = _fields(raw, path, ("item", "satisfied_options", "max_stars", "reason"), ("registry",))
    item_id = _text(d["item"], f"{path}.item")
    item = items.get(item_id)
    if item is None:
        raise AnalysisError(f"{path}.item: no item with id {item_id!r}")
    chosen: set[str] = set()
    for k, raw_option in enumerate(_sequence(d["satisfied_options"], f"{path}.satisfied_options")):
        opt_path = f"{path}.satisfied_options[{k}]"
        option_id = _text(raw_option, opt_path)
        if item.option(option_id) is None:
            raise AnalysisError(f"{opt_path}: item {item_id!r} has no option {option_id!r}")
        if option_id in chosen:
            raise AnalysisError(f"{opt_path}: duplicate option {option_id!r}")
        chosen.add(option_id)
    return Gate(
        item=item_id,
        satisfied_options=frozenset(chosen),
        max_stars=_integer(d["max_stars"], f"{path}.max_stars", 0, STAR_LEVELS),
        reason=_text(d["reason"], f"{path}.reason"),
        registry=_parse_registry(d, path, item),
    )
