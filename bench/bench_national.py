"""Benchmark the dashboard, the estimates and the writes on a national-size database.

Run: bash .ci/run --only postgres -- .venv/bin/python bench/bench_national.py [--scale 1]
     python bench/bench_national.py [--scale 0.01]            (SQLite, in a temporary folder)

The database is filled by ``ovop generate-national`` (``ovop.demo.national``; at scale 1: 514
regencies, 83,762 villages, 1,000,000 IKM, 3 rounds x 10 indicators = 30,000,000 values,
budgets) unless it already holds that data set at the same scale and seed. Then, as a
signed-in viewer through Django's test client and through the selectors directly, each after
a few untimed calls, p50 and p95 over ``--reps`` calls:

(a) the dashboard of the regency with the most IKM (``/?programme=<id>&year=2025``), narrowed
    to its largest kecamatan and to a product category, and its API;
(b) the national dashboard (``/?programme=all``, ``/api/v1/dashboard/national/``);
(c) the dashboard's indicator figures from the value tallies against the naive way: a live
    GROUP BY of the year's values with mean, sum and median, by indicator for the regency and
    by regency x indicator for the country (and, on PostgreSQL, a materialized view of the
    latter: its read and its refresh);
(d) one indicator's staggered-adoption estimate over every IKM of every programme, as its page
    and API run it (``evaluation.pooled``: the values read as arrays by
    ``evaluation.panel_arrays``, then ``ovop.analysis.staggered`` in rupiah and on the log
    scale), and one programme's whole impact estimate (``indicator_impact``);
(e) always current: a value written through ``services_entry.entry_save``, the next
    dashboard read showing it, what the write's tally refresh costs (its kecamatan, and a
    whole round for comparison), and the worker renewing the regency's headline estimates
    (the pages show the previous ones, dated, meanwhile);
(f) the report of one regency (``ovop report``), when the project has it.

Targets (printed as verdicts, never asserted): dashboards p95 < 200 ms, the estimate over
every IKM < 5 s, the report < 30 s.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national_setup as ns  # noqa: E402
from national_cases import (  # noqa: E402
    DASHBOARD_MS,
    YEAR,
    always_current,
    estimates,
    indicators,
    record,
    report,
    rows,
)


def machine() -> None:
    from django.db import connection

    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next(
        (line.split(":", 1)[1].strip() for line in cpu.splitlines() if "Model name" in line), "?"
    )
    memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {model}, {cores} cores, "
          f"{int(memory) / 2**20:.0f} GiB; Python {platform.python_version()}")  # fmt: skip
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT version(), current_setting('shared_buffers'), current_setting('work_mem')"
            )
            version, buffers, work = cursor.fetchone()
            cursor.execute("SHOW jit")
            jit = cursor.fetchone()[0]
        print(
            f"database: {version.split(',')[0]}, shared_buffers {buffers}, work_mem {work}, "
            f"jit {jit}"
        )
    else:
        print(f"database: SQLite {connection.Database.sqlite_version}")


def table_sizes() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        path = Path(connection.settings_dict["NAME"])
        print(f"database file: {path.stat().st_size / 2**20:,.0f} MiB")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reltuples::bigint, pg_relation_size(c.oid), "
            "pg_indexes_size(c.oid), pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
            "AND n.nspname = 'public' ORDER BY pg_total_relation_size(c.oid) DESC LIMIT 12"
        )
        found = cursor.fetchall()
        cursor.execute("SELECT pg_database_size(current_database())")
        whole = cursor.fetchone()[0]
    print(f"{'table':34} | {'rows':>12} | {'table MiB':>9} | {'index MiB':>9} | {'total MiB':>9}")
    for name, n, table, index, total in found:
        print(
            f"{name:34} | {n:>12,} | {table / 2**20:9,.0f} | {index / 2**20:9,.0f} | "
            f"{total / 2**20:9,.0f}"
        )
    print(f"{'whole database':34} | {'':>12} | {'':>9} | {'':>9} | {whole / 2**20:9,.0f}")


def biggest_programme() -> tuple[Any, Any, str]:
    """The programme of the regency with the most IKM, its largest kecamatan, a category."""
    from django.db.models import Count

    from ovop.enterprises.models import Enterprise
    from ovop.programme.models import Programme

    regency = (
        Enterprise.objects.values("village__parent__parent")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert regency is not None
    programme = Programme.objects.select_related("regency").get(
        regency=regency["village__parent__parent"]
    )
    kecamatan = (
        Enterprise.objects.filter(village__parent__parent=programme.regency)
        .values("village__parent__code")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    assert kecamatan is not None
    print(f"regency: {programme.regency.code} ({regency['n']:,} IKM), programme {programme.pk}, "
          f"kecamatan {kecamatan['village__parent__code']} ({kecamatan['n']:,} IKM)")  # fmt: skip
    return programme, kecamatan["village__parent__code"], "batik"


def dashboards(viewer: Any, programme: Any, kecamatan: str, category: str, reps: int) -> None:
    from django.test import Client
    from django.urls import Resolver404, resolve

    from ovop.overview.dashboard import dashboard_get

    client = Client()
    client.force_login(viewer)

    def page(url: str) -> Any:
        def run() -> Any:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return run

    base = f"/?programme={programme.pk}&year={YEAR}"
    print("(a) the regency's dashboard")
    record("page " + base, ns.timed(page(base), reps)[0], DASHBOARD_MS)
    record(
        "page … &kecamatan=" + kecamatan,
        ns.timed(page(f"{base}&kecamatan={kecamatan}"), reps)[0],
        DASHBOARD_MS,
    )
    record(
        "page … &category=" + category,
        ns.timed(page(f"{base}&category={category}"), reps)[0],
        DASHBOARD_MS,
    )
    api = f"/api/v1/dashboard/programmes/{programme.pk}/?year={YEAR}"
    record("API " + api, ns.timed(page(api), reps)[0], DASHBOARD_MS)
    params = {"year": str(YEAR)}
    record(
        "selector dashboard_get(programme)",
        ns.timed(lambda: dashboard_get(user=viewer, programme=programme, params=params), reps)[0],
        DASHBOARD_MS,
    )
    print("(b) the national dashboard")
    try:
        resolve("/api/v1/dashboard/national/")
    except Resolver404:
        print("  not available in this version")
        return
    record(
        f"page /?programme=all&year={YEAR}",
        ns.timed(page(f"/?programme=all&year={YEAR}"), reps)[0],
        DASHBOARD_MS,
    )
    record(
        f"page /?programme=all&year={YEAR}&category={category}",
        ns.timed(page(f"/?programme=all&year={YEAR}&category={category}"), reps)[0],
        DASHBOARD_MS,
    )
    record(
        f"API /api/v1/dashboard/national/?year={YEAR}",
        ns.timed(page(f"/api/v1/dashboard/national/?year={YEAR}"), reps)[0],
        DASHBOARD_MS,
    )
    record(
        "selector dashboard_get(programme=None)",
        ns.timed(lambda: dashboard_get(user=viewer, programme=None, params=params), reps)[0],
        DASHBOARD_MS,
    )


def table() -> None:
    print()
    print(f"{'case':62} | {'p50 ms':>10} | {'p95 ms':>10} | {'n':>3} | verdict")
    for case, p50, p95, n, verdict in rows:
        print(f"{case:62} | {p50:10.1f} | {p95:10.1f} | {n:3} | {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale", type=float, default=None, help="default 1 on PostgreSQL, 0.01 on SQLite"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--naive-reps", type=int, default=3)
    parser.add_argument("--write-reps", type=int, default=20)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument(
        "--budget", type=float, default=ns.BUDGET_S,
        help="seconds after which a case stops (at least 5 timed calls)",
    )  # fmt: skip
    parser.add_argument(
        "--jit", choices=("server", "off"), default="server",
        help="PostgreSQL's JIT compiler: as the server sets it (default), or off per session",
    )  # fmt: skip
    args = parser.parse_args()
    ns.BUDGET_S = args.budget
    folder = args.folder or Path(tempfile.mkdtemp(prefix="ovop-national-"))
    ns.django_start(folder, args.jit)
    from django.db import connection

    scale = (
        args.scale
        if args.scale is not None
        else (1.0 if connection.vendor == "postgresql" else 0.01)
    )
    machine()
    print(f"generate-national --scale {scale:g} --seed {args.seed}")
    started = time.perf_counter()
    summary = ns.generate(scale, args.seed)
    took = time.perf_counter() - started
    print(
        "  found from an earlier run"
        if summary.reused
        else f"  generated in {took:.1f} s ({took / 60:.1f} min)"
    )
    table_sizes()
    viewer, officer = ns.people()
    programme, kecamatan, category = biggest_programme()
    from ovop.evaluation.headlines import headlines_compute

    headlines_compute(programme.pk)  # the worker's part, before the pages read them
    dashboards(viewer, programme, kecamatan, category, args.reps)
    indicators(programme, args.reps, args.naive_reps)
    estimates(programme, max(3, args.reps // 10))
    always_current(viewer, officer, programme, args.write_reps)
    report(programme)
    table()
    print(f"load average at the end: {Path('/proc/loadavg').read_text().split()[:3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
