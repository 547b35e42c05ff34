"""Refusals, one per role and path, with every row unchanged afterwards; the admin site is
read-only; a gate shown with its "configurable default" badge, down to the certificate."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating import services
from ovop.rating import urls as rating_urls
from ovop.rating.models import Assessment, RatingScheme, StarRating
from tests.conftest import login
from tests.rating.conftest import all_answers, passing
from tests.rating.helpers import finished, issued

API_URLS = (
    "/api/v1/rating-schemes/",
    "/api/v1/rating-schemes/{scheme}/",
    "/api/v1/assessments/",
    "/api/v1/assessments/{assessment}/",
    "/api/v1/star-ratings/",
    "/api/v1/star-ratings/{rating}/",
)


def _rows() -> dict[str, list[tuple[object, ...]]]:
    """Every rating row as plain values, to compare before and after a refused write."""
    return {
        "schemes": list(
            RatingScheme.objects.order_by("pk").values_list("pk", "version", "status", "name")
        ),
        "assessments": list(
            Assessment.objects.order_by("pk").values_list("pk", "status", "answers", "evidence")
        ),
        "ratings": list(StarRating.objects.order_by("pk").values_list("pk", "stars", "percent")),
    }


def _urls(*, scheme: RatingScheme, assessment: Assessment, rating: StarRating) -> list[str]:
    """Every /rating/ URL, each with the record its name asks for."""
    pks = {
        "assessment": assessment.pk,
        "product": assessment.product_id,
        "invite": assessment.product_id,
        "issue": assessment.product_id,
        "rating": rating.pk,
        "certificate": rating.pk,
    }
    urls = []
    for pattern in rating_urls.urlpatterns:
        assert isinstance(pattern, URLPattern) and pattern.name
        if "pk" not in pattern.pattern.regex.groupindex:
            urls.append(reverse(f"rating:{pattern.name}"))
        else:
            pk = pks.get(pattern.name, scheme.pk)  # the scheme pages otherwise
            urls.append(reverse(f"rating:{pattern.name}", args=[pk]))
    return urls


def test_the_public_is_sent_to_login_from_every_url_and_writes_nothing(
    client: Client,
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    rating = issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    open_one = services.assessment_invite(
        user=officer, product=product_x, scheme=kemenperin, assessor=assessor2
    )
    before = _rows()
    urls = _urls(scheme=kemenperin, assessment=open_one, rating=rating)
    assert len(urls) == len(rating_urls.urlpatterns) == 17
    post = {"action": "finalise", "scheme": kemenperin.pk, "assessor": assessor2.pk}
    for url in urls:
        for response in (client.get(url), client.post(url, post)):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url
    ids = {"scheme": kemenperin.pk, "assessment": open_one.pk, "rating": rating.pk}
    for template in API_URLS:
        url = template.format(**ids)
        assert client.get(url).status_code in (302, 401, 403), url
        body = {"answers": passing(kemenperin), "finalise": True}
        assert client.post(url, body, content_type="application/json").status_code in (
            302,
            401,
            403,
            405,
        ), url
    # the one public page
    assert client.get(f"/verify/{rating.verification_code}/").status_code == 200
    assert _rows() == before


@pytest.mark.parametrize("who", ["officer", "admin_user"])
def test_managers_may_read_but_not_fill_in_an_assessment(
    who: str,
    request: pytest.FixtureRequest,
    client: Client,
    invited: Assessment,
    kemenperin: RatingScheme,
) -> None:
    login(client, request.getfixturevalue(who))
    url = f"/rating/assessments/{invited.pk}/"
    assert client.get(url).status_code == 200
    before = _rows()
    data = {f"item_{k}": v for k, v in passing(kemenperin).items()}
    assert client.post(url, {**data, "action": "finalise"}).status_code == 403
    assert _rows() == before


def test_an_owner_may_not_fill_in_the_assessment_of_their_own_product(
    client: Client, owner: User, invited: Assessment, kemenperin: RatingScheme
) -> None:
    login(client, owner)
    before = _rows()
    data = {f"item_{k}": v for k, v in passing(kemenperin).items()}
    response = client.post(f"/rating/assessments/{invited.pk}/", {**data, "action": "finalise"})
    assert response.status_code == 404
    api = client.post(
        f"/api/v1/assessments/{invited.pk}/",
        {"answers": passing(kemenperin), "finalise": True},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert _rows() == before


@pytest.mark.parametrize("who", ["assessor", "facilitator", "viewer", "owner"])
def test_only_managers_invite_and_issue_on_the_pages(
    who: str,
    request: pytest.FixtureRequest,
    client: Client,
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    finished(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    login(client, request.getfixturevalue(who))
    before = _rows()
    invite = client.post(
        f"/rating/products/{product_x.pk}/invite/",
        {"scheme": kemenperin.pk, "assessor": assessor2.pk},
    )
    assert invite.status_code == 403
    issue = client.post(
        f"/rating/products/{product_x.pk}/issue/", {"scheme": kemenperin.pk, "how": "mean"}
    )
    assert issue.status_code == 403
    assert _rows() == before


@pytest.mark.parametrize("who", ["officer", "viewer", "assessor"])
def test_only_admins_edit_activate_or_archive_a_scheme(
    who: str, request: pytest.FixtureRequest, client: Client, admin_user: User, ocop: RatingScheme
) -> None:
    draft = services.scheme_clone(user=admin_user, scheme=ocop)
    login(client, request.getfixturevalue(who))
    before = _rows()
    assert client.get(f"/rating/schemes/{draft.pk}/").status_code == 403
    assert client.get(f"/rating/schemes/{draft.pk}/edit/").status_code == 403
    edit = client.post(f"/rating/schemes/{draft.pk}/edit/", {"definition": "{}"})
    assert edit.status_code == 403
    for action in ("activate", "archive"):
        assert client.post(f"/rating/schemes/{draft.pk}/{action}/").status_code == 403, action
    assert client.post(f"/rating/schemes/{ocop.pk}/archive/").status_code == 403
    assert _rows() == before


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
    before = _rows()
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
    assert _rows() == before


def test_a_gate_is_shown_with_its_badge_and_caps_the_certificate(
    client: Client,
    officer: User,
    assessor: User,
    invited: Assessment,
    kemenperin: RatingScheme,
) -> None:
    login(client, assessor)
    url = f"/rating/assessments/{invited.pk}/"
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert form.count('class="badge configurable"') >= 5  # part B, C, gates, A.III items
    answers = {**all_answers(kemenperin), "l_nib": "o1", "l_food_permit": "o2"}
    data = {f"item_{k}": v for k, v in answers.items()}
    response = client.post(url, {**data, "action": "finalise"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
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
    verify = client.get(f"/verify/{rating.verification_code}/", HTTP_ACCEPT_LANGUAGE="en")
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
