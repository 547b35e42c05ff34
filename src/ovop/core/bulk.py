"""Writing many rows at once: PostgreSQL's COPY, SQLite's prepared multi-row INSERT.

``bulk_create`` builds a model instance per row and sends INSERTs of a few hundred rows; for
the million values of a large import that is most of the import's time. ``rows_insert``
takes plain tuples whose values are already what the column holds (ints, strings,
``Decimal``, aware ``datetime``, ``None``), in the order of ``fields``, and streams them:
on PostgreSQL through ``COPY … FROM STDIN`` (psycopg adapts each value), on SQLite through
a prepared INSERT of a hundred rows run again and again (``executemany`` of the sqlite3
module), elsewhere through Django's ``executemany``. ``rows_update`` sets columns by primary
key. Neither calls ``save()``, signals or field defaults: the caller gives every column that has
no database default. Both run in the caller's transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any

from django.db import connections, models, router

#: Rows per ``executemany`` call (bounds the memory of a generator's rows).
CHUNK = 20_000
#: Rows per INSERT statement on SQLite, and the parameters one statement may take (the
#: limit of SQLite before 3.32).
SQLITE_ROWS = 100
SQLITE_PARAMETERS = 999


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large import builds its rows: it would scan the
    growing heap again and again (a third of the time of reading a million values) while
    none of those rows can form a cycle. Reference counting still frees them."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    return [str(model._meta.get_field(name).column) for name in fields]  # type: ignore[union-attr]


def _chunks(rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Sequence[Any]]]:
    if isinstance(rows, list):
        for start in range(0, len(rows), CHUNK):
            yield rows[start : start + CHUNK]
        return
    chunk: list[Sequence[Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def rows_insert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
) -> int:
    """Insert ``rows`` into ``model``'s table; returns how many. ``constants``: fields that
    hold the same value in every row (sent once per statement on SQLite)."""
    constants = dict(constants or {})
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(c) for c in _columns(model, [*fields, *constants]))
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        start = f"INSERT INTO {table} ({columns}) VALUES "
        return _sqlite_insert(connection, start, len(fields), tuple(constants.values()), rows)
    same = tuple(constants.values())
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, *same))
                    count += 1
        return count
    marks = ", ".join(["%s"] * (len(fields) + len(same)))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    for chunk in _chunks(rows):
        _many(connection, sql, [(*row, *same) for row in chunk])
        count += len(chunk)
    return count


def _sqlite_insert(
    connection: Any, start: str, width: int, same: tuple[Any, ...], rows: Iterable[Sequence[Any]]
) -> int:
    """Rows by ``SQLITE_ROWS`` in one statement: SQLite spends more on running a statement once
    per row than on the row itself (a million rows: 4.2 s one by one, 1.8 s a hundred at a
    time). The constants are parameters ?1, ?2… that every row of the statement names."""
    per = max(1, min(SQLITE_ROWS, (SQLITE_PARAMETERS - len(same)) // width))
    shared = ", ".join(f"?{n}" for n in range(1, len(same) + 1))

    def statement(count: int) -> str:
        groups = []
        for k in range(count):
            first = len(same) + 1 + k * width
            own = ", ".join(f"?{n}" for n in range(first, first + width))
            groups.append(f"({own}, {shared})" if same else f"({own})")
        return start + ", ".join(groups)

    full = statement(per)
    count = 0
    for chunk in _chunks(rows):
        whole = len(chunk) - len(chunk) % per
        groups = [
            same + tuple(chain.from_iterable(chunk[i : i + per])) for i in range(0, whole, per)
        ]
        if groups:
            connection.connection.executemany(full, groups)
        if whole < len(chunk):
            rest = chunk[whole:]
            connection.connection.execute(
                statement(len(rest)), same + tuple(chain.from_iterable(rest))
            )
        count += len(chunk)
    return count


def db_value(model: type[models.Model], name: str, value: Any) -> Any:
    """``value`` as field ``name`` of ``model`` stores it (a datetime as SQLite keeps it, say):
    for a value shared by every row."""
    connection = connections[router.db_for_write(model)]
    return model._meta.get_field(name).get_db_prep_save(value, connection)  # type: ignore[union-attr]


def rows_update(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Set ``fields`` of existing rows: each row is the new values followed by the primary
    key. Returns how many rows were given."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(c)} = %s" for c in _columns(model, fields))
    pk = quote(model._meta.pk.column)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {pk} = %s"
    count = 0
    connection.ensure_connection()
    for chunk in _chunks(rows):
        _many(connection, sql, chunk)
        count += len(chunk)
    return count


def _many(connection: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if connection.vendor == "sqlite":
        # The sqlite3 connection itself: no per-row query rewriting or debug logging.
        connection.connection.executemany(sql.replace("%s", "?"), rows)
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
