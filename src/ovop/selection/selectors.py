"""Reads for selection pages and the API, each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ovop.accounts.models import Role, User
from ovop.analysis import AnalysisError
from ovop.analysis.mcda import SelectionAnalysis, selection_analysis
from ovop.enterprises.models import Product
from ovop.regions.models import Region
from ovop.selection import scope
from ovop.selection.models import (
    Candidate,
    Criterion,
    Decision,
    Direction,
    Judgement,
    Score,
    SelectionRound,
)
from ovop.selection.results import (
    AssessorWeights,
    CandidateResult,
    CriterionWeight,
    RoundResult,
    Sensitivity,
)

#: VIKOR's weight of the strategy of the majority of criteria.
VIKOR_V = 0.5


def round_list(*, user: User, status: str = "") -> QuerySet[SelectionRound]:
    """Rounds ``user`` may read, with counts (one query per page plus the count).

    The counts are subqueries: counting through the joins would count the assessor's own
    invitation only when an assessor's rounds are filtered by ``assessors=user``.
    """
    rounds = (
        SelectionRound.objects.filter(pk__in=scope.rounds_visible(user).values("pk"))
        .select_related("programme", "area", "decision__candidate")
        .annotate(
            n_candidates=_count(Candidate.objects.filter(round=OuterRef("pk")), "round"),
            n_submitted=_count(
                Judgement.objects.filter(round=OuterRef("pk"), submitted=True), "round"
            ),
            n_assessors=_count(
                SelectionRound.assessors.through.objects.filter(selectionround=OuterRef("pk")),
                "selectionround",
            ),
        )
        .order_by("-year", "-created_at", "-pk")
    )
    if status:
        rounds = rounds.filter(status=status)
    return rounds


def _count(rows: QuerySet[Any], by: str) -> Coalesce:
    """The number of ``rows`` (filtered on the outer round) as a subquery; 0 for none."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class Progress:
    criteria: list[Criterion]
    candidates: list[Candidate]
    assessors: list[tuple[User, Judgement | None]]
    scores_entered: int
    scores_needed: int


def round_progress(selection_round: SelectionRound) -> Progress:
    """Criteria, candidates, each assessor's judgement and the number of scores (5 queries)."""
    criteria = list(selection_round.criteria.order_by("position", "id"))
    candidates = list(selection_round.candidates.select_related("product__enterprise"))
    judgements = {j.assessor_id: j for j in selection_round.judgements.all()}
    assessors = [(a, judgements.get(a.pk)) for a in selection_round.assessors.order_by("username")]
    entered = Score.objects.filter(candidate__round=selection_round).count()
    return Progress(criteria, candidates, assessors, entered, len(criteria) * len(candidates))


def score_grid(selection_round: SelectionRound) -> dict[tuple[int, int], Score]:
    scores = Score.objects.filter(candidate__round=selection_round).select_related("entered_by")
    return {(s.candidate_id, s.criterion_id): s for s in scores}


def products_in_area(area: Region) -> QuerySet[Product]:
    """Active products of enterprises in the village, or in any village of the kecamatan."""
    return (
        Product.objects.filter(
            Q(enterprise__village=area) | Q(enterprise__village__parent=area),
            archived_at__isnull=True,
            enterprise__archived_at__isnull=True,
        )
        .select_related("enterprise")
        .order_by("name", "pk")
    )


def assessors_available() -> QuerySet[User]:
    return User.objects.filter(role=Role.ASSESSOR, is_active=True).order_by("username")


def _bars(values: Sequence[float]) -> list[float]:
    top = max(values) if values else 0.0
    return [100.0 * v / top if top > 0 else 0.0 for v in values]


def _missing(
    criteria: list[Criterion],
    candidates: list[Candidate],
    cells: dict[tuple[int, int], float],
    submitted: list[Judgement],
) -> list[str]:
    missing = []
    if not submitted:
        missing.append(_("No assessor has submitted a judgement yet."))
    for candidate in candidates:
        absent = [c.name for c in criteria if (candidate.pk, c.pk) not in cells]
        if absent:
            missing.append(
                _("Scores missing for “%(candidate)s”: %(criteria)s.")
                % {"candidate": candidate.name, "criteria": ", ".join(absent)}
            )
    if len(criteria) < 2 or len(candidates) < 2:
        missing.append(_("The round needs at least 2 criteria and 2 candidates."))
    return missing


def round_result(selection_round: SelectionRound) -> RoundResult:
    """Weights, rankings and sensitivity of a round from its submitted judgements and scores.

    Four queries whatever the size of the round: criteria, candidates, scores, judgements.
    """
    criteria = list(selection_round.criteria.order_by("position", "id"))
    candidates = list(selection_round.candidates.order_by("pk"))
    cells = {
        (s.candidate_id, s.criterion_id): s.value
        for s in Score.objects.filter(candidate__round=selection_round)
    }
    judgements = list(
        selection_round.judgements.select_related("assessor").order_by("assessor__username")
    )
    submitted = [j for j in judgements if j.submitted]
    pending = [str(j.assessor) for j in judgements if not j.submitted]
    missing = _missing(criteria, candidates, cells, submitted)
    if missing:
        return RoundResult(ready=False, missing=missing, pending=pending)
    try:
        return _compute(criteria, candidates, cells, submitted, pending)
    except AnalysisError as error:
        return RoundResult(ready=False, error=str(error), pending=pending)


def result_shown(selection_round: SelectionRound) -> tuple[RoundResult, Decision | None]:
    """What a round's result page shows: a decided round's inputs and results as they were
    kept with its decision (never recomputed); otherwise the result computed now."""
    decision = (
        Decision.objects.filter(round=selection_round)
        .select_related("candidate", "decided_by")
        .first()
    )
    if decision is not None:
        return RoundResult.from_snapshot(decision.snapshot["result"]), decision
    return round_result(selection_round), None


def _compute(
    criteria: list[Criterion],
    candidates: list[Candidate],
    cells: dict[tuple[int, int], float],
    submitted: list[Judgement],
    pending: list[str],
) -> RoundResult:
    """One analysis call; the rest maps its result to the rows the page shows."""
    order = [c.pk for c in criteria]
    matrices = [_matrix_in_order(j, order) for j in submitted]
    x = [[cells[(cand.pk, crit.pk)] for crit in criteria] for cand in candidates]
    benefit = [c.direction == Direction.BENEFIT for c in criteria]
    analysis = selection_analysis(matrices, x, benefit, v=VIKOR_V)
    names = [c.name for c in candidates]
    vk = analysis.vikor
    return RoundResult(
        ready=True,
        criteria=_criterion_rows(criteria, analysis),
        assessors=[
            AssessorWeights(
                assessor=str(j.assessor),
                weights=[float(val) for val in r.weights],
                cr=float(r.cr),
                consistent=bool(r.consistent),
                reason=j.reason,
                matrix=m,
            )
            for j, r, m in zip(submitted, analysis.assessors, matrices, strict=True)
        ],
        pending=pending,
        combined_cr=float(analysis.combined.cr),
        candidates=_candidate_rows(candidates, x, analysis),
        topsis_winner=names[analysis.topsis_winner],
        saw_winner=names[analysis.saw_winner],
        vikor_winner=names[analysis.vikor_winner] if analysis.vikor_winner is not None else "",
        vikor_error=analysis.vikor_error,
        vikor_advantage=bool(vk and vk.acceptable_advantage),
        vikor_stability=bool(vk and vk.acceptable_stability),
        compromise=[names[k] for k in vk.compromise] if vk else [],
        agree=analysis.agree,
        sensitivity=_sensitivity_rows(analysis, criteria, names),
    )


def _criterion_rows(
    criteria: list[Criterion], analysis: SelectionAnalysis
) -> list[CriterionWeight]:
    w = analysis.combined.weights
    bars = _bars([float(val) for val in w])
    return [
        CriterionWeight(
            c.pk,
            c.name,
            c.direction,
            c.unit,
            float(w[k]),
            bars[k],
            [float(r.weights[k]) for r in analysis.assessors],
        )
        for k, c in enumerate(criteria)
    ]


def _candidate_rows(
    candidates: list[Candidate], x: list[list[float]], analysis: SelectionAnalysis
) -> list[CandidateResult]:
    """One row per candidate, by TOPSIS rank (ties by id)."""
    t, s, v = analysis.topsis, analysis.saw, analysis.vikor
    bars = _bars([float(c) for c in t.closeness])
    rows = [
        CandidateResult(
            id=cand.pk,
            name=cand.name,
            product_id=cand.product_id,
            scores=[float(val) for val in x[k]],
            closeness=float(t.closeness[k]),
            d_plus=float(t.d_plus[k]),
            d_minus=float(t.d_minus[k]),
            topsis_rank=int(t.ranks[k]),
            saw_score=float(s.scores[k]),
            saw_rank=int(s.ranks[k]),
            vikor_q=float(v.q[k]) if v else None,
            vikor_s=float(v.s[k]) if v else None,
            vikor_r=float(v.r[k]) if v else None,
            vikor_rank=int(v.ranks[k]) if v else None,
            in_compromise=bool(v and k in v.compromise),
            bar=bars[k],
        )
        for k, cand in enumerate(candidates)
    ]
    rows.sort(key=lambda r: (r.topsis_rank, r.id))
    return rows


def _sensitivity_rows(
    analysis: SelectionAnalysis, criteria: list[Criterion], names: list[str]
) -> list[Sensitivity]:
    return [
        Sensitivity(
            criterion=criteria[r.criterion].name,
            current=float(r.current),
            low=float(r.low),
            high=float(r.high),
            below=names[r.takes_over_below] if r.takes_over_below is not None else None,
            above=names[r.takes_over_above] if r.takes_over_above is not None else None,
        )
        for r in analysis.sensitivity
    ]


def _matrix_in_order(judgement: Judgement, order: list[int]) -> list[list[float]]:
    """The judgement's matrix with rows and columns in the round's current criteria order."""
    ids: list[int] = list(judgement.criteria_ids)
    if sorted(ids) != sorted(order):
        raise AnalysisError(
            _("The judgement of %(assessor)s compares other criteria than the round has.")
            % {"assessor": judgement.assessor}
        )
    index = [ids.index(pk) for pk in order]
    return [[float(judgement.matrix[i][j]) for j in index] for i in index]


def decisions_visible(user: User) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(round__in=scope.rounds_visible(user))
        .select_related("round__area", "round__programme", "candidate__product", "decided_by")
        .order_by("-decided_at", "-pk")
    )
