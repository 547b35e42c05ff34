"""Setting up and reading the national benchmark's database (``bench_national.py`` only).

Django is set up on the database ``DATABASE_URL`` names (``.ci/run --only postgres -- …``
starts a throw-away PostgreSQL cluster and sets it), else on an SQLite file in the given
folder; the national data set is generated there (``ovop.demo.national``) unless the
database already holds it at the same scale and seed. Besides the set-up: the "naive" reads
the dashboard's tallies replace (live GROUP BYs over the values), and the panel of one
indicator over every IKM built straight from the database for the staggered estimator.
"""

from __future__ import annotations

import os
import struct
import sys
import time
import warnings
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np
from django.core.cache.backends.base import CacheKeyWarning

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

#: The indicator of the estimate over every IKM.
INDICATOR = "omzet"


def django_start(folder: Path, jit: str = "server") -> None:
    """Django on the benchmark's database; ``jit`` "off" turns PostgreSQL's JIT compiler off
    for every connection (``SET jit = off``), "server" leaves the server's setting."""
    os.environ.setdefault("SECRET_KEY", "bench-only-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ovop.settings")
    os.environ.setdefault("OVOP_DATA_DIR", str(folder))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'national.sqlite3'}")
    os.environ["TASKS_BACKEND"] = "immediate"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    (folder / "static").mkdir(exist_ok=True)
    warnings.filterwarnings("ignore", category=CacheKeyWarning)  # LocMem has no such limits
    import django
    from django.core.management import call_command

    django.setup()
    if jit == "off":
        from django.db.backends.signals import connection_created

        def jit_off(sender: Any, connection: Any, **kwargs: Any) -> None:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET jit = off")

        connection_created.connect(jit_off, weak=False)
    call_command("migrate", "--no-input", verbosity=0)


def generate(scale: float, seed: int) -> Any:
    """The national data set at ``scale`` (generated, or found from an earlier run)."""
    from ovop.demo.national import national_generate

    def say(key: str, seconds: float, rows: int) -> None:
        print(f"  {key:15} {rows:>12,} rows {seconds:8.1f} s", flush=True)

    return national_generate(scale=scale, seed=seed, say=say)


def people() -> tuple[Any, Any]:
    """(viewer, officer): the dashboard's reader and the writer of a value."""
    from ovop.accounts.models import Role, User

    viewer, _ = User.objects.get_or_create(username="bench-viewer", defaults={"role": Role.VIEWER})
    officer, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"role": Role.OFFICER}
    )
    return viewer, officer


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """(p50, p95) in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, int(np.ceil(0.95 * len(ordered))) - 1)]
    return median(ordered) * 1000, p95 * 1000


#: A case stops early once its timed calls took this long (seconds), after at least
#: ``MIN_REPS`` of them: a page that takes seconds is measured well enough by a few.
BUDGET_S = 300.0
MIN_REPS = 5


def timed(run: Any, reps: int, warm: int = 3) -> tuple[list[float], Any]:
    """Seconds of each of ``reps`` calls after ``warm`` untimed ones (fewer when they
    exceed ``BUDGET_S``); the last result."""
    result = None
    for _ in range(warm):
        result = run()
    seconds: list[float] = []
    for _ in range(reps):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
        if len(seconds) >= MIN_REPS and sum(seconds) > BUDGET_S:
            break
    return seconds, result


# --- the naive path: live aggregation of the values ------------------------------------------


def _counted(year: int) -> Any:
    from ovop.monitoring.models import Value
    from ovop.monitoring.tallies import COUNTED

    return Value.objects.filter(
        respondent__round__year=year,
        respondent__status__in=COUNTED,
        breakdown="",
        number__isnull=False,
    )


def _median_aggregate() -> Any:
    from django.db import connection
    from django.db.models import Aggregate, FloatField

    class Median(Aggregate):
        function = "PERCENTILE_CONT"
        template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        output_field = FloatField()

    return Median if connection.vendor == "postgresql" else None


def naive_national(year: int) -> list[dict[str, Any]]:
    """Mean, sum, count and median of every indicator by regency and side, read live."""
    from django.db.models import Avg, Count, FloatField, Sum
    from django.db.models.functions import Cast

    number = Cast("number", FloatField())
    sums: dict[str, Any] = {"n": Count("pk"), "mean": Avg(number), "total": Sum(number)}
    median_of = _median_aggregate()
    if median_of is not None:
        sums["median"] = median_of(number)
    rows = (
        _counted(year)
        .values("respondent__round__programme__regency__code", "indicator_id", "respondent__arm")
        .annotate(**sums)
        .order_by()
    )
    return _with_median(list(rows), median_of, year, None)


def naive_regency(programme: Any, year: int) -> list[dict[str, Any]]:
    """The same for one programme's rounds of the year, by indicator and side."""
    from django.db.models import Avg, Count, FloatField, Sum
    from django.db.models.functions import Cast

    number = Cast("number", FloatField())
    sums: dict[str, Any] = {"n": Count("pk"), "mean": Avg(number), "total": Sum(number)}
    median_of = _median_aggregate()
    if median_of is not None:
        sums["median"] = median_of(number)
    rows = (
        _counted(year)
        .filter(respondent__round__programme=programme)
        .values("indicator_id", "respondent__arm")
        .annotate(**sums)
        .order_by()
    )
    return _with_median(list(rows), median_of, year, programme)


def _with_median(rows: list[dict[str, Any]], median_of: Any, year: int, programme: Any) -> Any:
    """SQLite has no median aggregate: read the numbers and take it here."""
    if median_of is not None:
        return rows
    values = _counted(year)
    fields = ["indicator_id", "respondent__arm"]
    if programme is not None:
        values = values.filter(respondent__round__programme=programme)
    else:
        fields.insert(0, "respondent__round__programme__regency__code")
    groups: dict[tuple[Any, ...], list[float]] = {}
    for *key, number in values.values_list(*fields, "number").iterator(chunk_size=20_000):
        groups.setdefault(tuple(key), []).append(float(number))
    for row in rows:
        row["median"] = median(groups[tuple(row[f] for f in fields)])
    return rows


# --- the panel over every IKM -------------------------------------------------------------------

#: Three plain reads, joined here by id (the ids are dense, so an array indexed by id is the
#: join): the indicator's values, every respondent with its round, every enterprise's village;
#: and the programmes' villages with the year each joined. Each column is fixed-width and never
#: NULL, so PostgreSQL's binary COPY of a read is one numpy record array.
READS = {
    "values": (
        "SELECT v.respondent_id, v.number::float8 FROM monitoring_value v "
        "WHERE v.indicator_id = {indicator} AND v.breakdown = '' AND v.number IS NOT NULL",
        (">i8", ">f8"),
    ),
    "respondents": (
        "SELECT r.id, r.enterprise_id, o.year::int4, o.programme_id, "
        "(r.status IN ('submitted', 'approved'))::int4, (r.arm = 'participant')::int4 "
        "FROM monitoring_respondent r JOIN monitoring_round o ON o.id = r.round_id",
        (">i8", ">i8", ">i4", ">i8", ">i4", ">i4"),
    ),
    "enterprises": ("SELECT e.id, e.village_id FROM enterprises_enterprise e", (">i8", ">i8")),
    "members": (
        "SELECT m.programme_id, m.village_id, m.joined_year::int4 "
        "FROM programme_programmevillage m WHERE m.archived_at IS NULL",
        (">i8", ">i8", ">i4"),
    ),
}


def _copy_binary(sql: str, kinds: tuple[str, ...]) -> list[np.ndarray]:
    """The columns of ``sql`` read by PostgreSQL's binary COPY (fixed-width, no NULLs)."""
    from django.db import connection

    fields: list[tuple[str, str]] = [("count", ">i2")]
    for k, kind in enumerate(kinds):
        fields += [(f"length{k}", ">i4"), (f"c{k}", kind)]
    chunks = []
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT binary)") as copy:
            chunks.extend(bytes(chunk) for chunk in copy)
    data = b"".join(chunks)
    header = 19 + struct.unpack(">i", data[15:19])[0]
    rows = np.frombuffer(data[header:-2], dtype=np.dtype(fields))  # the trailer: count -1
    return [rows[f"c{k}"].astype(kind.replace(">", "=")) for k, kind in enumerate(kinds)]


def _read(name: str, indicator: int) -> list[np.ndarray]:
    from django.db import connection

    sql, kinds = READS[name]
    sql = sql.format(indicator=int(indicator))
    if connection.vendor == "postgresql":
        return _copy_binary(sql, kinds)
    sql = sql.replace("::float8", "").replace("::int4", "")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        table = cursor.fetchall()
    return [np.array([row[k] for row in table], dtype=kinds[k][1:]) for k in range(len(kinds))]


def panel_rows(indicator_id: int) -> dict[str, np.ndarray]:
    """Every finished value of the indicator with its enterprise, year, the year its village
    joined the programme (0: not a programme village) and its side (1: participant)."""
    from django.db import connection

    connection.ensure_connection()
    respondent, number = _read("values", indicator_id)
    r_id, r_enterprise, r_year, r_programme, r_counted, r_participant = _read("respondents", 0)
    e_id, e_village = _read("enterprises", 0)
    m_programme, m_village, m_joined = _read("members", 0)
    at = np.full(int(r_id.max()) + 1, -1, dtype=np.int64)
    at[r_id] = np.arange(r_id.size)
    row = at[respondent]
    row, number = row[row >= 0], number[row >= 0]
    row, number = row[r_counted[row] == 1], number[r_counted[row] == 1]
    enterprise = r_enterprise[row]
    village_of = np.zeros(int(e_id.max()) + 1, dtype=np.int64)
    village_of[e_id] = e_village
    joined = np.zeros(row.size, dtype=np.int64)
    if m_village.size:  # (programme, village) as one sorted key, looked up by bisection
        width = int(max(m_village.max(), village_of.max())) + 1
        keys = m_programme * width + m_village
        order = np.argsort(keys)
        keys, years = keys[order], m_joined[order]
        wanted = r_programme[row] * width + village_of[enterprise]
        found = np.searchsorted(keys, wanted).clip(0, keys.size - 1)
        joined = np.where(keys[found] == wanted, years[found], 0)
    return {
        "enterprise": enterprise,
        "year": r_year[row],
        "value": number,
        "joined": joined,
        "participant": r_participant[row],
    }
