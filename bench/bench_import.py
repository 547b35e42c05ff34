"""Benchmark the import of a survey round's values against django-import-export.

Run: python bench/bench_import.py [--ikm 100000]            (SQLite, in a temporary folder)
     bash .ci/run --only postgres -- .venv/bin/python bench/bench_import.py   (PostgreSQL)

Data (``import_setup``, seed 12): 100,000 IKM, all respondents of one round asking ten
indicators (omzet, laba, modal, produksi, harga, pelanggan, jenis_produk, sertifikat,
kompetensi, bahan_lokal) — 1,000,000 values. Ours reads the round's office template (one row
per IKM, one column per indicator) as CSV and as XLSX and goes through the services a user's
upload goes through: ``import_upload`` (store the file, the dry run: every cell read and
checked, compared with what is stored) and ``import_confirm`` (write the dry run's plan in
one transaction, or read and check again if the round changed). django-import-export imports
the same values into the same table from its natural input, a CSV of one row per value with
the table's columns, with every speed setting its documentation lists (``use_bulk``,
``force_init_instance``, ``skip_diff``, batch size 1,000, foreign keys looked up in a dict
instead of one query per row): ``import_data(dry_run=True)``, then ``dry_run=False``. It
reads CSV only (tablib reads XLSX through openpyxl, several times slower); both of our
formats are compared with that, which favours the peer.

Each case runs in a forked child, so that its peak memory (the rise of the resident set
above the child's start, VmHWM after clear_refs) is its own; a confirm is timed on its own
(its dry run, which a user always runs first, is done before the clock starts, but counts
in the peak). The script checks that both
sides stored the same 1,000,000 values, exits non-zero when they differ, and prints the
ratios (peer time ÷ ours; the target is ≥ 20).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_setup  # noqa: E402

TARGET = 20.0


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def in_child(work: Callable[[], Any]) -> tuple[float, float, Any]:
    """(seconds, peak MiB above the start, result) of ``work`` run in a forked child; the
    seconds are the result's own "seconds" when it has them (the phase it timed)."""
    from django.db import connections

    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak
            start = _rss_kib("VmRSS")
            began = time.perf_counter()
            result = work()
            seconds = time.perf_counter() - began
            peak = (_rss_kib("VmHWM") - start) / 1024
            os.write(write, json.dumps([seconds, peak, result]).encode())
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            os.write(write, json.dumps(["error", repr(error)]).encode())
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    os.waitpid(pid, 0)
    answer = json.loads(b"".join(chunks))
    if answer[0] == "error":
        raise SystemExit(f"case failed: {answer[1]}")
    seconds, peak, result = answer
    if isinstance(result, dict) and "seconds" in result:
        seconds = result.pop("seconds")
    return seconds, peak, result


def ours(round_id: int, officer_id: int, path: Path, confirm: bool) -> dict[str, Any]:
    from django.core.files.uploadedfile import UploadedFile

    from ovop.accounts.models import User
    from ovop.monitoring.models import Round
    from ovop.monitoring.services_imports import import_confirm, import_upload

    officer = User.objects.get(pk=officer_id)
    round_ = Round.objects.get(pk=round_id)
    began = time.perf_counter()
    with path.open("rb") as handle:
        upload = UploadedFile(handle, name=path.name, size=path.stat().st_size)
        job = import_upload(user=officer, kind="values", upload=upload, round_=round_)
    seconds = time.perf_counter() - began
    if confirm and job.status == "checked":
        began = time.perf_counter()
        job = import_confirm(user=officer, job=job)
        seconds = time.perf_counter() - began
    return {"status": job.status, "counts": job.counts, "seconds": seconds}


def peer(indicators: dict[str, int], path: Path, dry_run: bool) -> dict[str, Any]:
    import tablib
    from import_export import fields, resources, widgets

    from ovop.monitoring.models import Indicator, Respondent, Value

    class CachedForeignKey(widgets.ForeignKeyWidget):  # type: ignore[misc]
        """One query for all rows, as the docs advise for large imports."""

        def __init__(self, model: Any) -> None:
            super().__init__(model)
            self.cache = model.objects.in_bulk()

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            return self.cache[int(value)]

    class ValueResource(resources.ModelResource):  # type: ignore[misc]
        respondent = fields.Field("respondent", "respondent", CachedForeignKey(Respondent))
        indicator = fields.Field("indicator", "indicator", CachedForeignKey(Indicator))

        class Meta:
            model = Value
            fields = ("respondent", "indicator", "breakdown", "number", "choice", "origin")
            import_id_fields: list[str] = []
            use_bulk = True
            batch_size = 1000
            force_init_instance = True
            skip_diff = True

    dataset = tablib.Dataset().load(path.read_text(encoding="utf-8"), format="csv")
    result = ValueResource().import_data(dataset, dry_run=dry_run, raise_errors=True)
    return {"errors": result.has_errors(), "totals": dict(result.totals)}


def stored_summary() -> dict[str, Any]:
    """What the Value table holds: the count and, per indicator, the sum of the numbers."""
    from django.db.models import Count, Sum

    from ovop.monitoring.models import Value

    rows = Value.objects.values("indicator__code").annotate(n=Count("pk"), total=Sum("number"))
    return {r["indicator__code"]: [r["n"], str(r["total"].normalize())] for r in rows}


def reset(round_id: int) -> None:
    from ovop.monitoring.models import ImportJob, Respondent, Value, ValueRevision

    Value.objects.all().delete()
    ValueRevision.objects.all().delete()
    ImportJob.objects.all().delete()
    Respondent.objects.filter(round_id=round_id).update(
        status="empty", origin="", submitted_at=None, submitted_by=None
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ikm", type=int, default=100_000, help="respondents (x 10 values)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ovop-bench-"))
    import_setup.django_start(folder)
    from django.db import connection

    from ovop.monitoring.models import Indicator

    round_, officer, respondents = import_setup.make_round(args.ikm)
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    files = import_setup.write_files(folder, respondents, indicators)
    values = args.ikm * len(import_setup.CODES)
    print(
        f"database {connection.vendor}; {args.ikm:,} IKM x {len(import_setup.CODES)} = "
        f"{values:,} values; files: CSV {files['csv'].stat().st_size / 2**20:.1f} MiB, "
        f"XLSX {files['xlsx'].stat().st_size / 2**20:.1f} MiB, long CSV (peer) "
        f"{files['long'].stat().st_size / 2**20:.1f} MiB"
    )
    rid, oid = round_.pk, officer.pk
    rows: list[tuple[str, float, float, str]] = []
    summaries = {}
    for kind in ("csv", "xlsx"):
        seconds, peak, out = in_child(lambda k=kind: ours(rid, oid, files[k], False))
        rows.append((f"ours dry run {kind.upper()}", seconds, peak, str(out["counts"])))
        seconds, peak, out = in_child(lambda k=kind: ours(rid, oid, files[k], True))
        rows.append(
            (f"ours confirm {kind.upper()} (after its dry run)", seconds, peak, out["status"])
        )
        summaries[kind] = stored_summary()
        if kind == "csv":
            seconds, peak, out = in_child(lambda: ours(rid, oid, files["csv"], False))
            rows.append(("ours dry run CSV again (all stored)", seconds, peak, str(out["counts"])))
        reset(rid)
    seconds, peak, out = in_child(lambda: peer(indicators, files["long"], True))
    rows.append(("django-import-export dry run", seconds, peak, str(out["totals"])))
    seconds, peak, out = in_child(lambda: peer(indicators, files["long"], False))
    rows.append(("django-import-export import", seconds, peak, str(out["totals"])))
    summaries["peer"] = stored_summary()
    return report(rows, summaries, values)


def report(
    rows: list[tuple[str, float, float, str]], summaries: dict[str, Any], values: int
) -> int:
    width = max(len(r[0]) for r in rows)
    print(f"{'case':{width}} | seconds | peak MiB | outcome")
    for name, seconds, peak, outcome in rows:
        print(f"{name:{width}} | {seconds:7.2f} | {peak:8.1f} | {outcome[:110]}")
    times = {name: seconds for name, seconds, _, _ in rows}
    same = summaries["csv"] == summaries["xlsx"] == summaries["peer"]
    stored = sum(n for n, _ in summaries["peer"].values())
    print(f"stored values equal on both sides: {same} ({stored:,} values)")
    ratios = {
        "dry run CSV": times["django-import-export dry run"] / times["ours dry run CSV"],
        "dry run XLSX": times["django-import-export dry run"] / times["ours dry run XLSX"],
        "import CSV": times["django-import-export import"]
        / times["ours confirm CSV (after its dry run)"],
        "import XLSX": times["django-import-export import"]
        / times["ours confirm XLSX (after its dry run)"],
    }
    for name, ratio in ratios.items():
        print(f"speed-up {name:13}: {ratio:6.1f} x (target >= {TARGET:.0f})")
    if not same or stored != values:
        print("FAILED: the stored values differ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
