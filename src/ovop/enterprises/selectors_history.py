"""A record's change history as people read it: who, when, what, and each field's old → new.

Built from django-simple-history's rows (``diff_against`` between consecutive versions); values
are shown with verbose field names, choice labels and the names of related records. The page
costs one query for the versions and one per kind of related record, however long the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ovop.enterprises.models import Product, ProductPhoto
from ovop.enterprises.services import REASON_ARCHIVED, REASON_RESTORED

#: Bookkeeping fields never shown as changes.
SKIPPED = frozenset({"id", "created_at", "updated_at"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    action: str
    changes: list[FieldChange]
    hidden_changes: int


def _action(record: Any) -> str:
    if record.history_type == "+":
        return _("created")
    if record.history_type == "-":
        return _("deleted")
    if record.history_change_reason == REASON_ARCHIVED:
        return _("archived")
    if record.history_change_reason == REASON_RESTORED:
        return _("restored")
    return _("changed")


def _related_names(
    records: Sequence[Any], fields: Sequence[models.Field[Any, Any]]
) -> dict[tuple[str, Any], str]:
    """Names of the records the foreign keys point to: one query per foreign key."""
    names: dict[tuple[str, Any], str] = {}
    for field in fields:
        if not field.is_relation or field.related_model is None:
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}
        if not ids:
            continue
        model = field.related_model
        assert isinstance(model, type) and issubclass(model, models.Model)
        for obj in model._default_manager.filter(pk__in=ids):
            names[(field.name, obj.pk)] = str(obj)
    return names


def _display(field: models.Field[Any, Any], value: Any, names: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return names.get((field.name, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, int) and field.name.endswith("_idr"):
        return "Rp " + formats.number_format(value, force_grouping=True)
    return str(value)


def _changes(
    record: Any, previous: Any, fields: list[models.Field[Any, Any]]
) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for each field that ``record`` changed; on creation, every value set."""
    if previous is None:
        values = ((f.name, getattr(record, f.attname)) for f in fields)
        return [(name, None, value) for name, value in values if value not in (None, "")]
    order = {f.name: i for i, f in enumerate(fields)}
    delta = record.diff_against(previous, included_fields=list(order))
    return [(c.field, c.old, c.new) for c in sorted(delta.changes, key=lambda c: order[c.field])]


def _entries(
    records: Sequence[Any], *, hidden: Collection[str], action: Any = _action
) -> list[HistoryEntry]:
    """Entries for ``records`` (versions of one or several records of one model, newest first);
    a version is compared with the version of the same record just before it, if fetched."""
    if not records:
        return []
    fields = [f for f in records[0].tracked_fields if f.editable and f.name not in SKIPPED]
    by_name = {f.name: f for f in fields}
    names = _related_names(records, fields)
    previous: dict[Any, Any] = {}
    entries = []
    for record in reversed(records):  # oldest first, so that each version finds the one before
        changed = _changes(record, previous.get(record.id), fields)
        previous[record.id] = record
        shown = [
            FieldChange(
                field=name,
                label=str(capfirst(by_name[name].verbose_name)),
                old=_display(by_name[name], old, names),
                new=_display(by_name[name], new, names),
            )
            for name, old, new in changed
            if name not in hidden
        ]
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=timezone.localtime(record.history_date),
                who=str(user) if user is not None else _("system"),
                action=action(record),
                changes=shown,
                hidden_changes=len(changed) - len(shown),
            )
        )
    return entries[::-1]


def record_history(
    *, obj: models.Model, hidden: Collection[str] = (), limit: int | None = None
) -> list[HistoryEntry]:
    """The history of ``obj``, newest first (the ``limit`` latest changes if given), leaving out
    the fields named in ``hidden``."""
    history = getattr(obj, "history")  # noqa: B009 - the HistoricalRecords manager
    versions = history.select_related("history_user").order_by("-history_date", "-pk")
    records = list(versions if limit is None else versions[: limit + 1])
    return _entries(records, hidden=hidden)[:limit]


def _photo_action(record: Any) -> str:
    if record.history_type == "+":
        return _("photo added")
    if record.history_type == "-":
        return _("photo removed")
    return _("photo changed")


def product_history(*, product: Product, limit: int | None = None) -> list[HistoryEntry]:
    """The history of ``product`` with its photos added, changed or removed, newest first.

    Two queries for the versions (the product's, its photos'), and one per kind of related
    record, however long the history.
    """
    photos = (
        ProductPhoto.history.filter(product_id=product.pk)
        .select_related("history_user")
        .order_by("-history_date", "-pk")
    )
    entries = record_history(obj=product, limit=limit)
    entries += _entries(list(photos), hidden=("product",), action=_photo_action)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
