"""One indicator's finished values over every programme at once, as numpy arrays: the read
behind an estimate over a whole province or the country (a million IKM, three million values).

``panel.indicator_panel`` reads one programme through the ORM, a Python object per value; at
the size of the country that alone takes most of ten seconds. Here the same rules (finished
entries, the total of a split value, no value an open quality flag doubts, every programme's
villages with the year they joined, ``joined`` 0 for an enterprise outside them) are applied
two ways:

- PostgreSQL: two binary arrays (``array_send``) of the indicator's values by entry, two of
  the finished entries (the enterprise, round and side packed into one 64-bit integer) and
  two of the enterprises' villages; the few doubted entries as a list. The rounds' years and
  programmes and the programmes' villages are read as small arrays, and everything is matched
  in numpy: joining three million values to three million entries and a million enterprises
  costs the server more than the lookups cost here. Keys that are ids (from 1, few gaps) are
  looked up in a table indexed by the id itself; others by a binary search, without sorting
  keys read in their order first.

  The reads run at the same time, each on its own connection, and the two large ones in
  parts: the values in ``VALUE_PARTS`` ranges of entries, the entries in ``ENTRY_PARTS``
  ranges of the table's pages (a TID range scan). Read from disk, the values' index is
  walked in key order over pages written in another order, one random read at a time
  (5.7 s for one indicator's 208 MB on the national bench, 2.1 s in eight parts); in memory,
  the parts share the server's cores. The arrays come back as binary results (psycopg's
  server-side binding): as text each would be sent and decoded as hexadecimal, twice the
  bytes and most of a second's decoding for three million values. (Thirteen connections at
  once, for a few seconds: an estimate over a province or the country is an office's rare
  request, not a page every visitor opens.)
- Elsewhere (SQLite, one regency's data) one query joins everything and the rows are stacked.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import psycopg
from django.db import connection, transaction

from ovop.enterprises.models import Enterprise
from ovop.monitoring.models import Round
from ovop.programme.models import ProgrammeVillage

FROM = """
FROM monitoring_value v
JOIN monitoring_respondent r ON r.id = v.respondent_id AND r.status IN ('submitted', 'approved')
JOIN monitoring_round o ON o.id = r.round_id
JOIN enterprises_enterprise e ON e.id = r.enterprise_id
LEFT JOIN programme_programmevillage m
  ON m.programme_id = o.programme_id AND m.village_id = e.village_id AND m.archived_at IS NULL
WHERE v.indicator_id = %s AND v.breakdown = '' AND v.number IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM monitoring_flag f WHERE f.status = 'open' AND f.respondent_id = r.id
    AND (f.indicator_id IS NULL OR f.indicator_id = v.indicator_id))
"""
PLAIN = (
    "r.enterprise_id, o.year, v.number, COALESCE(m.joined_year, 0), "
    "CASE WHEN r.arm = 'participant' THEN 1 ELSE 0 END, o.programme_id"
)
#: One indicator's values that may count, by their entry, as two binary arrays (those of the
#: entries from the first id to before the second).
VALUES = (
    "SELECT array_send(array_agg(respondent_id::int8)), array_send(array_agg(number::float8))"
    " FROM monitoring_value WHERE indicator_id = %s AND breakdown = '' AND number IS NOT NULL"
    " AND respondent_id >= %s AND respondent_id < %s"
)
#: The first and the last entry with a value of the indicator.
VALUE_SPAN = (
    "SELECT min(respondent_id), max(respondent_id) FROM monitoring_value WHERE indicator_id = %s"
)
#: How many parts the values and the entries are read in, at the same time.
VALUE_PARTS = 8
ENTRY_PARTS = 4
#: The finished entries: their ids, and enterprise << 24 | round << 1 | participant (round
#: ids below 2**23, ``ROUND_LIMIT``).
#: (Those on the table's pages from the first number to before the second.)
ENTRIES = (
    "SELECT array_send(array_agg(id::int8)), array_send(array_agg("
    "(enterprise_id::int8 << 24) | (round_id::int8 << 1) | (arm = 'participant')::int4::int8))"
    " FROM monitoring_respondent WHERE status IN ('submitted', 'approved')"
    " AND ctid >= format('(%%s,0)', %s::int8)::tid AND ctid < format('(%%s,0)', %s::int8)::tid"
)
#: The number of pages of the entries' table.
ENTRY_PAGES = (
    "SELECT pg_relation_size('monitoring_respondent') / current_setting('block_size')::int8"
)
#: The entries an open quality flag doubts for the indicator (or for every indicator).
DOUBTED = (
    "SELECT DISTINCT respondent_id FROM monitoring_flag WHERE status = 'open'"
    " AND (indicator_id IS NULL OR indicator_id = %s)"
)
#: Every enterprise's village.
PLACES = (
    "SELECT array_send(array_agg(id::int8)), array_send(array_agg(village_id::int8))"
    f" FROM {Enterprise._meta.db_table}"
)
ROUND_LIMIT = 1 << 23


def _array(data: bytes | memoryview, kind: str) -> np.ndarray:
    """A one-dimensional array from PostgreSQL's binary array format (no NULLs): a header of
    three integers and a (length, lower bound) pair per dimension, then each element as its
    4-byte length and its bytes."""
    raw = bytes(data)
    dimensions = int.from_bytes(raw[0:4], "big")
    if dimensions == 0:  # an empty array
        return np.zeros(0, dtype=kind[1:])
    items = np.frombuffer(raw[12 + 8 * dimensions :], dtype=np.dtype([("n", ">i4"), ("v", kind)]))
    return items["v"].astype(kind.replace(">", "="))


#: A lookup table of every key up to the largest is used when it is at most this many times
#: as long as the table's keys (plus ``DENSE_SLACK``): ids, which grow from 1 with few gaps.
DENSE_RATIO = 4
DENSE_SLACK = 1 << 20


def _found(keys: np.ndarray, table_keys: np.ndarray, table_values: np.ndarray) -> np.ndarray:
    """``table_values`` at each of ``keys`` in ``table_keys`` (unique), 0 where it is not."""
    if table_keys.size == 0:
        return np.zeros(keys.shape, dtype=np.int64)
    low, high = int(table_keys.min()), int(table_keys.max())
    if low >= 0 and high < DENSE_RATIO * table_keys.size + DENSE_SLACK:
        # a value for every key up to the largest: one read per key, no search
        dense = np.zeros(high + 1, dtype=table_values.dtype)
        dense[table_keys] = table_values
        inside = (keys >= 0) & (keys <= high)
        return np.where(inside, dense[np.where(inside, keys, 0)], 0)
    if bool(np.all(table_keys[1:] > table_keys[:-1])):
        # read in key order already (a table scanned as written, or an index): no sort
        sorted_keys, sorted_values = table_keys, table_values
    else:
        order = np.argsort(table_keys, kind="stable")
        sorted_keys, sorted_values = table_keys[order], table_values[order]
    at = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return np.where(sorted_keys[at] == keys, sorted_values[at], 0)


def _matched(
    packed: np.ndarray, value: np.ndarray, places: tuple[object, ...]
) -> dict[str, np.ndarray]:
    """The packed values matched with their rounds' years and programmes and their
    enterprises' villages, and those with the programmes' villages' joining years."""
    rounds = np.array(
        list(Round.objects.values_list("pk", "programme_id", "year")), dtype=np.int64
    ).reshape(-1, 3)
    if rounds.size and rounds[:, 0].max() >= ROUND_LIMIT:
        raise ValueError(f"round ids must stay below {ROUND_LIMIT} for the packed read")
    members = np.array(
        list(
            ProgrammeVillage.objects.filter(archived_at__isnull=True).values_list(
                "programme_id", "village_id", "joined_year"
            )
        ),
        dtype=np.int64,
    ).reshape(-1, 3)
    enterprise = packed >> 24
    round_id = (packed >> 1) & (ROUND_LIMIT - 1)
    programme = _found(round_id, rounds[:, 0], rounds[:, 1])
    year = _found(round_id, rounds[:, 0], rounds[:, 2])
    ids, villages = places
    village = (
        _found(enterprise, _array(ids, ">i8"), _array(villages, ">i8"))  # type: ignore[arg-type]
        if ids is not None
        else np.zeros_like(enterprise)
    )
    joined = _found(
        (programme << 32) | village, (members[:, 0] << 32) | members[:, 1], members[:, 2]
    )
    return {
        "enterprise": enterprise,
        "year": year.astype(np.int32),
        "value": value,
        "joined": joined.astype(np.int32),
        "participant": (packed & 1).astype(np.int32),
        "programme": programme,
    }


def _empty() -> dict[str, np.ndarray]:
    return {
        "enterprise": np.zeros(0, dtype=np.int64),
        "year": np.zeros(0, dtype=np.int32),
        "value": np.zeros(0, dtype=np.float64),
        "joined": np.zeros(0, dtype=np.int32),
        "participant": np.zeros(0, dtype=np.int32),
        "programme": np.zeros(0, dtype=np.int64),
    }


def _fetch(sql: str, params: list[int]) -> tuple[object, ...]:
    """The one row of ``sql``, its values in PostgreSQL's binary format (a bytea as its bytes)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # compiling costs more than it saves here
        # Django's cursors bind parameters on the client, which returns text only
        binary = psycopg.Cursor(cursor.cursor.connection)
        try:
            binary.execute(sql, params, binary=True)
            return binary.fetchone()  # type: ignore[return-value]
        finally:
            binary.close()


def _fetch_apart(sql: str, params: list[int]) -> tuple[object, ...]:
    """``_fetch`` on this thread's own connection, closed afterwards."""
    try:
        return _fetch(sql, params)
    finally:
        connection.close()


def _parts(low: int, high: int, count: int) -> list[tuple[int, int]]:
    """``count`` ranges ``[start, end)`` that together cover ``low`` … ``high``."""
    step = max(1, -(-(high - low + 1) // count))
    return [(start, min(start + step, high + 1)) for start in range(low, high + 1, step)]


Query = tuple[str, list[int]]
Row = tuple[object, ...]
#: A block number past any table's last page (PostgreSQL numbers a table's pages in 32 bits).
PAST_LAST_PAGE = 2**32 - 1


def _queries(indicator_id: int) -> tuple[list[Query], list[Query]] | None:
    """The reads of the values (by ranges of entries) and of the entries (by ranges of the
    table's pages); None when the indicator has no value at all."""
    with connection.cursor() as cursor:
        cursor.execute(VALUE_SPAN, [indicator_id])
        first, last = cursor.fetchone()
        cursor.execute(ENTRY_PAGES)
        (pages,) = cursor.fetchone()
    if first is None:
        return None
    values = [
        (VALUES, [indicator_id, start, end]) for start, end in _parts(first, last, VALUE_PARTS)
    ]
    entries = [(ENTRIES, [start, end]) for start, end in _parts(0, max(pages, 1) - 1, ENTRY_PARTS)]
    # the last range is open: rows written since the size was read are on later pages
    entries[-1] = (ENTRIES, [entries[-1][1][0], PAST_LAST_PAGE])
    return values, entries


def _reads(indicator_id: int) -> tuple[list[Row], list[Row], Row] | None:
    """The values' parts, the entries' parts and the enterprises' villages, each read by its
    own connection at the same time (many server processes scanning, instead of one joining
    three million rows to three million entries and a million enterprises); inside a
    transaction all on its connection, which sees its writes. None: the indicator has no
    value at all."""
    planned = _queries(indicator_id)
    if planned is None:
        return None
    values, entries = planned
    queries = [*values, *entries, (PLACES, [])]
    if connection.in_atomic_block:
        rows = [_fetch(sql, params) for sql, params in queries]
    else:
        with ThreadPoolExecutor(max_workers=len(queries)) as pool:
            rows = list(pool.map(lambda query: _fetch_apart(*query), queries))
    return rows[: len(values)], rows[len(values) : -1], rows[-1]


def _joined(parts: list[Row], kinds: tuple[str, str]) -> tuple[np.ndarray, ...]:
    """The parts' two arrays each, joined in the parts' order (an empty part gives NULLs)."""
    first = [_array(a, kinds[0]) for a, _ in parts if a is not None]  # type: ignore[arg-type]
    second = [_array(b, kinds[1]) for a, b in parts if a is not None]  # type: ignore[arg-type]
    if not first:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=kinds[1][1:])
    return np.concatenate(first), np.concatenate(second)


def _postgresql(indicator_id: int) -> dict[str, np.ndarray]:
    read = _reads(indicator_id)
    if read is None:
        return _empty()
    values, entries, places = read
    respondent, numbers = _joined(values, (">i8", ">f8"))
    ids, packed_entries = _joined(entries, (">i8", ">i8"))
    if respondent.size == 0 or ids.size == 0:
        return _empty()
    packed = _found(respondent, ids, packed_entries)
    keep = packed != 0  # 0: not a finished entry (an enterprise id is never 0)
    with connection.cursor() as cursor:
        cursor.execute(DOUBTED, [indicator_id])
        doubted = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
    if doubted.size:
        keep &= ~np.isin(respondent, doubted)
    return _matched(packed[keep], numbers[keep], places)


def indicator_arrays(indicator_id: int) -> dict[str, np.ndarray]:
    """Every counted value of the indicator: ``enterprise``, ``year``, ``value``, ``joined``
    (the year its village joined the round's programme, 0 if it is not one of them),
    ``participant`` (1 or 0), and ``programme`` (the round's), aligned."""
    if connection.vendor == "postgresql":
        return _postgresql(indicator_id)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {PLAIN} {FROM}", [indicator_id])
        table = cursor.fetchall()
    if not table:
        return _empty()
    enterprise, year, value, joined, participant, programme = zip(*table, strict=True)
    return {
        "enterprise": np.array(enterprise, dtype=np.int64),
        "year": np.array(year, dtype=np.int32),
        "value": np.array(value, dtype=np.float64),
        "joined": np.array(joined, dtype=np.int32),
        "participant": np.array(participant, dtype=np.int32),
        "programme": np.array(programme, dtype=np.int64),
    }
