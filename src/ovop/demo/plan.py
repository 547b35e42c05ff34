"""The demo's records, generated from ``data`` and a seed without touching the database.

The same seed and villages always give the same plan, to the last digit: the loader can then
compare it with what is stored and write only the differences.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

from ovop.demo import data
from ovop.enterprises.models import CertificationKind, OwnerGender


@dataclass(frozen=True)
class VillageInfo:
    code: str
    name: str

    @property
    def label(self) -> str:
        """The name as people write it: "Kurau (Timur)" → "Kurau Timur"."""
        return self.name.replace("(", "").replace(")", "").strip()

    @property
    def is_kelurahan(self) -> bool:
        return self.code.rsplit(".", 1)[-1].startswith("1")


@dataclass(frozen=True)
class ProductPlan:
    name: str
    line: str
    category: str
    unit: str
    price_idr: int
    monthly_capacity: int
    local_material_pct: int
    published: bool
    description: str
    story: str


@dataclass(frozen=True)
class CertificationPlan:
    kind: str
    number: str
    issued_on: date
    expires_on: date | None
    product: str | None  # name of the product it covers; None for the whole enterprise


@dataclass
class EnterprisePlan:
    village: VillageInfo
    line: str
    name: str
    owner_name: str
    #: OwnerGender value: the gender of the owner's generated name (``_Names.owner``), so no
    #: further random number is drawn and the rest of the demo is unchanged. About 65 % of the
    #: demo's owners are women (195 of 300 with the default seed): an assumption of the demo,
    #: following each product line's share of women (food home industries lead), not a
    #: published figure for Bangka Tengah.
    owner_gender: str
    address: str
    phone: str
    email: str
    nib: str | None
    kbli: str
    founded_year: int
    workers_male: int
    workers_female: int
    investment_idr: int
    annual_sales_idr: int = 0
    products: list[ProductPlan] = field(default_factory=list)
    certifications: list[CertificationPlan] = field(default_factory=list)


@dataclass(frozen=True)
class DemoPlan:
    enterprises: list[EnterprisePlan]
    #: The first enterprise of each centre village, making its signature product.
    signature: dict[str, EnterprisePlan]


def _round(value: float, step: int) -> int:
    return int(round(value / step) * step)


def _day(rng: random.Random, year: int) -> date:
    return date(year, rng.randint(1, 12), rng.randint(1, 28))


def _counts(rng: random.Random, villages: list[VillageInfo]) -> dict[str, int]:
    """Enterprises per village: the centres' fixed numbers, the rest shared out by weight."""
    counts = {v.code: data.CENTRES[v.code].count for v in villages if v.code in data.CENTRES}
    others = [v for v in villages if v.code not in data.CENTRES]
    spare = data.TOTAL_ENTERPRISES - sum(counts.values()) - len(others)
    weights = [(2.0 if v.is_kelurahan else 1.0) * rng.uniform(0.5, 1.5) for v in others]
    shares = [spare * w / sum(weights) for w in weights] if others else []
    floors = [math.floor(s) for s in shares]
    order = sorted(range(len(others)), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in order[: spare - sum(floors)]:
        floors[i] += 1
    counts.update({v.code: 1 + n for v, n in zip(others, floors, strict=True)})
    return counts


class _Names:
    """Owner and business names, unique across the demo."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def owner(self, female_share: float) -> tuple[str, bool]:
        rng = self.rng
        if rng.random() < 0.08:
            name = rng.choice(data.HAKKA_NAMES)
            return name, name in data.HAKKA_FEMALE
        female = rng.random() < min(max(female_share, 0.2), 0.85)
        first = rng.choice(data.FEMALE_NAMES if female else data.MALE_NAMES)
        if rng.random() < 0.15:
            return first, female
        return f"{first} {rng.choice(data.FAMILY_NAMES)}", female

    def business(self, line: data.Line, owner: str, female: bool, village: VillageInfo) -> str:
        rng = self.rng
        for _attempt in range(12):
            pattern = rng.random()
            if pattern < 0.35 and owner not in data.HAKKA_NAMES:
                title = rng.choice(("Mak", "Bu") if female else ("Pak", "Bang"))
                name = f"{line.stem} {title} {owner.split()[0]}"
            elif pattern < 0.5:
                name = f"{line.stem} Cap {rng.choice(data.BRAND_MARKS)}"
            elif pattern < 0.7:
                name = f"UD {rng.choice(data.NAME_WORDS)}"
            elif pattern < 0.9:
                name = f"{line.stem} {rng.choice(data.NAME_WORDS)}"
            else:
                name = f"{line.stem} {village.label}"
            if name not in self.taken:
                self.taken.add(name)
                return name
        n = 2
        while f"{name} {n}" in self.taken:
            n += 1
        self.taken.add(f"{name} {n}")
        return f"{name} {n}"


def _product(
    rng: random.Random, key: str, name: str, village: VillageInfo, owner: str, medium: bool
) -> ProductPlan:
    line = data.LINES[key]
    low, high = line.price_idr
    step = 500 if high < 50_000 else 1_000 if high < 200_000 else 5_000
    capacity = rng.randint(*line.capacity) * (2 if medium else 1)
    return ProductPlan(
        name=name,
        line=key,
        category=line.category,
        unit=line.unit,
        price_idr=_round(rng.randint(low, high), step),
        monthly_capacity=capacity,
        local_material_pct=rng.randint(*line.local_pct),
        published=False,
        description=line.description,
        story=f"Dibuat di {village.label} oleh {owner}.",
    )


def _products(
    rng: random.Random, main: str, mix: dict[str, int], plan: EnterprisePlan, medium: bool
) -> list[ProductPlan]:
    keys = [main]
    for chance in (0.45, 0.12):
        if rng.random() < chance:
            keys.append(rng.choices(list(mix), weights=list(mix.values()))[0])
    products: list[ProductPlan] = []
    for key in keys:
        name = rng.choice(data.LINES[key].names)
        if any(p.name == name for p in products):
            continue
        products.append(_product(rng, key, name, plan.village, plan.owner_name, medium))
    return products


def _workforce(rng: random.Random, line: data.Line, medium: bool) -> tuple[int, int, int]:
    """(male workers, female workers, investment in rupiah)."""
    if medium:
        total = rng.randint(16, 30)
        investment = _round(rng.uniform(1.0e9, 2.5e9), 5_000_000)
    else:
        weights = [6, 9, 10, 9, 8, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1]
        total = rng.choices(range(1, 16), weights=weights)[0]
        top = 9.0e8 if rng.random() < 0.08 else 3.0e8
        investment = _round(math.exp(rng.uniform(math.log(5.0e6), math.log(top))), 500_000)
    female = min(
        total, max(0, round(total * min(1.0, line.female_share + rng.uniform(-0.15, 0.15))))
    )
    return total - female, female, investment


class _Numbers:
    """Certificate numbers, unique across the demo (NIB is unique in the database)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.nibs: set[str] = set()

    def nib(self) -> str:
        while True:
            nib = f"{self.rng.choice(('8120', '9120'))}{self.rng.randint(0, 10**9 - 1):09d}"
            if nib not in self.nibs:
                self.nibs.add(nib)
                return nib

    def digits(self, n: int) -> str:
        return f"{self.rng.randint(0, 10**n - 1):0{n}d}"


def _food_certificates(
    rng: random.Random, numbers: _Numbers, product: ProductPlan, medium: bool, founded: int
) -> list[CertificationPlan]:
    """BPOM MD for the bigger makers, else often a P-IRT; halal for some of either."""
    certs: list[CertificationPlan] = []
    if medium or rng.random() < 0.02:
        issued = _day(rng, max(founded, rng.randint(2021, 2025)))
        certs.append(
            CertificationPlan(
                CertificationKind.BPOM_MD,
                f"BPOM RI MD {numbers.digits(12)}",
                issued,
                date(issued.year + 5, issued.month, issued.day),
                product.name,
            )
        )
    elif rng.random() < 0.65:
        year = rng.randint(2016, 2019) if rng.random() < 0.12 else rng.randint(2022, 2025)
        year = max(year, founded)
        issued = _day(rng, year)
        expires = date(year + 5, issued.month, issued.day)
        number = f"P-IRT {rng.randint(1, 5)}{rng.randint(1, 16):02d}1904{numbers.digits(5)}-"
        certs.append(
            CertificationPlan(
                CertificationKind.PIRT,
                f"{number}{expires.year % 100:02d}",
                issued,
                expires,
                product.name,
            )
        )
    if certs and rng.random() < 0.35:
        year = rng.randint(2019, 2020) if rng.random() < 0.15 else rng.randint(2021, 2025)
        year = max(year, founded)
        issued = _day(rng, year)
        # certificates from 2021 on stay valid while the recipe is unchanged (UU 6/2023)
        until = date(year + 4, issued.month, issued.day) if year <= 2020 else None
        certs.append(
            CertificationPlan(
                CertificationKind.HALAL,
                f"ID19{numbers.digits(14)}",
                issued,
                until,
                product.name,
            )
        )
    return certs


def _certificates(
    rng: random.Random, numbers: _Numbers, plan: EnterprisePlan, medium: bool
) -> list[CertificationPlan]:
    certs: list[CertificationPlan] = []
    if plan.nib:
        issued = _day(rng, max(plan.founded_year, rng.randint(2018, 2023)))
        certs.append(CertificationPlan(CertificationKind.NIB, plan.nib, issued, None, None))
    main = plan.products[0]
    if data.LINES[main.line].food:
        certs += _food_certificates(rng, numbers, main, medium, plan.founded_year)
    if rng.random() < 0.15:
        issued = _day(rng, max(plan.founded_year, rng.randint(2016, 2024)))
        expires = date(issued.year + 10, issued.month, issued.day)
        mark = f"IDM000{numbers.digits(6)}"
        certs.append(CertificationPlan(CertificationKind.TRADEMARK, mark, issued, expires, None))
    return certs


def _enterprise(
    rng: random.Random,
    names: _Names,
    numbers: _Numbers,
    village: VillageInfo,
    key: str,
    mix: dict[str, int],
) -> EnterprisePlan:
    line = data.LINES[key]
    owner, female = names.owner(line.female_share)
    medium = rng.random() < 0.04
    male, female_workers, investment = _workforce(rng, line, medium)
    place = "Kelurahan" if village.is_kelurahan else "Desa"
    slug = owner.split()[0].lower()
    plan = EnterprisePlan(
        village=village,
        line=key,
        name=names.business(line, owner, female, village),
        owner_name=owner,
        owner_gender=(OwnerGender.FEMALE if female else OwnerGender.MALE).value,
        address=(
            f"{rng.choice(data.STREETS)} No. {rng.randint(1, 120)}, RT {rng.randint(1, 12):03d}"
            f"/RW {rng.randint(1, 5):03d}, {place} {village.label}"
        ),
        phone=f"+6284{rng.randint(1, 9)}{numbers.digits(8)}" if rng.random() < 0.9 else "",
        email=f"{slug}{rng.randint(10, 99)}@example.com" if rng.random() < 0.35 else "",
        nib=numbers.nib() if rng.random() < 0.85 else None,
        kbli=line.kbli,
        founded_year=rng.randint(1998, 2022),
        workers_male=male,
        workers_female=female_workers,
        investment_idr=investment,
    )
    plan.products = _products(rng, key, mix, plan, medium)
    published_chance = 0.45 if plan.nib else 0.1
    plan.products = [
        ProductPlan(**{**p.__dict__, "published": rng.random() < published_chance})
        for p in plan.products
    ]
    utilisation = rng.uniform(0.45, 0.85)
    yearly = sum(p.price_idr * p.monthly_capacity * 12 for p in plan.products)
    plan.annual_sales_idr = _round(yearly * utilisation, 100_000)
    plan.certifications = _certificates(rng, numbers, plan, medium)
    return plan


def build_plan(*, seed: int, villages: list[VillageInfo]) -> DemoPlan:
    """The demo's enterprises, products and certificates for ``villages`` (ordered by code)."""
    rng = random.Random(seed)
    names, numbers = _Names(rng), _Numbers(rng)
    enterprises: list[EnterprisePlan] = []
    signature: dict[str, EnterprisePlan] = {}
    counts = _counts(rng, villages)
    for village in villages:
        count = counts[village.code]
        centre = data.CENTRES.get(village.code)
        if centre is not None:
            mix = centre.mix
        else:
            mix = data.COASTAL_MIX if village.code in data.COASTAL else data.INLAND_MIX
        for i in range(count):
            if centre is not None and i == 0:
                key = centre.signature
            else:
                key = rng.choices(list(mix), weights=list(mix.values()))[0]
            plan = _enterprise(rng, names, numbers, village, key, mix)
            if centre is not None and i == 0:
                signature[village.code] = plan
            enterprises.append(plan)
    return DemoPlan(enterprises=enterprises, signature=signature)
