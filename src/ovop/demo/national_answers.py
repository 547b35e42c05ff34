"""Write the national data set's values, their tallies and the regencies' targets.

The values go in through one ``core.bulk.InsertStream`` (one COPY on PostgreSQL), a few dozen
regencies at a time, in the order of their respondents' ids, so that every index of the value
table grows at its end. The tallies (``monitoring.models_tallies.ValueTally``) are summed here
from the same numbers, in the arrays, instead of by ``tallies.rebuild`` reading the values
back — the generator checks them against ``tallies.differences`` on a sample of rounds. The
targets of 2024 and 2025 for each regency and indicator are its participants' baseline mean
times 1.1 and 1.2 (within the indicator's range).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from ovop.core.bulk import InsertStream, db_value, rows_insert
from ovop.demo.national_regions import Floats, Ints, Tree
from ovop.demo.national_registry import CATEGORIES, Registry
from ovop.demo.national_surveys import ROUNDS, regency_runs, respondent_id, round_id
from ovop.demo.national_values import (
    CODES,
    HIGH,
    TRUE_LAG_YEARS,
    YEARS,
    Block,
    Cube,
    answers,
    cube,
    texts,
    traits,
)
from ovop.monitoring.choices import Arm, Origin
from ovop.monitoring.models import Indicator, Target, Value, ValueTally
from ovop.monitoring.models_tallies import TallyLevel

#: Enterprises written per batch (whole regencies; about 25 regencies at full size).
BATCH = 50_000
ARMS = (Arm.PARTICIPANT.value, Arm.COMPARISON.value)
TARGET_GROWTH = {2024: 1.1, 2025: 1.2}


@dataclass
class Written:
    values: int = 0
    tallies: int = 0
    #: (regency, indicator) -> the participants' baseline mean.
    baselines: dict[tuple[int, int], float] | None = None


def _copy_values(rows: Sequence[Sequence[Any]], end: str) -> str:
    return "".join([f"{r}\t{i}\t{n}{end}" for r, i, n in rows])


def _batches(runs: Ints) -> Iterator[tuple[int, int]]:
    """Runs of whole regencies holding about ``BATCH`` enterprises."""
    first = 0
    for r in range(1, runs.size):
        if runs[r] - runs[first] >= BATCH or r == runs.size - 1:
            yield first, r
            first = r


def _block(registry: Registry, joined: Ints, lo: int, hi: int) -> Block:
    joined_year = joined[registry.village[lo:hi]]
    return Block(
        annual_sales=registry.annual_sales[lo:hi],
        investment=registry.investment[lo:hi],
        price=registry.price[lo:hi],
        local_pct=registry.local_pct[lo:hi],
        products=registry.products[lo:hi],
        certified=registry.certified[lo:hi],
        onset=np.where(joined_year > 0, joined_year + TRUE_LAG_YEARS, 0),
    )


def _value_rows(
    first_id: int, indicator_ids: list[int], columns: list[list[str]]
) -> Iterator[tuple[int, int, str]]:
    for j, row in enumerate(zip(*columns, strict=True)):
        respondent = first_id + j
        for indicator, number in zip(indicator_ids, row, strict=True):
            yield respondent, indicator, number


def values_write(
    tree: Tree, registry: Registry, joined: Ints, now: dt.datetime, rng: np.random.Generator
) -> Written:
    """Every round's values and their tallies."""
    regencies = len(tree.regencies.codes)
    runs = regency_runs(registry, regencies)
    indicators = dict(Indicator.objects.filter(code__in=CODES).values_list("code", "pk"))
    indicator_ids = [indicators[c] for c in CODES]
    constants = {"breakdown": "", "choice": "", "origin": Origin.SPREADSHEET.value,
                 "updated_at": db_value(Value, "updated_at", now)}  # fmt: skip
    written = Written(baselines={})
    fields = ("respondent_id", "indicator_id", "number")
    with InsertStream(Value, fields, constants, _copy_values) as stream:
        for first, last in _batches(runs):
            lo, hi = int(runs[first]), int(runs[last])
            block = _block(registry, joined, lo, hi)
            kept = traits(block.size, rng)
            by_year = [answers(block, kept, year, rng) for year in YEARS]
            for r in range(first, last):
                a, b = int(runs[r]) - lo, int(runs[r + 1]) - lo
                for k in range(ROUNDS):
                    columns = texts(by_year[k][a:b])
                    first_id = respondent_id(runs, r, k)
                    written.values += stream.add(_value_rows(first_id, indicator_ids, columns))
            stream.pause()
            rows = _tally_rows(
                tree, registry, joined, by_year, (first, last, lo), indicator_ids, written
            )
            written.tallies += rows_insert(ValueTally, TALLY_FIELDS, rows)
    return written


TALLY_FIELDS = (
    "round_id", "indicator_id", "year", "arm", "level", "area_code", "category", "n", "total",
    "total_sq", "ones",
)  # fmt: skip


def _tally_rows(
    tree: Tree, registry: Registry, joined: Ints, by_year: list[Floats],
    span: tuple[int, int, int], indicator_ids: list[int], written: Written,
) -> list[tuple[Any, ...]]:  # fmt: skip
    first, last, lo = span
    runs = regency_runs(registry, len(tree.regencies.codes))
    rows: list[tuple[Any, ...]] = []
    for r in range(first, last):
        a, b = int(runs[r]), int(runs[r + 1])
        kecamatan = registry.kecamatan[a:b]
        kec_ids = np.flatnonzero(tree.kecamatan.parent == r)
        local = np.searchsorted(kec_ids, kecamatan)
        arm = (joined[registry.village[a:b]] == 0).astype(np.int64)
        shape = (kec_ids.size, len(CATEGORIES))
        for k, year in enumerate(YEARS):
            sums = cube(by_year[k][a - lo : b - lo], arm, local, registry.category[a:b], shape)
            codes = [tree.kecamatan.codes[i] for i in kec_ids.tolist()]
            rows.extend(
                _cube_rows(
                    sums, round_id(r, k), year, indicator_ids, codes, tree.regencies.codes[r]
                )
            )
            if k == 0 and written.baselines is not None:
                for i, indicator in enumerate(indicator_ids):
                    n = sums.n[i, 0].sum()
                    if n:
                        written.baselines[(r, indicator)] = float(sums.total[i, 0].sum() / n)
    return rows


def _with_totals(part: Floats) -> Floats:
    """indicator x arm x kecamatan x category, plus the regency (a last kecamatan) and all
    categories (a last category)."""
    areas = np.concatenate([part, part.sum(axis=2, keepdims=True)], axis=2)
    return np.concatenate([areas, areas.sum(axis=3, keepdims=True)], axis=3)


def _cube_rows(
    sums: Cube,
    round_pk: int,
    year: int,
    indicator_ids: list[int],
    kecamatan: list[str],
    regency: str,
) -> Iterator[tuple[Any, ...]]:
    """The tally rows of one round: each kecamatan and the regency, each category and all."""
    n, total, total_sq, ones = (
        _with_totals(p) for p in (sums.n, sums.total, sums.total_sq, sums.ones)
    )
    found = np.nonzero(n)
    codes = [*kecamatan, regency]
    levels = [TallyLevel.KECAMATAN.value] * len(kecamatan) + [TallyLevel.REGENCY.value]
    categories = [*CATEGORIES, ""]
    for i, arm, area, c, count, t, sq, o in zip(
        *(axis.tolist() for axis in found),
        n[found].astype(np.int64).tolist(), total[found].tolist(), total_sq[found].tolist(),
        ones[found].astype(np.int64).tolist(), strict=True,
    ):  # fmt: skip
        yield (
            round_pk, indicator_ids[i], year, ARMS[arm], levels[area], codes[area], categories[c],
            count, t, sq, o,
        )  # fmt: skip


def targets_write(
    baselines: dict[tuple[int, int], float], regency_ids: list[int], now: dt.datetime
) -> int:
    """Each regency's targets of 2024 and 2025 for every indicator its participants answered
    at baseline."""
    high = dict(zip(CODES, HIGH, strict=True))
    limit = {
        pk: high[code]
        for code, pk in Indicator.objects.filter(code__in=CODES).values_list("code", "pk")
    }
    rows = [
        (
            indicator,
            regency_ids[r],
            year,
            _money(mean),
            _money(min(mean * growth, limit[indicator])),
        )
        for (r, indicator), mean in sorted(baselines.items())
        for year, growth in TARGET_GROWTH.items()
    ]
    constants = {
        "note": "",
        "updated_at": db_value(Target, "updated_at", now),
        "updated_by_id": None,
    }
    fields = ("indicator_id", "region_id", "year", "baseline_value", "target_value")
    return rows_insert(Target, fields, rows, constants)


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")
