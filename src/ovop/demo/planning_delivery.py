"""The delivery of one approved demo plan: activities with their schedule and status, training
participants with pre- and post-test scores, realised costs, and outputs (certificates that
enter the registry, equipment delivered to groups and IKM).

Years before the reference date's are delivered in full. The current year stands as on
``empowerment_data.REFERENCE_DATE``: what ended is done, what runs is in progress, what starts
later is planned, one activity is cancelled with its reason, one is overdue and one spent more
than 10 % over its planned cost. Unsaved instances only, filed in a ``Batch``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models

from ovop.demo import empowerment_data as ed
from ovop.demo import planning_data as pd
from ovop.demo.empowerment_build import Batch, at
from ovop.empowerment.models import Person
from ovop.enterprises.models import Certification, Product
from ovop.planning.choices import CERTIFICATION_OF, ActivityStatus, ActivityType, OutputKind
from ovop.planning.models import Activity, CostLine, Output, Participant, Scenario, ScenarioItem
from ovop.rating.models import StarRating

DELIVERY_ORDER: tuple[tuple[str, type[models.Model]], ...] = (
    ("activity", Activity),
    ("participant", Participant),
    ("cost", CostLine),
    ("certification", Certification),
    ("output", Output),
)
REFERENCE = ed.REFERENCE_DATE
CERT_NAMES = {
    "halal": "Sertifikat halal",
    "pirt": "SPP-IRT",
    "bpom_md": "Izin edar BPOM MD",
    "trademark": "Sertifikat merek",
}


@dataclass(frozen=True)
class Facts:
    """What the delivery of a plan reads from the database, in a few queries."""

    items: list[ScenarioItem]
    people: dict[int, list[tuple[int, int | None]]]  # village → (person, their IKM)
    held: dict[int, set[str]]  # IKM → kinds of certificate held
    rated: set[int]  # IKM with a star-rated product: its registry stays as it is
    products: dict[int, int]  # IKM → its first product
    numbers: set[str]  # certificate numbers in use

    @classmethod
    def read(cls, scenario: Scenario) -> Facts:
        items = list(
            scenario.items.filter(funded=True)
            .select_related("proposal__price_item", "source")
            .prefetch_related("proposal__enterprises")
            .order_by("proposal_id")
        )
        people: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
        for pk, village_id, enterprise_id in Person.objects.order_by("pk").values_list(
            "pk", "village_id", "enterprise_id"
        ):
            people[village_id].append((pk, enterprise_id))
        held: dict[int, set[str]] = defaultdict(set)
        numbers = set()
        for enterprise_id, kind, number in Certification.objects.values_list(
            "enterprise_id", "kind", "number"
        ):
            held[enterprise_id].add(kind)
            numbers.add(number)
        products: dict[int, int] = {}
        for pk, enterprise_id in Product.objects.order_by("pk").values_list("pk", "enterprise_id"):
            products.setdefault(enterprise_id, pk)
        rated = set(StarRating.objects.values_list("product__enterprise_id", flat=True))
        return cls(items, people, held, rated, products, numbers)


def _score(value: float) -> Decimal:
    """A test score on the 0–100 scale, to the half point."""
    return Decimal(round(min(100.0, max(0.0, value)) * 2) / 2).quantize(Decimal("0.01"))


@dataclass
class Slot:
    item: ScenarioItem
    starts: date
    ends: date
    status: str = ActivityStatus.DONE
    progress: int = 100
    spent_share: float = 1.0  # of the planned cost, before the usual savings
    cancel_reason: str = ""


class Delivery:
    """Activities and what came of them for one approved plan."""

    def __init__(self, rng: random.Random, facts: Facts) -> None:
        self.rng, self.facts = rng, facts
        self.batch = Batch(DELIVERY_ORDER)

    def counts(self) -> tuple[int, int]:
        return len(self.batch.rows["activity"]), len(self.batch.rows["participant"])

    # --- schedule -----------------------------------------------------------------------------

    def _slot(self, item: ScenarioItem, year: int) -> Slot:
        rng = self.rng
        low, high = pd.DURATION[item.proposal.activity_type]
        starts = date(year, 2, 1) + timedelta(days=rng.randint(0, 300))
        ends = min(starts + timedelta(days=rng.randint(low, high)), date(year, 12, 20))
        slot = Slot(item, starts, ends)
        if year < REFERENCE.year or ends < REFERENCE:
            return slot
        if starts > REFERENCE:
            slot.status, slot.progress, slot.spent_share = ActivityStatus.PLANNED, 0, 0.0
            return slot
        elapsed = (REFERENCE - starts).days / max(1, (ends - starts).days)
        slot.status = ActivityStatus.IN_PROGRESS
        slot.progress = max(5, min(95, 5 * round(elapsed * 20)))
        slot.spent_share = slot.progress / 100
        return slot

    def _current_year(self, slots: list[Slot]) -> None:
        """The cancelled, the overdue and the over-plan activity of the reference year."""
        planned = [s for s in slots if s.status == ActivityStatus.PLANNED]
        shows = [s for s in planned if s.item.proposal.activity_type == ActivityType.PROMOTION]
        if shows or planned:
            cancel = (shows or planned)[0]
            cancel.status, cancel.progress, cancel.spent_share = ActivityStatus.CANCELLED, 0, 0.0
            cancel.cancel_reason = pd.CANCEL_REASON if shows else pd.CANCEL_REASON_OTHER
        done = [s for s in slots if s.status == ActivityStatus.DONE]
        if not done:
            return
        slow = [s for s in done if s.item.proposal.activity_type in CERTIFICATION_OF]
        overdue = (slow or done)[-1]
        overdue.status, overdue.progress, overdue.spent_share = ActivityStatus.IN_PROGRESS, 70, 0.6
        bought = (ActivityType.EQUIPMENT, ActivityType.PACKAGING, ActivityType.TRAINING)
        over = [s for s in done if s is not overdue and s.item.proposal.activity_type in bought]
        if over:
            over[0].spent_share = pd.OVER_PLAN

    # --- records ------------------------------------------------------------------------------

    def build(self, scenario: Scenario) -> None:
        year = scenario.fiscal_year.year
        slots = [self._slot(item, year) for item in self.facts.items]
        if year == REFERENCE.year:
            self._current_year(slots)
        created = at(pd.APPROVED_ON[year] + timedelta(days=3), 10)
        for slot in slots:
            activity = self._activity(slot)
            self.batch.add("activity", activity, created)
            self._costs(activity, slot)
            if slot.item.proposal.activity_type == ActivityType.TRAINING:
                self._participants(activity, slot)
            if slot.status == ActivityStatus.DONE:
                self._outputs(activity, slot)

    def _activity(self, slot: Slot) -> Activity:
        item, proposal = slot.item, slot.item.proposal
        assert item.source_id is not None  # a funded line has its source
        return Activity(
            fiscal_year_id=scenario_year(item), plan_item=item, proposal=proposal,
            title=proposal.title, activity_type=proposal.activity_type,
            village_id=proposal.village_id, group_id=proposal.group_id,
            source_id=item.source_id, planned_cost_idr=item.cost_idr, starts_on=slot.starts,
            ends_on=slot.ends, status=slot.status, cancel_reason=slot.cancel_reason,
            progress_pct=slot.progress, is_sample=True,
        )  # fmt: skip

    def _costs(self, activity: Activity, slot: Slot) -> None:
        if slot.spent_share <= 0 or slot.status == ActivityStatus.CANCELLED:
            return
        saving = 1.0 if slot.spent_share > 1 else self.rng.uniform(0.9, 1.0)
        total = int(round(slot.item.cost_idr * slot.spent_share * saving, -3))
        lines = pd.COSTS[slot.item.proposal.activity_type]
        last = min(slot.ends, REFERENCE)
        span = max(0, (last - slot.starts).days)
        left = total
        for k, (description, share) in enumerate(lines):
            amount = left if k == len(lines) - 1 else int(round(total * share, -3))
            left -= amount
            if amount < 1:
                continue
            day = slot.starts + timedelta(days=span * (k + 1) // len(lines))
            line = CostLine(
                activity=activity, spent_on=day, description=description, amount_idr=amount,
                recorded_by=None, is_sample=True,
            )  # fmt: skip
            self.batch.add("cost", line, at(day, 14))

    def _participants(self, activity: Activity, slot: Slot) -> None:
        if slot.status not in (ActivityStatus.DONE, ActivityStatus.IN_PROGRESS):
            return
        rng, proposal = self.rng, slot.item.proposal
        pool = self.facts.people.get(proposal.village_id, [])
        size = min(len(pool), max(1, proposal.beneficiaries))
        finished = slot.status == ActivityStatus.DONE
        for person, enterprise in sorted(rng.sample(pool, size)):
            attended = rng.random() < 0.94
            pre = _score(rng.gauss(pd.PRE_MEAN, pd.PRE_SD))
            gain = rng.uniform(-6, 0) if rng.random() < 0.1 else max(1.0, rng.gauss(18, 7))
            post = _score(float(pre) + gain) if finished and attended else None
            participant = Participant(
                activity=activity, person_id=person, enterprise_id=enterprise,
                attended=attended, pre_score=pre if attended else None, post_score=post,
            )  # fmt: skip
            self.batch.add("participant", participant, at(slot.starts, 16))

    def _number(self, kind: str, issued: date) -> str:
        rng = self.rng
        while True:
            digits = "".join(str(rng.randrange(10)) for _ in range(14))
            number = {
                "halal": f"ID19{digits}",
                "pirt": f"P-IRT {rng.randint(2, 5)}{rng.randint(1, 16):02d}1904{digits[:5]}-"
                f"{(issued.year + 5) % 100:02d}",
                "bpom_md": f"BPOM RI MD {digits[:12]}",
                "trademark": f"IDM00{digits[:7]}",
            }[kind]
            if number not in self.facts.numbers:
                self.facts.numbers.add(number)
                return number

    def _certificates(self, activity: Activity, slot: Slot, kind: str) -> None:
        facts = self.facts
        for enterprise in slot.item.proposal.enterprises.all():
            pk = enterprise.pk
            if pk in facts.rated or kind in facts.held[pk] or self.rng.random() > pd.OBTAINED_SHARE:
                continue
            issued = min(slot.ends + timedelta(days=self.rng.randint(7, 28)), REFERENCE)
            valid = pd.VALID_YEARS[kind]
            product = None if kind == "trademark" else facts.products.get(pk)
            certificate = Certification(
                enterprise_id=pk, product_id=product,
                kind=kind, number=self._number(kind, issued), issued_on=issued,
                expires_on=issued.replace(year=issued.year + valid) if valid else None,
                is_sample=True,
            )  # fmt: skip
            facts.held[pk].add(kind)
            self.batch.add("certification", certificate, at(issued, 11))
            output = Output(
                activity=activity, kind=OutputKind.CERTIFICATION,
                description=f"{CERT_NAMES[kind]} {certificate.number} — {enterprise.name}"[:200],
                enterprise_id=pk, certification=certificate, delivered_on=issued,
            )  # fmt: skip
            self.batch.add("output", output, at(issued, 11))

    def _outputs(self, activity: Activity, slot: Slot) -> None:
        proposal = slot.item.proposal
        kind = CERTIFICATION_OF.get(ActivityType(proposal.activity_type))
        if kind is not None:
            self._certificates(activity, slot, kind)
            return
        if proposal.activity_type not in (ActivityType.EQUIPMENT, ActivityType.PACKAGING):
            return
        helped = [e.pk for e in proposal.enterprises.all()]
        if not (proposal.group_id or helped):
            return
        what = proposal.price_item.name if proposal.price_item else proposal.title
        output = Output(
            activity=activity,
            kind=OutputKind.EQUIPMENT
            if proposal.activity_type == ActivityType.EQUIPMENT else OutputKind.PACKAGING,
            description=what[:200], quantity=proposal.units, group_id=proposal.group_id,
            enterprise_id=None if proposal.group_id else helped[0], delivered_on=slot.ends,
        )  # fmt: skip
        self.batch.add("output", output, at(slot.ends, 15))


def scenario_year(item: ScenarioItem) -> int:
    """The fiscal year id of a plan line (its proposal's)."""
    return item.proposal.fiscal_year_id
