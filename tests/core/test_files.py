"""Uploaded files are served only through views that apply the record's scope, under names
nobody can guess; nothing is served from /media/."""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, clear_url_caches, resolve, reverse
from django.utils import translation
from PIL import Image

import ovop.urls
from ovop.accounts.models import Role, User
from ovop.enterprises import services as enterprise_services
from ovop.enterprises.models import Enterprise, Product, ProductPhoto
from ovop.rating import services as rating_services
from ovop.rating.models import Assessment, AssessmentPhoto
from tests.conftest import login
from tests.factories import ProductFactory, UserFactory

TAIL = b"<html><script>alert(1)</script></html>"


@pytest.fixture(autouse=True)
def english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name: str = "evidence_photo.png", tail: bytes = b"") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue() + tail, content_type="image/png")


@pytest.fixture
def product_x(enterprise_x: Enterprise) -> Product:
    return ProductFactory(enterprise=enterprise_x, name="Getas")  # type: ignore[no-any-return]


@pytest.fixture
def product_photo(officer: User, product_x: Product, media: Path) -> ProductPhoto:
    return enterprise_services.product_photo_add(
        user=officer, product=product_x, image=png("getas.png", TAIL), caption="Getas"
    )


@pytest.fixture
def evidence(officer: User, assessor: User, product_x: Product, media: Path) -> AssessmentPhoto:
    """An assessor's evidence photo of owner's product (enterprise_x, village A)."""
    scheme = {s.code: s for s in rating_services.scheme_install_fixtures()}["kemenperin-ovop"]
    assessment = rating_services.assessment_invite(
        user=officer, product=product_x, scheme=scheme, assessor=assessor
    )
    rating_services.assessment_save(
        user=assessor,
        assessment=assessment,
        answers={},
        evidence="",
        finalise=False,
        photos=[(png("evidence_photo.png", TAIL), "Label")],
    )
    return AssessmentPhoto.objects.get(assessment=assessment)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_stored_names_are_unguessable(
    product_photo: ProductPhoto, evidence: AssessmentPhoto, media: Path
) -> None:
    assert re.fullmatch(r"products/\d{4}/[0-9a-f]{32}\.png", product_photo.image.name)
    assert re.fullmatch(r"assessments/\d{4}/[0-9a-f]{32}\.png", evidence.image.name)
    assert "evidence_photo" not in evidence.image.name
    assert (media / evidence.image.name).is_file()
    assert TAIL not in (media / evidence.image.name).read_bytes()  # re-encoded on the way in


def test_another_owner_gets_404_on_the_evidence_photo(
    client: Client, owner2: User, enterprise_y: Enterprise, evidence: AssessmentPhoto
) -> None:
    login(client, owner2)
    assert client.get(evidence.file_url()).status_code == 404


@pytest.mark.parametrize("role", ["officer", "assessor", "viewer", "facilitator", "admin_user"])
def test_who_may_see_the_assessment_gets_the_bytes(
    client: Client, request: pytest.FixtureRequest, role: str, evidence: AssessmentPhoto
) -> None:
    login(client, request.getfixturevalue(role))
    response = client.get(evidence.file_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert body(response) == evidence.image.storage.open(evidence.image.name).read()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, max-age=3600"


def test_the_evidence_photo_is_refused_to_whoever_may_not_see_the_assessment(
    client: Client, owner: User, evidence: AssessmentPhoto
) -> None:
    # the product's own owner reads star ratings, not the assessors' working papers
    other_assessor = UserFactory(username="assessor2", role=Role.ASSESSOR)
    outsider = UserFactory(username="outsider", role=Role.FACILITATOR)  # serves no village
    for user in (owner, other_assessor, outsider):
        login(client, user)
        assert client.get(evidence.file_url()).status_code == 404, user


def test_product_photos_follow_the_product_scope(
    client: Client,
    owner: User,
    owner2: User,
    enterprise_y: Enterprise,
    facilitator: User,
    assessor: User,
    product_photo: ProductPhoto,
) -> None:
    url = product_photo.file_url()
    assert url == f"/files/product-photos/{product_photo.pk}/"
    for user in (owner, facilitator, assessor):
        login(client, user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert TAIL not in body(response)
    login(client, owner2)
    assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(
    client: Client, product_photo: ProductPhoto, evidence: AssessmentPhoto
) -> None:
    for url in (product_photo.file_url(), evidence.file_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_missing_file_answers_404(
    client: Client, officer: User, evidence: AssessmentPhoto, media: Path
) -> None:
    (media / evidence.image.name).unlink()
    login(client, officer)
    assert client.get(evidence.file_url()).status_code == 404


def test_with_accel_redirect_nginx_sends_the_file(
    client: Client, settings: Any, officer: User, owner2: User, evidence: AssessmentPhoto
) -> None:
    settings.MEDIA_ACCEL_REDIRECT = True
    login(client, officer)
    response = client.get(evidence.file_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{evidence.image.name}"
    assert response["Content-Type"] == "image/png"
    assert response.content == b""
    login(client, owner2)
    response = client.get(evidence.file_url())
    assert response.status_code == 404 and not response.has_header("X-Accel-Redirect")


def test_media_is_not_served_even_with_debug(
    settings: Any, client: Client, officer: User, evidence: AssessmentPhoto
) -> None:
    settings.DEBUG = True
    try:
        clear_url_caches()
        module = importlib.reload(ovop.urls)
        assert not [p for p in module.urlpatterns if "media" in str(p.pattern)]
        with pytest.raises(Resolver404):
            resolve(f"/media/{evidence.image.name}")
    finally:
        settings.DEBUG = False
        importlib.reload(ovop.urls)
        clear_url_caches()
    login(client, officer)
    assert client.get(f"/media/{evidence.image.name}").status_code == 404


def test_pages_and_api_link_the_file_views(
    client: Client, officer: User, product_photo: ProductPhoto, evidence: AssessmentPhoto
) -> None:
    login(client, officer)
    product_page = client.get(product_photo.product.get_absolute_url()).content.decode()
    assert f'src="/files/product-photos/{product_photo.pk}/"' in product_page
    url = reverse("rating:assessment", args=[evidence.assessment_id])
    assessment_page = client.get(url).content.decode()
    assert f'src="/files/assessment-photos/{evidence.pk}/"' in assessment_page
    for page in (product_page, assessment_page):
        assert "/media/" not in page
    api = client.get(f"/api/v1/products/{product_photo.product_id}/").json()
    assert api["photos"] == [f"/files/product-photos/{product_photo.pk}/"]


def test_an_upload_through_the_product_page_is_re_encoded(
    client: Client, owner: User, product_x: Product, media: Path
) -> None:
    login(client, owner)
    url = reverse("enterprises:product_photo_add", args=[product_x.pk])
    assert client.post(url, {"image": png("IMG.PNG", TAIL), "caption": ""}).status_code == 302
    photo = ProductPhoto.objects.get(product=product_x)
    assert re.fullmatch(r"products/\d{4}/[0-9a-f]{32}\.png", photo.image.name)
    stored = (media / photo.image.name).read_bytes()
    assert TAIL not in stored and stored.endswith(b"IEND\xaeB`\x82")


def test_a_tiff_is_refused_on_the_product_page_and_nothing_is_stored(
    client: Client, owner: User, product_x: Product, media: Path
) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "TIFF")
    tiff = SimpleUploadedFile("scan.tif", buffer.getvalue(), content_type="image/tiff")
    login(client, owner)
    url = reverse("enterprises:product_photo_add", args=[product_x.pk])
    response = client.post(url, {"image": tiff, "caption": ""})
    assert response.status_code == 400
    assert response.context["photo_form"].errors["image"] == [
        "Photo: the file is not an image (JPEG, PNG or WebP)."
    ]
    assert ProductPhoto.objects.count() == 0
    assert list(media.iterdir()) == []


def test_an_assessment_photo_over_40_megapixels_is_refused(
    assessor: User, evidence: AssessmentPhoto
) -> None:
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 0).save(buffer, "PNG")
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    assessment = Assessment.objects.get(pk=evidence.assessment_id)
    with pytest.raises(ValidationError) as exc:
        rating_services.assessment_save(
            user=assessor,
            assessment=assessment,
            answers={},
            evidence="changed",
            finalise=False,
            photos=[(bomb, "")],
        )
    assert exc.value.message_dict == {
        "photo": ["Photo: the picture is larger than 40 megapixels; send a smaller one."]
    }
    assert AssessmentPhoto.objects.count() == 1
    assert Assessment.objects.get(pk=assessment.pk).evidence == ""
