"""The officers' catalogue pages: create a listing with money typed the Indonesian way,
publish it, add a photo, set a village story; the menu item."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.catalogue.models import Listing, ListingPhoto, VillageStory
from ovop.enterprises.models import Certification, Product
from tests.catalogue.conftest import jpeg

pytestmark = pytest.mark.django_db


def _form(**changes: str) -> dict[str, str]:
    data = {
        "public_name": "Getas Alfa",
        "slug": "",
        "story": "Getasnya renyah.",
        "raw_material": "Ikan dan sagu lokal",
        "price_idr": "1,5 juta",
        "unit": "kg",
        "marketplace_links": "https://shopee.co.id/alfa\nhttp://tokopedia.com/alfa",
    }
    return {**data, **changes}


def test_officer_creates_and_publishes(
    client: Client, officer: User, product_x: Product, halal_x: Certification
) -> None:
    client.force_login(officer)
    page = client.get(f"/catalogue/products/{product_x.pk}/")
    assert page.status_code == 200
    assert "ID00110012345" in page.content.decode()  # the certificate to choose
    response = client.post(
        f"/catalogue/products/{product_x.pk}/", _form(certifications=str(halal_x.pk))
    )
    assert response.status_code == 302
    listing = Listing.objects.get()
    assert (listing.price_idr, listing.slug, listing.published) == (1_500_000, "getas-alfa", False)
    assert listing.marketplace_links == ["https://shopee.co.id/alfa", "https://tokopedia.com/alfa"]
    assert list(listing.certifications.all()) == [halal_x]
    assert client.get("/id/katalog/produk/getas-alfa/").status_code == 404
    client.post(f"/catalogue/listings/{listing.pk}/publish/")
    client.logout()
    assert client.get("/id/katalog/produk/getas-alfa/").status_code == 200


def test_money_written_with_dots(client: Client, officer: User, product_x: Product) -> None:
    client.force_login(officer)
    client.post(f"/catalogue/products/{product_x.pk}/", _form(price_idr="Rp 1.500.000"))
    assert Listing.objects.get().price_idr == 1_500_000


def test_bad_input_shows_errors_and_writes_nothing(
    client: Client, officer: User, product_x: Product
) -> None:
    client.force_login(officer)
    response = client.post(
        f"/catalogue/products/{product_x.pk}/",
        _form(price_idr="1.5", marketplace_links="javascript:alert(1)"),
    )
    assert response.status_code == 200
    assert Listing.objects.count() == 0
    response = client.post(
        f"/catalogue/products/{product_x.pk}/", _form(marketplace_links="javascript:alert(1)")
    )
    assert response.status_code == 200
    assert "javascript:alert(1)" in response.content.decode()  # named in the message, escaped
    assert Listing.objects.count() == 0


def test_photo_upload_page(client: Client, officer: User, listing_x: Listing, media: Path) -> None:
    client.force_login(officer)
    response = client.post(
        f"/catalogue/listings/{listing_x.pk}/photos/", {"image": jpeg(), "caption": "Keripik"}
    )
    assert response.status_code == 302
    photo = ListingPhoto.objects.get()
    client.logout()
    public = client.get(f"/files/catalogue-photos/{photo.pk}/640.webp")
    assert public.status_code == 200
    assert public["Content-Type"] == "image/webp"
    assert public["Cache-Control"] == "public, max-age=86400"
    assert client.get(f"/files/catalogue-photos/{photo.pk}/999.webp").status_code == 404


def test_photo_of_unpublished_listing_is_hidden(
    client: Client, officer: User, listing_x: Listing, media: Path
) -> None:
    from ovop.catalogue import services

    photo = services.photo_add(user=officer, listing=listing_x, upload=jpeg(), caption="x")
    services.listing_unpublish(user=officer, listing=listing_x)
    assert client.get(f"/files/catalogue-photos/{photo.pk}/320.jpg").status_code == 404
    client.force_login(officer)
    assert client.get(f"/files/catalogue-photos/{photo.pk}/320.jpg").status_code == 200


def test_bad_photo_upload_is_a_message(
    client: Client, officer: User, listing_x: Listing, media: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    fake = SimpleUploadedFile("x.jpg", b"GIF89a not really")
    response = client.post(
        f"/catalogue/listings/{listing_x.pk}/photos/", {"image": fake, "caption": "x"}, follow=True
    )
    assert "bukan gambar" in response.content.decode()
    assert ListingPhoto.objects.count() == 0


def test_village_story_page(client: Client, officer: User, listing_x: Listing) -> None:
    village = listing_x.product.enterprise.village
    client.force_login(officer)
    response = client.post(f"/catalogue/villages/{village.code}/story/", {"story": "Desa pesisir."})
    assert response.status_code == 302
    assert VillageStory.objects.get().story == "Desa pesisir."
    client.logout()
    assert "Desa pesisir." in client.get(f"/id/katalog/desa/{village.code}/").content.decode()


def test_menu_item_for_readers(client: Client, officer: User, facilitator: User) -> None:
    client.force_login(officer)
    assert '<a href="/catalogue/">Katalog</a>' in client.get("/").content.decode()
    client.force_login(facilitator)
    assert 'href="/catalogue/"' not in client.get("/").content.decode()


def test_registry_product_page_links_to_its_catalogue_page(
    client: Client, officer: User, viewer: User, product_x: Product
) -> None:
    client.force_login(officer)
    link = f'href="/catalogue/products/{product_x.pk}/"'
    assert link in client.get(f"/enterprises/products/{product_x.pk}/").content.decode()
    client.force_login(viewer)
    assert link not in client.get(f"/enterprises/products/{product_x.pk}/").content.decode()


def test_listing_history_page(
    client: Client, officer: User, viewer: User, listing_x: Listing
) -> None:
    client.force_login(viewer)
    html = client.get(f"/catalogue/listings/{listing_x.pk}/history/").content.decode()
    assert "dipublikasikan di katalog" in html  # the reason, translated
    assert "halaman katalog dibuat" in html
    assert "officer" in html
