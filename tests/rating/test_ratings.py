"""Panel results (mean with spread), coaching tiers, the product page and who sees ratings."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from ovop.accounts.models import Role, User
from ovop.analysis.rating import RatingResult, Scheme, combine
from ovop.enterprises.models import Product
from ovop.rating import services
from ovop.rating.models import (
    Assessment,
    CoachingTier,
    RatingScheme,
    StarRating,
    coaching_tier,
)
from ovop.rating.services import CODE_ALPHABET
from tests.conftest import login
from tests.factories import UserFactory
from tests.rating.conftest import passing
from tests.rating.helpers import certify, finished, issued


@pytest.mark.parametrize(
    ("stars", "tier"),
    [
        (5, CoachingTier.CENTRAL),
        (4, CoachingTier.CENTRAL),
        (3, CoachingTier.PROVINCE),
        (2, CoachingTier.REGENCY),
        (1, CoachingTier.REGENCY),
        (0, CoachingTier.NONE),
    ],
)
def test_tier_follows_the_stars(stars: int, tier: CoachingTier) -> None:
    assert coaching_tier(stars) == tier


def test_panel_is_the_mean_with_the_spread(
    officer: User, assessor: User, assessor2: User, product_x: Product, ocop: RatingScheme
) -> None:
    high = finished(officer=officer, assessor=assessor, product=product_x, scheme=ocop)
    low = finished(
        officer=officer,
        assessor=assessor2,
        product=product_x,
        scheme=ocop,
        answers=passing(ocop, "o2"),
    )
    third = UserFactory(username="assessor3", role=Role.ASSESSOR)
    draft = services.assessment_invite(user=officer, product=product_x, scheme=ocop, assessor=third)
    services.assessment_save(
        user=third, assessment=draft, answers={"a_org": "o1"}, evidence="", finalise=False
    )  # a draft does not count
    rating = services.star_rating_issue(user=officer, product=product_x, scheme=ocop)
    assert high.result is not None and low.result is not None
    assert (high.result["points"], low.result["points"]) == (100.0, 59.0)
    assert rating.percent == pytest.approx(79.5)
    assert rating.stars == 4  # cut-off 70 <= 79.5 < 90
    assert rating.tier == CoachingTier.CENTRAL
    assert rating.result["spread"] == [59.0, 100.0, pytest.approx(20.5)]
    assert rating.result["n"] == 2
    assert {g["group"]: g["points"] for g in rating.result["by_group"]} == {
        "A": 32.0,
        "B": 19.0,
        "C": 28.5,
    }
    expected = combine(
        [RatingResult.from_dict(a.result) for a in (high, low)],  # type: ignore[arg-type]
        "mean",
        scheme=Scheme.from_dict(ocop.definition),
    )
    assert rating.result == expected.to_dict()
    assert set(rating.assessments.all()) == {high, low}
    assert len(rating.verification_code) == 10
    assert set(rating.verification_code) <= set(CODE_ALPHABET)


def test_issue_needs_a_final_assessment(
    officer: User, invited: Assessment, product_x: Product, kemenperin: RatingScheme
) -> None:
    with pytest.raises(ValidationError) as err:
        services.star_rating_issue(user=officer, product=product_x, scheme=kemenperin)
    assert err.value.message_dict == {
        "scheme": ["Scheme: no final assessment of this product on this scheme yet."]
    }
    assert StarRating.objects.count() == 0


@pytest.mark.parametrize("who", ["viewer", "assessor", "facilitator", "owner"])
def test_only_managers_issue(
    who: str,
    request: pytest.FixtureRequest,
    client: Client,
    officer: User,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    finished(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.star_rating_issue(user=user, product=product_x, scheme=kemenperin)
    login(client, user)
    response = client.post(f"/rating/products/{product_x.pk}/issue/", {"scheme": kemenperin.pk})
    assert response.status_code == 403
    assert StarRating.objects.count() == 0


def test_officer_issues_through_the_page(
    client: Client, officer: User, assessor: User, product_x: Product, kemenperin: RatingScheme
) -> None:
    certify(product_x)  # P-IRT and halal: with its NIB no gate caps the stars
    finished(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    login(client, officer)
    response = client.post(  # issuing is confirmed on the preview page
        f"/rating/products/{product_x.pk}/issue/",
        {"scheme": kemenperin.pk, "how": "mean", "confirm": "on"},
    )
    rating = StarRating.objects.get()
    assert response.url == f"/rating/ratings/{rating.pk}/"  # type: ignore[attr-defined]
    assert rating.stars == 5
    assert rating.history.count() == 1  # type: ignore[attr-defined]


def test_product_page_shows_badge_and_history(
    client: Client,
    officer: User,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
    ocop: RatingScheme,
    assessor2: User,
) -> None:
    issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    finished(
        officer=officer,
        assessor=assessor2,
        product=product_x,
        scheme=ocop,
        answers=passing(ocop, "o1"),
    )
    latest = services.star_rating_issue(user=officer, product=product_x, scheme=ocop)
    login(client, officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/enterprises/products/{product_x.pk}/")
    html = page.content.decode()
    assert latest.stars == 1
    assert '<span class="badge stars"' in html
    assert "★☆☆☆☆ 1 star</span>" in html
    assert "OCOP 100-point product classification (Vietnam) v1" in html
    assert "Kemenperin OVOP product assessment v2" in html
    assert html.count("certificate.pdf?lang=en") == 2


def test_owner_sees_own_ratings_only(
    client: Client,
    owner: User,
    officer: User,
    assessor: User,
    product_x: Product,
    product_y: Product,
    kemenperin: RatingScheme,
) -> None:
    mine = issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    theirs = issued(officer=officer, assessor=assessor, product=product_y, scheme=kemenperin)
    login(client, owner)
    assert client.get(f"/rating/ratings/{mine.pk}/").status_code == 200
    assert client.get(f"/rating/ratings/{mine.pk}/certificate.pdf").status_code == 200
    assert client.get(f"/rating/ratings/{theirs.pk}/").status_code == 404
    assert client.get(f"/rating/ratings/{theirs.pk}/certificate.pdf").status_code == 404
    assert client.get(f"/rating/products/{product_y.pk}/").status_code == 404
    index = client.get("/rating/").content.decode()
    assert product_x.name in index and product_y.name not in index


def test_facilitator_and_assessor_see_ratings_by_scope(
    client: Client,
    facilitator: User,
    assessor2: User,
    officer: User,
    assessor: User,
    product_x: Product,
    product_y: Product,
    kemenperin: RatingScheme,
) -> None:
    mine = issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    theirs = issued(officer=officer, assessor=assessor, product=product_y, scheme=kemenperin)
    login(client, facilitator)
    assert client.get(f"/rating/ratings/{mine.pk}/").status_code == 200
    assert client.get(f"/rating/ratings/{theirs.pk}/").status_code == 404
    login(client, assessor2)
    assert client.get(f"/rating/ratings/{theirs.pk}/").status_code == 200


@pytest.mark.parametrize(
    "who", ["admin_user", "officer", "viewer", "assessor", "facilitator", "owner"]
)
def test_every_role_opens_the_rating_pages(
    who: str,
    request: pytest.FixtureRequest,
    client: Client,
    officer: User,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    login(client, request.getfixturevalue(who))
    for url in ("/rating/", "/rating/overview/", "/rating/assessments/"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/rating/products/{product_x.pk}/").status_code == 200
