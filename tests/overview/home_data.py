"""Records the home-page tests build: rounds, assessments, ratings and certificates."""

from __future__ import annotations

import datetime as dt
import itertools

from ovop.accounts.models import User
from ovop.enterprises.models import Certification, CertificationKind, Enterprise, Product
from ovop.programme.models import Programme
from ovop.rating.models import Assessment, AssessmentStatus, RatingScheme, StarRating
from ovop.regions.models import Region
from ovop.selection.models import (
    Candidate,
    Criterion,
    Judgement,
    RoundStatus,
    Score,
    SelectionRound,
)
from tests.factories import CertificationFactory

_codes = itertools.count(1)


def selection_round(
    *,
    officer: User,
    programme: Programme,
    area: Region,
    assessors: list[User],
    submitted: list[User] = (),  # type: ignore[assignment]
    scores: int = 4,
    status: str = RoundStatus.JUDGING,
    title: str = "Round",
) -> SelectionRound:
    """A round of 2 criteria and 2 candidates with ``scores`` of its 4 scores entered, and a
    submitted judgement of each of ``submitted``."""
    made = SelectionRound.objects.create(
        title=title, programme=programme, area=area, year=2025, status=status, created_by=officer
    )
    made.assessors.set(assessors)
    criteria = [Criterion.objects.create(round=made, position=k, name=f"C{k}") for k in (1, 2)]
    candidates = [Candidate.objects.create(round=made, name=f"P{k}") for k in (1, 2)]
    cells = list(itertools.product(candidates, criteria))[:scores]
    for candidate, criterion in cells:
        Score.objects.create(candidate=candidate, criterion=criterion, value=3, entered_by=officer)
    for assessor in submitted:
        Judgement.objects.create(
            round=made,
            assessor=assessor,
            matrix=[[1, 1], [1, 1]],
            criteria_ids=[c.pk for c in criteria],
            consistency_ratio=0,
            submitted=True,
        )
    return made


def assessment(
    product: Product, scheme: RatingScheme, assessor: User, status: str, *, officer: User
) -> Assessment:
    return Assessment.objects.create(
        product=product, scheme=scheme, assessor=assessor, status=status, invited_by=officer
    )


def rating(
    product: Product, scheme: RatingScheme, finals: list[Assessment], officer: User
) -> StarRating:
    made = StarRating.objects.create(
        product=product,
        scheme=scheme,
        stars=2,
        percent=45.0,
        result={},
        tier="regency",
        verification_code=f"HOME{next(_codes):06d}",
        issued_by=officer,
    )
    made.assessments.set(finals)
    return made


FINAL = AssessmentStatus.FINAL


def certificate(
    enterprise: Enterprise,
    expires_on: dt.date | None,
    kind: str = CertificationKind.HALAL,
    archived: bool = False,
) -> Certification:
    return CertificationFactory(  # type: ignore[no-any-return]
        enterprise=enterprise,
        kind=kind,
        expires_on=expires_on,
        archived_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC) if archived else None,
    )
