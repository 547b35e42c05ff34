"""Star ratings do not contradict the facts (issue 8), end to end with exact values.

Two assessors answer the 20 point-scoring items of the Kemenperin scheme (60 points):
"A" gives 4 items 3 points and 16 items 2 points (44 points, 73.3 %, 4 stars by points),
"B" gives every item 2 points (40 points, 66.7 %, 3 stars). The panel's mean is 42 points,
exactly 70 % — 4 stars by points. The product (food) has a valid P-IRT and no valid halal.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import CertificationKind, Enterprise, Product
from ovop.rating import services
from ovop.rating.models import Assessment, CoachingTier, RatingScheme, StarRating
from tests.conftest import login
from tests.factories import CertificationFactory
from tests.rating.helpers import finished, v1_in_use

HALAL_REASON = "A food product without a valid halal certificate gets at most 3 stars."
FOOD_REASON_V1 = "A food product without P-IRT or BPOM MD and halal gets at most 3 stars."
SETTLE_REASON = "The registry shows P-IRT only: no halal certificate."


def scored(scheme: RatingScheme, high: int) -> dict[str, str]:
    """Every point-scoring item at 2 points, except the first ``high`` at 3 points."""
    items = [i["id"] for g in scheme.definition["groups"] if g["id"] != "L" for i in g["items"]]
    assert len(items) == 20
    return {item: "o3" if k < high else "o2" for k, item in enumerate(items)}


def rows() -> dict[str, Any]:
    """Everything issuing would write."""
    return {
        "ratings": StarRating.objects.count(),
        "rating_history": StarRating.history.count(),  # type: ignore[attr-defined]
        "links": StarRating.assessments.through.objects.count(),
        "assessments": list(
            Assessment.objects.order_by("pk").values_list("pk", "status", "result")
        ),
    }


def pdf_text(client: Client, rating: StarRating) -> str:
    pdf = client.get(f"/rating/ratings/{rating.pk}/certificate.pdf?lang=en").content
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


@pytest.fixture
def v2(kemenperin: RatingScheme) -> RatingScheme:
    """The shipped version 2 (registry gates): in use from a fresh installation on."""
    assert (kemenperin.version, kemenperin.status) == (2, "active")
    return kemenperin


@pytest.fixture
def v1(schemes: dict[str, RatingScheme]) -> RatingScheme:
    """Version 1 (gates voted by the assessors) in use, as before version 2 shipped."""
    return v1_in_use()


@pytest.fixture
def pirt_only(enterprise_x: Enterprise, product_x: Product) -> None:
    """A valid P-IRT; a halal that expired and one archived: neither counts."""
    CertificationFactory(
        enterprise=enterprise_x,
        product=product_x,
        kind=CertificationKind.PIRT,
        issued_on=dt.date(2024, 1, 10),
        expires_on=dt.date(2099, 1, 10),
    )
    CertificationFactory(
        enterprise=enterprise_x,
        kind=CertificationKind.HALAL,
        number="ID-HALAL-OLD",
        issued_on=dt.date(2019, 1, 1),
        expires_on=dt.date(2023, 1, 1),
    )
    CertificationFactory(
        enterprise=enterprise_x,
        kind=CertificationKind.HALAL,
        number="ID-HALAL-GONE",
        archived_at=dt.datetime(2024, 6, 1, tzinfo=dt.UTC),
    )


# --------------------------------------------------------------- registry gates (scheme v2)


def test_v2_marks_the_legality_gates_as_decided_by_the_registry(v2: RatingScheme) -> None:
    kemenperin = RatingScheme.objects.get(code="kemenperin-ovop", version=1)
    assert kemenperin.status == "archived"  # version 1 stays valid for its ratings
    assert [(g["item"], g.get("registry"), g["max_stars"]) for g in v2.definition["gates"]] == [
        ("l_nib", "nib", 4),
        ("l_food_permit", "food_permit", 3),
        ("l_halal", "halal", 3),
    ]
    assert [g.get("registry") for g in kemenperin.definition["gates"]] == [None, None]


def test_the_assessment_form_shows_what_the_registry_knows(
    client: Client,
    officer: User,
    assessor: User,
    product_x: Product,
    v2: RatingScheme,
    pirt_only: None,
) -> None:
    invited = services.assessment_invite(
        user=officer, product=product_x, scheme=v2, assessor=assessor
    )
    login(client, assessor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(f"/rating/assessments/{invited.pk}/")
    page = html.content.decode()
    registry = page.split('id="registry"')[1].split("</section>")[0]
    assert "<li>NIB: on file</li>" in registry
    assert "<li>P-IRT: valid until 10 January 2099</li>" in registry
    assert "<li>BPOM MD: none</li>" in registry
    assert "<li>Halal: none</li>" in registry
    assert 'name="item_l_halal"' not in page and 'name="item_l_nib"' not in page
    assert 'name="item_a1_material"' in page
    assert "Decided from the registry: Halal: none" in page
    assert "Decided from the registry: P-IRT: valid until 10 January 2099; BPOM MD: none" in page
    # the assessor's claim about halal is not an answer: the registry's "none" stands
    data = {f"item_{k}": v for k, v in scored(v2, 4).items()}
    response = client.post(
        f"/rating/assessments/{invited.pk}/",
        {**data, "item_l_halal": "o2", "action": "finalise", "confirm": "1", "reason": "visited"},
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.answers == scored(v2, 4)
    assert invited.result is not None
    assert (invited.result["points"], invited.result["stars"]) == (44.0, 3)
    assert [g["item"] for g in invited.result["failed_gates"]] == ["l_halal"]
    assert invited.result["missing_items"] == []


def test_story_pirt_only_keeps_the_halal_gate_failed_everywhere(
    client: Client,
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: Product,
    v2: RatingScheme,
    pirt_only: None,
) -> None:
    a = finished(
        officer=officer, assessor=assessor, product=product_x, scheme=v2, answers=scored(v2, 4)
    )
    b = finished(
        officer=officer, assessor=assessor2, product=product_x, scheme=v2, answers=scored(v2, 0)
    )
    assert a.result is not None and b.result is not None
    assert (a.result["percent"], a.result["stars"]) == (pytest.approx(220 / 3), 3)
    assert (b.result["percent"], b.result["stars"]) == (pytest.approx(200 / 3), 3)
    login(client, officer)
    before = rows()
    url = f"/rating/products/{product_x.pk}/issue/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    preview = client.post(url, {"scheme": v2.pk, "how": "mean"})
    assert preview.status_code == 200
    assert rows() == before  # the preview writes nothing
    page = preview.content.decode()
    assert "Nothing has been issued yet." in page
    assert "70.0%" in page and "★★★☆☆</span> (3)" in page
    assert "Provincial government" in page
    assert "66.7% to 73.3% (standard deviation 3.3 points of percent, 2 assessors)" in page
    assert (
        f"<strong>Valid halal certificate, or not a food product</strong>: {HALAL_REASON}" in page
    )
    assert "the registry (Halal: none)" in page
    assert "Confirm and issue 3 stars" in page
    assert "Ties to settle" not in page
    issued = client.post(url, {"scheme": v2.pk, "how": "mean", "confirm": "on"})
    rating = StarRating.objects.get()
    assert issued.url == f"/rating/ratings/{rating.pk}/"  # type: ignore[attr-defined]
    assert (rating.stars, rating.percent, rating.tier) == (3, 70.0, CoachingTier.PROVINCE)
    assert [g["item"] for g in rating.result["failed_gates"]] == ["l_halal"]
    assert [(d["item"], d["decided_by"], d["passed"]) for d in rating.result["gate_decisions"]] == [
        ("l_nib", "registry", True),
        ("l_food_permit", "registry", True),
        ("l_halal", "registry", False),
    ]
    assert rating.result["ties"] == []
    assert set(rating.assessments.all()) == {a, b}
    text = pdf_text(client, rating)
    assert "has been rated 3 stars" in text
    assert "Coaching tier Provincial government" in text
    assert f"Conditions not met {HALAL_REASON}" in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    verify = client.get(f"/verify/{rating.verification_code}/")
    html = " ".join(verify.content.decode().split())
    assert "★★★☆☆</span> (3)" in html
    assert "<dt>Coaching tier</dt><dd>Provincial government</dd>" in html
    assert f"<dt>Conditions not met</dt><dd>{HALAL_REASON}</dd>" in html
    assert "points" not in html.lower()


def test_a_valid_halal_lets_the_points_decide(
    officer: User,
    assessor: User,
    assessor2: User,
    enterprise_x: Enterprise,
    product_x: Product,
    v2: RatingScheme,
    pirt_only: None,
) -> None:
    finished(
        officer=officer, assessor=assessor, product=product_x, scheme=v2, answers=scored(v2, 4)
    )
    finished(
        officer=officer, assessor=assessor2, product=product_x, scheme=v2, answers=scored(v2, 0)
    )
    CertificationFactory(
        enterprise=enterprise_x, kind=CertificationKind.HALAL, number="ID-HALAL-NEW"
    )  # enterprise-wide, no expiry: granted after the assessments, counts on the rating day
    rating = services.star_rating_issue(user=officer, product=product_x, scheme=v2)
    assert (rating.stars, rating.percent, rating.tier) == (4, 70.0, CoachingTier.CENTRAL)
    assert rating.result["failed_gates"] == []


# ------------------------------------------------------- person-judged gates (scheme v1): ties


def _split_panel(
    officer: User, assessor: User, assessor2: User, product: Product, scheme: RatingScheme
) -> None:
    """A fails the food-permit gate (3 stars), B passes it (3 stars): a tie."""
    legal_fail = {"l_nib": "o2", "l_food_permit": "o1"}
    legal_pass = {"l_nib": "o2", "l_food_permit": "o2"}
    finished(
        officer=officer,
        assessor=assessor,
        product=product,
        scheme=scheme,
        answers={**scored(scheme, 4), **legal_fail},
    )
    finished(
        officer=officer,
        assessor=assessor2,
        product=product,
        scheme=scheme,
        answers={**scored(scheme, 0), **legal_pass},
    )


def test_a_tie_blocks_issuing_until_the_officer_settles_it_with_a_reason(
    client: Client,
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: Product,
    v1: RatingScheme,
) -> None:
    _split_panel(officer, assessor, assessor2, product_x, v1)
    with pytest.raises(ValidationError) as refused:
        services.star_rating_issue(user=officer, product=product_x, scheme=v1)
    tie_message = (
        "Food permits (P-IRT or BPOM MD, and halal): the assessors are split 1 to 1 on this "
        "gate; settle it (passed or failed) with a reason before the rating is issued."
    )
    assert refused.value.message_dict == {"settlements.l_food_permit": [tie_message]}
    login(client, officer)
    before = rows()
    url = f"/rating/products/{product_x.pk}/issue/"
    form = {"scheme": v1.pk, "how": "mean"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    preview = client.post(url, form).content.decode()
    assert "70.0%" in preview and "★★★☆☆</span> (3)" in preview  # the tie counts as failed
    assert (
        "Tie between the assessors, not settled yet (counted as failed): "
        "Food permits (P-IRT or BPOM MD, and halal)." in preview
    )
    assert "Ties to settle" in preview and 'name="settle_l_food_permit"' in preview
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    confirmed = client.post(url, {**form, "confirm": "on"})
    assert confirmed.status_code == 200 and tie_message in confirmed.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    no_reason = client.post(
        url,
        {**form, "confirm": "on", "settle_l_food_permit": "fail", "reason_l_food_permit": " "},
    )
    assert no_reason.status_code == 200
    assert (
        "Food permits (P-IRT or BPOM MD, and halal): give the reason for settling the tie."
        in no_reason.content.decode()
    )
    assert rows() == before  # refused three times: nothing written
    settled = {"settle_l_food_permit": "fail", "reason_l_food_permit": SETTLE_REASON}
    done = client.post(url, {**form, **settled, "confirm": "on"})
    rating = StarRating.objects.get()
    assert done.url == f"/rating/ratings/{rating.pk}/"  # type: ignore[attr-defined]
    assert (rating.stars, rating.percent, rating.tier) == (3, 70.0, CoachingTier.PROVINCE)
    assert [g["item"] for g in rating.result["failed_gates"]] == ["l_food_permit"]
    decision = rating.result["gate_decisions"][1]
    assert (decision["decided_by"], decision["passes"], decision["fails"]) == ("officer", 1, 1)
    assert (decision["passed"], decision["note"]) == (False, SETTLE_REASON)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    detail = client.get(f"/rating/ratings/{rating.pk}/")
    assert f"the officer, on a tie: {SETTLE_REASON}" in detail.content.decode()
    text = pdf_text(client, rating)
    assert "has been rated 3 stars" in text
    assert f"Conditions not met {FOOD_REASON_V1}" in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    verify = client.get(f"/verify/{rating.verification_code}/")
    html = " ".join(verify.content.decode().split())
    assert f"<dt>Conditions not met</dt><dd>{FOOD_REASON_V1}</dd>" in html
    assert "<dt>Coaching tier</dt><dd>Provincial government</dd>" in html


def test_only_a_tie_may_be_settled(
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: Product,
    v1: RatingScheme,
) -> None:
    from ovop.analysis.rating import Settlement

    _split_panel(officer, assessor, assessor2, product_x, v1)
    with pytest.raises(ValidationError) as refused:
        services.star_rating_issue(
            user=officer,
            product=product_x,
            scheme=v1,
            settlements={
                "l_nib": Settlement(True, "x"),
                "l_food_permit": Settlement(True, "Sample had a halal label."),
            },
        )
    assert refused.value.message_dict == {
        "settlements.l_nib": [
            "The enterprise holds a NIB: only a gate the assessors are split on is settled by "
            "the officer."
        ]
    }
    assert StarRating.objects.count() == 0


def test_the_api_previews_and_issues_only_when_confirmed(
    client: Client,
    officer: User,
    assessor: User,
    assessor2: User,
    product_x: Product,
    v1: RatingScheme,
) -> None:
    _split_panel(officer, assessor, assessor2, product_x, v1)
    login(client, officer)
    body = {"product": product_x.pk, "scheme": v1.pk, "how": "mean"}
    before = rows()
    preview = client.post("/api/v1/star-ratings/preview/", body, content_type="application/json")
    assert preview.status_code == 200
    data = preview.json()
    assert (data["stars"], data["tier"], data["ties"]) == (3, "province", ["l_food_permit"])
    assert data["result"]["percent"] == pytest.approx(70.0)
    assert data["registry"]["facts"] == {
        "nib": True,
        "pirt": False,
        "bpom_md": False,
        "food_permit": False,
        "halal": False,
    }
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    unconfirmed = client.post("/api/v1/star-ratings/", body, content_type="application/json")
    assert unconfirmed.status_code == 400
    assert unconfirmed.json()["fields"] == {
        "confirm": ["Confirm: must be true; preview the rating first."]
    }
    tied = client.post(
        "/api/v1/star-ratings/", {**body, "confirm": True}, content_type="application/json"
    )
    assert tied.status_code == 400
    assert list(tied.json()["fields"]) == ["settlements.l_food_permit"]
    assert rows() == before
    settlements = {"l_food_permit": {"passed": False, "reason": SETTLE_REASON}}
    issued = client.post(
        "/api/v1/star-ratings/",
        {**body, "confirm": True, "settlements": settlements},
        content_type="application/json",
    )
    assert issued.status_code == 201
    assert (issued.json()["stars"], issued.json()["tier"]) == (3, "province")
    assert StarRating.objects.count() == 1


@pytest.mark.parametrize("who", ["viewer", "assessor"])
def test_the_preview_is_for_managers_only(
    who: str,
    request: pytest.FixtureRequest,
    client: Client,
    officer: User,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    finished(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    login(client, request.getfixturevalue(who))
    body = {"product": product_x.pk, "scheme": kemenperin.pk}
    api = client.post("/api/v1/star-ratings/preview/", body, content_type="application/json")
    page = client.post(f"/rating/products/{product_x.pk}/issue/", body)
    assert (api.status_code, page.status_code) == (403, 403)
