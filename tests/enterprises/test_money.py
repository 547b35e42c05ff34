"""Money typed on the real pages and sent to the API is stored as the rupiah the user meant;
unclear amounts are refused naming the field, and nothing is stored. Also: a NIB typed with the
spaces it is printed with, and browser maxlengths that never cut what the field accepts."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from ovop.accounts.models import User
from ovop.enterprises.admin import EnterpriseAdminForm, ProductAdminForm
from ovop.enterprises.forms import RAW_LENGTHS
from ovop.enterprises.models import Enterprise, Product
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload, product_payload

TYPED = [
    ("Rp 60.000.000", 60_000_000),
    ("60.000.000", 60_000_000),
    ("60000000", 60_000_000),
    ("1,5 juta", 1_500_000),
    ("2 M", 2_000_000_000),
    ("2 miliar", 2_000_000_000),
    ("750 rb", 750_000),
    ("750 ribu", 750_000),
    ("Rp 1.500.000,00", 1_500_000),
]


def _create(client: Client, place: Region, **changes: Any) -> Any:
    return client.post(reverse("enterprises:create"), enterprise_payload(place, **changes))


@pytest.mark.parametrize(("typed", "amount"), TYPED)
def test_typed_sales_are_stored_as_meant(
    client: Client, officer: User, village_a: Region, typed: str, amount: int
) -> None:
    login(client, officer)
    response = _create(client, village_a, annual_sales_idr=typed, investment_idr=typed)
    assert response.status_code == 302, response.context["form"].errors
    enterprise = Enterprise.objects.get()
    assert (enterprise.annual_sales_idr, enterprise.investment_idr) == (amount, amount)


@pytest.mark.parametrize(("typed", "amount"), [("Rp 35.000", 35_000), ("Rp 1.500.000", 1_500_000)])
def test_typed_price_is_stored_as_meant(
    client: Client, owner: User, enterprise_x: Enterprise, typed: str, amount: int
) -> None:
    login(client, owner)
    url = reverse("enterprises:product_create", args=[enterprise_x.pk])
    response = client.post(url, product_payload(price_idr=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Product.objects.get().price_idr == amount


REFUSED_EN = [
    (
        "annual_sales_idr",
        "60.000000",
        "Annual sales (rupiah): “60.000000” is unclear: a dot separates thousands and is "
        "followed by three digits (60.000.000); decimals take a comma (1,5 juta).",
    ),
    (
        "investment_idr",
        "1,5",
        "Investment (rupiah): “1,5” is unclear: a comma starts decimals, and an amount without "
        "a unit is whole rupiah. Write 1.500 for one thousand five hundred, or add a unit: "
        "1,5 juta.",
    ),
    (
        "investment_idr",
        "Rp 1.500,50",
        "Investment (rupiah): “Rp 1.500,50” has a fraction of a rupiah; amounts are whole rupiah.",
    ),
    ("annual_sales_idr", "-Rp 5.000", "Annual sales (rupiah) cannot be negative."),
    (
        "annual_sales_idr",
        "2.000 T",
        "Annual sales (rupiah) is too large: at most Rp 1.000.000.000.000.000.",
    ),
]


@pytest.mark.parametrize(("field", "typed", "message"), REFUSED_EN)
def test_unclear_amounts_are_refused_naming_the_field(
    client: Client, officer: User, village_a: Region, field: str, typed: str, message: str
) -> None:
    login(client, officer)
    response = _create(client, village_a, **{field: typed})
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert Enterprise.objects.count() == 0


def test_unclear_price_is_refused_naming_the_field(
    client: Client, owner: User, enterprise_x: Enterprise
) -> None:
    login(client, owner)
    url = reverse("enterprises:product_create", args=[enterprise_x.pk])
    response = client.post(url, product_payload(price_idr="35.00"))
    assert (
        response.context["form"]
        .errors["price_idr"][0]
        .startswith("Price per unit (rupiah): “35.00” is unclear: a dot separates thousands")
    )
    assert Product.objects.count() == 0


def test_refusals_name_the_field_in_indonesian(
    client: Client, settings: Any, officer: User, village_a: Region
) -> None:
    settings.LANGUAGE_CODE = "id"
    login(client, officer)
    response = _create(client, village_a, investment_idr="-5", annual_sales_idr="60.000000")
    errors = response.context["form"].errors
    assert errors["investment_idr"] == ["Investasi (rupiah) tidak boleh negatif."]
    assert errors["annual_sales_idr"][0].startswith("Penjualan per tahun (rupiah): “60.000000”")
    assert Enterprise.objects.count() == 0


def test_money_input_is_text_with_a_numeric_keyboard_and_the_page_script(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    html = client.get(reverse("enterprises:create")).content.decode()
    sales = re.search(r'<input[^>]*name="annual_sales_idr"[^>]*>', html)
    assert sales is not None
    tag = sales.group(0)
    for attribute in ('type="text"', 'inputmode="decimal"', 'maxlength="40"', "data-money"):
        assert attribute in tag
    assert 'data-money-read="Read as %s"' in tag
    assert '<script src="/static/ovop/money.js" defer></script>' in html
    assert "<script>" not in html  # the page's own script file, nothing inline


def test_edit_shows_the_amount_grouped_and_saving_keeps_it(
    client: Client, owner: User, enterprise_x: Enterprise
) -> None:
    enterprise_x.annual_sales_idr = 60_000_000
    enterprise_x.save()
    login(client, owner)
    url = reverse("enterprises:edit", args=[enterprise_x.pk])
    form = client.get(url).context["form"]
    assert 'value="60.000.000"' in str(form["annual_sales_idr"])
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["annual_sales_idr"] = "60.000.000"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    enterprise_x.refresh_from_db()
    assert enterprise_x.annual_sales_idr == 60_000_000


# --- NIB and other fields that normalise what is typed -------------------------------------------


def test_nib_typed_as_printed_is_accepted(client: Client, officer: User, village_a: Region) -> None:
    login(client, officer)
    response = _create(client, village_a, nib="9120 0012 3456 7")
    assert response.status_code == 302, response.context["form"].errors
    assert Enterprise.objects.get().nib == "9120001234567"


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("nib", "9120 0012 3456 7"),
        ("nib", " 9120  0012  3456  7 "),
        ("phone", "+62 812-3456-7890"),
        ("phone", "(+62) 0812 - 3456 - 7890"),
        ("kbli", " 10792 "),
    ],
)
def test_browser_maxlength_does_not_cut_what_the_field_accepts(
    client: Client, officer: User, village_a: Region, field: str, typed: str
) -> None:
    login(client, officer)
    html = client.get(reverse("enterprises:create")).content.decode()
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html)
    assert tag is not None
    maxlength = re.search(r'maxlength="(\d+)"', tag.group(0))
    assert maxlength is not None and int(maxlength.group(1)) == RAW_LENGTHS[field]
    assert len(typed) <= RAW_LENGTHS[field]
    response = _create(client, village_a, **{field: typed})
    assert response.status_code == 302, response.context["form"].errors


def test_phone_with_dashes_was_cut_by_the_old_maxlength(
    client: Client, officer: User, village_a: Region
) -> None:
    typed = "(+62) 0812 - 3456 - 7890"
    assert len(typed) > 20  # the column's length, once the browser's limit
    login(client, officer)
    assert _create(client, village_a, phone=typed).status_code == 302
    assert Enterprise.objects.get().phone == "+6281234567890"


def test_longer_than_accepted_is_refused_not_cut(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    response = _create(client, village_a, nib="9120 0012 3456 7" + " " * 20 + "0")
    assert response.context["form"].errors == {"nib": ["NIB: at most 32 characters."]}
    assert Enterprise.objects.count() == 0


# --- API --------------------------------------------------------------------------------------


def _post(client: Client, village_code: str, **changes: Any) -> Any:
    body = {"name": "Kerupuk Lestari", "owner_name": "Bu Sari", "village": village_code}
    body.update(changes)
    return client.post("/api/v1/enterprises/", body, content_type="application/json")


@pytest.mark.parametrize(
    ("sent", "amount"),
    [(60_000_000, 60_000_000), ("Rp 60.000.000", 60_000_000), ("1,5 juta", 1_500_000), (0, 0)],
)
def test_api_takes_integers_and_typed_amounts(
    client: Client, officer: User, village_a: Region, sent: Any, amount: int
) -> None:
    login(client, officer)
    response = _post(client, village_a.code, annual_sales_idr=sent, investment_idr=sent)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["annual_sales_idr"], body["investment_idr"]) == (amount, amount)
    enterprise = Enterprise.objects.get()
    assert (enterprise.annual_sales_idr, enterprise.investment_idr) == (amount, amount)


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        (
            "1,5",
            "Annual sales (rupiah): “1,5” is unclear: a comma starts decimals, and an amount "
            "without a unit is whole rupiah. Write 1.500 for one thousand five hundred, or add "
            "a unit: 1,5 juta.",
        ),
        (-1, "Annual sales (rupiah) cannot be negative."),
        (10**15 + 1, "Annual sales (rupiah) is too large: at most Rp 1.000.000.000.000.000."),
        (1.5, "Annual sales (rupiah): “1.5” has a fraction of a rupiah; amounts are whole rupiah."),
        (
            True,
            "Annual sales (rupiah): “True” is not an amount of rupiah; write it like 60.000.000, "
            "1,5 juta or 750 rb.",
        ),
    ],
)
def test_api_refuses_unclear_amounts_naming_the_field(
    client: Client, officer: User, village_a: Region, sent: Any, message: str
) -> None:
    login(client, officer)
    response = _post(client, village_a.code, annual_sales_idr=sent)
    assert response.status_code == 400
    assert response.json()["fields"] == {"annual_sales_idr": [message]}
    assert Enterprise.objects.count() == 0


def test_api_money_is_an_integer_in_the_schema_and_the_output(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    login(client, officer)
    body = client.get(f"/api/v1/enterprises/{enterprise_x.pk}/").json()
    assert body["investment_idr"] == 25_000_000
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    integer = {"type": "integer", "format": "int64", "minimum": 0, "maximum": 10**15}
    for schema, field in [
        ("EnterpriseCreate", "investment_idr"),
        ("EnterpriseCreate", "annual_sales_idr"),
        ("Enterprise", "annual_sales_idr"),
        ("Product", "price_idr"),
    ]:
        described = schemas[schema]["properties"][field]
        assert {k: described[k] for k in integer} == integer


def test_api_create_is_refused_to_owners(client: Client, owner: User, village_a: Region) -> None:
    login(client, owner)
    assert _post(client, village_a.code).status_code == 403
    assert Enterprise.objects.count() == 0


def test_admin_forms_read_money_too() -> None:
    assert EnterpriseAdminForm.base_fields["annual_sales_idr"].clean("Rp 60.000.000") == 60_000_000
    assert EnterpriseAdminForm.base_fields["investment_idr"].clean("1,5 juta") == 1_500_000
    assert ProductAdminForm.base_fields["price_idr"].clean("Rp 35.000") == 35_000


def test_api_create_refuses_a_viewer_before_reading_the_input(
    client: Client, viewer: User, village_a: Region
) -> None:
    login(client, viewer)
    assert _post(client, village_a.code, annual_sales_idr="1,5").status_code == 403
    assert Enterprise.objects.count() == 0
