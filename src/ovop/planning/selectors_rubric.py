"""The expected benefit of each proposal from the scoring rubric the officer weights.

Four components, each from 0 to 1:

- beneficiaries: the proposal's count over the largest count of the year's standing proposals;
- priority of the village's product: 1 when the village, taking part in an active programme,
  has a designated one product (of the fiscal year or before), 0.5 when it takes part with no
  product designated yet, 0 when it takes part in no programme;
- star level: the stars of the best-rated product of the IKM beneficiaries (each product's
  latest rating) over 5; 0 when none is rated;
- stage reached: the stage of the village's latest empowerment cycle over 5, 1 once closed
  (reviewed); 0 without a cycle.

total = Σ weight × component / Σ weights × 100, from 0 to 100. ``rubric_scores`` reads
everything in a fixed number of queries, whatever the number of proposals; ``combine`` is the
arithmetic alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ovop.empowerment.models import Cycle, CycleStatus
from ovop.planning.choices import ProposalStatus
from ovop.planning.models import FiscalYear, Proposal
from ovop.programme.models import Designation, ProgrammeVillage
from ovop.rating.models import StarRating

#: The number of stages of Hogan's cycle and the most stars a product may have.
STAGES = 5
MAX_STARS = 5
COMPONENTS = ("beneficiaries", "priority", "stars", "stage")


@dataclass(frozen=True)
class RubricScore:
    """A proposal's expected benefit: ``total`` 0–100 and the four components 0–1, with
    ``how`` each was computed (component name → sentence)."""

    total: float
    beneficiaries: float
    priority: float
    stars: float
    stage: float
    how: Mapping[str, str]


def weights_of(year: FiscalYear) -> dict[str, int]:
    return {
        "beneficiaries": year.weight_beneficiaries,
        "priority": year.weight_priority,
        "stars": year.weight_stars,
        "stage": year.weight_stage,
    }


def combine(components: Mapping[str, float], weights: Mapping[str, int]) -> float:
    """Σ weight × component / Σ weights × 100 (0 when every weight is 0)."""
    total_weight = sum(weights[name] for name in COMPONENTS)
    if total_weight <= 0:
        return 0.0
    weighted = sum(weights[name] * components[name] for name in COMPONENTS)
    return 100.0 * weighted / total_weight


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


def rubric_scores(year: FiscalYear) -> dict[int, RubricScore]:
    """Proposal id → its rubric score, for every standing proposal of ``year`` (six queries)."""
    proposals = list(
        Proposal.objects.filter(fiscal_year=year, status=ProposalStatus.PROPOSED).values_list(
            "pk", "village_id", "beneficiaries_female", "beneficiaries_male"
        )
    )
    through = Proposal.enterprises.through
    links = through.objects.filter(proposal__in=[p[0] for p in proposals]).values_list(
        "proposal_id", "enterprise_id"
    )
    enterprises: dict[int, set[int]] = {}
    for proposal_id, enterprise_id in links:
        enterprises.setdefault(proposal_id, set()).add(enterprise_id)
    villages = {p[1] for p in proposals}
    priority = _priority(villages, year)
    stars = _stars({e for ids in enterprises.values() for e in ids})
    stages = _stages(villages)
    largest = max((f + m for _pk, _v, f, m in proposals), default=0)
    weights = weights_of(year)
    scores = {}
    for pk, village_id, female, male in proposals:
        best = max((stars.get(e, 0) for e in enterprises.get(pk, ())), default=0)
        stage = stages.get(village_id)
        parts = {
            "beneficiaries": (female + male) / largest if largest else 0.0,
            "priority": priority.get(village_id, 0.0),
            "stars": min(best, MAX_STARS) / MAX_STARS,
            "stage": 1.0 if stage and stage[1] else (stage[0] / STAGES if stage else 0.0),
        }
        how = {
            "beneficiaries": _("%(count)s of the year's largest %(largest)s beneficiaries")
            % {"count": female + male, "largest": largest},
            "priority": _priority_how(parts["priority"]),
            "stars": _stars_how(best),
            "stage": _stage_how(stage),
        }
        scores[pk] = RubricScore(total=combine(parts, weights), **parts, how=how)
    return scores
