"""History pages: a product's page tells its photos too, in a fixed number of queries."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from ovop.accounts.models import User
from ovop.enterprises import services
from ovop.enterprises.models import Enterprise, Product
from ovop.enterprises.selectors_history import product_history
from tests.conftest import login
from tests.factories import ProductFactory


def _image(name: str = "getas.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _product(officer: User, enterprise: Enterprise) -> Product:
    return services.product_create(
        user=officer,
        enterprise=enterprise,
        data={"name": "Getas", "category": "food_beverage", "unit": "kg", "price_idr": 50_000},
    )


def test_photo_added_shows_on_the_product_history_with_who_and_what(
    client: Client, officer: User, owner: User, enterprise_x: Enterprise, media: Path
) -> None:
    product = _product(officer, enterprise_x)
    login(client, owner)
    url = reverse("enterprises:product_photo_add", args=[product.pk])
    assert client.post(url, {"image": _image(), "caption": "Getas siap kirim"}).status_code == 302
    services.product_update(user=officer, product=product, data={"price_idr": 55_000})

    entries = product_history(product=product)
    assert [(e.action, e.who) for e in entries] == [
        ("changed", "officer"),
        ("photo added", "owner"),
        ("created", "officer"),
    ]
    added = {c.label: c.new for c in entries[1].changes}
    assert added["Caption"] == "Getas siap kirim"
    assert added["Photo"].startswith("products/") and added["Photo"].endswith(".png")
    assert "Product" not in added  # it is this product's page

    page = client.get(reverse("enterprises:product_history", args=[product.pk])).content.decode()
    assert "photo added" in page and "Getas siap kirim" in page
    detail = client.get(reverse("enterprises:product_detail", args=[product.pk]))
    assert [e.action for e in detail.context["recent"]] == ["changed", "photo added", "created"]


def test_the_detail_page_shows_the_three_latest_of_product_and_photos(
    officer: User, enterprise_x: Enterprise, media: Path
) -> None:
    product = _product(officer, enterprise_x)
    for price in (51_000, 52_000):
        services.product_update(user=officer, product=product, data={"price_idr": price})
    services.product_photo_add(user=officer, product=product, image=_image(), caption="satu")
    services.product_update(user=officer, product=product, data={"price_idr": 53_000})
    recent = product_history(product=product, limit=3)
    assert [e.action for e in recent] == ["changed", "photo added", "changed"]
    assert [(c.old, c.new) for c in recent[2].changes] == [("Rp 51,000", "Rp 52,000")]


def test_product_history_page_query_count_does_not_grow(
    client: Client, officer: User, enterprise_x: Enterprise, media: Path
) -> None:
    product = ProductFactory(enterprise=enterprise_x)
    login(client, officer)
    url = reverse("enterprises:product_history", args=[product.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.product_photo_add(user=officer, product=product, image=_image(), caption="0")
    few = queries()
    for i in range(1, 15):
        services.product_update(user=officer, product=product, data={"price_idr": i})
        services.product_photo_add(user=officer, product=product, image=_image(), caption=str(i))
    assert queries() == few
