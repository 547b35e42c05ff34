"""The same refusals in Bahasa Indonesia, the default language: each message names its field in
Indonesian, and nothing is saved. (test_validation.py checks the English source messages.)"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises.models import Enterprise, Product
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload, product_payload


@pytest.fixture
def indonesian(settings: Any) -> None:
    """The project's default language, with no cookie and no Accept-Language header."""
    settings.LANGUAGE_CODE = "id"


ENTERPRISE_CASES = [
    ("nib", "123456789012", "NIB harus terdiri atas tepat 13 digit."),
    ("nib", "12345abc90123", "NIB harus terdiri atas tepat 13 digit."),
    (
        "phone",
        "12345",
        "Telepon: 12345 bukan nomor telepon Indonesia (misalnya 0812-3456-7890).",
    ),
    ("kbli", "1079", "KBLI harus terdiri atas tepat 5 digit."),
    ("workers_male", "-1", "Tenaga kerja laki-laki tidak boleh negatif."),
    ("workers_female", "2.5", "Tenaga kerja perempuan harus berupa bilangan bulat."),
    ("investment_idr", "-5", "Investasi (rupiah) tidak boleh negatif."),
    (
        "annual_sales_idr",
        "banyak",
        "Penjualan per tahun (rupiah): “banyak” bukan jumlah rupiah; tulis seperti 60.000.000, "
        "1,5 juta, atau 750 rb.",
    ),
    ("village", "", "Desa wajib diisi."),
    ("owner_gender", "P", "Jenis kelamin pemilik: pilih salah satu pilihan yang tersedia."),
]


@pytest.mark.parametrize(("field", "value", "message"), ENTERPRISE_CASES)
def test_enterprise_refusals_name_the_field_in_indonesian(
    client: Client,
    indonesian: None,
    officer: User,
    village_a: Region,
    field: str,
    value: str,
    message: str,
) -> None:
    login(client, officer)
    response = client.post(
        reverse("enterprises:create"), enterprise_payload(village_a, **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert "belum ada data yang disimpan" in response.content.decode()
    assert Enterprise.objects.count() == 0


def test_a_taken_nib_is_refused_in_indonesian(
    client: Client, indonesian: None, officer: User, enterprise_x: Enterprise, village_a: Region
) -> None:
    login(client, officer)
    data = enterprise_payload(village_a, nib=enterprise_x.nib)
    response = client.post(reverse("enterprises:create"), data)
    assert response.context["form"].errors == {"nib": ["NIB ini sudah terdaftar atas IKM lain."]}
    assert Enterprise.objects.count() == 1


def test_a_kecamatan_is_refused_as_village_in_indonesian(
    client: Client, indonesian: None, officer: User, village_a: Region
) -> None:
    login(client, officer)
    kecamatan = village_a.parent
    assert kecamatan is not None
    response = client.post(reverse("enterprises:create"), enterprise_payload(kecamatan))
    assert response.context["form"].errors == {
        "village": ["Desa: pilih salah satu desa yang tersedia."]
    }
    assert Enterprise.objects.count() == 0


PRODUCT_CASES = [
    ("local_material_pct", "101", "Bahan baku lokal (%) harus antara 0 dan 100."),
    ("local_material_pct", "-1", "Bahan baku lokal (%) harus antara 0 dan 100."),
    ("price_idr", "-1", "Harga per satuan (rupiah) tidak boleh negatif."),
    ("monthly_capacity", "x", "Kapasitas per bulan (satuan) harus berupa bilangan bulat."),
]


@pytest.mark.parametrize(("field", "value", "message"), PRODUCT_CASES)
def test_product_refusals_name_the_field_in_indonesian(
    client: Client,
    indonesian: None,
    officer: User,
    enterprise_x: Enterprise,
    field: str,
    value: str,
    message: str,
) -> None:
    login(client, officer)
    url = reverse("enterprises:product_create", args=[enterprise_x.pk])
    response = client.post(url, product_payload(**{field: value}))
    assert response.context["form"].errors == {field: [message]}
    assert Product.objects.count() == 0


def test_the_same_form_speaks_english_when_chosen(
    client: Client, indonesian: None, officer: User, village_a: Region
) -> None:
    login(client, officer)
    client.cookies["django_language"] = "en"
    data = enterprise_payload(village_a, nib="123456789012")
    response = client.post(reverse("enterprises:create"), data)
    assert response.context["form"].errors == {"nib": ["NIB must be exactly 13 digits."]}
