"""What the national data set's enterprises answer in each survey round, and the running sums
(tallies) of those answers. Pure: numpy only.

The model, for enterprise i in year t (s = t - BASE_YEAR), with D_it = 1 once i is a
participant and t >= the year its village joined + ``TRUE_LAG_YEARS``::

    log omzet_it  = log(annual_sales_i / 12) + TREND * s + TRUE_REVENUE_EFFECT_LOG * D_it
                    + N(0, NOISE_SD)
    laba_it       = omzet_it * m_i * exp(N(0, 0.2)), m_i ~ U(0.10, 0.35); a loss of up to a
                    tenth of omzet in LOSS_SHARE of the answers
    modal_it      = investment_i * 1.03^s * exp(N(0, 0.05))                      (no effect)
    harga_it      = the main product's price * 1.03^s                             (no effect)
    produksi_it   = omzet_it / harga_it * kg per unit (U(0.2, 2))
    pelanggan_it  = omzet_it / (harga_it * units per buyer (U(2, 6)))
    jenis_produk  = products_i + Poisson(1) + D_it
    sertifikat    = certificates_i + D_it * Bernoulli(0.3)
    kompetensi_it = c_i + 2 s + TRUE_COMPETENCE_EFFECT * D_it + N(0, 5), c_i ~ N(55, 12)
    bahan_lokal   = the main product's local share + N(0, 3)                     (no effect)

each rounded as it is stored (rupiah to the thousand, one decimal for production and the
score) and kept inside the indicator's plausible range. An evaluation with the default onset
(0 years) should find TRUE_REVENUE_EFFECT_LOG in log omzet and TRUE_COMPETENCE_EFFECT points
of kompetensi by staggered adoption; a plain 2022-to-2025 difference-in-differences finds
less, since villages that joined by 2022 are already treated at baseline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

#: The indicators every round asks (shipped defaults), their decimals as stored, and the
#: plausible range each answer is kept in.
CODES = (
    "omzet", "laba", "modal", "produksi", "harga", "pelanggan", "jenis_produk", "sertifikat",
    "kompetensi", "bahan_lokal",
)  # fmt: skip
DECIMALS = (0, 0, 0, 1, 0, 0, 0, 0, 1, 0)
STEPS = (1_000, 1_000, 10_000, 0.1, 100, 1, 1, 1, 0.1, 1)
LOW = (0, -1e9, 0, 0, 0, 0, 0, 0, 0, 0)
HIGH = (5e9, 2e9, 15e9, 1e6, 5e7, 1e5, 200, 20, 100, 100)
#: The years the three rounds measure: the baseline and two follow-ups.
YEARS = (2022, 2024, 2025)
BASE_YEAR = YEARS[0]
JOIN_YEARS = (2021, 2022, 2023, 2024)

TRUE_REVENUE_EFFECT_LOG = 0.18
TRUE_COMPETENCE_EFFECT = 12.0
TRUE_LAG_YEARS = 0
TREND = 0.04
NOISE_SD = 0.25
LOSS_SHARE = 0.08


@dataclass(frozen=True)
class Block:
    """A run of enterprises: their registry figures and when each one is treated (0: never,
    a comparison enterprise)."""

    annual_sales: Floats
    investment: Floats
    price: Floats
    local_pct: Ints
    products: Ints
    certified: NDArray[np.bool_]
    onset: Ints

    @property
    def size(self) -> int:
        return int(self.onset.shape[0])


@dataclass(frozen=True)
class Traits:
    """What stays with an enterprise from round to round."""

    margin: Floats
    kg_per_unit: Floats
    per_buyer: Floats
    competence: Floats


def traits(n: int, rng: np.random.Generator) -> Traits:
    return Traits(
        margin=rng.uniform(0.10, 0.35, n),
        kg_per_unit=rng.uniform(0.2, 2.0, n),
        per_buyer=rng.uniform(2.0, 6.0, n),
        competence=rng.normal(55.0, 12.0, n),
    )


def _kept(values: Floats, column: int) -> Floats:
    """Rounded as stored (whole thousands of rupiah, one decimal…), inside the range."""
    step = STEPS[column]
    rounded = np.round(values / step) * step if step >= 1 else np.round(values, DECIMALS[column])
    return np.clip(rounded, LOW[column], HIGH[column])


def answers(block: Block, kept: Traits, year: int, rng: np.random.Generator) -> Floats:
    """The answers of ``block`` in ``year``: an n x 10 array in the order of ``CODES``, each
    value as it is stored."""
    n, s = block.size, year - BASE_YEAR
    treated = (block.onset > 0) & (year >= block.onset)
    d = treated.astype(np.float64)
    log_omzet = np.log(block.annual_sales / 12) + TREND * s + TRUE_REVENUE_EFFECT_LOG * d
    omzet = np.exp(log_omzet + rng.normal(0.0, NOISE_SD, n))
    loss = rng.random(n) < LOSS_SHARE
    laba = np.where(
        loss,
        -omzet * rng.uniform(0.0, 0.1, n),
        omzet * kept.margin * np.exp(rng.normal(0.0, 0.2, n)),
    )
    harga = np.round(block.price * 1.03**s, -2)
    out = np.empty((n, len(CODES)))
    out[:, 0] = omzet
    out[:, 1] = laba
    out[:, 2] = block.investment * 1.03**s * np.exp(rng.normal(0.0, 0.05, n))
    out[:, 3] = omzet / harga * kept.kg_per_unit
    out[:, 4] = harga
    out[:, 5] = np.round(omzet / (harga * kept.per_buyer))
    out[:, 6] = block.products + rng.poisson(1.0, n) + d
    out[:, 7] = block.certified + d * (rng.random(n) < 0.3)
    out[:, 8] = kept.competence + 2.0 * s + TRUE_COMPETENCE_EFFECT * d + rng.normal(0.0, 5.0, n)
    out[:, 9] = np.round(block.local_pct + rng.normal(0.0, 3.0, n))
    for column in range(len(CODES)):
        out[:, column] = _kept(out[:, column], column)
    return out


def texts(values: Floats) -> list[list[str]]:
    """Each column of ``values`` as the text the database is given ("1250000", "12.5")."""
    columns = []
    for column, places in enumerate(DECIMALS):
        part = values[:, column]
        if places:
            columns.append([f"{v:.{places}f}" for v in part.tolist()])
        else:
            columns.append(part.astype(np.int64).astype(str).tolist())
    return columns


# --- the running sums --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cube:
    """The count, sum, sum of squares and count of ones of the values, by indicator x arm
    (0 participant, 1 comparison) x kecamatan x category."""

    n: Floats
    total: Floats
    total_sq: Floats
    ones: Floats


def cube(
    values: Floats, arm: Ints, kecamatan: Ints, category: Ints, shape: tuple[int, int]
) -> Cube:
    """Sums of one round's ``values`` (n x indicators) in a cube of ``shape`` = (number of
    kecamatan, number of categories)."""
    n_kec, n_cat = shape
    cell = (arm * n_kec + kecamatan) * n_cat + category
    width = 2 * n_kec * n_cat
    indicators = values.shape[1]
    key = (np.arange(indicators)[None, :] * width + cell[:, None]).ravel()
    flat = values.ravel()
    size = indicators * width
    form = (indicators, 2, n_kec, n_cat)

    def summed(weights: Floats | None) -> Floats:
        found = np.bincount(key, weights=weights, minlength=size)
        return np.asarray(found, dtype=np.float64).reshape(form)

    return Cube(
        n=summed(None),
        total=summed(flat),
        total_sq=summed(flat * flat),
        ones=summed((flat == 1.0).astype(np.float64)),
    )
