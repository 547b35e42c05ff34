"""The catalogue's services: what they write (with history), what they refuse, slugs, links
and photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ovop.accounts.models import User
from ovop.catalogue import services
from ovop.catalogue.links import link_clean, links_clean, marketplace_name
from ovop.catalogue.models import Listing, ListingPhoto, ListingSlug, VillageStory
from ovop.enterprises.models import Certification, Product
from tests.catalogue.conftest import jpeg
from tests.factories import CertificationFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_create_writes_history_and_a_clean_slug(officer: User, product_x: Product) -> None:
    values = services.ListingValues(public_name="Getas Ikan <Alfa> Éditions", price_idr=15_000)
    listing = services.listing_create(user=officer, product=product_x, values=values)
    assert listing.slug == "getas-ikan-alfa-editions"
    assert listing.published is False
    record = listing.history.get()
    assert record.history_user == officer
    assert record.history_change_reason == "catalogue page created"


def test_same_name_gets_a_numbered_slug(
    officer: User, product_x: Product, product_y: Product
) -> None:
    values = services.ListingValues(public_name="Getas")
    first = services.listing_create(user=officer, product=product_x, values=values)
    second = services.listing_create(user=officer, product=product_y, values=values)
    assert (first.slug, second.slug) == ("getas", "getas-2")


def test_one_listing_per_product(officer: User, listing_x: Listing) -> None:
    with pytest.raises(ValidationError):
        services.listing_create(
            user=officer, product=listing_x.product, values=services.ListingValues(public_name="X")
        )
    assert Listing.objects.count() == 1


@pytest.mark.parametrize("persona", ["facilitator", "owner", "viewer", "assessor"])
def test_services_refuse_other_roles(
    request: pytest.FixtureRequest, persona: str, listing_x: Listing, product_y: Product
) -> None:
    user = request.getfixturevalue(persona)
    values = services.ListingValues(public_name="Lain")
    calls = [
        lambda: services.listing_create(user=user, product=product_y, values=values),
        lambda: services.listing_update(user=user, listing=listing_x, values=values),
        lambda: services.listing_publish(user=user, listing=listing_x),
        lambda: services.listing_unpublish(user=user, listing=listing_x),
        lambda: services.village_story_save(
            user=user, village=listing_x.product.enterprise.village, story="x"
        ),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    listing_x.refresh_from_db()
    assert (listing_x.public_name, listing_x.published) == ("Keripik Tenggiri Alfa", True)
    assert Listing.objects.count() == 1


def test_slug_change_keeps_the_old_one(officer: User, listing_x: Listing) -> None:
    def rename(slug: str) -> Listing:
        values = services.ListingValues(public_name=listing_x.public_name, slug=slug)
        return services.listing_update(user=officer, listing=listing_x, values=values)

    assert rename("keripik-alfa").slug == "keripik-alfa"
    assert list(ListingSlug.objects.values_list("slug", flat=True)) == ["keripik-tenggiri-alfa"]
    # going back to the old name: it is current again, the other one redirects
    assert rename("keripik-tenggiri-alfa").slug == "keripik-tenggiri-alfa"
    assert list(ListingSlug.objects.values_list("slug", flat=True)) == ["keripik-alfa"]


def test_slug_taken_or_bad_is_refused(
    officer: User, listing_x: Listing, product_y: Product
) -> None:
    other = services.listing_create(
        user=officer, product=product_y, values=services.ListingValues(public_name="Rusip")
    )
    for slug, message in [
        ("keripik-tenggiri-alfa", "already in use"),
        ("Rusip Beta!", "lower-case"),
    ]:
        values = services.ListingValues(public_name="Rusip", slug=slug)
        with pytest.raises(ValidationError, match=message):
            services.listing_update(user=officer, listing=other, values=values)
    other.refresh_from_db()
    assert other.slug == "rusip"


def test_price_is_bounded(officer: User, listing_x: Listing) -> None:
    values = services.ListingValues(public_name="Mahal", price_idr=1_000_000_001)
    with pytest.raises(ValidationError):
        services.listing_update(user=officer, listing=listing_x, values=values)
    listing_x.refresh_from_db()
    assert listing_x.price_idr == 35_000


def test_certificates_of_another_enterprise_are_refused(
    officer: User, listing_x: Listing, product_y: Product
) -> None:
    foreign = CertificationFactory(enterprise=product_y.enterprise, number="BPOM-Y")
    other_product = ProductFactory(enterprise=listing_x.product.enterprise)
    of_other_product = CertificationFactory(
        enterprise=listing_x.product.enterprise, product=other_product, number="OTHER"
    )
    for cert in (foreign, of_other_product):
        values = services.ListingValues(public_name="X", certification_ids=[cert.pk])
        with pytest.raises(ValidationError, match="certificates of this product"):
            services.listing_update(user=officer, listing=listing_x, values=values)
    assert list(listing_x.certifications.values_list("number", flat=True)) == ["ID00110012345"]


def test_archived_product_cannot_be_published(officer: User, product_x: Product) -> None:
    listing = services.listing_create(
        user=officer, product=product_x, values=services.ListingValues(public_name="Arsip")
    )
    from ovop.core.models import archive

    archive(product_x, user=officer)
    with pytest.raises(ValidationError, match="archived"):
        services.listing_publish(user=officer, listing=listing)
    listing.refresh_from_db()
    assert listing.published is False


def test_unpublish_keeps_history(officer: User, listing_x: Listing) -> None:
    services.listing_unpublish(user=officer, listing=listing_x)
    reasons = list(listing_x.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["taken off the catalogue", "published in the catalogue"]
    listing_x.product.refresh_from_db()
    assert listing_x.product.published is False


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("https://shopee.co.id/alfa", "https://shopee.co.id/alfa"),
        ("http://www.tokopedia.com/alfa", "https://www.tokopedia.com/alfa"),
        ("https://toko-alfa.id/keripik", "https://toko-alfa.id/keripik"),
    ],
)
def test_links_accepted(raw: str, stored: str) -> None:
    assert link_clean(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "http://toko-alfa.id/keripik",  # plain http on an unknown site
        "ftp://tokopedia.com/x",
        "https://user:pw@tokopedia.com/x",
        "data:text/html,hi",
        "https://",
        "https://" + "a" * 300 + ".com",
    ],
)
def test_links_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        link_clean(raw)


def test_links_count_and_names() -> None:
    with pytest.raises(ValidationError, match="at most 5"):
        links_clean([f"https://toko{n}.id/" for n in range(6)])
    assert links_clean(["https://a.id/", " ", "https://a.id/"]) == ["https://a.id/"]
    assert marketplace_name("https://shopee.co.id/x") == "Shopee"
    assert marketplace_name("https://toko-alfa.id/x") == "toko-alfa.id"


def test_photo_stored_with_resized_copies(officer: User, listing_x: Listing, media: Path) -> None:
    photo = services.photo_add(
        user=officer, listing=listing_x, upload=jpeg((2000, 1000)), caption="Keripik"
    )
    assert (photo.width, photo.height) == (2000, 1000)
    assert sorted(photo.variants) == sorted(
        f"{w}.{e}" for w in (320, 640, 1280) for e in ("webp", "jpg")
    )
    from PIL import Image

    with Image.open(media / photo.variants["640.webp"]) as small:
        assert (small.format, small.size) == ("WEBP", (640, 320))
    with Image.open(media / photo.variants["1280.jpg"]) as large:
        assert (large.format, large.size) == ("JPEG", (1280, 640))
    assert photo.history.get().history_change_reason == "catalogue photo added"


def test_small_photo_is_not_enlarged(officer: User, listing_x: Listing, media: Path) -> None:
    photo = services.photo_add(
        user=officer, listing=listing_x, upload=jpeg((300, 200)), caption="x"
    )
    from PIL import Image

    with Image.open(media / photo.variants["1280.webp"]) as copy:
        assert copy.size == (300, 200)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.jpg", b"<html>not an image</html>"), "not an image"),
        (
            SimpleUploadedFile("x.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 1)),
            "limit is 5 MB",
        ),
    ],
)
def test_fake_or_huge_photo_refused(
    officer: User, listing_x: Listing, media: Path, upload: Any, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.photo_add(user=officer, listing=listing_x, upload=upload, caption="x")
    assert ListingPhoto.objects.count() == 0
    assert not any(p.is_file() for p in media.rglob("*"))


def test_photo_remove_deletes_copies(
    officer: User, listing_x: Listing, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    photo = services.photo_add(user=officer, listing=listing_x, upload=jpeg(), caption="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.photo_remove(user=officer, photo=photo)
    assert ListingPhoto.objects.count() == 0
    assert not any((media / name).exists() for name in photo.variants.values())


def test_village_story(officer: User, listing_x: Listing) -> None:
    village = listing_x.product.enterprise.village
    services.village_story_save(user=officer, village=village, story="  Desa nelayan.  ")
    services.village_story_save(user=officer, village=village, story="Desa nelayan tua.")
    story = VillageStory.objects.get()
    assert story.story == "Desa nelayan tua."
    assert story.history.count() == 2
    with pytest.raises(ValidationError):
        services.village_story_save(user=officer, village=village.parent, story="x")  # type: ignore[arg-type]


def test_unused_certification_fixture(halal_x: Certification) -> None:
    assert halal_x.kind == "halal"
