"""The expected benefit of each proposal from the scoring rubric the officer weights.

Five components, each from 0 to 1:

- beneficiaries: the proposal's count over the largest count of the year's standing proposals;
- priority of the village's product: 1 when the village, taking part in an active programme,
  has a designated one product (of the fiscal year or before), 0.5 when it takes part with no
  product designated yet, 0 when it takes part in no programme;
- star level: the stars of the best-rated product of the IKM beneficiaries (each product's
  latest rating) over 5; 0 when none is rated;
- stage reached: the stage of the village's latest empowerment cycle over 5, 1 once closed
  (reviewed); 0 without a cycle;
- demand: the buyers' interest in the village's products published in the public catalogue
  (its inquiries plus WhatsApp and marketplace clicks; page views are left out as weak
  evidence, see ``catalogue.selectors_demand.village_interest``) over the largest interest of
  the villages of the year's standing proposals; 0 when the village has no published product
  or no interest. The period (``demand_window``): the twelve months before 1 January of the
  fiscal year once it has started, that is the calendar year before; for a year not started
  yet (the one being planned), the last twelve months with this one. The proposal's page
  shows the same period and products beside the score (``proposal_demand``). Its weight is 0
  unless the officer sets one.

total = Σ weight × component / Σ weights × 100, from 0 to 100. ``rubric_scores`` reads
everything in a fixed number of queries, whatever the number of proposals; ``combine`` is the
arithmetic alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ovop.catalogue.selectors_demand import (
    Figures,
    VillageInterest,
    village_demand,
    village_interest,
    year_since,
)
from ovop.empowerment.models import Cycle, CycleStatus
from ovop.planning.choices import ProposalStatus
from ovop.planning.models import FiscalYear, Proposal
from ovop.programme.models import Designation, ProgrammeVillage
from ovop.rating.models import StarRating

#: The number of stages of Hogan's cycle and the most stars a product may have.
STAGES = 5
MAX_STARS = 5
COMPONENTS = ("beneficiaries", "priority", "stars", "stage", "demand")


@dataclass(frozen=True)
class RubricScore:
    """A proposal's expected benefit: ``total`` 0–100 and the five components 0–1, with
    ``how`` each was computed (component name → sentence)."""

    total: float
    beneficiaries: float
    priority: float
    stars: float
    stage: float
    demand: float
    how: Mapping[str, str]


def weights_of(year: FiscalYear) -> dict[str, int]:
    return {
        "beneficiaries": year.weight_beneficiaries,
        "priority": year.weight_priority,
        "stars": year.weight_stars,
        "stage": year.weight_stage,
        "demand": year.weight_demand,
    }


def combine(components: Mapping[str, float], weights: Mapping[str, int]) -> float:
    """Σ weight × component / Σ weights × 100 (0 when every weight is 0; a component without a
    weight in ``weights`` weighs 0)."""
    used = {name: weights.get(name, 0) for name in COMPONENTS}
    total_weight = sum(used.values())
    if total_weight <= 0:
        return 0.0
    weighted = sum(weight * components[name] for name, weight in used.items() if weight)
    return 100.0 * weighted / total_weight


def demand_window(year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The months whose demand counts for fiscal ``year``, as (first day, first day after):
    the calendar year before once the year has started; else the last twelve months with
    this one (``today``: the local date)."""
    day = today or timezone.localdate()
    if day >= dt.date(year, 1, 1):
        return dt.date(year - 1, 1, 1), dt.date(year, 1, 1)
    after = dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)
    return year_since(day), after


@dataclass(frozen=True)
class VillageDemand:
    """What a proposal's page shows of the demand its score weighs: the period (first and
    last day) and the village's published products with their figures."""

    first: dt.date
    last: dt.date
    rows: list[Figures]


def proposal_demand(year: int, village_code: str) -> VillageDemand:
    """The demand of a village's products in the period the rubric weighs for fiscal
    ``year`` (``demand_window``), product by product."""
    start, end = demand_window(year)
    rows = village_demand(village_code, start, end)
    return VillageDemand(start, end - dt.timedelta(days=1), rows)


def _priority(village_ids: set[int], year: FiscalYear) -> dict[int, float]:
    active = {"archived_at__isnull": True, "programme__archived_at__isnull": True}
    taking_part = ProgrammeVillage.objects.filter(village_id__in=village_ids, **active)
    found = {pk: 0.5 for pk in taking_part.values_list("village_id", flat=True)}
    designated = Designation.objects.filter(
        membership__in=taking_part, product__isnull=False, year__lte=year.year
    ).values_list("membership__village_id", flat=True)
    found.update({pk: 1.0 for pk in designated})
    return found


def _stars(enterprise_ids: set[int]) -> dict[int, int]:
    """Enterprise id → stars of its best product (each product's latest rating)."""
    ratings = (
        StarRating.objects.filter(
            product__enterprise_id__in=enterprise_ids, product__archived_at__isnull=True
        )
        .order_by("product_id", "-issued_at", "-pk")
        .values_list("product_id", "product__enterprise_id", "stars")
    )
    latest: dict[int, tuple[int, int]] = {}
    for product_id, enterprise_id, stars in ratings:
        latest.setdefault(product_id, (enterprise_id, stars))
    best: dict[int, int] = {}
    for enterprise_id, stars in latest.values():
        best[enterprise_id] = max(best.get(enterprise_id, 0), stars)
    return best


def _stages(village_ids: set[int]) -> dict[int, tuple[int, bool]]:
    """Village id → (stage, closed) of its latest cycle."""
    cycles = (
        Cycle.objects.filter(village_id__in=village_ids)
        .order_by("village_id", "-number", "-pk")
        .values_list("village_id", "stage", "status")
    )
    found: dict[int, tuple[int, bool]] = {}
    for village_id, stage, status in cycles:
        found.setdefault(village_id, (stage, status == CycleStatus.CLOSED))
    return found


def _priority_how(value: float) -> str:
    if value >= 1.0:
        return _("the village's one product is designated in a programme")
    if value > 0:
        return _("the village takes part in a programme, no product designated yet")
    return _("the village takes part in no programme")


def _stars_how(stars: int) -> str:
    if stars <= 0:
        return _("no rated product among the IKM beneficiaries")
    return _("best-rated product of the IKM beneficiaries: %(stars)s of 5 stars") % {"stars": stars}


def _stage_how(found: tuple[int, bool] | None) -> str:
    if found is None:
        return _("no empowerment cycle in the village")
    if found[1]:
        return _("the village's latest empowerment cycle is closed (reviewed)")
    return _("the village's latest empowerment cycle is at stage %(stage)s of 5") % {
        "stage": found[0]
    }


def _demand_how(
    found: VillageInterest | None, largest: int, window: tuple[dt.date, dt.date]
) -> str:
    last = window[1] - dt.timedelta(days=1)
    period = f"{window[0]:%m/%Y}–{last:%m/%Y}"
    if found is None:
        return _("no product of the village is published in the catalogue")
    if found.interest <= 0:
        return _(
            "no inquiry or WhatsApp or marketplace click on the village's products in %(period)s"
        ) % {"period": period}
    return _(
        "%(count)s inquiries and WhatsApp or marketplace clicks on the village's products in "
        "%(period)s, of the largest %(largest)s among the year's villages"
    ) % {"count": found.interest, "period": period, "largest": largest}


@dataclass(frozen=True)
class _Reads:
    """What the year's scores are computed from (each read once for every proposal)."""

    enterprises: dict[int, set[int]]
    priority: dict[int, float]
    stars: dict[int, int]
    stages: dict[int, tuple[int, bool]]
    demand: dict[int, VillageInterest]
    window: tuple[dt.date, dt.date]
    largest: int
    largest_demand: int


def _reads(year: FiscalYear, proposals: list[tuple[int, int, int, int]]) -> _Reads:
    through = Proposal.enterprises.through
    links = through.objects.filter(proposal__in=[p[0] for p in proposals]).values_list(
        "proposal_id", "enterprise_id"
    )
    enterprises: dict[int, set[int]] = {}
    for proposal_id, enterprise_id in links:
        enterprises.setdefault(proposal_id, set()).add(enterprise_id)
    villages = {p[1] for p in proposals}
    window = demand_window(year.year)
    demand = village_interest(villages, *window)
    return _Reads(
        enterprises=enterprises,
        priority=_priority(villages, year),
        stars=_stars({e for ids in enterprises.values() for e in ids}),
        stages=_stages(villages),
        demand=demand,
        window=window,
        largest=max((f + m for _pk, _v, f, m in proposals), default=0),
        largest_demand=max((d.interest for d in demand.values()), default=0),
    )


def _score(
    reads: _Reads, proposal: tuple[int, int, int, int], weights: dict[str, int]
) -> RubricScore:
    pk, village_id, female, male = proposal
    best = max((reads.stars.get(e, 0) for e in reads.enterprises.get(pk, ())), default=0)
    stage = reads.stages.get(village_id)
    demand = reads.demand.get(village_id)
    interest = demand.interest if demand else 0
    parts = {
        "beneficiaries": (female + male) / reads.largest if reads.largest else 0.0,
        "priority": reads.priority.get(village_id, 0.0),
        "stars": min(best, MAX_STARS) / MAX_STARS,
        "stage": 1.0 if stage and stage[1] else (stage[0] / STAGES if stage else 0.0),
        "demand": interest / reads.largest_demand if reads.largest_demand else 0.0,
    }
    how = {
        "beneficiaries": _("%(count)s of the year's largest %(largest)s beneficiaries")
        % {"count": female + male, "largest": reads.largest},
        "priority": _priority_how(parts["priority"]),
        "stars": _stars_how(best),
        "stage": _stage_how(stage),
        "demand": _demand_how(demand, reads.largest_demand, reads.window),
    }
    return RubricScore(total=combine(parts, weights), **parts, how=how)


def rubric_scores(year: FiscalYear) -> dict[int, RubricScore]:
    """Proposal id → its rubric score, for every standing proposal of ``year`` (at most seven
    queries, whatever the number of proposals)."""
    proposals = list(
        Proposal.objects.filter(fiscal_year=year, status=ProposalStatus.PROPOSED).values_list(
            "pk", "village_id", "beneficiaries_female", "beneficiaries_male"
        )
    )
    reads = _reads(year, proposals)
    weights = weights_of(year)
    return {proposal[0]: _score(reads, proposal, weights) for proposal in proposals}
