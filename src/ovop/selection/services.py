"""Writes for selection rounds. Each function checks the user's right, validates everything
before it writes, runs in one transaction and leaves history with the user and a reason.

Criteria, candidates and assessors change only while a round is a draft; judgements and scores
only while it is judging; a decided round changes no more (choosing again means a new round).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ovop.accounts.models import Role, User
from ovop.core.history import delete_with_history, save_with_history
from ovop.enterprises.models import Product
from ovop.programme.models import Programme
from ovop.regions.models import Level, Region
from ovop.selection import judging, scope, scoring
from ovop.selection.models import (
    Candidate,
    Criterion,
    Direction,
    Judgement,
    RoundStatus,
    Score,
    SelectionRound,
)

#: The default criteria of Indonesian OVOP practice: (name, description); all benefits on 1–5.
DEFAULT_CRITERIA: tuple[tuple[str, str], ...] = (
    (
        gettext_noop("Local raw-material availability"),
        gettext_noop("How much of the raw material comes from the village itself."),
    ),
    (
        gettext_noop("Uniqueness and local identity"),
        gettext_noop("How strongly the product is tied to the village's culture and nature."),
    ),
    (gettext_noop("Market potential"), gettext_noop("Demand and price outside the village.")),
    (gettext_noop("Labour absorption"), gettext_noop("How many villagers it can employ.")),
    (gettext_noop("Value added"), gettext_noop("Value gained by processing in the village.")),
    (
        gettext_noop("Community participation"),
        gettext_noop("How many households and groups take part."),
    ),
    (
        gettext_noop("Environmental sustainability"),
        gettext_noop("Whether production keeps the resource and the land healthy."),
    ),
    (
        gettext_noop("Continuity of production"),
        gettext_noop("Whether it can be produced all year, year after year."),
    ),
)
YEARS_AHEAD = 20
#: Printed on the result page and kept in each decision.
CONVENTIONS = (
    "AHP: principal eigenvector; Saaty's random index; consistent when CR <= 0.10; "
    "judgements combined by element-wise geometric mean. TOPSIS: vector normalisation, "
    "Euclidean distances. SAW: linear max normalisation. VIKOR: v = 0.5."
)


def require_status(selection_round: SelectionRound, status: str) -> None:
    if selection_round.status != status:
        label = dict(RoundStatus.choices)[status]
        raise ValidationError(
            _("Round “%(title)s” is %(current)s; this can only be done while it is %(needed)s.")
            % {
                "title": selection_round.title,
                "current": selection_round.get_status_display(),
                "needed": str(label).lower(),
            }
        )


def _check_area(programme: Programme, area: Region) -> None:
    regency_id = area.parent_id if area.level == Level.KECAMATAN else None
    if area.level == Level.VILLAGE and area.parent is not None:
        regency_id = area.parent.parent_id
    if area.level not in (Level.VILLAGE, Level.KECAMATAN) or regency_id != programme.regency_id:
        raise ValidationError(
            {
                "area": _("Area: %(name)s is not a village or kecamatan of %(regency)s.")
                % {"name": area.name, "regency": programme.regency.name}
            }
        )


def _check_year(programme: Programme, year: int) -> None:
    last = programme.start_year + YEARS_AHEAD
    if not programme.start_year <= year <= last:
        raise ValidationError(
            {
                "year": _("Year: %(year)s is outside the programme's years %(first)s–%(last)s.")
                % {"year": year, "first": programme.start_year, "last": last}
            }
        )


def _check_assessors(assessors: Iterable[User]) -> list[User]:
    chosen = list(assessors)
    for person in chosen:
        if person.role != Role.ASSESSOR or not person.is_active:
            raise ValidationError(
                {"assessors": _("Assessors: %(name)s is not an assessor.") % {"name": person}}
            )
    return chosen


def _check_product(area: Region, product: Product) -> None:
    village = product.enterprise.village
    if area.pk not in (village.pk, village.parent_id):
        raise ValidationError(
            {
                "product": _("Product: “%(product)s” is not made in %(area)s.")
                % {"product": product.name, "area": area.name}
            }
        )
    if product.archived_at is not None or product.enterprise.archived_at is not None:
        raise ValidationError(
            {"product": _("Product: “%(product)s” is archived.") % {"product": product.name}}
        )


@transaction.atomic
def round_create(
    *,
    user: User,
    programme: Programme,
    area: Region,
    year: int,
    title: str,
    assessors: Iterable[User] = (),
    products: Iterable[Product] = (),
    proposed: Sequence[str] = (),
) -> SelectionRound:
    """Open a draft round with the default criteria, the chosen products and proposals."""
    scope.require_manager(user)
    _check_area(programme, area)
    _check_year(programme, year)
    chosen = _check_assessors(assessors)
    selection_round = SelectionRound(
        title=title.strip(), programme=programme, area=area, year=year, created_by=user
    )
    save_with_history(selection_round, user=user, reason="opened")
    selection_round.assessors.set(chosen)
    for position, (name, description) in enumerate(DEFAULT_CRITERIA):
        criterion = Criterion(
            round=selection_round, position=position, name=_(name), description=_(description)
        )
        save_with_history(criterion, user=user, reason="default criterion")
    for product in products:
        candidate_add(user=user, selection_round=selection_round, product=product)
    for name in proposed:
        if name.strip():
            candidate_add(user=user, selection_round=selection_round, name=name)
    return selection_round


@transaction.atomic
def round_update(
    *, user: User, selection_round: SelectionRound, title: str, year: int, assessors: Iterable[User]
) -> SelectionRound:
    scope.require_manager(user)
    require_status(selection_round, RoundStatus.DRAFT)
    _check_year(selection_round.programme, year)
    chosen = _check_assessors(assessors)
    selection_round.title = title.strip()
    selection_round.year = year
    save_with_history(selection_round, user=user, reason="edited")
    selection_round.assessors.set(chosen)
    return selection_round


def _check_range(min_value: float, max_value: float) -> None:
    if not max_value > min_value:
        raise ValidationError(
            {"max_value": _("Highest allowed value: it must be above the lowest allowed value.")}
        )


@transaction.atomic
def criterion_save(
    *,
    user: User,
    selection_round: SelectionRound,
    criterion: Criterion | None = None,
    name: str,
    direction: str = Direction.BENEFIT,
    unit: str = "1-5",
    min_value: float = 1,
    max_value: float = 5,
    description: str = "",
) -> Criterion:
    """Add a criterion to a draft round, or change one of its criteria."""
    scope.require_manager(user)
    require_status(selection_round, RoundStatus.DRAFT)
    _check_range(min_value, max_value)
    name = name.strip()
    others = selection_round.criteria.all()
    if criterion is not None:
        others = others.exclude(pk=criterion.pk)
    if others.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("Criterion: “%(name)s” is already in this round.") % {"name": name}}
        )
    if criterion is None:
        position = (others.aggregate(p=models.Max("position"))["p"] or 0) + 1
        criterion = Criterion(round=selection_round, position=position)
    elif criterion.round_id != selection_round.pk:
        raise PermissionDenied
    criterion.name, criterion.direction, criterion.unit = name, direction, unit.strip()
    criterion.min_value, criterion.max_value = min_value, max_value
    criterion.description = description.strip()
    save_with_history(criterion, user=user, reason="criterion saved")
    return criterion


@transaction.atomic
def criterion_remove(*, user: User, criterion: Criterion) -> None:
    """Take a criterion out of a draft round (the deletion stays in its history)."""
    scope.require_manager(user)
    require_status(criterion.round, RoundStatus.DRAFT)
    delete_with_history(criterion, user=user, reason="criterion removed from draft")


@transaction.atomic
def candidate_add(
    *, user: User, selection_round: SelectionRound, product: Product | None = None, name: str = ""
) -> Candidate:
    """Add a product of the area, or (with ``name`` only) a proposed commodity."""
    scope.require_manager(user)
    require_status(selection_round, RoundStatus.DRAFT)
    if product is not None:
        _check_product(selection_round.area, product)
        name = name.strip() or product.name
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Candidate: choose a product or type a commodity.")})
    if selection_round.candidates.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("Candidate: “%(name)s” is already in this round.") % {"name": name}}
        )
    candidate = Candidate(round=selection_round, product=product, name=name)
    save_with_history(candidate, user=user, reason="candidate added")
    return candidate


@transaction.atomic
def candidate_remove(*, user: User, candidate: Candidate) -> None:
    scope.require_manager(user)
    require_status(candidate.round, RoundStatus.DRAFT)
    delete_with_history(candidate, user=user, reason="candidate removed from draft")


@transaction.atomic
def round_start(
    *, user: User, selection_round: SelectionRound, reason: str = "judging started"
) -> SelectionRound:
    """Close the draft and open judging: needs ≥2 criteria, ≥2 candidates, ≥1 assessor.
    ``reason`` is kept in the round's history."""
    scope.require_manager(user)
    require_status(selection_round, RoundStatus.DRAFT)
    problems = []
    if selection_round.criteria.count() < 2:
        problems.append(_("Criteria: at least 2 are needed."))
    if selection_round.candidates.count() < 2:
        problems.append(_("Candidates: at least 2 are needed."))
    if not selection_round.assessors.exists():
        problems.append(_("Assessors: invite at least 1."))
    if problems:
        raise ValidationError(problems)
    selection_round.status = RoundStatus.JUDGING
    save_with_history(selection_round, user=user, reason=reason)
    return selection_round


@dataclass(frozen=True)
class JudgementSaved:
    """The saved judgement and the consistency computed while checking it."""

    judgement: Judgement
    consistency: judging.Consistency


@transaction.atomic
def judgement_save(
    *,
    user: User,
    selection_round: SelectionRound,
    matrix: object = None,
    pairs: Mapping[str, str] | None = None,
    submit: bool,
    reason: str = "",
) -> JudgementSaved:
    """Save an assessor's comparison matrix; submitting with CR > 0.10 needs a reason.

    The judgement comes as the full ``matrix`` (every cell on Saaty's scale, see
    ``judging.cell_value``) or as upper-triangle ``pairs`` ("i,j" → "3", "1/5"). Returns the
    judgement and its consistency, computed once here: callers show it as it is.
    """
    scope.require_judge(user, selection_round)
    require_status(selection_round, RoundStatus.JUDGING)
    criteria = list(selection_round.criteria.order_by("position", "id"))
    if pairs is not None:
        matrix = judging.matrix_from_pairs(pairs, len(criteria))
    result = judging.check_matrix(matrix, [c.name for c in criteria])
    reason = reason.strip()
    if submit and not result.consistent and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Reason: the consistency ratio is %(cr)s, above %(limit)s. Revisit the "
                    "judgements shown, or write why you keep them."
                )
                % {"cr": number_format(result.cr, 3), "limit": number_format(0.1, 2)}
            }
        )
    judgement = Judgement.objects.filter(round=selection_round, assessor=user).first()
    judgement = judgement or Judgement(round=selection_round, assessor=user)
    judgement.matrix = result.matrix
    judgement.criteria_ids = [c.pk for c in criteria]
    judgement.consistency_ratio = result.cr
    judgement.reason = reason if not result.consistent else ""
    judgement.submitted = submit
    save_with_history(judgement, user=user, reason="submitted" if submit else "draft saved")
    return JudgementSaved(judgement, result)


@transaction.atomic
def scores_set(
    *, user: User, selection_round: SelectionRound, values: Mapping[tuple[int, int], float]
) -> int:
    """Enter scores keyed by (candidate id, criterion id); returns the number of cells written.

    The round has one shared score table, and each value records who entered it. Who may
    write a cell (``scope.can_change_score``): an officer or admin, who runs the round,
    enters and corrects any value; an invited assessor fills empty cells and changes only
    the values they entered themselves. Every value is checked (range and right to change
    it) first; one refused value saves nothing.
    """
    scope.require_scorer(user, selection_round)
    require_status(selection_round, RoundStatus.JUDGING)
    existing = {
        (s.candidate_id, s.criterion_id): s
        for s in Score.objects.filter(candidate__round=selection_round).select_related("entered_by")
    }
    errors = scoring.score_errors(user, selection_round, values, existing)
    if errors:
        raise ValidationError(errors)
    written = 0
    for (cand_id, crit_id), value in sorted(values.items()):
        score = existing.get((cand_id, crit_id))
        if score is not None and score.value == value:
            continue
        score = score or Score(candidate_id=cand_id, criterion_id=crit_id)
        score.value = float(value)
        score.entered_by = user
        save_with_history(score, user=user, reason="score entered")
        written += 1
    return written


METHOD = "AHP (geometric mean of judgements) + TOPSIS"
