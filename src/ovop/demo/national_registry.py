"""The registry of the national data set: regions, IKM, their products and certificates.

``registry_plan`` draws the enterprises (pure numpy): spread over the villages in proportion
to a weight that is three times higher on Java, with a log-normal spread between villages;
one to three products each (the first, with the lowest id, is the main product whose
category the value tallies group by); a quarter hold a P-IRT or halal certificate. The
writers put the rows in with ``core.bulk.rows_insert`` (COPY on PostgreSQL) under ids chosen
here — 1, 2, 3… in the order of the region codes, so that a regency's enterprises, its
respondents and their values are each one run of ids — without model instances, signals or
history rows: synthetic bulk data carries no audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ovop.core.bulk import rows_insert
from ovop.demo.national_regions import SYNTHETIC, Floats, Ints, Layer, Sizes, Tree, apportion
from ovop.enterprises.models import Category, Certification, Enterprise, Product
from ovop.regions.models import Kind, Level, Region

#: Product categories (``Category`` values, in this order: a category is stored as its index).
CATEGORIES: tuple[str, ...] = tuple(Category.values)
CATEGORY_SHARES = (0.45, 0.05, 0.07, 0.08, 0.04, 0.12, 0.08, 0.11)
#: Per category: the unit and the median price in rupiah.
UNITS = ("bungkus", "lembar", "lembar", "buah", "buah", "buah", "botol", "buah")
PRICES = (25_000, 600_000, 400_000, 90_000, 60_000, 200_000, 45_000, 50_000)
KBLI = ("10792", "10793", "13121", "13134", "16292", "23933", "21022", "32909")
#: IKM on Java per village, against elsewhere.
JAVA_WEIGHT = 3.0


@dataclass(frozen=True)
class Registry:
    """Per enterprise (index i; its id is i + 1): village, kecamatan and regency indexes,
    its main product's category index, price and local-material share, its figures."""

    village: Ints
    kecamatan: Ints
    regency: Ints
    category: Ints
    products: Ints
    first_product: Ints
    price: Floats
    local_pct: Ints
    annual_sales: Floats
    investment: Floats
    certified: NDArray[np.bool_]

    @property
    def size(self) -> int:
        return int(self.village.shape[0])


def registry_plan(tree: Tree, size: Sizes, rng: np.random.Generator) -> Registry:
    """The enterprises of ``tree``, ``size.enterprises`` of them, ordered by village."""
    n_villages = len(tree.villages.codes)
    weight = np.where(tree.village_on_java, JAVA_WEIGHT, 1.0) * rng.lognormal(0, 0.5, n_villages)
    village = np.repeat(np.arange(n_villages), apportion(size.enterprises, weight))
    n = village.size
    kecamatan = tree.villages.parent[village]
    products = rng.choice(np.array([1, 2, 3]), n, p=[0.5, 0.35, 0.15])
    category = rng.choice(len(CATEGORIES), n, p=CATEGORY_SHARES)
    price = np.array(PRICES, dtype=np.float64)[category] * rng.lognormal(0, 0.4, n)
    return Registry(
        village=village,
        kecamatan=kecamatan,
        regency=tree.kecamatan.parent[kecamatan],
        category=category,
        products=products,
        first_product=np.r_[0, np.cumsum(products)[:-1]] + 1,
        price=np.round(price, -2).clip(1_000, 50_000_000),
        local_pct=rng.integers(20, 101, n),
        annual_sales=np.round(rng.lognormal(np.log(120e6), 0.9, n), -4).clip(6e6, 2e10),
        investment=np.round(rng.lognormal(np.log(40e6), 1.0, n), -4).clip(1e6, 1.4e10),
        certified=rng.random(n) < 0.25,
    )


# --- writing ---------------------------------------------------------------------------------


def _coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def _level_rows(
    layer: Layer, first_id: int, parent_ids: list[int | None], level: int
) -> list[tuple[Any, ...]]:
    kinds = {1: Kind.PROVINSI, 2: Kind.KABUPATEN, 3: Kind.KECAMATAN, 4: Kind.DESA}
    return [
        (
            first_id + i,
            code,
            name,
            level,
            kinds[level],
            parent,
            "",
            _coordinate(lat),
            _coordinate(lon),
        )
        for i, (code, name, parent, lat, lon) in enumerate(
            zip(
                layer.codes,
                layer.names,
                parent_ids,
                layer.lat.tolist(),
                layer.lon.tolist(),
                strict=True,
            )
        )
    ]


def regions_write(tree: Tree) -> list[list[int]]:
    """Write the tree; the ids of each level (provinces, regencies, kecamatan, villages)."""
    fields = ("id", "code", "name", "level", "kind", "parent_id", "postal_code", "lat", "lon")
    ids: list[list[int]] = []
    parents: list[int | None] = [None] * len(tree.provinces.codes)
    next_id = 1
    layers = (tree.provinces, tree.regencies, tree.kecamatan, tree.villages)
    for level, layer in enumerate(layers, start=1):
        if level > 1:
            parents = [ids[-1][p] for p in layer.parent.tolist()]
        rows = _level_rows(layer, next_id, parents, level)
        if level == Level.REGENCY:
            rows = [
                r[:4] + (Kind.KOTA if c else r[4],) + r[5:]
                for r, c in zip(rows, tree.is_city.tolist(), strict=True)
            ]
        if level == Level.VILLAGE:
            rows = [r[:4] + (Kind.KELURAHAN if r[1][9] == "1" else r[4],) + r[5:] for r in rows]
        rows_insert(Region, fields, rows)
        ids.append([r[0] for r in rows])
        next_id += len(rows)
    return ids


def enterprises_write(
    registry: Registry, village_ids: list[int], now: dt.datetime, rng: np.random.Generator
) -> int:
    n = registry.size
    gender = rng.choice(np.array(["female", "male", ""]), n, p=[0.55, 0.4, 0.05]).tolist()
    has_nib = (rng.random(n) < 0.4).tolist()
    founded = rng.integers(1985, 2021, n).tolist()
    male = rng.integers(0, 6, n).tolist()
    female = rng.integers(1, 8, n).tolist()
    kbli = [KBLI[c] for c in registry.category.tolist()]
    villages = np.array(village_ids, dtype=np.int64)[registry.village].tolist()
    rows = (
        (
            i + 1, f"IKM {SYNTHETIC} {i + 1:07d}", f"Pemilik {SYNTHETIC} {i + 1:07d}", gender[i],
            villages[i], f"9{i + 1:012d}" if has_nib[i] else None, kbli[i], founded[i], male[i],
            female[i], int(inv), int(sales),
        )
        for i, (inv, sales) in enumerate(
            zip(registry.investment.tolist(), registry.annual_sales.tolist(), strict=True)
        )
    )  # fmt: skip
    fields = (
        "id", "name", "owner_name", "owner_gender", "village_id", "nib", "kbli", "founded_year",
        "workers_male", "workers_female", "investment_idr", "annual_sales_idr",
    )  # fmt: skip
    constants = {
        "account_id": None, "address": "", "phone": "", "email": "", "archived_at": None,
        "is_sample": True, "created_at": now, "updated_at": now,
    }  # fmt: skip
    return rows_insert(Enterprise, fields, rows, constants)


def products_write(registry: Registry, now: dt.datetime, rng: np.random.Generator) -> int:
    owner = np.repeat(np.arange(registry.size), registry.products)
    n = owner.size
    same = rng.random(n) < 0.7
    category = np.where(
        same, registry.category[owner], rng.choice(len(CATEGORIES), n, p=CATEGORY_SHARES)
    )
    category[registry.first_product - 1] = registry.category  # the main product's own
    price = np.array(PRICES, dtype=np.float64)[category] * rng.lognormal(0, 0.4, n)
    price[registry.first_product - 1] = registry.price
    local = rng.integers(20, 101, n)
    local[registry.first_product - 1] = registry.local_pct
    capacity = rng.integers(20, 2_000, n).tolist()
    published = (rng.random(n) < 0.3).tolist()
    rows = (
        (
            k + 1, e + 1, f"Produk {SYNTHETIC} {k + 1:07d}", CATEGORIES[c], lp, UNITS[c],
            int(round(p, -2)), capacity[k], published[k],
        )
        for k, (e, c, p, lp) in enumerate(
            zip(owner.tolist(), category.tolist(), price.tolist(), local.tolist(), strict=True)
        )
    )  # fmt: skip
    fields = (
        "id", "enterprise_id", "name", "category", "local_material_pct", "unit", "price_idr",
        "monthly_capacity", "published",
    )  # fmt: skip
    constants = {
        "description": "", "story": "", "archived_at": None, "is_sample": True,
        "created_at": now, "updated_at": now,
    }  # fmt: skip
    return rows_insert(Product, fields, rows, constants)


def certifications_write(registry: Registry, now: dt.datetime, rng: np.random.Generator) -> int:
    holders = np.flatnonzero(registry.certified)
    kinds = rng.choice(np.array(["pirt", "halal"]), holders.size, p=[0.6, 0.4]).tolist()
    issued = rng.integers(0, 2_500, holders.size).tolist()
    start = dt.date(2018, 1, 1)
    rows = (
        (
            int(e) + 1, kind, f"{kind.upper()}-{SYNTHETIC[:3].upper()}-{int(e) + 1:07d}",
            start + dt.timedelta(days=d), start + dt.timedelta(days=d + 5 * 365),
        )
        for e, kind, d in zip(holders.tolist(), kinds, issued, strict=True)
    )  # fmt: skip
    fields = ("enterprise_id", "kind", "number", "issued_on", "expires_on")
    constants = {
        "product_id": None, "archived_at": None, "is_sample": True, "created_at": now,
        "updated_at": now,
    }  # fmt: skip
    return rows_insert(Certification, fields, rows, constants)
