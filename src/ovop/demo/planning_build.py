"""One fiscal year's proposals for the budget-plan demo, drawn as plain values.

Nothing here touches the database: ``planning`` gathers what it needs of each village
(``VillageFacts``) and writes the ``ProposalPlan`` values this module draws from
``planning_data`` and a random generator seeded by the demo seed and the year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ovop.demo import planning_data as pd
from ovop.planning.choices import CERTIFICATION_OF, ActivityType

PRICES = {p.code: p for p in pd.PRICES}
MAX_LINKS = 5


def unit_cost(code: str, year: int) -> int:
    """The price list's unit cost of ``code`` in ``year``: 2023's, rising ~5 % a year,
    rounded to the thousand rupiah."""
    raw = PRICES[code].cost_2023_idr * (1 + pd.PRICE_RISE) ** (year - pd.YEARS[0])
    return int(round(raw, -3))


@dataclass(frozen=True)
class EnterpriseFacts:
    pk: int
    female: bool  # the owner's gender as the demo generated it
    food: bool
    product_id: int | None  # the first product (a certificate may name it)
    held: frozenset[str]  # registry kinds of certificate it holds now
    rated: bool  # a product with a star rating: the demo keeps its registry as it is


@dataclass(frozen=True)
class VillageFacts:
    village_id: int
    code: str
    kecamatan: str  # code
    label: str
    line: str  # ``data.LINES`` key
    family: str  # ``empowerment_data.WORDS`` family
    produk: str
    bahan: str
    programme: bool
    groups: tuple[int, ...]  # empowerment groups, the first holds the IKM owners
    people: tuple[int, int]  # women and men of the village's groups
    enterprises: tuple[EnterpriseFacts, ...]


@dataclass
class ProposalPlan:
    title: str
    activity_type: str
    village: VillageFacts
    price: str  # price list code, "" for a proposal read from an action plan
    unit_cost_idr: int
    units: int
    female: int
    male: int
    group_id: int | None = None
    enterprise_ids: tuple[int, ...] = ()
    mandatory: bool = False
    requires: list[int] = field(default_factory=list)  # indexes in the year's list
    support_id: int | None = None

    @property
    def cost_idr(self) -> int:
        return self.unit_cost_idr * self.units


def _eligible(village: VillageFacts, activity_type: str) -> list[EnterpriseFacts]:
    """The village's IKM such an activity may help: a certificate only to those without it."""
    kind = CERTIFICATION_OF.get(ActivityType(activity_type)) if activity_type else None
    if kind is None:
        return list(village.enterprises)
    return [
        e
        for e in village.enterprises
        if kind not in e.held and not e.rated and (e.food or kind == "trademark")
    ]


class YearBuilder:
    """Draws the proposals of one fiscal year."""

    def __init__(self, rng: random.Random, year: int, villages: list[VillageFacts]) -> None:
        self.rng, self.year, self.villages = rng, year, villages
        self.proposals: list[ProposalPlan] = []
        self._titles: set[str] = set()

    def fits(self, ask: pd.Ask, village: VillageFacts) -> bool:
        if ask.families and village.family not in ask.families:
            return False
        if ask.per == "people" and not (village.programme and village.groups):
            return False  # trainings are for the groups of programme villages
        if ask.per == "ikm":
            return len(_eligible(village, ask.activity_type)) >= ask.units[0]
        return ask.per != "group" or bool(village.groups or village.enterprises)

    def _title(self, ask: pd.Ask, village: VillageFacts, receiver: str) -> str:
        text = ask.title.format(
            produk=village.produk, bahan=village.bahan, desa=village.label, penerima=receiver
        )
        return text if len(text) <= 200 else text[:199] + "…"

    def _people(self, village: VillageFacts, n: int) -> tuple[int, int]:
        women, men = village.people
        total = max(1, women + men)
        female = min(women, round(n * women / total))
        return female, min(men, n - female)

    def draw(self, ask: pd.Ask, village: VillageFacts) -> ProposalPlan | None:
        """One proposal of ``ask`` in ``village``; None when it would repeat a title."""
        rng = self.rng
        low, high = ask.units
        units, group, helped = rng.randint(low, high), None, []
        receiver = f"IKM Desa {village.label}"
        if ask.per == "people":
            size = min(sum(village.people), rng.randint(18, 30))
            female, male = self._people(village, size)
            units *= female + male
            group = village.groups[0]
            helped = list(village.enterprises[:5])
        elif ask.per == "ikm":
            pool = _eligible(village, ask.activity_type)
            units = min(units, len(pool))
            helped = rng.sample(pool, units)
        elif ask.per == "group" and village.groups:
            group = village.groups[rng.randrange(len(village.groups))]
            receiver = "kelompok " + ("IKM" if group == village.groups[0] else "usaha bersama")
        else:
            most = max(1, min(4, len(village.enterprises)))
            count = 1 if ask.per == "group" else rng.randint(1, most)
            helped = rng.sample(list(village.enterprises), min(count, len(village.enterprises)))
            if ask.per == "group" and helped:
                receiver = "IKM binaan"
        if ask.per != "people":
            female = sum(e.female for e in helped)
            male = len(helped) - female
            if group is not None:
                female, male = self._people(village, rng.randint(12, 20))
        title = self._title(ask, village, receiver)
        if title in self._titles:
            return None
        self._titles.add(title)
        return ProposalPlan(
            title=title,
            activity_type=ask.activity_type,
            village=village,
            price=ask.price,
            unit_cost_idr=unit_cost(ask.price, self.year),
            units=units,
            female=female,
            male=male,
            group_id=group,
            enterprise_ids=tuple(e.pk for e in helped),
        )

    def mandatory(self, koba: VillageFacts) -> None:
        for item in pd.MANDATORY[: pd.MANDATORY_COUNT[self.year]]:
            title = item.title.format(year=self.year)
            self._titles.add(title)
            price = PRICES[item.price]
            self.proposals.append(ProposalPlan(
                title=title, activity_type=price.activity_type, village=koba, price=item.price,
                unit_cost_idr=unit_cost(item.price, self.year), units=item.units, female=0,
                male=0, mandatory=True,
            ))  # fmt: skip

    def typed(self, count: int) -> None:
        """``count`` proposals, programme villages asking more often than the others."""
        rng = self.rng
        weights = [pd.PROGRAMME_WEIGHT if v.programme else 1 for v in self.villages]
        asks = list(pd.ASKS)
        made, tries = 0, 0
        while made < count and tries < count * 50:
            tries += 1
            village = rng.choices(self.villages, weights)[0]
            ask = rng.choices(asks, [a.weight for a in asks])[0]
            if not self.fits(ask, village):
                continue
            proposal = self.draw(ask, village)
            if proposal is not None:
                self.proposals.append(proposal)
                made += 1

    def link(self) -> None:
        """A few dependencies: packaging, halal or BPOM of a village that also asks for its
        P-IRT need the P-IRT first (at most ``MAX_LINKS``)."""
        pirt = {
            p.village.code: k
            for k, p in enumerate(self.proposals)
            if p.activity_type == ActivityType.CERT_PIRT
        }
        linked = 0
        needing = (ActivityType.PACKAGING, ActivityType.CERT_HALAL, ActivityType.CERT_BPOM)
        for proposal in self.proposals:
            need = pirt.get(proposal.village.code)
            if proposal.activity_type in needing and need is not None and not proposal.mandatory:
                proposal.requires.append(need)
                linked += 1
                if linked == MAX_LINKS:
                    return
