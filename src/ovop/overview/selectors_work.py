"""What waits for an assessor or an officer on the home page: short lists with their totals.

Every list is one query for its first rows and one for its total, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from ovop.accounts.models import User
from ovop.enterprises import scope as enterprise_scope
from ovop.enterprises.models import Certification, Enterprise, Product, holds_nib_q
from ovop.enterprises.selectors import certifications_for, local_today
from ovop.rating import scope as rating_scope
from ovop.rating.definition import Labels
from ovop.rating.models import Assessment, AssessmentStatus, StarRating
from ovop.regions.models import Region
from ovop.selection import scope as selection_scope
from ovop.selection.models import (
    Candidate,
    Criterion,
    Judgement,
    RoundStatus,
    Score,
    SelectionRound,
)

#: How many rows each list on the home page shows (its total is always given).
SHOWN = 10
#: A certificate expiring within this many days is flagged.
EXPIRY_WARNING_DAYS = 60


@dataclass(frozen=True)
class Queue:
    """The first ``rows`` of a list of things to do, and how many there are in all."""

    total: int
    rows: list[Any]

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def queue(rows: QuerySet[Any], shown: int = SHOWN) -> Queue:
    """The first ``shown`` rows of ``rows`` and their total (two queries)."""
    return Queue(total=rows.count(), rows=list(rows[:shown]))


# --- assessor ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessorWork:
    rounds_to_judge: Queue
    assessments_to_finish: Queue


def assessor_work(*, user: User) -> AssessorWork:
    """Rounds that are judging where ``user`` is invited and has not submitted a judgement;
    the assessments ``user`` was invited to that are not final yet (invited or draft)."""
    submitted = Judgement.objects.filter(round=OuterRef("pk"), assessor=user, submitted=True)
    rounds = (
        selection_scope.rounds_visible(user)
        .filter(status=RoundStatus.JUDGING, assessors=user)
        .filter(~Exists(submitted))
        .select_related("area", "programme")
        .order_by("-year", "pk")
    )
    assessments = (
        rating_scope.assessments_visible(user)
        .filter(assessor=user, status__in=[AssessmentStatus.INVITED, AssessmentStatus.DRAFT])
        .select_related("product__enterprise", "scheme")
        .order_by("invited_at", "pk")
    )
    return AssessorWork(rounds_to_judge=queue(rounds), assessments_to_finish=queue(assessments))


# --- officer ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerWork:
    ratings_to_issue: Queue
    rounds_to_decide: Queue
    certificates_expiring: Queue
    enterprises_without_nib: Queue
    villages_without_coordinates: Queue
    products_without_photos: Queue
    today: dt.date


def ratings_to_issue(user: User) -> QuerySet[Any]:
    """One row per active product and scheme whose assessments are all final and at least one
    of them is in no issued rating yet: product id and name, scheme id, name and version (the
    scheme's name in the active language: its Indonesian name, ``labels_id["name"]``, when the
    interface is Indonesian and the scheme has one)."""
    open_ones = Assessment.objects.filter(
        product=OuterRef("product"), scheme=OuterRef("scheme")
    ).exclude(status=AssessmentStatus.FINAL)
    used = StarRating.assessments.through.objects.filter(assessment_id=OuterRef("pk"))
    return (
        rating_scope.assessments_visible(user)
        .filter(
            status=AssessmentStatus.FINAL,
            product__archived_at__isnull=True,
            product__enterprise__archived_at__isnull=True,
        )
        .filter(~Exists(used), ~Exists(open_ones))
        .annotate(scheme_name_id=KeyTextTransform("name", "scheme__labels_id"))
        .values(
            "product_id",
            "product__name",
            "scheme_id",
            "scheme__name",
            "scheme__version",
            "scheme_name_id",
        )
        .distinct()
        .order_by("product__name", "product_id", "scheme_id")
    )


def _count(rows: QuerySet[Any], by: str) -> Coalesce:
    """The number of ``rows`` (filtered on the outer round) as a subquery; 0 for none."""
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def rounds_to_decide(user: User) -> QuerySet[Any]:
    """Judging rounds where every invited assessor has submitted a judgement and every score
    is entered (at least 2 criteria and 2 candidates): what deciding asks for."""
    invited = SelectionRound.assessors.through.objects.filter(selectionround=OuterRef("pk"))
    submitted = Judgement.objects.filter(
        round=OuterRef("pk"), submitted=True, assessor__selection_rounds=OuterRef("pk")
    )
    return (
        selection_scope.rounds_visible(user)
        .filter(status=RoundStatus.JUDGING)
        .annotate(
            n_invited=_count(invited, "selectionround"),
            n_submitted=_count(submitted, "round"),
            n_criteria=_count(Criterion.objects.filter(round=OuterRef("pk")), "round"),
            n_candidates=_count(Candidate.objects.filter(round=OuterRef("pk")), "round"),
            n_scores=_count(
                Score.objects.filter(candidate__round=OuterRef("pk")), "candidate__round"
            ),
        )
        .filter(n_invited__gt=0, n_submitted=F("n_invited"), n_criteria__gte=2, n_candidates__gte=2)
        .filter(n_scores=F("n_criteria") * F("n_candidates"))
        .select_related("area", "programme")
        .order_by("-year", "pk")
    )


def certificates_expiring(user: User, today: dt.date) -> QuerySet[Certification]:
    """Active certificates of active enterprises that expire from today to 60 days on."""
    until = today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    return (
        certifications_for(user)
        .filter(archived_at__isnull=True, enterprise__archived_at__isnull=True)
        .filter(expires_on__gte=today, expires_on__lte=until)
        .order_by("expires_on", "pk")
    )


def _to_review(user: User) -> tuple[QuerySet[Enterprise], QuerySet[Region], QuerySet[Product]]:
    """Active enterprises without an NIB; villages with active enterprises but no coordinates;
    active products without a photo."""
    enterprises = enterprise_scope.enterprises_visible(user).filter(archived_at__isnull=True)
    villages = Region.objects.filter(
        Q(lat__isnull=True) | Q(lon__isnull=True), pk__in=enterprises.values("village_id")
    ).order_by("code")
    products = (
        enterprise_scope.products_visible(user)
        .filter(archived_at__isnull=True, enterprise__archived_at__isnull=True)
        .filter(photos__isnull=True)
        .select_related("enterprise")
        .order_by("name", "pk")
    )
    return enterprises.exclude(holds_nib_q()).order_by("name", "pk"), villages, products


def _named_schemes(rows: Queue) -> Queue:
    """``rows`` of ``ratings_to_issue`` with ``scheme__name`` in the active language."""
    for row in rows.rows:
        labels = Labels({"name": row["scheme_name_id"]} if row["scheme_name_id"] else {})
        row["scheme__name"] = labels.get("name", "", row["scheme__name"])
    return rows


def officer_work(*, user: User, today: dt.date | None = None) -> OfficerWork:
    """What waits for an officer or admin (12 queries)."""
    today = today or local_today()
    enterprises, villages, products = _to_review(user)
    return OfficerWork(
        ratings_to_issue=_named_schemes(queue(ratings_to_issue(user))),
        rounds_to_decide=queue(rounds_to_decide(user)),
        certificates_expiring=queue(certificates_expiring(user, today)),
        enterprises_without_nib=queue(enterprises),
        villages_without_coordinates=queue(villages),
        products_without_photos=queue(products),
        today=today,
    )
