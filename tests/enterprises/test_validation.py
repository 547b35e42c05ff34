"""Bad input is refused with a message naming the field, and nothing is saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.regions.models import Region
from tests.conftest import login
from tests.factories import ProductFactory


def enterprise_payload(place: Region, **changes: Any) -> dict[str, Any]:
    data = {
        "name": "Kerupuk Lestari",
        "owner_name": "Bu Sari",
        "owner_gender": "female",
        "village": place.pk,
        "address": "Jl. Koba 1",
        "phone": "0812-3456-7890",
        "email": "sari@example.id",
        "nib": "1111222233334",
        "kbli": "10792",
        "founded_year": "2015",
        "workers_male": "2",
        "workers_female": "5",
        "investment_idr": "150000000",
        "annual_sales_idr": "480000000",
        "account": "",
    }
    data.update(changes)
    return data


ENTERPRISE_CASES = [
    ("name", "", "Business name is required."),
    ("owner_name", "", "Owner name is required."),
    ("owner_gender", "perempuan", "Owner's gender: choose one of the options offered."),
    ("village", "", "Village is required."),
    (
        "phone",
        "12345",
        "Phone: 12345 is not an Indonesian phone number (for example 0812-3456-7890).",
    ),
    (
        "phone",
        "+1 202 555 0100",
        "Phone: +1 202 555 0100 is not an Indonesian phone number (for example 0812-3456-7890).",
    ),
    ("email", "sari-at-example", "Email: enter a valid email address."),
    ("nib", "123", "NIB must be exactly 13 digits."),
    ("nib", "12345678901234", "NIB must be exactly 13 digits."),
    ("nib", "12345abc90123", "NIB must be exactly 13 digits."),
    ("kbli", "1079", "KBLI must be exactly 5 digits."),
    ("kbli", "1079a", "KBLI must be exactly 5 digits."),
    ("founded_year", "1800", "Year founded must be between 1900 and 2100."),
    ("workers_male", "-1", "Male workers cannot be negative."),
    ("workers_female", "2.5", "Female workers must be a whole number."),
    ("investment_idr", "-5", "Investment (rupiah) cannot be negative."),
    (
        "annual_sales_idr",
        "banyak",
        "Annual sales (rupiah): “banyak” is not an amount of rupiah; write it like 60.000.000, "
        "1,5 juta or 750 rb.",
    ),
    (
        "investment_idr",
        "99999999999999999999",
        "Investment (rupiah) is too large: at most Rp 1.000.000.000.000.000.",
    ),
]


@pytest.mark.parametrize(("field", "value", "message"), ENTERPRISE_CASES)
def test_enterprise_create_refuses_bad_input(
    client: Client, officer: User, village_a: Region, field: str, value: str, message: str
) -> None:
    login(client, officer)
    before = Enterprise.objects.count()
    response = client.post(
        reverse("enterprises:create"), enterprise_payload(village_a, **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert list(response.context["form"].errors) == [field]
    assert Enterprise.objects.count() == before
    assert Enterprise.history.count() == before


def test_village_must_be_a_village_not_a_kecamatan(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    kecamatan = village_a.parent
    assert kecamatan is not None
    response = client.post(reverse("enterprises:create"), enterprise_payload(kecamatan))
    assert response.context["form"].errors["village"] == [
        "Village: choose one of the villages offered."
    ]
    assert Enterprise.objects.count() == 0


def test_village_that_does_not_exist_is_refused(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    response = client.post(
        reverse("enterprises:create"), enterprise_payload(village_a, village=987654)
    )
    assert response.context["form"].errors["village"] == [
        "Village: choose one of the villages offered."
    ]
    assert Enterprise.objects.count() == 0


def test_nib_already_registered_is_refused(
    client: Client, officer: User, enterprise_x: Enterprise, village_a: Region
) -> None:
    login(client, officer)
    response = client.post(
        reverse("enterprises:create"), enterprise_payload(village_a, nib=enterprise_x.nib)
    )
    assert response.context["form"].errors["nib"] == [
        "This NIB is already registered to another enterprise."
    ]
    assert Enterprise.objects.count() == 1
    assert "This NIB is already registered to another enterprise." in response.content.decode()


def test_several_bad_fields_are_all_reported(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    response = client.post(
        reverse("enterprises:create"),
        enterprise_payload(village_a, nib="1", kbli="2", workers_male="-3"),
    )
    assert sorted(response.context["form"].errors) == ["kbli", "nib", "workers_male"]
    assert Enterprise.objects.count() == 0


def test_valid_enterprise_is_saved_with_phone_normalised(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    response = client.post(reverse("enterprises:create"), enterprise_payload(village_a))
    enterprise = Enterprise.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{enterprise.pk}/"
    assert enterprise.phone == "+6281234567890"
    assert (enterprise.nib, enterprise.kbli, enterprise.village) == (
        "1111222233334",
        "10792",
        village_a,
    )
    assert (enterprise.workers_male, enterprise.workers_female) == (2, 5)
    assert enterprise.investment_idr == 150_000_000


def test_empty_nib_is_stored_as_null_so_many_enterprises_may_lack_one(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    for name in ("Satu", "Dua"):
        client.post(reverse("enterprises:create"), enterprise_payload(village_a, name=name, nib=""))
    assert list(Enterprise.objects.values_list("nib", flat=True)) == [None, None]


def product_payload(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Getas ikan",
        "category": "food_beverage",
        "description": "Kerupuk ikan tenggiri",
        "story": "",
        "local_material_pct": "85",
        "unit": "kg",
        "price_idr": "60000",
        "monthly_capacity": "300",
        "published": "on",
    }
    data.update(changes)
    return data


PRODUCT_CASES = [
    ("name", "", "Product name is required."),
    ("category", "bogus", "Category: choose one of the options offered."),
    ("local_material_pct", "101", "Local raw material (%) must be between 0 and 100."),
    ("local_material_pct", "-1", "Local raw material (%) must be between 0 and 100."),
    ("unit", "", "Unit is required."),
    ("price_idr", "-1", "Price per unit (rupiah) cannot be negative."),
    ("monthly_capacity", "x", "Monthly capacity (units) must be a whole number."),
]


@pytest.mark.parametrize(("field", "value", "message"), PRODUCT_CASES)
def test_product_create_refuses_bad_input(
    client: Client, officer: User, enterprise_x: Enterprise, field: str, value: str, message: str
) -> None:
    login(client, officer)
    url = reverse("enterprises:product_create", args=[enterprise_x.pk])
    response = client.post(url, product_payload(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Product.objects.count() == 0


def test_product_edit_refusal_leaves_row_unchanged(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    product = ProductFactory(enterprise=enterprise_x, name="Lempah", local_material_pct=70)
    login(client, officer)
    url = reverse("enterprises:product_edit", args=[product.pk])
    response = client.post(url, product_payload(name="Lempah kuning", local_material_pct="150"))
    assert response.context["form"].errors == {
        "local_material_pct": ["Local raw material (%) must be between 0 and 100."]
    }
    product.refresh_from_db()
    assert (product.name, product.local_material_pct) == ("Lempah", 70)
    assert product.history.count() == 1


CERT_CASES = [
    ({"kind": ""}, "kind", "Certificate is required."),
    ({"number": ""}, "number", "Number is required."),
    ({"issued_on": "31/13/2025"}, "issued_on", "Issued on: enter a date like 31/12/2025."),
    (
        {"issued_on": "2025-06-01", "expires_on": "2025-05-31"},
        "expires_on",
        "Expires on must be on or after the issue date.",
    ),
]


@pytest.mark.parametrize(("changes", "field", "message"), CERT_CASES)
def test_certification_create_refuses_bad_input(
    client: Client,
    officer: User,
    enterprise_x: Enterprise,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    login(client, officer)
    data = {
        "product": "",
        "kind": "halal",
        "number": "ID31110000123",
        "issued_on": "",
        "expires_on": "",
    }
    data.update(changes)
    response = client.post(
        reverse("enterprises:certification_create", args=[enterprise_x.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Certification.objects.count() == 0


def test_certificate_for_another_enterprises_product_is_refused(
    client: Client, officer: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    other = ProductFactory(enterprise=enterprise_y)
    login(client, officer)
    data = {
        "product": other.pk,
        "kind": "halal",
        "number": "H-1",
        "issued_on": "",
        "expires_on": "",
    }
    response = client.post(
        reverse("enterprises:certification_create", args=[enterprise_x.pk]), data
    )
    assert response.context["form"].errors["product"] == [
        "Product: choose one of the options offered."
    ]
    assert Certification.objects.count() == 0


def test_valid_certificate_for_own_product_is_saved(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    product = ProductFactory(enterprise=enterprise_x)
    login(client, officer)
    data = {
        "product": product.pk,
        "kind": "pirt",
        "number": "2061904010123-27",
        "issued_on": "2024-01-15",
        "expires_on": "2029-01-15",
    }
    response = client.post(
        reverse("enterprises:certification_create", args=[enterprise_x.pk]), data
    )
    cert = Certification.objects.get()
    assert response["Location"] == f"/enterprises/products/{product.pk}/"
    assert (cert.enterprise, cert.product, cert.kind) == (enterprise_x, product, "pirt")
    assert (cert.issued_on, cert.expires_on) == (dt.date(2024, 1, 15), dt.date(2029, 1, 15))


def test_officer_links_owner_account(
    client: Client, officer: User, owner: User, village_a: Region
) -> None:
    login(client, officer)
    response = client.post(
        reverse("enterprises:create"), enterprise_payload(village_a, account=owner.pk)
    )
    assert response.status_code == 302
    assert Enterprise.objects.get().account == owner
