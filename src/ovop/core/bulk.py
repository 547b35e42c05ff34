"""Writing many rows at once: PostgreSQL's COPY, SQLite's prepared multi-row INSERT.

``bulk_create`` builds a model instance per row and sends INSERTs of a few hundred rows; for
the million values of a large import that is most of the import's time. ``rows_insert``
takes plain tuples whose values are already what the column holds (ints, strings,
``Decimal``, aware ``datetime``, ``None``), in the order of ``fields``, and writes them: on
PostgreSQL as the text of ``COPY … FROM STDIN`` (each row formatted here in one pass, the
columns every row shares formatted once), on SQLite through a prepared INSERT of a hundred
rows run again and again (``executemany`` of the sqlite3 module), elsewhere through Django's
``executemany``. ``InsertStream`` does the same for rows that come in batches: on PostgreSQL
one COPY stays open from batch to batch, so that the server stores one batch while the next
is read, and it is closed by itself before any other statement runs on the connection.
``rows_update`` sets columns by primary key. None of them calls ``save()``, signals or field
defaults: the caller gives every column that has no database default. All run in the
caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from itertools import chain
from queue import Queue
from types import TracebackType
from typing import Any

from django.db import connections, models, router
from psycopg.copy import QueuedLibpqWriter

#: Rows per ``executemany`` call (bounds the memory of a generator's rows).
CHUNK = 20_000
#: Rows per INSERT statement on SQLite, and the parameters one statement may take (the
#: limit of SQLite before 3.32).
SQLITE_ROWS = 100
SQLITE_PARAMETERS = 999
#: Pieces of COPY data (up to 128 KiB each) that may wait for the server.
QUEUED = 32


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
    hold the same value in every row (sent once per statement on SQLite, formatted once for
    a COPY)."""
    with InsertStream(model, fields, constants) as stream:
        return stream.add(rows)


#: COPY's text format: these four characters are written as backslash escapes.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]").search
_COPY_PLAIN = {int, float, Decimal}
#: NULL in COPY's text format.
COPY_NULL = "\\N"


def copy_text(value: Any) -> str:
    """One value as a field of COPY's text format (``\\N`` is NULL)."""
    kind = type(value)
    if kind in _COPY_PLAIN:
        return str(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)  # type: ignore[no-any-return]
    if value is None:
        return COPY_NULL
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def copy_escaped(text: str) -> str:
    """``text`` as a field of COPY's text format."""
    return text.translate(_COPY_ESCAPES) if _COPY_SPECIAL(text) else text


def copy_lines(rows: Sequence[Sequence[Any]], end: str) -> str:
    """The COPY text of ``rows``, each line finished by ``end`` (the shared columns and the
    line break)."""
    return "".join(["\t".join([copy_text(v) for v in row]) + end for row in rows])


class _QueuedWriter(QueuedLibpqWriter):
    """psycopg's writer that sends the COPY data from a thread of its own, so that the next
    batch is read while the server stores this one — with a shorter queue than psycopg's
    1,024 pieces of up to 128 KiB: at most ``QUEUED`` pieces (4 MiB) wait."""

    def __init__(self, cursor: Any) -> None:
        super().__init__(cursor)
        self._queue = Queue(maxsize=QUEUED)  # type: ignore[assignment]


class InsertStream:
    """Rows inserted into one table batch after batch (see the module docstring); use as a
    context manager, in a transaction."""

    def __init__(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        constants: Mapping[str, Any] | None = None,
        text: Callable[[Sequence[Sequence[Any]], str], str] | None = None,
    ) -> None:
        """``text``: for rows whose kinds of values the caller knows, a quicker formatter of
        their COPY text, given the rows and the line end (``copy_lines`` otherwise)."""
        constants = dict(constants or {})
        self.connection = connections[router.db_for_write(model)]
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(c) for c in _columns(model, [*fields, *constants]))
        self.table = f"{quote(model._meta.db_table)} ({columns})"
        self.width, self.same = len(fields), tuple(constants.values())
        self.tail = "".join("\t" + copy_text(v) for v in self.same) + "\n"
        self.text = text or copy_lines
        self._copy: ExitStack | None = None
        self._write: Callable[[str], Any] | None = None
        self._hooks = ExitStack()

    def __enter__(self) -> InsertStream:
        self.connection.ensure_connection()
        if self.connection.vendor == "postgresql":
            self._hooks.enter_context(self.connection.execute_wrapper(self._before_statement))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._copy is not None:
                copy, self._copy = self._copy, None
                with self.connection.wrap_database_errors:
                    copy.__exit__(kind, error, tb)
        finally:
            self._hooks.close()

    def _before_statement(
        self, execute: Any, sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.pause()  # a COPY in progress lets no other statement run
        return execute(sql, params, many, context)

    def pause(self) -> None:
        """End the COPY in progress (the next ``add`` starts another)."""
        if self._copy is not None:
            copy, self._copy = self._copy, None
            with self.connection.wrap_database_errors:  # a duplicate shows at the end
                copy.close()

    def add(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert ``rows`` (each in the order of the stream's fields); returns how many."""
        if self.connection.vendor == "postgresql":
            return self._copy_rows(rows)
        if self.connection.vendor == "sqlite":
            start = f"INSERT INTO {self.table} VALUES "
            with self.connection.wrap_database_errors:  # sqlite3's own errors as Django's
                return _sqlite_insert(self.connection, start, self.width, self.same, rows)
        marks = ", ".join(["%s"] * (self.width + len(self.same)))
        count = 0
        for chunk in _chunks(rows):
            _many(
                self.connection,
                f"INSERT INTO {self.table} VALUES ({marks})",
                [(*row, *self.same) for row in chunk],
            )
            count += len(chunk)
        return count

    def _copy_rows(self, rows: Iterable[Sequence[Any]]) -> int:
        if self._copy is None:
            stack = ExitStack()
            cursor = stack.enter_context(self.connection.connection.cursor())
            copy = cursor.copy(f"COPY {self.table} FROM STDIN", writer=_QueuedWriter(cursor))
            self._write = stack.enter_context(copy).write
            self._copy = stack
        assert self._write is not None
        count = 0
        for chunk in _chunks(rows):
            with self.connection.wrap_database_errors:
                self._write(self.text(chunk, self.tail))
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


def pks_update(model: type[models.Model], pks: Sequence[int], values: Mapping[str, Any]) -> int:
    """Set ``values`` (field name → value) on the rows whose primary key is in ``pks``; returns
    how many keys were given. PostgreSQL gets one statement with the keys as one array
    parameter (a list of a hundred thousand placeholders costs more to send and to plan than
    the update itself); SQLite, whose statements take a limited number of parameters,
    20,000 keys a statement."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = _columns(model, list(values))
    sets = ", ".join(f"{quote(c)} = %s" for c in columns)
    params = [db_value(model, name, value) for name, value in values.items()]
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A join with the unnested keys, not "pk = ANY(array)": planned on tables whose
            # statistics are stale, the latter became a sequential scan searching the array
            # for every row (16 s for a hundred thousand instead of half a second).
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM (SELECT unnest(%s::bigint[]) AS pk) AS keys"
                f" WHERE {table}.{pk} = keys.pk",
                [*params, list(pks)],
            )
            return len(pks)
        for first in range(0, len(pks), 20_000):
            chunk = pks[first : first + 20_000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk} IN ({marks})", [*params, *chunk])
    return len(pks)


def _many(connection: Any, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if connection.vendor == "sqlite":
        # The sqlite3 connection itself: no per-row query rewriting or debug logging.
        connection.connection.executemany(sql.replace("%s", "?"), rows)
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
