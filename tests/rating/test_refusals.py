"""Refusals, one per role and path, with every row unchanged afterwards; the admin site is
read-only; a gate shown with its "configurable default" badge, down to the certificate."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, Product
from ovop.rating import services
from ovop.rating import urls as rating_urls
from ovop.rating.models import Assessment, RatingScheme, StarRating
from tests.conftest import login
from tests.rating.conftest import all_answers, passing
from tests.rating.helpers import certify, finished, issued
from tests.refusals import API_ANONYMOUS, LOGIN, Attempt, changed, matrix, refused, rows

#: Every rating row, history included, is compared before and after each refusal.
RATING = ("rating",)
#: What the API takes to finalise an assessment for good.
CONFIRMED = {"confirm": True, "reason": "visited"}
#: The API addresses, filled with the records of `Records`.
API_URLS = {
    "schemes": "/api/v1/rating-schemes/",
    "scheme": "/api/v1/rating-schemes/{scheme}/",
    "assessments": "/api/v1/assessments/",
    "assessment": "/api/v1/assessments/{assessment}/",
    "ratings": "/api/v1/star-ratings/",
    "rating": "/api/v1/star-ratings/{rating}/",
}


@dataclass(frozen=True)
class Records:
    """An issued rating of product X and an assessment of it still open (assessor2's)."""

    scheme: RatingScheme
    assessment: Assessment
    rating: StarRating
    assessor2: User


@pytest.fixture
def records(
    officer: User, assessor: User, assessor2: User, product_x: Product, kemenperin: RatingScheme
) -> Records:
    rating = issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    open_one = services.assessment_invite(
        user=officer, product=product_x, scheme=kemenperin, assessor=assessor2
    )
    return Records(kemenperin, open_one, rating, assessor2)


PAGES = [pattern.name for pattern in rating_urls.urlpatterns if isinstance(pattern, URLPattern)]
#: The record each page's ``pk`` names (a scheme for the scheme pages).
PKS: dict[str, Callable[[Records], int]] = {
    "assessment": lambda r: r.assessment.pk,
    "product": lambda r: r.assessment.product_id,
    "invite": lambda r: r.assessment.product_id,
    "issue": lambda r: r.assessment.product_id,
    "rating": lambda r: r.rating.pk,
    "certificate": lambda r: r.rating.pk,
}


def _page(name: str) -> Callable[[Records], str]:
    """The address of the page called ``name``, with the record it asks for."""

    def url(r: Records) -> str:
        pattern = next(p for p in rating_urls.urlpatterns if getattr(p, "name", "") == name)
        if "pk" not in pattern.pattern.regex.groupindex:
            return reverse(f"rating:{name}")
        return reverse(f"rating:{name}", args=[PKS.get(name, lambda r: r.scheme.pk)(r)])

    return url


def test_every_rating_page_is_tried() -> None:
    assert len(PAGES) == len(rating_urls.urlpatterns) == 19


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("page", PAGES)
def test_the_public_is_sent_to_login_from_every_page_and_writes_nothing(
    client: Client, request: pytest.FixtureRequest, records: Records, page: str, method: str
) -> None:
    def post(r: Records) -> dict[str, object] | None:
        if method == "get":
            return None
        return {"action": "finalise", "scheme": r.scheme.pk, "assessor": r.assessor2.pk}

    attempt = Attempt(method, _page(page), post)
    refused(client, request, "anonymous", attempt, LOGIN, apps=RATING, records=records)


@pytest.mark.parametrize(
    ("method", "expected"), [("get", API_ANONYMOUS), ("post", API_ANONYMOUS | {405})]
)
@pytest.mark.parametrize("endpoint", list(API_URLS))
def test_the_public_is_refused_by_every_api_address_and_writes_nothing(
    client: Client,
    request: pytest.FixtureRequest,
    records: Records,
    endpoint: str,
    method: str,
    expected: frozenset[int],
) -> None:
    def url(r: Records) -> str:
        ids = {"scheme": r.scheme.pk, "assessment": r.assessment.pk, "rating": r.rating.pk}
        return API_URLS[endpoint].format(**ids)

    body = {"answers": passing(records.scheme), "finalise": True, **CONFIRMED}
    body = body if method == "post" else None
    attempt = Attempt(method, url, body, json=method == "post")
    refused(client, request, "anonymous", attempt, expected, apps=RATING, records=records)


def test_the_verification_page_is_public(client: Client, records: Records) -> None:
    before = rows(*RATING)
    assert client.get(f"/verify/{records.rating.verification_code}/").status_code == 200
    assert changed(before, rows(*RATING)) == []


def _finalise_form(r: Records) -> dict[str, str]:
    answers = {f"item_{k}": v for k, v in passing(r.scheme).items()}
    return {**answers, "action": "finalise", "confirm": "1", "reason": "visited"}


#: Filling in the invited assessment (the assessor's): managers may read it, not fill it in; the
#: owner of the product may not see it at all.
FILL_IN = {
    "page": Attempt("post", lambda r: f"/rating/assessments/{r.assessment.pk}/", _finalise_form),
    "api": Attempt(
        "post",
        lambda r: f"/api/v1/assessments/{r.assessment.pk}/",
        lambda r: {"answers": passing(r.scheme), "finalise": True, **CONFIRMED},
        json=True,
    ),
}
#: Inviting an assessor and issuing the rating of product X (its assessment is finished).
MANAGE = {
    "invite": Attempt(
        "post",
        lambda r: f"/rating/products/{r.product_id}/invite/",
        lambda r: {"scheme": r.scheme_id, "assessor": r.assessor2.pk},
    ),
    "issue": Attempt(
        "post",
        lambda r: f"/rating/products/{r.product_id}/issue/",
        lambda r: {"scheme": r.scheme_id, "how": "mean"},
    ),
}
#: A draft scheme (cloned from OCOP), and the active OCOP scheme, changed by an administrator only.
SCHEME_ADMIN = {
    "open-draft": Attempt("get", lambda r: f"/rating/schemes/{r.draft.pk}/"),
    "open-edit": Attempt("get", lambda r: f"/rating/schemes/{r.draft.pk}/edit/"),
    "edit": Attempt("post", lambda r: f"/rating/schemes/{r.draft.pk}/edit/", {"definition": "{}"}),
    "activate": Attempt("post", lambda r: f"/rating/schemes/{r.draft.pk}/activate/"),
    "archive": Attempt("post", lambda r: f"/rating/schemes/{r.draft.pk}/archive/"),
    "archive-active": Attempt("post", lambda r: f"/rating/schemes/{r.active.pk}/archive/"),
}


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix({"officer": 403, "admin_user": 403}, ["page"]) + matrix({"owner": 404}, FILL_IN),
)
def test_only_the_invited_assessor_fills_in_an_assessment(
    client: Client,
    request: pytest.FixtureRequest,
    invited: Assessment,
    assessor2: User,
    kemenperin: RatingScheme,
    persona: str,
    action: str,
    expected: int,
) -> None:
    records = SimpleNamespace(assessment=invited, scheme=kemenperin)
    refused(client, request, persona, FILL_IN[action], expected, apps=RATING, records=records)


@pytest.mark.parametrize("who", ["officer", "admin_user"])
def test_managers_may_read_an_assessment(
    who: str, request: pytest.FixtureRequest, client: Client, invited: Assessment
) -> None:
    login(client, request.getfixturevalue(who))
    assert client.get(f"/rating/assessments/{invited.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(dict.fromkeys(["assessor", "facilitator", "viewer", "owner"], 403), MANAGE),
)
def test_only_managers_invite_and_issue_on_the_pages(
    client: Client,
    request: pytest.FixtureRequest,
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: Product,
    kemenperin: RatingScheme,
    persona: str,
    action: str,
    expected: int,
) -> None:
    finished(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    records = SimpleNamespace(product_id=product_x.pk, scheme_id=kemenperin.pk, assessor2=assessor2)
    refused(client, request, persona, MANAGE[action], expected, apps=RATING, records=records)


@pytest.mark.parametrize(
    ("persona", "action", "expected"),
    matrix(dict.fromkeys(["officer", "viewer", "assessor"], 403), SCHEME_ADMIN),
)
def test_only_admins_edit_activate_or_archive_a_scheme(
    client: Client,
    request: pytest.FixtureRequest,
    admin_user: User,
    ocop: RatingScheme,
    persona: str,
    action: str,
    expected: int,
) -> None:
    draft = services.scheme_clone(user=admin_user, scheme=ocop)
    records = SimpleNamespace(draft=draft, active=ocop)
    refused(client, request, persona, SCHEME_ADMIN[action], expected, apps=RATING, records=records)


def test_the_admin_site_changes_no_scheme_assessment_or_rating(
    client: Client,
    admin_user: User,
    officer: User,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    rating = issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    assessment = Assessment.objects.get()
    login(client, admin_user)
    before = rows(*RATING)
    for model, pk, data in [
        ("ratingscheme", kemenperin.pk, {"name": "Changed", "status": "draft"}),
        ("assessment", assessment.pk, {"status": "draft", "answers": "{}"}),
        ("starrating", rating.pk, {"stars": 1, "percent": 1}),
    ]:
        base = f"/admin/rating/{model}/"
        assert client.get(base).status_code == 200, model
        assert client.get(f"{base}add/").status_code == 403, model
        assert client.get(f"{base}{pk}/change/").status_code == 200, model  # read-only view
        client.post(f"{base}{pk}/change/", data)
        client.post(f"{base}{pk}/delete/", {"post": "yes"})
    assert changed(before, rows(*RATING)) == []


def test_a_gate_is_shown_with_its_badge_and_caps_the_certificate(
    client: Client,
    officer: User,
    assessor: User,
    invited: Assessment,
    kemenperin: RatingScheme,
) -> None:
    # the registry: no NIB, P-IRT and halal valid (what the assessor answers is ignored)
    Enterprise.objects.filter(pk=invited.product.enterprise_id).update(nib=None)
    certify(invited.product)
    invited.refresh_from_db()
    login(client, assessor)
    url = f"/rating/assessments/{invited.pk}/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    form = client.get(url).content.decode()
    # "configurable default" concerns whoever edits schemes: assessors do not see the badges
    assert form.count('class="badge configurable"') == 0
    answers = {**all_answers(kemenperin), "l_nib": "o1", "l_food_permit": "o2"}
    data = {f"item_{k}": v for k, v in answers.items()}
    data.update({"action": "finalise", "confirm": "1", "reason": "visited"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data)
    assert response.status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    gates = page.split("Failed gates")[1]
    assert "Without a NIB a product gets at most 4 stars." in gates
    assert "(at most 4 stars)" in gates
    assert "configurable default</span>" in gates
    assert "100.0%" in page and "★★★★☆" in page
    rating = services.star_rating_issue(user=officer, product=invited.product, scheme=kemenperin)
    assert rating.stars == 4
    login(client, officer)
    pdf = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf?lang=en").content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Getas Tenggiri Alfa" in text
    assert "has been rated 4 stars" in text
    assert rating.verification_code in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    verify = client.get(f"/verify/{rating.verification_code}/")
    assert verify.status_code == 200 and "★★★★☆" in verify.content.decode()


def test_api_null_answer_leaves_the_item_open_like_the_form(
    client: Client, assessor: User, invited: Assessment
) -> None:
    login(client, assessor)
    response = client.post(
        f"/api/v1/assessments/{invited.pk}/",
        {"answers": {"a1_mass": "o3", "a1_supply": None}},
        content_type="application/json",
    )
    assert response.status_code == 200
    invited.refresh_from_db()
    assert (invited.status, invited.answers) == ("draft", {"a1_mass": "o3"})
