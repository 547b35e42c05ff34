"""Reading a stored scheme for display: labels in the active language, configurable defaults.

A scheme's definition holds English labels (the source text). ``labels_id`` holds the
Indonesian ones by kind: ``{"name": str, "groups": {id: str}, "items": {id: str},
"options": {"item.option": str}, "gates": {item: str}}``; a missing entry falls back to English.

``configurable_defaults`` lists dotted paths (``groups.B``, ``groups.A3.items.a3_group``,
``cutoffs_pct``, ``gates``): every number at or below such a path is not given by the source
and is shown with a "configurable default" badge.

A gate may carry ``"registry": <fact>`` (``ovop.analysis.rating.REGISTRY_FACTS``): the registry
decides it (``registry_items``), and the assessment form shows what the registry knows instead
of asking. Definitions without the key (every version before) stay valid and mean the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ovop.analysis.rating import Group, Item, Scheme
from ovop.rating.models import RatingScheme


@dataclass(frozen=True)
class OptionView:
    id: str
    label: str
    points: float
    configurable: bool


@dataclass(frozen=True)
class ItemView:
    id: str
    label: str
    max_points: float
    configurable: bool
    options: tuple[OptionView, ...]


@dataclass(frozen=True)
class GroupView:
    id: str
    label: str
    max_points: float
    configurable: bool
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class GateView:
    item: str
    item_label: str
    max_stars: int
    reason: str
    configurable: bool


@dataclass(frozen=True)
class SchemeView:
    name: str
    max_points: float
    groups: tuple[GroupView, ...]
    cutoffs: tuple[float, ...]
    cutoffs_configurable: bool
    gates: tuple[GateView, ...]

    def item_labels(self) -> dict[str, str]:
        return {i.id: i.label for g in self.groups for i in g.items}

    def group_labels(self) -> dict[str, str]:
        return {g.id: g.label for g in self.groups}


def points_text(points: float) -> str:
    """The points as "1 point" or "2,5 points" (the number as the active language writes it;
    Indonesian, the other language, has one form for every number)."""
    if points == 1:
        return _("1 point")
    return _("%(n)s points") % {"n": floatformat(points, "-2")}


def option_text(option: OptionView, item: ItemView) -> str:
    """An option as the assessment form offers it: "All local (3 points)"; the options of an
    item worth no points at all (a condition such as "NIB held", which only a gate reads) are
    their label alone, not "Yes (0 points)"."""
    if not item.max_points:
        return option.label
    return f"{option.label} ({points_text(option.points)})"


def is_configurable(path: str, defaults: Iterable[str]) -> bool:
    """True when ``path`` is one of ``defaults`` or lies below one of them."""
    return any(path == d or path.startswith(d + ".") for d in defaults)


def _any_below(path: str, defaults: Iterable[str]) -> bool:
    return any(d == path or d.startswith(path + ".") or path.startswith(d + ".") for d in defaults)


class Labels:
    """Labels in the active language (Indonesian from ``labels_id``, else the English source)."""

    def __init__(self, labels_id: dict[str, Any], language: str | None = None) -> None:
        lang = language or get_language() or "id"
        self._map = labels_id if lang.startswith("id") else {}

    def get(self, kind: str, key: str, english: str) -> str:
        if kind == "name":
            return str(self._map.get("name") or english)
        value = self._map.get(kind, {}).get(key)
        return str(value) if value else english


def _item_view(item: Item, gpath: str, labels: Labels, defaults: list[str]) -> ItemView:
    ipath = f"{gpath}.items.{item.id}"
    options = tuple(
        OptionView(
            o.id,
            labels.get("options", f"{item.id}.{o.id}", o.label),
            o.points,
            is_configurable(f"{ipath}.options.{o.id}.points", defaults),
        )
        for o in item.options
    )
    return ItemView(
        item.id,
        labels.get("items", item.id, item.label),
        item.max_points,
        _any_below(ipath, defaults),
        options,
    )


def _group_view(group: Group, labels: Labels, defaults: list[str]) -> GroupView:
    gpath = f"groups.{group.id}"
    return GroupView(
        group.id,
        labels.get("groups", group.id, group.label),
        group.max_points,
        _any_below(gpath, defaults),
        tuple(_item_view(i, gpath, labels, defaults) for i in group.items),
    )


def scheme_view(record: RatingScheme, language: str | None = None) -> SchemeView:
    """The scheme's tree in the active language, with a flag on each configurable number."""
    scheme = Scheme.from_dict(record.definition)
    defaults = list(record.configurable_defaults or [])
    labels = Labels(record.labels_id or {}, language)
    groups = tuple(_group_view(g, labels, defaults) for g in scheme.groups)
    item_labels = {i.id: i.label for g in groups for i in g.items}
    gates = tuple(
        GateView(
            gate.item,
            item_labels.get(gate.item, gate.item),
            gate.max_stars,
            labels.get("gates", gate.item, gate.reason),
            is_configurable(f"gates.{gate.item}", defaults),
        )
        for gate in scheme.gates
    )
    return SchemeView(
        name=labels.get("name", "", scheme.name),
        max_points=scheme.max_points,
        groups=groups,
        cutoffs=scheme.cutoffs_pct,
        cutoffs_configurable=is_configurable("cutoffs_pct", defaults),
        gates=gates,
    )


def scheme_name(record: RatingScheme, language: str | None = None) -> str:
    return Labels(record.labels_id or {}, language).get("name", "", record.name)


def registry_items(record: RatingScheme) -> dict[str, str]:
    """Item id -> registry fact, for the gates of ``record`` the registry decides."""
    return Scheme.from_dict(record.definition).registry_items()


def item_labels(record: RatingScheme) -> dict[str, str]:
    """Every item's label in the active language, by id."""
    labels = Labels(record.labels_id or {})
    return {
        i["id"]: labels.get("items", i["id"], i["label"])
        for g in record.definition["groups"]
        for i in g["items"]
    }


def _gate_view(
    gate: dict[str, Any], labels: Labels, items: dict[str, str], defaults: list[str]
) -> dict[str, Any]:
    return {
        **gate,
        "item_label": items.get(gate["item"], gate["item"]),
        "reason_text": labels.get("gates", gate["item"], gate["reason"]),
        "configurable": is_configurable(f"gates.{gate['item']}", defaults),
    }


def result_view(record: RatingScheme, result: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored result (one assessor's or a panel's) with labels for groups, items, gates.

    A panel's result also has ``decisions`` (each gate as the panel decided it: by the
    registry, the assessors' majority or the officer) and ``tie_labels`` (ties not settled).
    """
    if not result:
        return None
    labels = Labels(record.labels_id or {})
    defaults = list(record.configurable_defaults or [])
    group_labels = {
        g["id"]: labels.get("groups", g["id"], g["label"]) for g in record.definition["groups"]
    }
    items = item_labels(record)
    return {
        **result,
        "groups": [
            {**g, "label": group_labels.get(g["group"], g["group"])} for g in result["by_group"]
        ],
        "gates": [_gate_view(g, labels, items, defaults) for g in result["failed_gates"]],
        "decisions": [
            _gate_view(g, labels, items, defaults) for g in result.get("gate_decisions", [])
        ],
        "tie_labels": [items.get(i, i) for i in result.get("ties", [])],
        "missing_labels": [items.get(i, i) for i in result.get("missing_items", [])],
    }


def unmet_conditions(record: RatingScheme, result: dict[str, Any] | None) -> list[str]:
    """The reason of each gate a stored result failed, in the active language."""
    labels = Labels(record.labels_id or {})
    return [
        labels.get("gates", g["item"], g["reason"]) for g in (result or {}).get("failed_gates", [])
    ]
