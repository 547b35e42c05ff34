"""One indicator's finished values over every programme at once, as numpy arrays: the read
behind an estimate over a whole province or the country (a million IKM, three million values).

``panel.indicator_panel`` reads one programme through the ORM, a Python object per value; at
the size of the country that alone takes most of ten seconds. Here the database joins the
values to their entries, rounds, enterprises and the programmes' villages (the same rules:
finished entries, the total of a split value, no value an open quality flag doubts) and, on
PostgreSQL, hands the columns back as two binary arrays (``array_send``): the value, and the
enterprise, year, joining year and side packed into one 64-bit integer — two arrays to build
and parse instead of three million rows. Elsewhere (SQLite, one regency's data) the rows are
read and stacked. Every programme's villages count with the year they joined; an enterprise
outside them has ``joined`` 0.
"""

from __future__ import annotations

import numpy as np
from django.db import connection, transaction

NAMES = ("enterprise", "year", "value", "joined", "participant")
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
    "CASE WHEN r.arm = 'participant' THEN 1 ELSE 0 END"
)
#: enterprise << 24 | (year - 1900) << 16 | (joined - 1900, or 0) << 1 | participant; the
#: years are 2000–2100 (the models' bounds), so each fits its eight bits.
PACKED = (
    "(r.enterprise_id::int8 << 24) | ((o.year - 1900)::int8 << 16)"
    " | (COALESCE(m.joined_year - 1900, 0)::int8 << 1) | (r.arm = 'participant')::int4::int8"
)
#: For this one query: no JIT compiling (it costs more than it saves here), and parallel
#: workers for the joins although three million rows go through their gather.
SETTINGS = (
    "SET LOCAL jit = off",
    "SET LOCAL parallel_setup_cost = 0",
    "SET LOCAL parallel_tuple_cost = 0.0001",
)


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


def _unpacked(packed: np.ndarray, value: np.ndarray) -> dict[str, np.ndarray]:
    joined = (packed >> 1) & 0xFF
    return {
        "enterprise": packed >> 24,
        "year": ((packed >> 16) & 0xFF).astype(np.int32) + 1900,
        "value": value,
        "joined": np.where(joined > 0, joined + 1900, 0).astype(np.int32),
        "participant": (packed & 1).astype(np.int32),
    }


def _empty() -> dict[str, np.ndarray]:
    return _unpacked(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def indicator_arrays(indicator_id: int) -> dict[str, np.ndarray]:
    """Every counted value of the indicator: ``enterprise``, ``year``, ``value``, ``joined``
    (the year its village joined the round's programme, 0 if it is not one of them) and
    ``participant`` (1 or 0), aligned."""
    if connection.vendor == "postgresql":
        columns = f"array_send(array_agg({PACKED})), array_send(array_agg(v.number::float8))"
        with transaction.atomic(), connection.cursor() as cursor:
            for setting in SETTINGS:
                cursor.execute(setting)
            cursor.execute(f"SELECT {columns} {FROM}", [indicator_id])
            row = cursor.fetchone()
        if row is None or row[0] is None:  # no value at all: array_agg gives NULL
            return _empty()
        return _unpacked(_array(row[0], ">i8"), _array(row[1], ">f8"))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {PLAIN} {FROM}", [indicator_id])
        table = cursor.fetchall()
    if not table:
        return _empty()
    enterprise, year, value, joined, participant = zip(*table, strict=True)
    return {
        "enterprise": np.array(enterprise, dtype=np.int64),
        "year": np.array(year, dtype=np.int32),
        "value": np.array(value, dtype=np.float64),
        "joined": np.array(joined, dtype=np.int32),
        "participant": np.array(participant, dtype=np.int32),
    }
