"""The registry in the Django admin: nothing is deleted there either, and an enterprise's phone,
NIB and village obey the rules of the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise
from tests.conftest import login
from tests.factories import CertificationFactory, ProductFactory


def _change_data(enterprise: Enterprise, **changes: Any) -> dict[str, Any]:
    data = {
        "name": enterprise.name,
        "owner_name": enterprise.owner_name,
        "account": enterprise.account_id or "",
        "village": enterprise.village_id,
        "address": enterprise.address,
        "phone": enterprise.phone,
        "email": enterprise.email,
        "nib": enterprise.nib or "",
        "kbli": enterprise.kbli,
        "founded_year": "",
        "workers_male": enterprise.workers_male,
        "workers_female": enterprise.workers_female,
        "investment_idr": enterprise.investment_idr,
        "annual_sales_idr": enterprise.annual_sales_idr,
        "archived_at_0": "",
        "archived_at_1": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("model", ["enterprise", "product", "certification"])
def test_admin_cannot_delete_registry_records(
    client: Client, admin_user: User, enterprise_x: Enterprise, model: str
) -> None:
    records = {
        "enterprise": enterprise_x,
        "product": ProductFactory(enterprise=enterprise_x),
        "certification": CertificationFactory(enterprise=enterprise_x),
    }
    record = records[model]
    login(client, admin_user)
    url = f"/admin/enterprises/{model}/{record.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()
    changelist = client.get(f"/admin/enterprises/{model}/")
    assert "delete_selected" not in changelist.content.decode()


def test_admin_change_normalises_the_phone_and_is_recorded(
    client: Client, admin_user: User, enterprise_x: Enterprise
) -> None:
    login(client, admin_user)
    url = f"/admin/enterprises/enterprise/{enterprise_x.pk}/change/"
    response = client.post(url, _change_data(enterprise_x, phone="0813-2222-3333"))
    assert response.status_code == 302
    enterprise_x.refresh_from_db()
    assert enterprise_x.phone == "+6281322223333"
    assert enterprise_x.history.latest().history_user == admin_user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "phone",
            "12345",
            "Phone: 12345 is not an Indonesian phone number (for example 0812-3456-7890).",
        ),
        ("nib", "123", "NIB must be exactly 13 digits."),
        ("village", "kecamatan", "Village: {kecamatan} is a Kecamatan, not a village."),
    ],
)
def test_admin_change_refuses_what_the_pages_refuse(
    client: Client,
    admin_user: User,
    enterprise_x: Enterprise,
    field: str,
    value: str,
    message: str,
) -> None:
    kecamatan = enterprise_x.village.parent
    assert kecamatan is not None
    if value == "kecamatan":
        value = str(kecamatan.pk)
    before = Enterprise.objects.filter(pk=enterprise_x.pk).values().get()
    login(client, admin_user)
    url = f"/admin/enterprises/enterprise/{enterprise_x.pk}/change/"
    response = client.post(url, _change_data(enterprise_x, **{field: value}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        message.format(kecamatan=kecamatan.name)
    ]
    assert Enterprise.objects.filter(pk=enterprise_x.pk).values().get() == before


def test_admin_refuses_an_nib_of_another_enterprise(
    client: Client, admin_user: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    login(client, admin_user)
    url = f"/admin/enterprises/enterprise/{enterprise_x.pk}/change/"
    response = client.post(url, _change_data(enterprise_x, nib=enterprise_y.nib))
    assert response.context["adminform"].form.errors["nib"] == [
        "This NIB is already registered to another enterprise."
    ]


def test_admin_accepts_an_nib_as_printed_with_spaces(
    client: Client, admin_user: User, enterprise_x: Enterprise
) -> None:
    login(client, admin_user)
    url = f"/admin/enterprises/enterprise/{enterprise_x.pk}/change/"
    page = client.get(url).content.decode()
    assert 'maxlength="32"' in page and 'maxlength="13"' not in page
    response = client.post(url, _change_data(enterprise_x, nib="9120 0012 3456 7"))
    assert response.status_code == 302
    enterprise_x.refresh_from_db()
    assert enterprise_x.nib == "9120001234567"


def test_admin_photos_are_read_only_and_served_through_the_scoped_view(
    client: Client, admin_user: User, enterprise_x: Enterprise
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ovop.enterprises import services
    from tests.core.test_images import png

    product = ProductFactory(enterprise=enterprise_x)
    upload = SimpleUploadedFile("p.png", png(), content_type="image/png")
    photo = services.product_photo_add(user=admin_user, product=product, image=upload)
    login(client, admin_user)
    assert client.get("/admin/enterprises/productphoto/add/").status_code == 403
    page = client.get(f"/admin/enterprises/productphoto/{photo.pk}/change/").content.decode()
    assert f'href="/files/product-photos/{photo.pk}/"' in page
    assert 'type="file"' not in page and "/media/" not in page
    product_page = client.get(f"/admin/enterprises/product/{product.pk}/change/").content.decode()
    assert f'href="/files/product-photos/{photo.pk}/"' in product_page
    assert 'type="file"' not in product_page
