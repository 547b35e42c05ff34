"""Writes for selection rounds. Each function checks the user's right, validates everything
before it writes, runs in one transaction and leaves history with the user and a reason.

Criteria, candidates and assessors change only while a round is a draft; judgements and scores
only while it is judging; a decided round changes no more (choosing again means a new round).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ovop.accounts.models import Role, User
from ovop.enterprises.models import Product
from ovop.programme.models import Programme
from ovop.regions.models import Level, Region
from ovop.selection import judging, scope
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


def _save(obj: models.Model, *, user: User, reason: str) -> None:
    obj.full_clean()
    obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    obj.save()


def _require_status(selection_round: SelectionRound, status: str) -> None:
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
    _save(selection_round, user=user, reason="opened")
    selection_round.assessors.set(chosen)
    for position, (name, description) in enumerate(DEFAULT_CRITERIA):
        criterion = Criterion(
            round=selection_round, position=position, name=_(name), description=_(description)
        )
        _save(criterion, user=user, reason="default criterion")
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
    _require_status(selection_round, RoundStatus.DRAFT)
    _check_year(selection_round.programme, year)
    chosen = _check_assessors(assessors)
    selection_round.title = title.strip()
    selection_round.year = year
    _save(selection_round, user=user, reason="edited")
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
    _require_status(selection_round, RoundStatus.DRAFT)
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
    _save(criterion, user=user, reason="criterion saved")
    return criterion


@transaction.atomic
def criterion_remove(*, user: User, criterion: Criterion) -> None:
    """Take a criterion out of a draft round (the deletion stays in its history)."""
    scope.require_manager(user)
    _require_status(criterion.round, RoundStatus.DRAFT)
    criterion._history_user = user  # type: ignore[attr-defined]
    criterion._change_reason = "criterion removed from draft"  # type: ignore[attr-defined]
    criterion.delete()


@transaction.atomic
def candidate_add(
    *, user: User, selection_round: SelectionRound, product: Product | None = None, name: str = ""
) -> Candidate:
    """Add a product of the area, or (with ``name`` only) a proposed commodity."""
    scope.require_manager(user)
    _require_status(selection_round, RoundStatus.DRAFT)
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
    _save(candidate, user=user, reason="candidate added")
    return candidate


@transaction.atomic
def candidate_remove(*, user: User, candidate: Candidate) -> None:
    scope.require_manager(user)
    _require_status(candidate.round, RoundStatus.DRAFT)
    candidate._history_user = user  # type: ignore[attr-defined]
    candidate._change_reason = "candidate removed from draft"  # type: ignore[attr-defined]
    candidate.delete()


@transaction.atomic
def round_start(*, user: User, selection_round: SelectionRound) -> SelectionRound:
    """Close the draft and open judging: needs ≥2 criteria, ≥2 candidates, ≥1 assessor."""
    scope.require_manager(user)
    _require_status(selection_round, RoundStatus.DRAFT)
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
    _save(selection_round, user=user, reason="judging started")
    return selection_round


@transaction.atomic
def judgement_save(
    *,
    user: User,
    selection_round: SelectionRound,
    matrix: object,
    submit: bool,
    reason: str = "",
) -> Judgement:
    """Save an assessor's comparison matrix; submitting with CR > 0.10 needs a reason."""
    scope.require_judge(user, selection_round)
    _require_status(selection_round, RoundStatus.JUDGING)
    criteria = list(selection_round.criteria.order_by("position", "id"))
    try:
        rows = judging.check_matrix(matrix, len(criteria))
    except ValueError as error:
        raise ValidationError({"matrix": str(error)}) from None
    result = judging.consistency(rows, [c.name for c in criteria])
    reason = reason.strip()
    if submit and not result.consistent and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Reason: the consistency ratio is %(cr).3f, above 0.10. Revisit the "
                    "judgements shown, or write why you keep them."
                )
                % {"cr": result.cr}
            }
        )
    judgement = Judgement.objects.filter(round=selection_round, assessor=user).first()
    judgement = judgement or Judgement(round=selection_round, assessor=user)
    judgement.matrix = rows
    judgement.criteria_ids = [c.pk for c in criteria]
    judgement.consistency_ratio = result.cr
    judgement.reason = reason if not result.consistent else ""
    judgement.submitted = submit
    _save(judgement, user=user, reason="submitted" if submit else "draft saved")
    return judgement


def _score_error(candidate: Candidate, criterion: Criterion, value: float) -> str:
    return _(
        "Score for “%(candidate)s” on “%(criterion)s”: %(value)s is outside "
        "%(low)s–%(high)s (%(unit)s)."
    ) % {
        "candidate": candidate.name,
        "criterion": criterion.name,
        "value": f"{value:g}",
        "low": f"{criterion.min_value:g}",
        "high": f"{criterion.max_value:g}",
        "unit": criterion.unit,
    }


@transaction.atomic
def scores_set(
    *, user: User, selection_round: SelectionRound, values: Mapping[tuple[int, int], float]
) -> int:
    """Enter scores keyed by (candidate id, criterion id); returns the number of cells written.

    Every value is checked against its criterion's range first; one bad value saves nothing.
    """
    scope.require_scorer(user, selection_round)
    _require_status(selection_round, RoundStatus.JUDGING)
    candidates = {c.pk: c for c in selection_round.candidates.all()}
    criteria = {c.pk: c for c in selection_round.criteria.all()}
    errors: dict[str, list[str]] = {}
    for (cand_id, crit_id), value in values.items():
        key = f"score_{cand_id}_{crit_id}"
        if cand_id not in candidates or crit_id not in criteria:
            errors[key] = [_("Score: no such candidate or criterion in this round.")]
        elif not criteria[crit_id].min_value <= value <= criteria[crit_id].max_value:
            errors[key] = [_score_error(candidates[cand_id], criteria[crit_id], value)]
    if errors:
        raise ValidationError(errors)
    existing = {
        (s.candidate_id, s.criterion_id): s
        for s in Score.objects.filter(candidate__round=selection_round)
    }
    written = 0
    for (cand_id, crit_id), value in sorted(values.items()):
        score = existing.get((cand_id, crit_id))
        if score is not None and score.value == value:
            continue
        score = score or Score(candidate_id=cand_id, criterion_id=crit_id)
        score.value = float(value)
        score.entered_by = user
        _save(score, user=user, reason="score entered")
        written += 1
    return written


METHOD = "AHP (geometric mean of judgements) + TOPSIS"
