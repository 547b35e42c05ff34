"""The programmes and survey rounds of the national data set.

One programme per regency ("OVOP Kabupaten Sintetis 32.05", started 2021), which about a
tenth of the regency's villages (at least one) joined, each in one of 2021-2024. Each
programme has three rounds measuring 2022 (the baseline), 2024 and 2025, each asking the ten
indicators of ``national_values.CODES``; the first two are locked, the last is open. Every IKM
of the regency answers every round: those of the programme's villages as participants, the
others as the comparison group; every entry is approved but a fifth of the open round's, which
wait for review (submitted). The programme's description carries the generator's mark
(``mark``), by which a later run knows the data as its own.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ovop.core.bulk import db_value, rows_insert
from ovop.demo.national_regions import Ints, Tree
from ovop.demo.national_registry import Registry
from ovop.demo.national_values import CODES, JOIN_YEARS, YEARS
from ovop.monitoring.choices import Arm, EntryStatus, Origin, RoundKind, RoundStatus
from ovop.monitoring.defaults import indicators_install
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator
from ovop.programme.models import Designation, Programme, ProgrammeVillage, Scheme

#: The share of a regency's villages that join its programme.
JOINING_SHARE = 0.10
ROUNDS = len(YEARS)


def mark(scale: float, seed: int) -> str:
    """The description of every generated programme: names the generator, scale and seed."""
    return f"generate-national scale={scale:g} seed={seed} (data sintetis)"


def joined_plan(tree: Tree, rng: np.random.Generator) -> Ints:
    """Per village the year it joined its regency's programme, 0 when it has not."""
    regency = tree.kecamatan.parent[tree.villages.parent]
    joined = np.zeros(regency.size, dtype=np.int64)
    order = np.argsort(regency, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(regency, minlength=len(tree.regencies.codes)))]
    for r in range(len(tree.regencies.codes)):
        villages = order[bounds[r] : bounds[r + 1]]
        take = max(1, round(JOINING_SHARE * villages.size))
        chosen = rng.choice(villages, take, replace=False)
        joined[chosen] = rng.choice(np.array(JOIN_YEARS), take)
    return joined


def programmes_write(tree: Tree, regency_ids: list[int], note: str, now: dt.datetime) -> int:
    """Programme k (id k + 1) runs in regency k."""
    rows = [
        (k + 1, f"OVOP {name}", regency_ids[k], note) for k, name in enumerate(tree.regencies.names)
    ]
    constants = {
        "scheme": Scheme.REGENCY, "start_year": JOIN_YEARS[0], "is_sample": True,
        "created_at": db_value(Programme, "created_at", now), "archived_at": None,
    }  # fmt: skip
    return rows_insert(Programme, ("id", "name", "regency_id", "description"), rows, constants)


def members_write(tree: Tree, registry: Registry, joined: Ints, village_ids: list[int]) -> int:
    """The joining villages and, for each with an IKM, its designated product of the year it
    joined (the main product of its first IKM)."""
    regency = tree.kecamatan.parent[tree.villages.parent]
    members = np.flatnonzero(joined)
    rows = [
        (k + 1, int(regency[v]) + 1, village_ids[v], int(joined[v]))
        for k, v in enumerate(members.tolist())
    ]
    fields = ("id", "programme_id", "village_id", "joined_year")
    rows_insert(ProgrammeVillage, fields, rows, {"archived_at": None})
    first = np.searchsorted(registry.village, members)
    has = (first < registry.size) & (
        registry.village[np.minimum(first, registry.size - 1)] == members
    )
    designations = [
        (k + 1, int(joined[v]), int(registry.first_product[e]))
        for k, (v, e, ok) in enumerate(
            zip(members.tolist(), first.tolist(), has.tolist(), strict=True)
        )
        if ok
    ]
    constants = {"note": "", "by_selection": False}
    rows_insert(Designation, ("membership_id", "year", "product_id"), designations, constants)
    return len(rows)


def round_id(programme: int, k: int) -> int:
    """The id of round ``k`` (0: the baseline) of programme index ``programme``."""
    return programme * ROUNDS + k + 1


def rounds_write(programmes: int, now: dt.datetime) -> int:
    stamp = db_value(Round, "created_at", now)
    rows = []
    for p in range(programmes):
        for k, year in enumerate(YEARS):
            locked = k < ROUNDS - 1
            rows.append(
                (
                    round_id(p, k), p + 1,
                    f"Survei IKM {year}" + (" (baseline)" if k == 0 else ""),
                    RoundKind.BASELINE if k == 0 else RoundKind.FOLLOW_UP, year,
                    dt.date(year + 1, 7, 1).isoformat(), dt.date(year + 1, 10, 31).isoformat(),
                    None if k == 0 else round_id(p, 0),
                    RoundStatus.LOCKED if locked else RoundStatus.OPEN, stamp if locked else None,
                )
            )  # fmt: skip
    fields = (
        "id", "programme_id", "name", "kind", "year", "period_start", "period_end",
        "baseline_id", "status", "locked_at",
    )  # fmt: skip
    constants = {
        "allows_self_report": False, "locked_by_id": None, "form_version": 1, "is_sample": True,
        "created_at": stamp,
    }  # fmt: skip
    rows_insert(Round, fields, rows, constants)
    # the shipped indicators (migration monitoring 0002), made again if someone deleted them
    indicators_install(Indicator)
    indicators = dict(Indicator.objects.filter(code__in=CODES).values_list("code", "pk"))
    questions = (
        (round_id(p, k), indicators[code], order)
        for p in range(programmes)
        for k in range(ROUNDS)
        for order, code in enumerate(CODES)
    )
    rows_insert(RoundIndicator, ("round_id", "indicator_id", "order"), questions)
    return len(rows)


def regency_runs(registry: Registry, regencies: int) -> Ints:
    """The first enterprise index of each regency, and the end (``regencies`` + 1 values)."""
    counts = np.bincount(registry.regency, minlength=regencies)
    runs: Ints = np.r_[0, np.cumsum(counts)].astype(np.int64)
    return runs


def respondent_id(runs: Ints, regency: int, k: int) -> int:
    """The id of the first respondent of round ``k`` in ``regency``: a regency's respondents
    are numbered round by round, in the order of its enterprises."""
    start, count = int(runs[regency]), int(runs[regency + 1] - runs[regency])
    return ROUNDS * start + k * count + 1


#: Entries of the open (last) round still waiting for review: one in this many.
WAITING_EVERY = 5


def respondents_write(registry: Registry, joined: Ints, regencies: int, now: dt.datetime) -> int:
    """Every IKM of the regency in every round; the entries approved, but one in
    ``WAITING_EVERY`` of the open round's only submitted."""
    runs = regency_runs(registry, regencies)
    participant = (joined[registry.village] > 0).tolist()
    arms = (Arm.COMPARISON.value, Arm.PARTICIPANT.value)
    stamp = db_value(Respondent, "updated_at", now)
    approved = (EntryStatus.APPROVED.value, stamp)
    waiting = (EntryStatus.SUBMITTED.value, None)
    rows = (
        (
            respondent_id(runs, r, k) + j, round_id(r, k), e + 1, arms[participant[e]],
            *(waiting if k == ROUNDS - 1 and j % WAITING_EVERY == 0 else approved),
        )
        for r in range(regencies)
        for k in range(ROUNDS)
        for j, e in enumerate(range(int(runs[r]), int(runs[r + 1])))
    )  # fmt: skip
    constants = {
        "matched_to_id": None, "distance": None, "origin": Origin.SPREADSHEET.value,
        "submitted_at": stamp, "submitted_by_id": None, "reviewed_by_id": None,
        "review_comment": "", "updated_at": stamp,
    }  # fmt: skip
    fields = ("id", "round_id", "enterprise_id", "arm", "status", "reviewed_at")
    return rows_insert(Respondent, fields, rows, constants)
