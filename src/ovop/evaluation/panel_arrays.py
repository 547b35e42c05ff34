"""One indicator's finished values over every programme at once, as numpy arrays: the read
behind an estimate over a whole province or the country (a million IKM, three million values).

``panel.indicator_panel`` reads one programme through the ORM, a Python object per value; at
the size of the country that alone takes most of ten seconds. Here the database joins the
values to their entries, rounds, enterprises and the programmes' villages (the same rules:
finished entries, the total of a split value, no value an open quality flag doubts) and, on
PostgreSQL, hands each column back as one binary array (``array_send``): five values to
parse instead of three million rows. Elsewhere (SQLite, one regency's data) the rows are read
and stacked. Every programme's villages count with the year they joined; an enterprise outside
them has ``joined`` 0.
"""

from __future__ import annotations

import numpy as np
from django.db import connection, transaction

#: The columns, their PostgreSQL cast and numpy type (big-endian as PostgreSQL sends them).
COLUMNS = (
    ("enterprise", "r.enterprise_id::int8", ">i8"),
    ("year", "o.year::int4", ">i4"),
    ("value", "v.number::float8", ">f8"),
    ("joined", "COALESCE(m.joined_year, 0)::int4", ">i4"),
    ("participant", "(r.arm = 'participant')::int4", ">i4"),
)
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


def indicator_arrays(indicator_id: int) -> dict[str, np.ndarray]:
    """Every counted value of the indicator: ``enterprise``, ``year``, ``value``, ``joined``
    (the year its village joined the round's programme, 0 if it is not one of them) and
    ``participant`` (1 or 0), aligned."""
    if connection.vendor == "postgresql":
        columns = ", ".join(f"array_send(array_agg({sql}))" for _name, sql, _kind in COLUMNS)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL jit = off"
            )  # compiling this one query costs more than it saves
            cursor.execute(f"SELECT {columns} {FROM}", [indicator_id])
            row = cursor.fetchone()
        if row is None or row[0] is None:  # no value at all: array_agg gives NULL
            return {name: np.zeros(0, dtype=kind[1:]) for name, _sql, kind in COLUMNS}
        return {name: _array(row[k], kind) for k, (name, _sql, kind) in enumerate(COLUMNS)}
    plain = ", ".join(
        sql.replace("::int8", "").replace("::int4", "").replace("::float8", "")
        for _name, sql, _kind in COLUMNS
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {plain} {FROM}", [indicator_id])
        table = cursor.fetchall()
    return {
        name: np.array([row[k] for row in table], dtype=kind[1:])
        for k, (name, _sql, kind) in enumerate(COLUMNS)
    }
