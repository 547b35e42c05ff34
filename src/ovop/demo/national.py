"""``ovop generate-national``: a database the size of Indonesia's OVOP-able economy.

At scale 1: 38 provinces, 514 regencies, 7,277 kecamatan and 83,762 villages
(``national_regions``), 1,000,000 IKM with 1-3 products each and a quarter of them certified
(``national_registry``), one programme per regency that a tenth of its villages joined in
2021-2024 (``national_surveys``), three survey rounds per programme asking ten indicators of
every IKM of the regency — 30,000,000 values with a known effect (``national_values``) and
their tallies (``national_answers``), each regency's targets, and two fiscal years of
proposals, activities and realised costs (``national_budget``). A smaller ``scale`` shrinks
every count in proportion (at least one of each per parent).

Everything is written in one transaction through ``core.bulk`` (COPY on PostgreSQL), so a
failed run leaves nothing behind; the tallies are checked against the values on a sample of
rounds (``tallies.differences``) before the transaction ends, and the tables are analysed
(and vacuumed on PostgreSQL, so that counts can use index-only scans) afterwards. The
generator writes only into a database that holds no programme data yet; finding its own data
of the same scale and seed, it writes nothing and says so (the benchmark reuses it).
No ratings, empowerment cycles or approved plans are generated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.core.bulk import gc_paused
from ovop.demo import national_answers, national_budget, national_registry, national_surveys
from ovop.demo.national_regions import Sizes, Tree, sizes, tree
from ovop.enterprises import tallies as registry_tallies
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.monitoring import tallies
from ovop.monitoring.models import Respondent, Round
from ovop.planning.models import Activity, FiscalYear, Proposal, Source
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region

#: IKM at scale 1.
ENTERPRISES = 1_000_000
#: The largest scale SQLite is asked to hold (1.5 million values).
SQLITE_MAX_SCALE = 0.05
#: Rounds whose tallies are compared with their values after writing (all when fewer).
CHECKED_ROUNDS = 6
#: Tables that hold programme data: any row in them and the database is not empty.
DATA_TABLES: tuple[type[models.Model], ...] = (
    Region, Enterprise, Programme, Round, FiscalYear, Proposal, Activity,
)  # fmt: skip
#: Tables written with ids chosen here, whose id sequences are moved past them.
NUMBERED: tuple[type[models.Model], ...] = (
    Region, Enterprise, Product, Certification, Programme, ProgrammeVillage, Round, Respondent,
    FiscalYear, Source, Proposal, Activity,
)  # fmt: skip


class NationalError(Exception):
    """The data set cannot be generated here (the message says why, translated)."""


@dataclass(frozen=True)
class Step:
    key: str
    seconds: float
    rows: int


@dataclass
class NationalSummary:
    size: Sizes
    seed: int
    reused: bool = False
    steps: list[Step] = field(default_factory=list)
    checked_rounds: int = 0

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


def _check_scale(scale: float) -> None:
    if not 0 < scale <= 1:
        raise NationalError(
            _("The scale is a fraction above 0 and at most 1, not %(s)s.") % {"s": scale}
        )
    if connection.vendor == "sqlite" and scale > SQLITE_MAX_SCALE:
        values = round(30 * ENTERPRISES * scale)
        raise NationalError(
            _(
                "At scale %(scale)s the data set holds %(values)s values: that needs PostgreSQL "
                "(SQLite is used up to scale %(max)s). Set DATABASE_URL to a PostgreSQL database."
            )
            % {"scale": scale, "values": f"{values:,}", "max": SQLITE_MAX_SCALE}
        )


def _found(regions: Tree, size: Sizes, note: str) -> bool:
    """Whether the database holds nothing but programme data, or exactly this generation
    (raises NationalError when it holds anything else)."""
    held = {m._meta.verbose_name_plural: m._default_manager.count() for m in DATA_TABLES}
    if not any(held.values()):
        return False
    layers = (regions.provinces, regions.regencies, regions.kecamatan, regions.villages)
    expected = sum(len(layer.codes) for layer in layers)
    ours = not Programme.objects.exclude(description=note).exists()
    if (
        ours
        and held[Programme._meta.verbose_name_plural] == size.regencies
        and held[Region._meta.verbose_name_plural] == expected
    ):
        return True
    what = ", ".join(f"{n:,} {name}" for name, n in held.items() if n)
    raise NationalError(
        _(
            "The database already holds data (%(what)s) that this generator did not write with "
            "this scale and seed. It writes only into an empty database: create a new one."
        )
        % {"what": what}
    )


def national_generate(
    *, scale: float, seed: int, say: Callable[[str, float, int], None] | None = None
) -> NationalSummary:
    """Generate the national data set at ``scale`` (see the module docstring); ``say`` is told
    each step's key, seconds and rows as it ends."""
    _check_scale(scale)
    size = sizes(scale, ENTERPRISES)
    regions = tree(size, np.random.default_rng([seed, 1]))
    note = national_surveys.mark(scale, seed)
    summary = NationalSummary(size, seed)
    if _found(regions, size, note):
        summary.reused = True
        return summary

    def step(key: str, run: Callable[[], int]) -> None:
        started = time.perf_counter()
        rows = run()
        summary.steps.append(Step(key, time.perf_counter() - started, rows))
        if say is not None:
            say(key, summary.steps[-1].seconds, rows)

    with transaction.atomic(), gc_paused():
        _write(regions, size, seed, note, step)
        step("sequences", _sequences)
        step("analyze", _analyze)
        step("check", lambda: _check_tallies(seed))
        summary.checked_rounds = summary.steps[-1].rows
    step("vacuum", _vacuum)
    return summary


def _write(
    regions: Tree, size: Sizes, seed: int, note: str, step: Callable[[str, Callable[[], int]], None]
) -> None:
    now = timezone.now()
    rng = [np.random.default_rng([seed, k]) for k in range(2, 10)]
    ids: list[list[int]] = []  # of the provinces, regencies, kecamatan, villages
    registry = national_registry.registry_plan(regions, size, rng[0])
    joined = national_surveys.joined_plan(regions, rng[4])
    n = len(regions.regencies.codes)
    written = national_answers.Written()

    def region_rows() -> int:
        ids.extend(national_registry.regions_write(regions))
        return sum(len(level) for level in ids)

    def programmes() -> int:
        national_surveys.programmes_write(regions, ids[1], note, now)
        return n + national_surveys.members_write(regions, registry, joined, ids[3])

    def values() -> int:
        nonlocal written
        written = national_answers.values_write(regions, registry, joined, now, rng[5])
        return written.values

    def budget() -> int:
        plan = national_budget.budget_plan(regions, joined, ids[3], rng[6])
        done = national_budget.budget_write(plan, now)
        return done.proposals + done.activities + done.cost_lines

    step("regions", region_rows)
    step("enterprises", lambda: national_registry.enterprises_write(registry, ids[3], now, rng[1]))
    step("products", lambda: national_registry.products_write(registry, now, rng[2]))
    step("certifications", lambda: national_registry.certifications_write(registry, now, rng[3]))
    step("registry counts", registry_tallies.rebuild)  # the rows went in past the models' save
    step("programmes", programmes)
    step("rounds", lambda: national_surveys.rounds_write(n, now))
    step("respondents", lambda: national_surveys.respondents_write(registry, joined, n, now))
    step("values", values)
    step("tallies", lambda: written.tallies)
    step("targets", lambda: national_answers.targets_write(written.baselines or {}, ids[1], now))
    step("budget", budget)


def _sequences() -> int:
    statements = connection.ops.sequence_reset_sql(no_style(), list(NUMBERED))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return len(statements)


def _analyze() -> int:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return 0


def _vacuum() -> int:
    """VACUUM (PostgreSQL: outside a transaction) marks the freshly written pages all-visible,
    so that counts can be answered from the indexes; SQLite's statistics are enough. Not
    inside a caller's transaction (a test's), where PostgreSQL refuses it."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return 0


def _check_tallies(seed: int) -> int:
    """Compare the tallies with the values on a sample of rounds; raises on a difference."""
    ids = list(Round.objects.order_by("pk").values_list("pk", flat=True))
    if len(ids) > CHECKED_ROUNDS:
        rng = np.random.default_rng([seed, 99])
        ids = sorted(
            {ids[0], ids[-1], *rng.choice(ids, CHECKED_ROUNDS - 2, replace=False).tolist()}
        )
    wrong = tallies.differences(ids)
    if wrong:
        raise NationalError(f"tallies differ from the values: {wrong[:5]}")
    return len(ids)
