"""The demo, loaded for real once per test process and copied back for every later module.

Loading the demo runs every service it uses (about 30 s on SQLite, more on PostgreSQL: the
plan's frontier alone solves 32 programmes), and some twenty test modules ask for it. The
first ``install()`` of a process reads every table, runs ``demo_load()``, and keeps what the
load added and removed, table by table. A later ``install()`` on the same starting state
writes the same rows back in a second or two: SQLite by ``executemany``, PostgreSQL by
``COPY``; the sequences are moved past the copied ids and the cache is emptied, as a fresh
load would leave them.

The copy is used only when it is sure to equal a fresh load: the starting state (every row of
every table), the media folder and the active language (``install()`` loads in the site's
default one) must be the same as when the copy was taken; otherwise ``install()`` loads the demo
for real again. Two parts of the starting state are let off: the content types and permissions,
which a flushed database (the browser tests') makes again under new ids, count only when a row
the demo wrote points at them; and the password hasher, for which the demo accounts' password is
hashed again when it differs. Foreign keys are deferred (Django creates them so on both
databases), so the tables' order does not matter; generated columns (the catalogue's search
vector on PostgreSQL) and the SQLite full-text table are filled by the database itself, as on
any insert.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import GeneratedField, Model
from django.utils import translation
from django.utils.module_loading import import_string

Rows = list[Any]  # SQLite: tuples; PostgreSQL: COPY text lines (bytes), primary key first


@dataclass(frozen=True)
class Change:
    """One table's rows that the demo added, and the primary keys of those it removed
    (a changed row is both)."""

    table: str
    columns: tuple[str, ...]
    added: Rows
    removed: list[Any]


@dataclass(frozen=True)
class Copy:
    """What one real load changed, the hasher it ran with, and the hash of the content types
    and permissions when a changed row points at them (else None)."""

    changes: list[Change]
    hasher: str
    lenient_part: str | None


#: Tables left out of the key unless the demo's rows point at them (see the module's note).
LENIENT = (ContentType, Permission)
_COPIES: dict[str, Copy] = {}


def _models() -> list[type[Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _columns(model: type[Model]) -> tuple[str, ...]:
    pk = model._meta.pk
    assert pk is not None
    rest = [
        f.column
        for f in model._meta.concrete_fields
        if f is not pk and not isinstance(f, GeneratedField)
    ]
    return (pk.column, *rest)


def _quoted(names: tuple[str, ...]) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


def _read(table: str, columns: tuple[str, ...]) -> Rows:
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"SELECT {_quoted(columns)} FROM {name}")  # noqa: S608
            return list(cursor.fetchall())
        query = f"COPY {name} ({_quoted(columns)}) TO STDOUT"
        with cursor.cursor.copy(query) as copy:
            text = b"".join(bytes(block) for block in copy)
    return text.splitlines()


def _pk(row: Any) -> Any:
    return row.split(b"\t", 1)[0].decode() if isinstance(row, bytes) else row[0]


def _state() -> dict[str, tuple[tuple[str, ...], Rows]]:
    state = {}
    for model in _models():
        columns = _columns(model)
        state[model._meta.db_table] = (columns, _read(model._meta.db_table, columns))
    return state


def _digest(state: dict[str, tuple[tuple[str, ...], Rows]], tables: list[str]) -> str:
    digest = hashlib.sha256()
    for table in sorted(tables):
        digest.update(table.encode())
        for row in sorted(repr(r) for r in state[table][1]):
            digest.update(row.encode())
    return digest.hexdigest()


def _lenient() -> list[str]:
    return [m._meta.db_table for m in LENIENT]


def _key(state: dict[str, tuple[tuple[str, ...], Rows]]) -> str:
    place = (str(settings.MEDIA_ROOT), translation.get_language() or "", connection.vendor)
    strict = [t for t in state if t not in _lenient()]
    return "\0".join(place) + "\0" + _digest(state, strict)


def _points_at_lenient(changes: list[Change]) -> bool:
    tables = {m._meta.db_table: m for m in _models()}
    for change in changes:
        model = tables[change.table]
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target is not None and target in LENIENT and change.added:
                return True
    return False


def _changes(before: dict[str, tuple[tuple[str, ...], Rows]]) -> list[Change]:
    changes = []
    for table, (columns, rows) in _state().items():
        old = set(before[table][1])
        new = set(rows)
        if old != new:
            added = [r for r in rows if r not in old]
            removed = [_pk(r) for r in old - new]
            changes.append(Change(table, columns, added, removed))
    return changes


def _write(change: Change) -> None:
    name = connection.ops.quote_name(change.table)
    pk = connection.ops.quote_name(change.columns[0])
    with connection.cursor() as cursor:
        for start in range(0, len(change.removed), 500):
            part = change.removed[start : start + 500]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"DELETE FROM {name} WHERE {pk} IN ({marks})", part)  # noqa: S608
        if not change.added:
            return
        if connection.vendor != "postgresql":
            marks = ", ".join(["%s"] * len(change.columns))
            insert = f"INSERT INTO {name} ({_quoted(change.columns)}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, change.added)
            return
        query = f"COPY {name} ({_quoted(change.columns)}) FROM STDIN"
        with cursor.cursor.copy(query) as copy:
            copy.write(b"\n".join(change.added) + b"\n")


def _after_writes() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), _models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    cache.clear()


def install() -> None:
    """The demo in the database, as ``demo_load()`` leaves it (see the module's note), loaded
    in the site's default language, as a fresh process loads it: a language a previous test
    left active on the thread (a request through the locale middleware leaves its language
    on) would otherwise miss the copy and load the whole demo again."""
    with translation.override(settings.LANGUAGE_CODE):
        _install()


def _install() -> None:
    from ovop.demo.loader import demo_load  # the top floor, imported by the tests that ask

    before = _state()
    key = _key(before)
    copy = _COPIES.get(key)
    if copy is not None and copy.lenient_part in (None, _digest(before, _lenient())):
        with transaction.atomic():  # foreign keys checked once every row is back
            for change in copy.changes:
                _write(change)
            if copy.hasher != settings.PASSWORD_HASHERS[0]:
                _hash_passwords_again(copy)
            _after_writes()
        return
    demo_load()
    changes = _changes(before)
    lenient = _digest(before, _lenient()) if _points_at_lenient(changes) else None
    _COPIES[key] = Copy(changes, settings.PASSWORD_HASHERS[0], lenient)


def _hash_passwords_again(copy: Copy) -> None:
    """The demo accounts' password under the hasher in use (the copy has another's hash;
    an unusable password stays so)."""
    from ovop.accounts.models import User
    from ovop.demo.data import DEMO_PASSWORD

    users = next((c for c in copy.changes if c.table == User._meta.db_table), None)
    if users is not None:
        algorithm = import_string(copy.hasher).algorithm
        accounts = User.objects.filter(
            pk__in=[_pk(row) for row in users.added], password__startswith=f"{algorithm}$"
        )
        accounts.update(password=make_password(DEMO_PASSWORD))
