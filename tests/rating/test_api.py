"""/api/v1/rating-schemes/, /api/v1/assessments/ (read, save, finalise), /api/v1/star-ratings/."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Product
from ovop.rating.models import Assessment, RatingScheme
from tests.conftest import login
from tests.rating.conftest import passing
from tests.rating.helpers import certify, issued


def _post(client: Client, url: str, data: object, method: str = "post") -> object:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    send = client.post if method == "post" else client.patch
    return send(url, json.dumps(data), content_type="application/json")


def test_schemes_are_readable(client: Client, viewer: User, kemenperin: RatingScheme) -> None:
    login(client, viewer)
    listing = client.get("/api/v1/rating-schemes/").json()
    assert listing["count"] == 3  # Kemenperin v1 (archived) and v2, OCOP v1
    assert [(s["code"], s["version"]) for s in listing["results"]][:2] == [
        ("kemenperin-ovop", 2),
        ("kemenperin-ovop", 1),
    ]
    detail = client.get(f"/api/v1/rating-schemes/{kemenperin.pk}/").json()
    assert detail["code"] == "kemenperin-ovop"
    assert detail["definition"]["groups"][0]["id"] == "A1"
    assert "cutoffs_pct" in detail["configurable_defaults"]


def test_assessor_saves_and_finalises(
    client: Client, assessor: User, invited: Assessment, kemenperin: RatingScheme
) -> None:
    certify(invited.product)  # P-IRT and halal: with its NIB no gate caps the stars
    login(client, assessor)
    url = f"/api/v1/assessments/{invited.pk}/"
    draft = _post(client, url, {"answers": {"a1_material": "o2"}, "evidence": "x"}, "patch")
    assert draft.status_code == 200  # type: ignore[attr-defined]
    assert draft.json()["status"] == "draft"  # type: ignore[attr-defined]
    done = _post(
        client,
        url,
        {"answers": passing(kemenperin), "finalise": True, "confirm": True, "reason": "visited"},
    )
    assert done.status_code == 200  # type: ignore[attr-defined]
    body = done.json()  # type: ignore[attr-defined]
    assert (body["status"], body["result"]["stars"], body["evidence"]) == ("final", 5, "x")


def test_submit_errors_name_the_item(client: Client, assessor: User, invited: Assessment) -> None:
    login(client, assessor)
    url = f"/api/v1/assessments/{invited.pk}/"
    bad = _post(client, url, {"answers": {"a1_mass": "o5"}})
    assert bad.status_code == 400  # type: ignore[attr-defined]
    assert bad.json() == {  # type: ignore[attr-defined]  # a service's refusal: its messages
        "error": (
            "Mass production at constant quantity and quality: 'o5' is not one of its options."
        ),
        "fields": {
            "answers.a1_mass": [
                "Mass production at constant quantity and quality: 'o5' is not one of its options."
            ]
        },
    }
    incomplete = _post(
        client,
        url,
        {"answers": {"a1_mass": "o3"}, "finalise": True, "confirm": True, "reason": "visited"},
    )
    assert incomplete.status_code == 400  # type: ignore[attr-defined]
    message = incomplete.json()["fields"]["answers"][0]  # type: ignore[attr-defined]
    assert message.startswith("Finalise: every item needs an answer; missing: Main raw material")
    shape = _post(client, url, {"answers": ["a1_mass"]})
    assert shape.status_code == 400  # type: ignore[attr-defined]
    assert list(shape.json()["fields"]) == ["answers"]  # type: ignore[attr-defined]
    assert Assessment.objects.get(pk=invited.pk).status == "invited"


@pytest.mark.parametrize(
    ("who", "status"), [("viewer", 403), ("officer", 403), ("assessor2", 404), ("owner", 404)]
)
def test_submit_refusals(
    who: str, status: int, request: pytest.FixtureRequest, client: Client, invited: Assessment
) -> None:
    login(client, request.getfixturevalue(who))
    response = _post(client, f"/api/v1/assessments/{invited.pk}/", {"answers": {}})
    assert response.status_code == status  # type: ignore[attr-defined]
    assert Assessment.objects.get(pk=invited.pk).status == "invited"


def test_lists_are_scoped(
    client: Client,
    owner: User,
    assessor2: User,
    officer: User,
    assessor: User,
    product_x: Product,
    product_y: Product,
    kemenperin: RatingScheme,
) -> None:
    issued(officer=officer, assessor=assessor, product=product_x, scheme=kemenperin)
    issued(officer=officer, assessor=assessor, product=product_y, scheme=kemenperin)
    login(client, owner)
    ratings = client.get("/api/v1/star-ratings/").json()
    assert [r["product_name"] for r in ratings["results"]] == ["Getas Tenggiri Alfa"]
    assert client.get("/api/v1/assessments/").json()["count"] == 0
    login(client, assessor2)
    assert client.get("/api/v1/assessments/").json()["count"] == 0
    login(client, assessor)
    assert client.get("/api/v1/assessments/").json()["count"] == 2
    login(client, officer)
    assert client.get("/api/v1/star-ratings/").json()["count"] == 2
