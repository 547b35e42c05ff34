"""Reading a stored scheme for display: labels in the active language, configurable defaults.

A scheme's definition holds English labels (the source text). ``labels_id`` holds the
Indonesian ones by kind: ``{"name": str, "groups": {id: str}, "items": {id: str},
"options": {"item.option": str}, "gates": {item: str}}``; a missing entry falls back to English.

``configurable_defaults`` lists dotted paths (``groups.B``, ``groups.A3.items.a3_group``,
``cutoffs_pct``, ``gates``): every number at or below such a path is not given by the source
and is shown with a "configurable default" badge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from ovop.analysis.rating import Scheme
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


def scheme_view(record: RatingScheme, language: str | None = None) -> SchemeView:
    """The scheme's tree in the active language, with a flag on each configurable number."""
    scheme = Scheme.from_dict(record.definition)
    defaults = list(record.configurable_defaults or [])
    labels = Labels(record.labels_id or {}, language)
    groups = []
    for g in scheme.groups:
        gpath = f"groups.{g.id}"
        items = []
        for i in g.items:
            ipath = f"{gpath}.items.{i.id}"
            options = tuple(
                OptionView(
                    o.id,
                    labels.get("options", f"{i.id}.{o.id}", o.label),
                    o.points,
                    is_configurable(f"{ipath}.options.{o.id}.points", defaults),
                )
                for o in i.options
            )
            items.append(
                ItemView(
                    i.id,
                    labels.get("items", i.id, i.label),
                    i.max_points,
                    _any_below(ipath, defaults),
                    options,
                )
            )
        groups.append(
            GroupView(
                g.id,
                labels.get("groups", g.id, g.label),
                g.max_points,
                _any_below(gpath, defaults),
                tuple(items),
            )
        )
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
        groups=tuple(groups),
        cutoffs=scheme.cutoffs_pct,
        cutoffs_configurable=is_configurable("cutoffs_pct", defaults),
        gates=gates,
    )


def scheme_name(record: RatingScheme, language: str | None = None) -> str:
    return Labels(record.labels_id or {}, language).get("name", "", record.name)


def result_view(record: RatingScheme, result: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored result (one assessor's or a panel's) with labels for groups, items, gates."""
    if not result:
        return None
    labels = Labels(record.labels_id or {})
    defaults = list(record.configurable_defaults or [])
    definition = record.definition
    group_labels = {
        g["id"]: labels.get("groups", g["id"], g["label"]) for g in definition["groups"]
    }
    item_labels = {
        i["id"]: labels.get("items", i["id"], i["label"])
        for g in definition["groups"]
        for i in g["items"]
    }
    return {
        **result,
        "groups": [
            {**g, "label": group_labels.get(g["group"], g["group"])} for g in result["by_group"]
        ],
        "gates": [
            {
                **gate,
                "item_label": item_labels.get(gate["item"], gate["item"]),
                "reason_text": labels.get("gates", gate["item"], gate["reason"]),
                "configurable": is_configurable(f"gates.{gate['item']}", defaults),
            }
            for gate in result["failed_gates"]
        ],
        "missing_labels": [item_labels.get(i, i) for i in result.get("missing_items", [])],
    }
