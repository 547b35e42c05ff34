"""Setting up and reading the national benchmark's database (``bench_national.py`` only).

Django is set up on the database ``DATABASE_URL`` names (``.ci/run --only postgres -- …``
starts a throw-away PostgreSQL cluster and sets it), else on an SQLite file in the given
folder; the national data set is generated there (``ovop.demo.national``) unless the
database already holds it at the same scale and seed. Besides the set-up: the "naive" reads
the dashboard's tallies replace (live GROUP BYs over the values).
"""

from __future__ import annotations

import os
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
    # as in production: a worker computes the dashboard's estimates and the reports, pages
    # never wait for them (the bench plays the worker where it times one)
    os.environ["TASKS_BACKEND"] = "database"
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
    from ovop.core.process import settle

    settle()  # as the WSGI entry point does for a serving process


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
