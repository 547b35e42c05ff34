"""Product pages and photos: list filters, detail, create/edit/archive/restore, refusals."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from ovop.accounts.models import User
from ovop.enterprises.models import Category, Enterprise, Product, ProductPhoto
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import product_payload
from tests.factories import EnterpriseFactory, ProductFactory


def product_names(client: Client, query: str = "") -> list[str]:
    response = client.get(reverse("enterprises:product_list") + query)
    assert response.status_code == 200
    return [p.name for p in response.context["page_obj"]]


@pytest.fixture
def catalogue(
    enterprise_x: Enterprise, enterprise_y: Enterprise, village_a2: Region
) -> dict[str, Product]:
    closed = EnterpriseFactory(
        name="Tutup", village=village_a2, archived_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    )
    return {
        "getas": ProductFactory(
            enterprise=enterprise_x, name="Getas ikan", description="renyah", published=True
        ),
        "tenun": ProductFactory(
            enterprise=enterprise_x, name="Kain cual", category=Category.WOVEN_CLOTH
        ),
        "rusip": ProductFactory(enterprise=enterprise_y, name="Rusip", published=True),
        "old": ProductFactory(
            enterprise=enterprise_y,
            name="Terasi lama",
            archived_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        ),
        "orphan": ProductFactory(enterprise=closed, name="Madu pelawan", category=Category.HERBAL),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Getas ikan", "Kain cual", "Rusip"]),
        ("?q=renyah", ["Getas ikan"]),  # description
        ("?q=rusip+beta", ["Rusip"]),  # enterprise name
        ("?category=woven_cloth", ["Kain cual"]),
        ("?kecamatan=99.01.02", ["Rusip"]),
        ("?village=99.01.01.2001", ["Getas ikan", "Kain cual"]),
        ("?published=yes", ["Getas ikan", "Rusip"]),
        ("?published=no", ["Kain cual"]),
        ("?active=archived", ["Madu pelawan", "Terasi lama"]),  # archived, or of an archived IKM
        ("?active=all&category=herbal", ["Madu pelawan"]),
    ],
)
def test_product_list_filters(
    client: Client, officer: User, catalogue: dict[str, Product], query: str, expected: list[str]
) -> None:
    login(client, officer)
    assert product_names(client, query) == expected


def test_owner_product_list_shows_only_own_products(
    client: Client, owner: User, catalogue: dict[str, Product]
) -> None:
    login(client, owner)
    assert product_names(client, "?active=all") == ["Getas ikan", "Kain cual"]


def test_facilitator_product_list_shows_only_their_villages(
    client: Client, facilitator: User, catalogue: dict[str, Product]
) -> None:
    login(client, facilitator)
    assert product_names(client) == ["Getas ikan", "Kain cual"]


@pytest.mark.parametrize("page", ["product_detail", "product_edit", "product_history"])
def test_owner_cannot_open_another_enterprises_product(
    client: Client, owner: User, catalogue: dict[str, Product], page: str
) -> None:
    login(client, owner)
    response = client.get(reverse(f"enterprises:{page}", args=[catalogue["rusip"].pk]))
    assert response.status_code == 404


def test_owner_cannot_add_product_to_another_enterprise(
    client: Client, owner: User, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    url = reverse("enterprises:product_create", args=[enterprise_y.pk])
    assert client.post(url, product_payload()).status_code == 404
    assert Product.objects.count() == 0


def test_facilitator_cannot_edit_product_in_another_village(
    client: Client, facilitator: User, catalogue: dict[str, Product]
) -> None:
    login(client, facilitator)
    url = reverse("enterprises:product_edit", args=[catalogue["rusip"].pk])
    assert client.post(url, product_payload(name="Diubah")).status_code == 404
    assert Product.objects.get(pk=catalogue["rusip"].pk).name == "Rusip"


def test_viewer_cannot_create_product(
    client: Client, viewer: User, enterprise_x: Enterprise
) -> None:
    login(client, viewer)
    url = reverse("enterprises:product_create", args=[enterprise_x.pk])
    assert client.post(url, product_payload()).status_code == 403
    assert Product.objects.count() == 0


def test_viewer_cannot_edit_product(
    client: Client, viewer: User, catalogue: dict[str, Product]
) -> None:
    login(client, viewer)
    url = reverse("enterprises:product_edit", args=[catalogue["getas"].pk])
    assert client.post(url, product_payload(name="Diubah")).status_code == 403
    assert Product.objects.get(pk=catalogue["getas"].pk).name == "Getas ikan"


@pytest.mark.parametrize("action", ["product_archive", "product_restore"])
def test_viewer_cannot_archive_or_restore_product(
    client: Client, viewer: User, catalogue: dict[str, Product], action: str
) -> None:
    login(client, viewer)
    product = catalogue["old"]
    assert client.post(reverse(f"enterprises:{action}", args=[product.pk])).status_code == 403
    product.refresh_from_db()
    assert product.archived_at == dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    assert product.history.count() == 1


def test_assessor_cannot_edit_product(
    client: Client, assessor: User, catalogue: dict[str, Product]
) -> None:
    login(client, assessor)
    url = reverse("enterprises:product_edit", args=[catalogue["getas"].pk])
    assert client.get(url).status_code == 403


def test_officer_creates_edits_archives_and_restores_a_product(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    login(client, officer)
    response = client.post(
        reverse("enterprises:product_create", args=[enterprise_x.pk]), product_payload()
    )
    product = Product.objects.get()
    assert response["Location"] == f"/enterprises/products/{product.pk}/"
    assert (product.enterprise, product.local_material_pct, product.published) == (
        enterprise_x,
        85,
        True,
    )
    client.post(
        reverse("enterprises:product_edit", args=[product.pk]), product_payload(price_idr="65000")
    )
    confirmed = {"confirm": "1", "reason": "No longer made."}
    client.post(reverse("enterprises:product_archive", args=[product.pk]), confirmed)
    product.refresh_from_db()
    assert product.archived_at is not None
    detail = client.get(reverse("enterprises:product_detail", args=[product.pk])).content.decode()
    assert 'class="badge archived"' in detail
    assert reverse("enterprises:product_restore", args=[product.pk]) in detail
    client.post(reverse("enterprises:product_restore", args=[product.pk]))
    product.refresh_from_db()
    assert (product.archived_at, product.price_idr) == (None, 65_000)
    reasons = list(
        product.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == [None, None, "No longer made.", "restored"]
    history = client.get(reverse("enterprises:product_history", args=[product.pk])).content.decode()
    assert "Price per unit (rupiah)" in history
    assert "Rp 60,000" in history and "Rp 65,000" in history


# --- photos -----------------------------------------------------------------------------------


def image_file(
    name: str = "getas.png", size: tuple[int, int] = (40, 30), fmt: str = "PNG"
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_photo_upload(
    client: Client, officer: User, catalogue: dict[str, Product], media: Path
) -> None:
    login(client, officer)
    product = catalogue["getas"]
    response = client.post(
        reverse("enterprises:product_photo_add", args=[product.pk]),
        {"image": image_file(), "caption": "Getas siap kirim"},
    )
    assert response.status_code == 302
    photo = ProductPhoto.objects.get()
    assert (photo.product, photo.caption) == (product, "Getas siap kirim")
    assert (media / photo.image.name).is_file()
    assert photo.history.get().history_user == officer
    detail = client.get(reverse("enterprises:product_detail", args=[product.pk])).content.decode()
    assert photo.file_url() in detail


def test_photo_that_is_not_an_image_is_refused(
    client: Client, officer: User, catalogue: dict[str, Product], media: Path
) -> None:
    login(client, officer)
    fake = SimpleUploadedFile("getas.png", b"this is not a picture", content_type="image/png")
    response = client.post(
        reverse("enterprises:product_photo_add", args=[catalogue["getas"].pk]), {"image": fake}
    )
    assert response.status_code == 400
    assert response.context["photo_form"].errors["image"] == [
        "Photo: the file is not an image (JPEG, PNG or WebP)."
    ]
    assert ProductPhoto.objects.count() == 0


def test_photo_over_5_mb_is_refused(
    client: Client, officer: User, catalogue: dict[str, Product], media: Path
) -> None:
    login(client, officer)
    big = image_file("besar.bmp", (1400, 1300), "BMP")  # 5,460,054 bytes uncompressed
    assert big.size == 5_460_054
    response = client.post(
        reverse("enterprises:product_photo_add", args=[catalogue["getas"].pk]), {"image": big}
    )
    assert response.status_code == 400
    assert response.context["photo_form"].errors["image"] == [
        "Photo: the file is 5.2 MB; the limit is 5 MB."
    ]
    assert ProductPhoto.objects.count() == 0


def test_photo_missing_is_refused(
    client: Client, officer: User, catalogue: dict[str, Product], media: Path
) -> None:
    login(client, officer)
    response = client.post(reverse("enterprises:product_photo_add", args=[catalogue["getas"].pk]))
    assert response.context["photo_form"].errors["image"] == ["Photo is required."]
    assert ProductPhoto.objects.count() == 0


def test_viewer_cannot_upload_photo(
    client: Client, viewer: User, catalogue: dict[str, Product], media: Path
) -> None:
    login(client, viewer)
    url = reverse("enterprises:product_photo_add", args=[catalogue["getas"].pk])
    assert client.post(url, {"image": image_file()}).status_code == 403
    assert ProductPhoto.objects.count() == 0


def test_owner_cannot_upload_photo_to_another_product(
    client: Client, owner: User, catalogue: dict[str, Product], media: Path
) -> None:
    login(client, owner)
    url = reverse("enterprises:product_photo_add", args=[catalogue["rusip"].pk])
    assert client.post(url, {"image": image_file()}).status_code == 404
    assert ProductPhoto.objects.count() == 0


def test_photo_on_archived_product_is_refused(
    client: Client, officer: User, catalogue: dict[str, Product], media: Path
) -> None:
    login(client, officer)
    product = catalogue["old"]
    response = client.post(
        reverse("enterprises:product_photo_add", args=[product.pk]), {"image": image_file()}
    )
    assert response.status_code == 400
    assert response.context["photo_form"].non_field_errors() == [
        "Terasi lama is archived; restore it before adding to it."
    ]
    assert ProductPhoto.objects.count() == 0
