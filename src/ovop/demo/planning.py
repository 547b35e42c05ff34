"""The budget-plan demo: fiscal years 2023–2027 of Bangka Tengah's OVOP line with their sources,
price lists, proposals (typed by the office and read from the villages' action plans), plans
found by the optimiser and approved, and their delivery.

2023 and 2024 are delivered and closed; 2025 delivered and open, its plan revised after the
APBD-P; 2026, the year of the reference date, is part done; 2027 is being planned: proposals
and two draft scenarios, nothing approved. Every plan is a real optimiser result
(``services_scenarios.scenario_run``) approved through ``services_approval``; the other records
are written in bulk with their history, dated around ``empowerment_data.REFERENCE_DATE``.

Idempotent like the empowerment demo: a fiscal year that already exists (from an earlier run,
or real records) is left as it is, so a second run writes nothing and adds no history.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models
from simple_history.utils import bulk_create_with_history

from ovop.accounts.models import User
from ovop.core.history import save_with_history
from ovop.demo import data
from ovop.demo import empowerment_data as ed
from ovop.demo import planning_data as pd
from ovop.demo.empowerment import female_name, village_line
from ovop.demo.empowerment_build import Batch, at
from ovop.demo.plan import DemoPlan, VillageInfo
from ovop.demo.planning_build import (
    EnterpriseFacts,
    ProposalPlan,
    VillageFacts,
    YearBuilder,
    unit_cost,
)
from ovop.demo.planning_delivery import DELIVERY_ORDER, Delivery, Facts
from ovop.empowerment.models import Group, Person, ProposalStatus, SupportProposal
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.planning.choices import DEFAULT_TYPES, YearStatus
from ovop.planning.models import FiscalYear, PriceItem, Proposal, Scenario, Source
from ovop.planning.services_approval import scenario_approve
from ovop.planning.services_proposals_import import proposals_import_from_actions
from ovop.planning.services_scenarios import scenario_create, scenario_run
from ovop.programme.models import ProgrammeVillage
from ovop.rating.models import StarRating
from ovop.regions.models import Level, Region

YEAR_ORDER: tuple[tuple[str, type[models.Model]], ...] = (
    ("year", FiscalYear),
    ("source", Source),
    ("price", PriceItem),
    ("proposal", Proposal),
    ("proposal_enterprise", Proposal.enterprises.through),
    ("proposal_requires", Proposal.requires.through),
)


@dataclass(frozen=True)
class PlanningSummary:
    years: int  # fiscal years loaded by this run
    left_alone: int  # fiscal years that were there already
    proposals: int
    scenarios: int
    activities: int
    participants: int


def write(batch: Batch, order: tuple[tuple[str, type[models.Model]], ...], user: User) -> None:
    """Write the batch in order, with history rows dated as filed; ``created_at`` too."""
    for key, model in order:
        rows = batch.rows[key]
        if not rows:
            continue
        if not hasattr(model, "history"):
            model._default_manager.bulk_create(rows, batch_size=500)
            continue
        bulk_create_with_history(
            rows, model, batch_size=500, default_user=user,
            default_change_reason=data.CHANGE_REASON,
        )  # fmt: skip
        if not any(f.name == "created_at" for f in model._meta.fields):
            continue
        by_day: dict[Any, list[int]] = defaultdict(list)
        for obj in rows:
            when = getattr(obj, "_history_date")  # noqa: B009 - set by Batch.add
            setattr(obj, "created_at", when)  # noqa: B010
            by_day[when].append(obj.pk)
        model._default_manager.bulk_update(rows, ["created_at"], batch_size=500)
        history = getattr(model, "history")  # noqa: B009
        for when, pks in by_day.items():
            history.filter(id__in=pks).update(created_at=when)


# --- what the villages hold -------------------------------------------------------------------


def _enterprise_facts(plan: DemoPlan, enterprises: dict[int, Enterprise]) -> dict[int, list[Any]]:
    """The registry's active sample IKM by village: (plan line, stored enterprise)."""
    out: dict[int, list[Any]] = defaultdict(list)
    for e in plan.enterprises:
        stored = enterprises[id(e)]
        if stored.archived_at is None:
            out[stored.village_id].append((e.line, stored))
    return out


def village_facts(plan: DemoPlan, enterprises: dict[int, Enterprise]) -> list[VillageFacts]:
    """Each village of the regency as the proposals of a year need it (read again each year:
    certificates obtained last year count)."""
    villages = (
        Region.objects.filter(code__startswith=f"{data.REGENCY_CODE}.", level=Level.VILLAGE)
        .select_related("parent")
        .order_by("code")
    )
    members = ProgrammeVillage.objects.filter(archived_at__isnull=True)
    programme = set(members.values_list("village_id", flat=True))
    groups: dict[int, list[int]] = defaultdict(list)
    for pk, village_id in Group.objects.order_by("pk").values_list("pk", "village_id"):
        groups[village_id].append(pk)
    people: Counter[tuple[int, str]] = Counter(Person.objects.values_list("village_id", "gender"))
    held: dict[int, set[str]] = defaultdict(set)
    for enterprise_id, kind in Certification.objects.filter(archived_at__isnull=True).values_list(
        "enterprise_id", "kind"
    ):
        held[enterprise_id].add(kind)
    first_product: dict[int, int] = {}
    for pk, enterprise_id in Product.objects.order_by("pk").values_list("pk", "enterprise_id"):
        first_product.setdefault(enterprise_id, pk)
    rated = set(StarRating.objects.values_list("product__enterprise_id", flat=True))
    registry = _enterprise_facts(plan, enterprises)
    facts = []
    for village in villages:
        line = village_line(plan, village.code)
        words = ed.WORDS.get(line) or ed.WORDS["keripik"]
        ikm = tuple(
            EnterpriseFacts(
                pk=e.pk, female=female_name(e.owner_name), food=data.LINES[e_line].food
                if e_line in data.LINES else True, product_id=first_product.get(e.pk),
                held=frozenset(held[e.pk]), rated=e.pk in rated,
            )
            for e_line, e in registry[village.pk]
        )  # fmt: skip
        facts.append(VillageFacts(
            village_id=village.pk, code=village.code,
            kecamatan=village.parent.code if village.parent else "",
            label=VillageInfo(village.code, village.name).label, line=line, family=words.family,
            produk=words.produk, bahan=words.bahan, programme=village.pk in programme,
            groups=tuple(groups[village.pk]),
            people=(people[(village.pk, "female")], people[(village.pk, "male")]),
            enterprises=ikm,
        ))  # fmt: skip
    return facts


# --- a fiscal year ----------------------------------------------------------------------------


class YearLoad:
    """Writes one fiscal year: sources, price list, proposals, plans and delivery."""

    def __init__(self, year: int, users: dict[str, User], seed: int) -> None:
        self.number, self.users = year, users
        self.rng = random.Random(f"planning:{seed}:{year}")
        self.officer = users["officer"]
        self.opened = at(pd.OPENED_ON[year], 9)
        self.batch = Batch(YEAR_ORDER)
        self.year = FiscalYear(year=year, is_sample=True)
        self.sources: list[Source] = []
        self.scenarios = 0

    def records(self, villages: dict[str, int]) -> None:
        self.batch.add("year", self.year, self.opened)
        for design in pd.SOURCES:
            ceiling = design.ceiling_idr.get(self.number)
            if ceiling is None:
                continue
            types = DEFAULT_TYPES[design.kind] if design.types is None else design.types
            source = Source(
                fiscal_year=self.year, kind=design.kind, name=design.name, ceiling_idr=ceiling,
                allowed_types=[str(t) for t in types],
                rules_are_default=design.types is None,
                village_id=villages[design.village] if design.village else None,
                notes=design.notes, is_sample=True,
            )  # fmt: skip
            self.sources.append(source)
            self.batch.add("source", source, self.opened)
        for price in pd.PRICES:
            item = PriceItem(
                fiscal_year=self.year, code=price.code, name=price.name, unit=price.unit,
                unit_cost_idr=unit_cost(price.code, self.number),
                activity_type=price.activity_type, is_sample=True,
            )  # fmt: skip
            self.batch.add("price", item, self.opened)

    @property
    def available_idr(self) -> int:
        return sum(s.ceiling_idr for s in self.sources)

    def proposals(self, facts: list[VillageFacts]) -> list[ProposalPlan]:
        builder = YearBuilder(self.rng, self.number, facts)
        builder.mandatory(next(v for v in facts if v.code == pd.KOBA))
        builder.typed(pd.PROPOSALS[self.number])
        asked = sum(p.cost_idr for p in builder.proposals) + self._from_actions()
        while asked < pd.ASK_RATIO * self.available_idr and len(builder.proposals) < pd.MAX_TYPED:
            builder.typed(1)
            asked += builder.proposals[-1].cost_idr
        builder.link()
        return builder.proposals

    def _from_actions(self) -> int:
        rows = SupportProposal.objects.filter(
            for_year=self.number, status=ProposalStatus.PROPOSED, planning_proposal__isnull=True
        )
        return sum(rows.values_list("cost_idr", flat=True))

    def file_proposals(self, plans: list[ProposalPlan]) -> list[Proposal]:
        prices = {p.code: p for p in self.batch.rows["price"] if isinstance(p, PriceItem)}
        rows: list[Proposal] = []
        for k, plan in enumerate(plans):
            proposal = Proposal(
                fiscal_year=self.year, title=plan.title, activity_type=plan.activity_type,
                village_id=plan.village.village_id, group_id=plan.group_id,
                beneficiaries_female=plan.female, beneficiaries_male=plan.male,
                price_item=prices[plan.price], unit_cost_idr=plan.unit_cost_idr,
                units=plan.units, cost_idr=plan.cost_idr, mandatory=plan.mandatory,
                created_by=self.officer, is_sample=True,
            )  # fmt: skip
            when = self.opened + timedelta(days=7 + k % 60)
            self.batch.add("proposal", proposal, when)
            rows.append(proposal)
            for enterprise_id in plan.enterprise_ids:
                link = Proposal.enterprises.through(proposal=proposal, enterprise_id=enterprise_id)
                self.batch.add("proposal_enterprise", link, when)
        for plan, proposal in zip(plans, rows, strict=True):
            for need in plan.requires:
                need_link = Proposal.requires.through(
                    from_proposal=proposal, to_proposal=rows[need]
                )
                self.batch.add("proposal_requires", need_link, self.opened + timedelta(days=70))
        return rows

    def budgets(self, only: tuple[str, ...] = ()) -> dict[str, int]:
        """Each source's ceiling (of the kinds ``only``, when given)."""
        return {str(s.pk): s.ceiling_idr for s in self.sources if not only or s.kind in only}

    def scenario(self, name: str, budgets: dict[str, int]) -> Scenario:
        scenario = scenario_create(
            user=self.officer, year=self.year, name=name, budgets=budgets,
            min_per_kecamatan=pd.MIN_PER_KECAMATAN,
            max_share_per_type_pct=pd.MAX_SHARE_PER_TYPE_PCT,
        )  # fmt: skip
        Scenario.objects.filter(pk=scenario.pk).update(is_sample=True)  # no service sets it
        scenario.is_sample = True
        self.scenarios += 1
        # the frontier only where it is still a question: the year being planned (a past
        # year's frontier is many solves for a chart nobody asks of an approved plan)
        return scenario_run(scenario=scenario, user=None, frontier=self.number == pd.PLANNING_YEAR)

    def approve(self, scenario: Scenario, on: date, reason: str = "") -> Scenario | None:
        """Approve a run that found the optimum (one stopped at its time limit stays a draft
        with the solver's message, and the year gets no plan)."""
        if not scenario.has_plan:
            return None
        approved = scenario_approve(scenario=scenario, user=self.officer, reason=reason)
        Scenario.objects.filter(pk=approved.pk).update(  # the demo's dates, not today's
            created_at=at(on - timedelta(days=12), 9),
            solved_at=at(on - timedelta(days=12), 10),
            approved_at=at(on, 11),
        )
        return approved

    def plan(self) -> Scenario | None:
        """The year's approved plan (2025: revised after the APBD-P); 2027: two drafts."""
        if self.number == pd.PLANNING_YEAR:
            for name, kinds in pd.DRAFTS:
                self.scenario(name, self.budgets(only=kinds))
            return None
        label = f"Rencana kegiatan OVOP {self.number}"
        if self.number != pd.REVISION_YEAR:
            return self.approve(self.scenario(label, self.budgets()), pd.APPROVED_ON[self.number])
        first = self.budgets()
        apbd = next(s for s in self.sources if s.name == pd.APBD_NAME)
        first[str(apbd.pk)] = pd.APBD_MURNI_2025
        murni = self.scenario(f"{label} (pagu murni)", first)
        if self.approve(murni, pd.APPROVED_ON[self.number]) is None:
            return None
        revised = self.scenario(f"{label} (APBD-P)", self.budgets())
        return self.approve(revised, pd.REVISION_ON, pd.REVISION_REASON)

    def close(self) -> None:
        closed_on = pd.CLOSED_ON.get(self.number)
        if closed_on is None:
            return
        self.year.status = YearStatus.CLOSED
        self.year.closed_at = at(closed_on, 15)
        self.year.closed_by = self.users["admin"]
        setattr(self.year, "_history_date", self.year.closed_at)  # noqa: B010
        save_with_history(self.year, user=self.users["admin"], reason=data.CHANGE_REASON)


def _load_year(
    number: int, users: dict[str, User], seed: int, facts: list[VillageFacts]
) -> tuple[int, int, int, int]:
    """One fiscal year; returns (proposals, scenarios, activities, participants)."""
    load = YearLoad(number, users, seed)
    load.records({v.code: v.village_id for v in facts})
    plans = load.proposals(facts)
    load.file_proposals(plans)
    write(load.batch, YEAR_ORDER, load.officer)
    imported = proposals_import_from_actions(year=load.year, user=load.officer)
    Proposal.objects.filter(pk__in=[p.pk for p in imported]).update(is_sample=True)
    approved = load.plan()
    activities = participants = 0
    if approved is not None:
        delivery = Delivery(random.Random(f"delivery:{seed}:{number}"), Facts.read(approved))
        delivery.build(approved)
        write(delivery.batch, DELIVERY_ORDER, load.officer)
        activities, participants = delivery.counts()
    load.close()
    return len(plans) + len(imported), load.scenarios, activities, participants


def demo_planning_load(
    *,
    plan: DemoPlan,
    enterprises: dict[int, Enterprise],
    users: dict[str, User],
    seed: int = data.DEFAULT_SEED,
) -> PlanningSummary:
    """Load each demo fiscal year that is not there yet; ``users`` are the demo accounts."""
    existing = set(FiscalYear.objects.filter(year__in=pd.YEARS).values_list("year", flat=True))
    totals = [0, 0, 0, 0]
    for number in pd.YEARS:
        if number in existing:
            continue
        counts = _load_year(number, users, seed, village_facts(plan, enterprises))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return PlanningSummary(len(pd.YEARS) - len(existing), len(existing), *totals)
