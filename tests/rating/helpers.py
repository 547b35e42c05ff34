"""Shortcuts for rating tests: a finished assessment and an issued star rating."""

from __future__ import annotations

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating import services
from ovop.rating.models import Assessment, RatingScheme, StarRating
from tests.rating.conftest import passing


def finished(
    *,
    officer: User,
    assessor: User,
    product: Product,
    scheme: RatingScheme,
    answers: dict[str, str] | None = None,
) -> Assessment:
    assessment = services.assessment_invite(
        user=officer, product=product, scheme=scheme, assessor=assessor
    )
    return services.assessment_save(
        user=assessor,
        assessment=assessment,
        answers=answers or passing(scheme),
        evidence="",
        finalise=True,
    )


def issued(*, officer: User, assessor: User, product: Product, scheme: RatingScheme) -> StarRating:
    finished(officer=officer, assessor=assessor, product=product, scheme=scheme)
    return services.star_rating_issue(user=officer, product=product, scheme=scheme)
