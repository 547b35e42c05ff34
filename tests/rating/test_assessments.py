"""Inviting assessors, saving drafts, finalising, scoring and gates, photos, refusals."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image

from ovop.accounts.models import User
from ovop.analysis.rating import Scheme, score
from ovop.enterprises.models import Enterprise, Product
from ovop.rating import selectors, services
from ovop.rating.models import Assessment, AssessmentPhoto, RatingScheme
from tests.conftest import login
from tests.rating.conftest import all_answers, passing
from tests.rating.helpers import certify


def _png(size: tuple[int, int] = (8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")


def test_officer_invites_an_assessor(invited: Assessment, assessor: User) -> None:
    assert invited.status == "invited"
    assert invited.assessor == assessor
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("who", ["viewer", "assessor", "facilitator", "owner"])
def test_only_officers_and_admins_invite(
    who: str,
    request: pytest.FixtureRequest,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    with pytest.raises(PermissionDenied):
        services.assessment_invite(
            user=request.getfixturevalue(who),
            product=product_x,
            scheme=kemenperin,
            assessor=assessor,
        )
    assert Assessment.objects.count() == 0


def test_invite_errors_name_the_field(
    admin_user: User, viewer: User, product_x: Product, kemenperin: RatingScheme
) -> None:
    services.scheme_archive(user=admin_user, scheme=kemenperin)
    with pytest.raises(ValidationError) as err:
        services.assessment_invite(
            user=admin_user, product=product_x, scheme=kemenperin, assessor=viewer
        )
    assert err.value.message_dict == {
        "scheme": ["Scheme: only a scheme version in use can be rated against."],
        "assessor": ["Assessor: viewer is not an assessor."],
    }
    assert Assessment.objects.count() == 0


def test_inviting_twice_is_refused(invited: Assessment, officer: User, assessor: User) -> None:
    with pytest.raises(ValidationError) as err:
        services.assessment_invite(
            user=officer, product=invited.product, scheme=invited.scheme, assessor=assessor
        )
    assert err.value.message_dict["assessor"] == [
        "Assessor: assessor is already invited to rate this product on this scheme."
    ]


def test_an_incomplete_draft_is_saved(invited: Assessment, assessor: User) -> None:
    services.assessment_save(
        user=assessor,
        assessment=invited,
        answers={"a1_material": "o3", "a1_supply": ""},
        evidence="Visited on Monday.",
        finalise=False,
    )
    invited.refresh_from_db()
    assert invited.status == "draft"
    assert invited.answers == {"a1_material": "o3"}
    assert invited.result is not None
    assert invited.result["points"] == 3.0
    # the 20 point-scoring items but the one answered; the registry decides the legality gates
    assert len(invited.result["missing_items"]) == 19
    assert invited.finalised_at is None


def test_finalising_needs_every_item_and_names_the_missing_ones(
    invited: Assessment, assessor: User, kemenperin: RatingScheme
) -> None:
    answers = passing(kemenperin)
    del answers["a2_packaging"], answers["c_label"]
    with pytest.raises(ValidationError) as err:
        services.assessment_save(
            user=assessor, assessment=invited, answers=answers, evidence="x", finalise=True
        )
    assert err.value.message_dict == {
        "answers": [
            "Finalise: every item needs an answer; missing: "
            "Packaging development, Label and packaging information."
        ]
    }
    invited.refresh_from_db()
    assert (invited.status, invited.answers, invited.evidence, invited.result) == (
        "invited",
        {},
        "",
        None,
    )


def test_unknown_option_names_the_item(invited: Assessment, assessor: User) -> None:
    with pytest.raises(ValidationError) as err:
        services.assessment_save(
            user=assessor,
            assessment=invited,
            answers={"a1_supply": "o9", "nope": "o1"},
            evidence="",
            finalise=False,
        )
    assert err.value.message_dict == {
        "answers.a1_supply": [
            "Guaranteed raw-material availability: 'o9' is not one of its options."
        ],
        "answers": ["Answers: this scheme has no item 'nope'."],
    }
    assert Assessment.objects.get(pk=invited.pk).status == "invited"


def test_score_through_the_service_equals_the_analysis(
    invited: Assessment, assessor: User, kemenperin: RatingScheme
) -> None:
    answers = passing(kemenperin, "o2")
    answers["a1_material"] = "o3"
    services.assessment_save(
        user=assessor, assessment=invited, answers=answers, evidence="", finalise=True
    )
    invited.refresh_from_db()
    registry = selectors.product_registry(product=invited.product).facts()
    expected = score(Scheme.from_dict(kemenperin.definition), answers, registry=registry)
    assert invited.result == expected.to_dict()
    assert invited.result["points"] == 41.0
    assert invited.status == "final"
    assert invited.finalised_at is not None


@pytest.mark.parametrize(
    ("nib", "category", "certificates", "stars", "gates"),
    [
        ("1234567890123", "food_beverage", ("pirt", "halal"), 5, []),
        ("", "food_beverage", ("bpom_md", "halal"), 4, ["l_nib"]),
        ("1234567890123", "food_beverage", ("halal",), 3, ["l_food_permit"]),
        ("1234567890123", "food_beverage", ("pirt",), 3, ["l_halal"]),
        ("", "food_beverage", (), 3, ["l_nib", "l_food_permit", "l_halal"]),
        ("1234567890123", "woven_cloth", (), 5, []),
    ],
)
@pytest.mark.registry_written_directly
def test_the_registry_gates_cap_the_stars(
    invited: Assessment,
    assessor: User,
    kemenperin: RatingScheme,
    nib: str,
    category: str,
    certificates: tuple[str, ...],
    stars: int,
    gates: list[str],
) -> None:
    product = invited.product
    Enterprise.objects.filter(pk=product.enterprise_id).update(nib=nib or None)
    Product.objects.filter(pk=product.pk).update(category=category)
    if certificates:
        certify(product, *certificates)
    invited.refresh_from_db()
    # what the assessor answers on the legality items is ignored: the registry decides them
    answers = {**all_answers(kemenperin), "l_nib": "o2", "l_food_permit": "o2", "l_halal": "o2"}
    services.assessment_save(
        user=assessor, assessment=invited, answers=answers, evidence="", finalise=True
    )
    invited.refresh_from_db()
    assert invited.result is not None
    assert invited.result["percent"] == 100.0
    assert invited.result["stars"] == stars
    assert [g["item"] for g in invited.result["failed_gates"]] == gates


@pytest.mark.parametrize("who", ["assessor2", "officer", "admin_user", "viewer"])
def test_only_the_invited_assessor_saves(
    who: str, request: pytest.FixtureRequest, invited: Assessment, kemenperin: RatingScheme
) -> None:
    with pytest.raises(PermissionDenied):
        services.assessment_save(
            user=request.getfixturevalue(who),
            assessment=invited,
            answers=passing(kemenperin),
            evidence="",
            finalise=True,
        )
    assert Assessment.objects.get(pk=invited.pk).status == "invited"


def test_a_final_assessment_is_not_changed(
    invited: Assessment, assessor: User, kemenperin: RatingScheme
) -> None:
    services.assessment_save(
        user=assessor, assessment=invited, answers=passing(kemenperin), evidence="", finalise=True
    )
    with pytest.raises(ValidationError) as err:
        services.assessment_save(
            user=assessor, assessment=invited, answers={}, evidence="changed", finalise=False
        )
    assert err.value.messages == ["Status: this assessment is final and can no longer be changed."]
    assert Assessment.objects.get(pk=invited.pk).evidence == ""


def test_photos_are_checked_and_stored(invited: Assessment, assessor: User) -> None:
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError) as err:
        services.assessment_save(
            user=assessor,
            assessment=invited,
            answers={"a1_material": "o2"},
            evidence="",
            finalise=False,
            photos=[(fake, "label")],
        )
    assert err.value.message_dict == {
        "photo": ["Photo: the file is not an image (JPEG, PNG or WebP)."]
    }
    assert AssessmentPhoto.objects.count() == 0
    assert Assessment.objects.get(pk=invited.pk).answers == {}
    services.assessment_save(
        user=assessor,
        assessment=invited,
        answers={"a1_material": "o2"},
        evidence="",
        finalise=False,
        photos=[(_png(), "Label on the jar")],
    )
    assert list(AssessmentPhoto.objects.values_list("caption", flat=True)) == ["Label on the jar"]


def _form(answers: dict[str, str], action: str) -> dict[str, str]:
    data = {f"item_{k}": v for k, v in answers.items()}
    data.update({"evidence": "Seen at the workshop.", "action": action})
    if action == "finalise":  # the confirmed finalising POST
        data.update({"confirm": "1", "reason": "All items checked at the workshop."})
    return data


def test_assessor_saves_and_finalises_through_the_page(
    client: Client, invited: Assessment, assessor: User, kemenperin: RatingScheme
) -> None:
    certify(invited.product)  # P-IRT and halal: with its NIB no gate caps the stars
    login(client, assessor)
    url = f"/rating/assessments/{invited.pk}/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(url).content.decode()
    assert 'name="item_a1_material"' in page
    assert "Save draft" in page and "Finalise" in page
    answers = passing(kemenperin)
    partial = {k: answers[k] for k in list(answers)[:3]}
    assert client.post(url, _form(partial, "draft")).status_code == 302
    invited.refresh_from_db()
    assert invited.status == "draft"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    refused = client.post(url, _form(partial, "finalise"))
    assert refused.status_code == 200
    assert "Finalise: every item needs an answer; missing: Environmental control" in (
        refused.content.decode()
    )
    assert Assessment.objects.get(pk=invited.pk).status == "draft"
    done = client.post(url, _form(answers, "finalise"))
    assert done.status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    shown = client.get(url).content.decode()
    assert "★★★★★" in shown
    assert "Central government (Kemenperin)" in shown
    assert "Final" in shown


def test_the_page_names_a_bad_option(client: Client, invited: Assessment, assessor: User) -> None:
    login(client, assessor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/rating/assessments/{invited.pk}/",
        {"item_a1_mass": "o7", "action": "draft"},
    )
    assert response.status_code == 200
    assert "Select a valid choice. o7 is not one of the available choices." in (
        response.content.decode()
    )
    assert Assessment.objects.get(pk=invited.pk).status == "invited"


def test_another_assessor_gets_404(client: Client, invited: Assessment, assessor2: User) -> None:
    login(client, assessor2)
    assert client.get(f"/rating/assessments/{invited.pk}/").status_code == 404
    assert client.post(f"/rating/assessments/{invited.pk}/", {"action": "draft"}).status_code == 404


@pytest.mark.parametrize("who", ["owner", "owner2"])
def test_owners_do_not_see_assessments(
    who: str, request: pytest.FixtureRequest, client: Client, invited: Assessment
) -> None:
    login(client, request.getfixturevalue(who))
    assert client.get(f"/rating/assessments/{invited.pk}/").status_code == 404


def test_viewer_reads_but_cannot_post(client: Client, invited: Assessment, viewer: User) -> None:
    login(client, viewer)
    assert client.get(f"/rating/assessments/{invited.pk}/").status_code == 200
    assert client.post(f"/rating/assessments/{invited.pk}/", {"action": "draft"}).status_code == 403
    assert Assessment.objects.get(pk=invited.pk).status == "invited"


def test_facilitator_reads_own_villages_only(
    client: Client,
    facilitator: User,
    officer: User,
    assessor: User,
    invited: Assessment,
    product_y: Product,
    kemenperin: RatingScheme,
) -> None:
    other = services.assessment_invite(
        user=officer, product=product_y, scheme=kemenperin, assessor=assessor
    )
    login(client, facilitator)
    assert client.get(f"/rating/assessments/{invited.pk}/").status_code == 200
    assert client.get(f"/rating/assessments/{other.pk}/").status_code == 404
    assert client.post(f"/rating/assessments/{invited.pk}/", {"action": "draft"}).status_code == 403


def test_anonymous_is_sent_to_login(client: Client, invited: Assessment) -> None:
    response = client.get(f"/rating/assessments/{invited.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")  # type: ignore[attr-defined]


def test_invite_page_post(
    client: Client,
    officer: User,
    viewer: User,
    assessor: User,
    product_x: Product,
    kemenperin: RatingScheme,
) -> None:
    login(client, viewer)
    data = {"scheme": kemenperin.pk, "assessor": assessor.pk}
    assert client.post(f"/rating/products/{product_x.pk}/invite/", data).status_code == 403
    assert Assessment.objects.count() == 0
    login(client, officer)
    response = client.post(f"/rating/products/{product_x.pk}/invite/", data)
    assert response.status_code == 302
    assert Assessment.objects.get().assessor == assessor


def test_missing_items_are_named_in_indonesian_when_id_is_active(
    invited: Assessment, assessor: User
) -> None:
    with translation.override("id"), pytest.raises(ValidationError) as err:
        services.assessment_save(
            user=assessor, assessment=invited, answers={}, evidence="", finalise=True
        )
    assert "Sumber bahan baku utama, Jaminan ketersediaan bahan baku" in err.value.messages[0]
