"""Shortcuts for rating tests: a finished assessment, an issued star rating, a product whose
registry passes every legality gate, and the Kemenperin version 1 in use."""

from __future__ import annotations

import datetime as dt

from ovop.accounts.models import User
from ovop.enterprises.models import CertificationKind, Product
from ovop.rating import services
from ovop.rating.models import Assessment, RatingScheme, SchemeStatus, StarRating
from tests.factories import CertificationFactory
from tests.rating.conftest import passing


def certify(product: Product, *kinds: str) -> None:
    """Certificates of ``kinds`` (default P-IRT and halal) for ``product``, valid until 2099:
    with its enterprise's NIB, the registry passes every legality gate of Kemenperin v2."""
    for kind in kinds or (CertificationKind.PIRT, CertificationKind.HALAL):
        CertificationFactory(
            enterprise=product.enterprise,
            product=product,
            kind=kind,
            issued_on=dt.date(2024, 1, 10),
            expires_on=dt.date(2099, 1, 10),
        )


def v1_in_use() -> RatingScheme:
    """Kemenperin version 1 (legality gates voted by the assessors) in use and version 2
    archived: the state of an installation that rated before version 2 shipped."""
    RatingScheme.objects.filter(code="kemenperin-ovop", version=2).update(
        status=SchemeStatus.ARCHIVED
    )
    RatingScheme.objects.filter(code="kemenperin-ovop", version=1).update(
        status=SchemeStatus.ACTIVE
    )
    return RatingScheme.objects.get(code="kemenperin-ovop", version=1)


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
