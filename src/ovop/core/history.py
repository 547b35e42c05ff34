"""Save with history, and a record's history as people read it.

``save_with_history`` is the one write path of the apps: it names the user and the reason in
django-simple-history's row, validates with ``full_clean`` and saves, and an edit that
changes nothing writes nothing (no save, no history row).

``history_entries`` / ``record_history`` turn historical rows into entries: who, when, what,
and each field's old → new with verbose field names, choice labels and the names of related
records. One query for the versions and one per kind of related record whose names the caller
did not give, however long the history. ``history_page`` renders the one history page.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.core.pagination import paginate
from ovop.core.text import clean_text_fields

#: Change reasons of the archive and restore helpers (``ovop.core.models``).
REASON_ARCHIVED = "archived"
REASON_RESTORED = "restored"
#: The instance attributes django-simple-history reads for the history row's user and reason.
HISTORY_USER_ATTR = "_history_user"
CHANGE_REASON_ATTR = "_change_reason"
#: Bookkeeping fields never shown as changes.
SKIPPED = frozenset({"id", "created_at", "updated_at"})
#: Longest value shown for a JSON field before it is cut with "…".
JSON_SHOWN = 80

M = TypeVar("M", bound=models.Model)
Names = dict[tuple[str, Any], str]

_KIND = {"+": "created", "~": "changed", "-": "deleted"}
#: Headlines, and the change reasons every app shares, shown translated.
_WORDS: dict[str, Any] = {
    "created": gettext_lazy("created"),
    "changed": gettext_lazy("changed"),
    "deleted": gettext_lazy("deleted"),
    "edited": gettext_lazy("edited"),
    REASON_ARCHIVED: gettext_lazy("archived"),
    REASON_RESTORED: gettext_lazy("restored"),
}


# --- writing ----------------------------------------------------------------------------------


def set_history(obj: models.Model, *, user: AbstractBaseUser | None, reason: str = "") -> None:
    """Name ``user`` and ``reason`` in the history row of ``obj``'s next save or delete;
    without a user, the signed-in user of the request (if any) is named."""
    if user is not None:
        setattr(obj, HISTORY_USER_ATTR, user)
    setattr(obj, CHANGE_REASON_ATTR, reason or None)


def unchanged(obj: models.Model) -> bool:
    """True when ``obj`` is stored and no concrete field differs from the stored row."""
    if obj._state.adding or obj.pk is None:
        return False
    fields = [f for f in obj._meta.concrete_fields if not getattr(f, "auto_now", False)]
    names = [f.attname for f in fields]
    stored = type(obj)._base_manager.filter(pk=obj.pk).values(*names).first()
    return stored is not None and all(stored[n] == getattr(obj, n) for n in names)


def save_with_history(
    obj: M,
    *,
    user: AbstractBaseUser | None,
    reason: str = "",
    clean: bool = True,
    exclude: Collection[str] = (),
) -> M:
    """Validate (``full_clean`` unless ``clean`` is False) and save ``obj``, its history row
    naming ``user`` and ``reason``. A stored record whose fields are all as stored is not saved
    again: an edit that changes nothing writes no history row. Its text loses any bidi
    control characters (``ovop.core.text``) first, whatever path the value came by."""
    set_history(obj, user=user, reason=reason)
    clean_text_fields(obj)
    if clean:
        obj.full_clean(exclude=list(exclude) or None)
    if not unchanged(obj):
        obj.save()
    return obj


def delete_with_history(obj: models.Model, *, user: AbstractBaseUser | None, reason: str) -> None:
    """Delete ``obj``; its history keeps the deletion with ``user`` and ``reason``."""
    set_history(obj, user=user, reason=reason)
    obj.delete()


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    #: "" when the record was created (there was no value before).
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    #: "created", "changed" or "deleted".
    kind: str
    #: The headline shown: "created", "archived", "photo added", …
    action: str
    #: The change reason, translated; "" when none was given.
    reason: str
    #: Which record, on a page that shows several; "" otherwise.
    record: str
    changes: list[FieldChange]
    #: Changes of fields the reader may not see, only counted.
    hidden_changes: int = 0


def kind_of(record: Any) -> str:
    return _KIND.get(record.history_type, "changed")


def default_action(record: Any) -> str:
    """ "archived"/"restored" for the archive helpers' rows, otherwise the kind of change."""
    kind = kind_of(record)
    if kind == "changed" and record.history_change_reason in (REASON_ARCHIVED, REASON_RESTORED):
        return str(_WORDS[record.history_change_reason])
    return str(_WORDS[kind])


def _fields(record: Any, names: Sequence[str] | None) -> list[models.Field[Any, Any]]:
    tracked = {f.name: f for f in record.tracked_fields}
    if names is not None:
        return [tracked[name] for name in names]
    return [f for f in tracked.values() if f.editable and f.name not in SKIPPED]


def _related_names(
    records: Sequence[Any], fields: Sequence[models.Field[Any, Any]], known: Names
) -> Names:
    """``known`` plus the names of the other records the foreign keys point to: one query per
    foreign key with ids not in ``known``."""
    names = dict(known)
    for field in fields:
        if not field.is_relation or field.related_model is None:
            continue
        ids = {getattr(r, field.attname) for r in records} - {None}
        ids = {pk for pk in ids if (field.name, pk) not in names}
        if not ids:
            continue
        model = field.related_model
        assert isinstance(model, type) and issubclass(model, models.Model)
        for obj in model._default_manager.filter(pk__in=ids):
            names[(field.name, obj.pk)] = str(obj)
    return names


def display(field: models.Field[Any, Any], value: Any, names: Names) -> str:
    """``value`` of ``field`` as people read it: a choice's label, a related record's name…"""
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
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= JSON_SHOWN else text[: JSON_SHOWN - 1] + "…"
    return str(value)


def _changes(
    record: Any, previous: Any, fields: Sequence[models.Field[Any, Any]]
) -> list[tuple[models.Field[Any, Any], Any, Any]]:
    """(field, old, new) for each field ``record`` changed; on creation, every value set."""
    if previous is None:
        values = ((f, getattr(record, f.attname)) for f in fields)
        return [(f, None, value) for f, value in values if value not in (None, "")]
    return [
        (f, getattr(previous, f.attname), getattr(record, f.attname))
        for f in fields
        if getattr(previous, f.attname) != getattr(record, f.attname)
    ]


def _archiving(changed: Sequence[tuple[models.Field[Any, Any], Any, Any]]) -> str:
    """ "archived" or "restored" when ``changed`` sets or clears ``archived_at``, else ""."""
    for field, old, new in changed:
        if field.name == "archived_at" and (old is None) != (new is None):
            return str(_WORDS[REASON_ARCHIVED if new is not None else REASON_RESTORED])
    return ""


@dataclass(frozen=True)
class _Reading:
    """How one model's versions are read: which fields, hidden ones, names, words."""

    fields: Sequence[models.Field[Any, Any]]
    hidden: Collection[str]
    names: Names
    reasons: Mapping[str, Any]
    action: Callable[[Any], str]
    record: Callable[[Any], str] | None

    def entry(self, version: Any, previous: Any) -> HistoryEntry:
        changed = _changes(version, previous, self.fields)
        action = self.action(version)
        if action == str(_WORDS["changed"]):  # archived or restored with a reason of its own
            action = _archiving(changed) or action
        shown = [
            FieldChange(
                field=f.name,
                label=str(capfirst(f.verbose_name)),
                old=display(f, old, self.names) if previous is not None else "",
                new=display(f, new, self.names),
            )
            for f, old, new in changed
            if f.name not in self.hidden
        ]
        reason = version.history_change_reason or ""
        user = version.history_user
        return HistoryEntry(
            when=timezone.localtime(version.history_date),
            who=str(user) if user is not None else _("system"),
            kind=kind_of(version),
            action=action,
            reason=str(self.reasons.get(reason, _WORDS.get(reason, reason))),
            record=self.record(version) if self.record is not None else "",
            changes=shown,
            hidden_changes=len(changed) - len(shown),
        )


def history_entries(
    versions: Iterable[Any],
    *,
    fields: Sequence[str] | None = None,
    hidden: Collection[str] = (),
    names: Names | None = None,
    reasons: Mapping[str, Any] | None = None,
    action: Callable[[Any], str] = default_action,
    record: Callable[[Any], str] | None = None,
) -> list[HistoryEntry]:
    """Entries for ``versions`` (historical rows of one model, of one or several records),
    newest first; each is compared with the version of the same record just before it, if
    given. ``fields`` (default: every editable one but bookkeeping) are shown except those in
    ``hidden``, which are only counted; ``names`` holds (field, id) → name of related records
    already known; ``reasons`` translates change reasons; ``record`` names the record."""
    ordered = sorted(versions, key=lambda v: (v.history_date, v.history_id))
    if not ordered:
        return []
    tracked = _fields(ordered[0], fields)
    shown = [f for f in tracked if f.name not in hidden]
    reading = _Reading(
        fields=tracked,
        hidden=hidden,
        names=_related_names(ordered, shown, names or {}),
        reasons=reasons or {},
        action=action,
        record=record,
    )
    previous: dict[Any, Any] = {}
    entries = []
    for version in ordered:
        entries.append(reading.entry(version, previous.get(version.id)))
        previous[version.id] = version
    return entries[::-1]


def newest_first(*groups: list[HistoryEntry], limit: int | None = None) -> list[HistoryEntry]:
    """The entries of several records in one list, newest first (the ``limit`` latest)."""
    entries = [entry for group in groups for entry in group]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def versions_of(history: Any) -> Any:
    """A history manager's or queryset's rows with their users, newest first."""
    return history.select_related("history_user").order_by("-history_date", "-history_id")


def record_history(
    *,
    obj: models.Model,
    hidden: Collection[str] = (),
    limit: int | None = None,
    fields: Sequence[str] | None = None,
    reasons: Mapping[str, Any] | None = None,
) -> list[HistoryEntry]:
    """The history of ``obj``, newest first (the ``limit`` latest changes if given), leaving out
    the fields named in ``hidden`` (counted in ``hidden_changes``)."""
    versions = versions_of(getattr(obj, "history"))  # noqa: B009 - the HistoricalRecords manager
    rows = list(versions if limit is None else versions[: limit + 1])
    return history_entries(rows, hidden=hidden, fields=fields, reasons=reasons)[:limit]


# --- the page ---------------------------------------------------------------------------------


def history_page(
    request: HttpRequest,
    *,
    title: str,
    crumbs: Sequence[tuple[str, str]],
    back: str,
    entries: Sequence[HistoryEntry],
    back_text: str = "",
    intro: str = "",
    page_size: int | None = None,
) -> HttpResponse:
    """The one history page: ``crumbs`` are (address, text) between Home and "History"."""
    page_obj = paginate(request, entries, page_size) if page_size else None
    context = {
        "title": title,
        "crumbs": crumbs,
        "back": back,
        "back_text": back_text or _("Back to the record"),
        "intro": intro,
        "entries": list(page_obj) if page_obj is not None else entries,
        "page_obj": page_obj,
        "record_column": any(entry.record for entry in entries),
    }
    return render(request, "core/history.html", context)
