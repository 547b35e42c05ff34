"""Who may see and do what in star rating: the one place for it.

Built on ``ovop.enterprises.scope`` (which products a user sees):
- admin, officer: see everything, invite assessors, issue ratings; admin alone edits schemes.
- viewer: reads every assessment and rating, changes nothing.
- assessor: sees the assessments they were invited to (and no one else's), edits only those;
  reads every product's star ratings.
- facilitator: reads assessments and ratings of products in their villages.
- owner: reads the star ratings of their own products (not the assessors' working papers).
- the public: nothing but /verify/<code>/.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from ovop.accounts.models import Role, User
from ovop.enterprises.scope import enterprise_filter
from ovop.rating.models import Assessment, StarRating


def can_manage(user: User) -> bool:
    """Invite assessors and issue star ratings."""
    return user.manages


def can_admin_schemes(user: User) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def can_export(user: User) -> bool:
    return user.reads_all


def assessment_filter(user: User) -> Q:
    if user.reads_all:
        return Q()
    if user.role == Role.ASSESSOR:
        return Q(assessor=user)
    if user.role == Role.FACILITATOR:
        return enterprise_filter(user, "product__enterprise__")
    return Q(pk__in=[])


def assessments_visible(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(assessment_filter(user)).distinct()


def ratings_visible(user: User) -> QuerySet[StarRating]:
    return StarRating.objects.filter(enterprise_filter(user, "product__enterprise__")).distinct()


def can_rate(user: User, assessment: Assessment) -> bool:
    """Only the invited assessor fills in an assessment."""
    return assessment.assessor_id == user.pk


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
