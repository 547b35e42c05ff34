"""The demo's survey rounds and what its enterprises answer in them: a seeded simulation whose
true effects are stated here, so that an evaluation of the demo can be checked against them.

Pure: numpy and the standard library, no database. ``ROUNDS`` are the rounds (year measured,
collection, indicators asked, how entries come in); ``simulate`` takes the enterprises of the
panel (participants and the matched comparison group, with their registry figures) and returns
each one's answers for each year measured, keyed by question name (``omzet``,
``tenaga_kerja__female``, ...), as a person would type them.

The model, for enterprise i in year t (s = t - BASE_YEAR)::

    D_it = 1  if i is a participant and t >= joined_year(village of i) + TRUE_ONSET_LAG_YEARS

    log omzet_it   = log(annual_sales_i / 12) + u_i + s * log(1 + TRUE_TREND_PER_YEAR)
                     + TRUE_REVENUE_EFFECT_LOG * D_it + e_it
                     u_i ~ N(0, FIXED_EFFECT_SD), e_it ~ N(0, REVENUE_NOISE_SD)
    laba_it        = omzet_it * m_i * exp(N(0, MARGIN_NOISE_SD)),  m_i ~ U(0.15, 0.35)
    modal_it       = investment_i * exp(k_i) * (1 + CAPITAL_TREND_PER_YEAR)^s   (no effect)
    produksi_it    = omzet_it / price_i * kg per unit of the main product
    pelanggan_it   = omzet_it / (price_i * b_i),  b_i ~ U(2, 6) units per buyer
    kompetensi_it  = c_i + TRUE_COMPETENCE_TREND * s + TRUE_COMPETENCE_EFFECT * D_it
                     + N(0, COMPETENCE_NOISE_SD),  c_i ~ N(COMPETENCE_MEAN, COMPETENCE_SD)
    jual_daring_it = [ v_i < ONLINE_BASE_PP + TRUE_ONLINE_TREND_PP * s
                             + TRUE_ONLINE_EFFECT_PP * D_it ] (in percent), v_i ~ U(0, 100)
    jenis_produk_it = products_i + x_i + TRUE_PRODUCT_TYPES_EFFECT * D_it,  x_i ~ Poisson(1)
    pasar_it       = the market reached at baseline (by MARKET_SHARES), one step farther
                     once D_it = 1 for the share TRUE_MARKET_STEP_SHARE of participants
    tenaga_kerja   = the registry's women and men, each +-1 at times (never to or from 0),
                     and a fixed youth part; no effect
    sertifikat_it  = certificates valid in year t in the registry (no constant: what the
                     registry and the budget-plan demo's certification activities recorded)
    bahan_lokal_it = the main product's local material share + N(0, 3), within 0-100; no effect

Why the onset lag: the demo programme's villages joined in 2019-2022 and the baseline is 2022,
so an effect from the very year of joining would already sit in every baseline value and no
before/after comparison could see it. The effect therefore takes hold in a village's fourth
year in the programme (the first years go to choosing the product, forming the groups and
getting permits; the demo's budget plans start in 2023): villages that joined in 2019 are
treated from 2023, 2020 from 2024, 2021 from 2025, and the three that joined in 2022 not
before 2026. Adoption is staggered inside the rounds: in 2024 the villages of 2021 and 2022 are
not yet treated, in 2025 those of 2022. An evaluation reads the onset from
``ProgrammeVillage.joined_year`` + ``TRUE_ONSET_LAG_YEARS``.

What an evaluation should find: on the cohorts treated by year t, a difference-in-differences
of log omzet against the comparison group between 2022 and t recovers
``TRUE_REVENUE_EFFECT_LOG`` (the trend and u_i cancel); a naive one over all participants
finds it times the share of participants treated by t. Likewise ``TRUE_COMPETENCE_EFFECT``
points of kompetensi and ``TRUE_ONLINE_EFFECT_PP`` points of the share selling online; modal,
tenaga_kerja and bahan_lokal have no effect (a check that nothing is found where there is
nothing). The data errors ``monitoring`` plants in 2025 come on top of these answers; an
evaluation leaves them out as the quality check flags them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

#: Mixed with the demo's seed: ``numpy.random.default_rng((SIMULATION_SEED, seed))``.
SIMULATION_SEED = 2022

# --- the survey -------------------------------------------------------------------------------
FULL = (
    "omzet", "laba", "modal", "produksi", "tenaga_kerja", "pelanggan", "pasar", "jual_daring",
    "jenis_produk", "sertifikat", "kompetensi", "bahan_lokal",
)  # fmt: skip
SHORT = tuple(c for c in FULL if c not in ("modal", "produksi", "bahan_lokal"))


@dataclass(frozen=True)
class RoundDesign:
    """A round: the year it measures, when it is collected (in the year after), the indicators
    it asks, how entries come in (``Origin`` values, by weight) and when it is locked."""

    name: str
    year: int
    start: date
    end: date
    codes: tuple[str, ...]
    origins: tuple[tuple[str, int], ...]
    locked_on: date | None = None


ROUNDS = (
    RoundDesign("Survei IKM OVOP 2022 (baseline)", 2022, date(2023, 7, 3), date(2023, 10, 13),
                FULL, (("web", 4), ("spreadsheet", 6)), date(2023, 11, 3)),
    RoundDesign("Survei IKM OVOP 2024", 2024, date(2025, 7, 1), date(2025, 10, 10), SHORT,
                (("web", 3), ("spreadsheet", 4), ("kobo", 3)), date(2025, 11, 5)),
    RoundDesign("Survei IKM OVOP 2025", 2025, date(2026, 7, 6), date(2026, 12, 18), FULL,
                (("web", 3), ("spreadsheet", 2), ("kobo", 5))),
)  # fmt: skip
#: Entries of the open round not approved (the rest are), by ``EntryStatus`` value.
OPEN_STATES = (("empty", 7), ("draft", 9), ("returned", 2), ("submitted", 22))
BASE_YEAR = ROUNDS[0].year
YEARS = tuple(r.year for r in ROUNDS)

# --- the true effects -------------------------------------------------------------------------
#: log points of monthly revenue (omzet ×exp(0.18), about +19.7 %) once a participant is treated.
TRUE_REVENUE_EFFECT_LOG = 0.18
#: Years from the year a village joined to the first year its enterprises are treated.
TRUE_ONSET_LAG_YEARS = 4
#: Points of the competence test score (0-100) once treated.
TRUE_COMPETENCE_EFFECT = 12.0
#: Percentage points of the chance of selling online once treated.
TRUE_ONLINE_EFFECT_PP = 20.0
#: Product types added once treated.
TRUE_PRODUCT_TYPES_EFFECT = 1
#: Share of treated participants whose farthest market is one step farther.
TRUE_MARKET_STEP_SHARE = 0.3
#: No effect on capital, workers and local material (stated so that a check can expect 0).
TRUE_CAPITAL_EFFECT_LOG = 0.0
TRUE_WORKERS_EFFECT = 0
TRUE_LOCAL_MATERIAL_EFFECT_PP = 0.0

# --- what everyone shares, and the spread -----------------------------------------------------
#: Revenue of every enterprise, participant or not, grows 6 % a year (×1.06 per year).
TRUE_TREND_PER_YEAR = 0.06
TRUE_COMPETENCE_TREND = 1.0  # points a year
TRUE_ONLINE_TREND_PP = 5.0  # percentage points a year
ONLINE_BASE_PP = 20.0
CAPITAL_TREND_PER_YEAR = 0.04
FIXED_EFFECT_SD = 0.25
REVENUE_NOISE_SD = 0.08
MARGIN_NOISE_SD = 0.05
CAPITAL_SD = 0.2
COMPETENCE_MEAN = 52.0
COMPETENCE_SD = 8.0
COMPETENCE_NOISE_SD = 4.0
LOCAL_NOISE_SD = 3.0
#: The farthest market at baseline: own village, regency, province, other provinces, export.
MARKETS = ("desa", "kabupaten", "provinsi", "nasional", "ekspor")
MARKET_SHARES = (0.35, 0.40, 0.17, 0.07, 0.01)
#: Weight of one unit of a product, by the registry's unit (kg); any other unit: 0.5 kg.
KG_PER_UNIT = {
    "kg": 1.0,
    "toples 500 g": 0.5,
    "bungkus 250 g": 0.25,
    "bungkus 200 g": 0.2,
    "bungkus 100 g": 0.1,
    "bungkus 50 g": 0.05,
    "botol": 0.25,
    "botol 250 ml": 0.3,
    "botol 600 ml": 0.65,
    "buah": 0.3,
}

Answers = dict[str, int | float | str | bool]
Floats = NDArray[np.float64]


@dataclass(frozen=True)
class Firm:
    """One enterprise of the panel, as the registry knows it."""

    participant: bool
    joined_year: int | None  # its village's, for a participant
    monthly_sales_idr: float  # registry annual sales / 12
    investment_idr: int
    workers_female: int
    workers_male: int
    product_types: int
    price_idr: int  # of the main product
    kg_per_unit: float
    local_material_pct: int
    certificates: Mapping[int, int]  # year -> certificates valid that year


def kg_per_unit(unit: str) -> float:
    return KG_PER_UNIT.get(unit.strip().lower(), 0.5)


def onset_year(firm: Firm) -> int | None:
    """The first year ``firm`` is treated (None: never, a comparison enterprise)."""
    if not firm.participant or firm.joined_year is None:
        return None
    return firm.joined_year + TRUE_ONSET_LAG_YEARS


def treated(firm: Firm, year: int) -> bool:
    onset = onset_year(firm)
    return onset is not None and year >= onset


@dataclass(frozen=True)
class _Fixed:
    """What belongs to the enterprise and stays: drawn once, in this order."""

    u: Floats
    margin: Floats
    capital: Floats
    basket: Floats
    market: NDArray[np.int64]
    market_step: Floats
    online: Floats
    extra_types: NDArray[np.int64]
    skill: Floats
    youth: NDArray[np.int64]

    @classmethod
    def draw(cls, rng: np.random.Generator, firms: Sequence[Firm]) -> _Fixed:
        n = len(firms)
        workers = np.array([max(f.workers_female + f.workers_male, 1) for f in firms])
        return cls(
            u=rng.normal(0.0, FIXED_EFFECT_SD, n),
            margin=rng.uniform(0.15, 0.35, n),
            capital=rng.normal(0.0, CAPITAL_SD, n),
            basket=rng.uniform(2.0, 6.0, n),
            market=rng.choice(len(MARKETS), size=n, p=MARKET_SHARES),
            market_step=rng.uniform(0.0, 1.0, n),
            online=rng.uniform(0.0, 100.0, n),
            extra_types=rng.poisson(1.0, n),
            skill=rng.normal(COMPETENCE_MEAN, COMPETENCE_SD, n),
            youth=rng.binomial(workers, rng.uniform(0.1, 0.4, n)),
        )


def _rounded(value: float, step: int) -> int:
    return max(step, int(round(value / step)) * step)


def _part(registry: int, step: int) -> int:
    """A worker count this year: a part of 0 stays 0, any other moves by ``step`` but stays
    at least 1 (a part going to or from nothing would read as a data error)."""
    return 0 if registry == 0 else max(1, registry + step)


def _workers(firm: Firm, youth: int, steps: list[int]) -> Answers:
    female = _part(firm.workers_female, steps[0])
    male = _part(firm.workers_male, steps[1])
    if female + male == 0:  # the owner works in the business
        female = 1
    return {
        "tenaga_kerja__female": female,
        "tenaga_kerja__male": male,
        "tenaga_kerja__youth": min(youth, female + male),
    }


def _answers(firm: Firm, fixed: _Fixed, i: int, year: int, noise: Floats) -> Answers:
    """Enterprise ``i``'s answers in ``year``; ``noise`` holds its draws of the year."""
    s = year - BASE_YEAR
    d = 1.0 if treated(firm, year) else 0.0
    e_revenue, e_margin, e_skill, e_local = (float(x) for x in noise[:4])
    log_omzet = (
        math.log(max(firm.monthly_sales_idr, 100_000.0))
        + float(fixed.u[i])
        + s * math.log1p(TRUE_TREND_PER_YEAR)
        + TRUE_REVENUE_EFFECT_LOG * d
        + e_revenue
    )
    omzet = _rounded(math.exp(log_omzet), 10_000)
    price = max(firm.price_idr, 1_000)
    capital = firm.investment_idr * math.exp(float(fixed.capital[i]) + TRUE_CAPITAL_EFFECT_LOG * d)
    skill = float(fixed.skill[i]) + TRUE_COMPETENCE_TREND * s + TRUE_COMPETENCE_EFFECT * d
    online_pp = ONLINE_BASE_PP + TRUE_ONLINE_TREND_PP * s + TRUE_ONLINE_EFFECT_PP * d
    farther = int(d > 0 and fixed.market_step[i] < TRUE_MARKET_STEP_SHARE)
    local = firm.local_material_pct + TRUE_LOCAL_MATERIAL_EFFECT_PP * d + e_local
    hired = TRUE_WORKERS_EFFECT * int(d)  # women and men each
    return {
        "omzet": omzet,
        "laba": _rounded(omzet * float(fixed.margin[i]) * math.exp(e_margin), 10_000),
        "modal": _rounded(capital * (1 + CAPITAL_TREND_PER_YEAR) ** s, 500_000),
        "produksi": round(omzet / price * firm.kg_per_unit, 1),
        **_workers(firm, int(fixed.youth[i]), [int(x) + hired for x in noise[4:6]]),
        "pelanggan": max(1, round(omzet / (price * float(fixed.basket[i])))),
        "pasar": MARKETS[min(int(fixed.market[i]) + farther, len(MARKETS) - 1)],
        "jual_daring": bool(fixed.online[i] < online_pp),
        "jenis_produk": firm.product_types + int(fixed.extra_types[i])
        + TRUE_PRODUCT_TYPES_EFFECT * int(d),
        "sertifikat": firm.certificates.get(year, 0),
        "kompetensi": round(min(max(skill + e_skill, 0.0), 100.0), 1),
        "bahan_lokal": round(min(max(local, 0.0), 100.0)),
    }  # fmt: skip


def simulate(firms: Sequence[Firm], *, seed: int) -> dict[int, list[Answers]]:
    """Every firm's answers in each of ``YEARS`` (lists in the order of ``firms``)."""
    rng = np.random.default_rng((SIMULATION_SEED, seed))
    fixed = _Fixed.draw(rng, firms)
    n = len(firms)
    out: dict[int, list[Answers]] = {}
    for year in YEARS:
        noise = np.column_stack(
            [
                rng.normal(0.0, REVENUE_NOISE_SD, n),
                rng.normal(0.0, MARGIN_NOISE_SD, n),
                rng.normal(0.0, COMPETENCE_NOISE_SD, n),
                rng.normal(0.0, LOCAL_NOISE_SD, n),
                rng.choice([-1, 0, 1], size=n, p=[0.1, 0.8, 0.1]),
                rng.choice([-1, 0, 1], size=n, p=[0.1, 0.8, 0.1]),
            ]
        )
        out[year] = [_answers(firm, fixed, i, year, noise[i]) for i, firm in enumerate(firms)]
    return out


def _numbers(answers: Answers) -> dict[str, float]:
    return {
        k: float(v)
        for k, v in answers.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


def distance(copied: Answers, own_baseline: Answers) -> float:
    """How far ``copied`` (another enterprise's answers, typed in as this one's) lies from this
    enterprise's own baseline: the largest log ratio of a number. The demo's copied entry is
    the one nearest, so that it looks like a duplicate and not like a jump as well."""
    ours = _numbers(own_baseline)
    ratios = [
        abs(math.log(v / ours[k])) for k, v in _numbers(copied).items() if v > 0 and ours.get(k)
    ]
    return max(ratios, default=math.inf)
