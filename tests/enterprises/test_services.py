"""The services enforce scope and validation for any caller, and record who changed what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises import scope, services
from ovop.enterprises.models import Enterprise, Product
from ovop.enterprises.scope import private_filter
from ovop.enterprises.selectors_history import record_history
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload
from tests.factories import CertificationFactory, EnterpriseFactory, ProductFactory


def data(village: Region, **changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "Kerupuk Lestari",
        "owner_name": "Bu Sari",
        "village": village,
        "phone": "0812-3456-7890",
        "nib": "1111222233334",
        "workers_male": 2,
        "workers_female": 5,
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("(0717) 123456", "+62717123456"),
        ("", ""),
    ],
)
def test_phone_is_normalised(officer: User, village_a: Region, raw: str, stored: str) -> None:
    enterprise = services.enterprise_create(user=officer, data=data(village_a, phone=raw))
    assert Enterprise.objects.get(pk=enterprise.pk).phone == stored


def test_service_refuses_a_kecamatan_as_village(officer: User, village_a: Region) -> None:
    kecamatan = village_a.parent
    assert kecamatan is not None
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(user=officer, data=data(kecamatan))
    assert caught.value.message_dict == {
        "village": [f"Village: {kecamatan.name} is a Kecamatan, not a village."]
    }
    assert Enterprise.objects.count() == 0


def test_service_refuses_duplicate_nib_and_bad_fields_together(
    officer: User, enterprise_x: Enterprise, village_a: Region
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(
            user=officer,
            data=data(village_a, nib=enterprise_x.nib, phone="123", kbli="12", name=""),
        )
    assert caught.value.message_dict == {
        "nib": ["This NIB is already registered to another enterprise."],
        "phone": ["Phone: 123 is not an Indonesian phone number (for example 0812-3456-7890)."],
        "kbli": ["KBLI must be exactly 5 digits."],
        "name": ["Business name: This field cannot be blank."],
    }
    assert Enterprise.objects.count() == 1


def test_service_refuses_facilitator_outside_their_villages(
    facilitator: User, village_b: Region
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(user=facilitator, data=data(village_b))
    assert caught.value.message_dict == {
        "village": ["Village: you may not place enterprises in Desa Beta."]
    }
    assert Enterprise.objects.count() == 0


@pytest.mark.parametrize("persona", ["owner", "viewer", "assessor"])
def test_service_refuses_create_by_roles_that_cannot(
    request: pytest.FixtureRequest, village_a: Region, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.enterprise_create(user=request.getfixturevalue(persona), data=data(village_a))
    assert Enterprise.objects.count() == 0


def test_service_refuses_owner_moving_village(
    owner: User, enterprise_x: Enterprise, village_b: Region
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.enterprise_update(user=owner, enterprise=enterprise_x, data={"village": village_b})
    assert caught.value.message_dict == {
        "village": ["Village: you may not place enterprises in Desa Beta."]
    }
    assert Enterprise.objects.get(pk=enterprise_x.pk).village.code == "99.01.01.2001"


def test_service_refuses_owner_changing_account(
    owner: User, owner2: User, enterprise_x: Enterprise
) -> None:
    with pytest.raises(PermissionDenied):
        services.enterprise_update(user=owner, enterprise=enterprise_x, data={"account": owner2})
    assert Enterprise.objects.get(pk=enterprise_x.pk).account == owner


def test_service_refuses_change_outside_scope(
    facilitator: User, owner: User, viewer: User, enterprise_y: Enterprise
) -> None:
    for user in (facilitator, owner, viewer):
        with pytest.raises(PermissionDenied):
            services.enterprise_update(user=user, enterprise=enterprise_y, data={"name": "X"})
        with pytest.raises(PermissionDenied):
            services.enterprise_archive(user=user, enterprise=enterprise_y)
        with pytest.raises(PermissionDenied):
            services.product_create(user=user, enterprise=enterprise_y, data={"name": "X"})
    assert Enterprise.objects.get(pk=enterprise_y.pk).name == "Rusip Beta"
    assert Product.objects.count() == 0


def test_owner_edits_own_enterprise(owner: User, enterprise_x: Enterprise) -> None:
    services.enterprise_update(
        user=owner, enterprise=enterprise_x, data={"workers_female": 9, "phone": "0812 9999 0000"}
    )
    enterprise_x.refresh_from_db()
    assert (enterprise_x.workers_female, enterprise_x.phone) == (9, "+6281299990000")
    assert enterprise_x.history.latest().history_user == owner


def test_create_edit_archive_restore_are_recorded_with_user_and_diff(
    client: Client, officer: User, village_a: Region, village_a2: Region
) -> None:
    login(client, officer)
    client.post(reverse("enterprises:create"), enterprise_payload(village_a))
    enterprise = Enterprise.objects.get()
    edited = enterprise_payload(village_a2, workers_male="7", phone="0813-1111-2222")
    client.post(reverse("enterprises:edit", args=[enterprise.pk]), edited)
    asked = client.post(reverse("enterprises:archive", args=[enterprise.pk]))
    assert asked.status_code == 200  # the confirmation: nothing is archived yet
    enterprise.refresh_from_db()
    assert enterprise.archived_at is None
    confirmed = {"confirm": "1", "reason": "Closed for good."}
    client.post(reverse("enterprises:archive", args=[enterprise.pk]), confirmed)
    enterprise.refresh_from_db()
    assert enterprise.archived_at is not None
    client.post(reverse("enterprises:restore", args=[enterprise.pk]))
    enterprise.refresh_from_db()
    assert enterprise.archived_at is None

    rows = list(enterprise.history.order_by("history_date", "history_id"))
    assert [r.history_type for r in rows] == ["+", "~", "~", "~"]
    assert [r.history_change_reason for r in rows] == [None, None, "Closed for good.", "restored"]
    assert {r.history_user for r in rows} == {officer}
    delta = rows[1].diff_against(rows[0])
    assert {c.field: (c.old, c.new) for c in delta.changes} == {
        "phone": ("+6281234567890", "+6281311112222"),
        "village": (village_a.pk, village_a2.pk),
        "workers_male": (2, 7),
    }

    entries = record_history(obj=enterprise)
    assert [e.action for e in entries] == ["restored", "archived", "changed", "created"]
    assert [e.who for e in entries] == ["officer"] * 4
    assert [(c.label, c.old, c.new) for c in entries[2].changes] == [
        ("Village", "Desa Alfa", "Desa Alfa Dua"),
        ("Phone", "+6281234567890", "+6281311112222"),
        ("Male workers", "2", "7"),
    ]
    assert [c.label for c in entries[1].changes] == ["Archived at"]
    assert entries[1].changes[0].old == "—"
    assert entries[0].changes[0].new == "—"

    page = client.get(reverse("enterprises:history", args=[enterprise.pk])).content.decode()
    assert "Desa Alfa Dua" in page
    assert "Male workers" in page
    cells = [page.index(f"<td>{action}") for action in ("restored", "archived", "created")]
    assert cells == sorted(cells)
    assert '<td>archived <span class="muted">(Closed for good.)</span></td>' in page


def test_archiving_twice_is_refused_and_adds_no_history(
    officer: User, enterprise_x: Enterprise
) -> None:
    services.enterprise_archive(user=officer, enterprise=enterprise_x)
    with pytest.raises(ValidationError) as caught:
        services.enterprise_archive(user=officer, enterprise=enterprise_x)
    assert caught.value.messages == ["Getas Alfa is already archived."]
    assert enterprise_x.history.count() == 2


def test_no_products_or_certificates_on_an_archived_enterprise(
    officer: User, enterprise_x: Enterprise
) -> None:
    services.enterprise_archive(user=officer, enterprise=enterprise_x)
    enterprise_x.refresh_from_db()
    with pytest.raises(ValidationError):
        services.product_create(
            user=officer,
            enterprise=enterprise_x,
            data={"name": "X", "category": "other", "unit": "kg"},
        )
    with pytest.raises(ValidationError):
        services.certification_create(
            user=officer, enterprise=enterprise_x, data={"kind": "halal", "number": "1"}
        )
    assert Product.objects.count() == 0


def test_product_and_certification_changes_are_recorded(
    officer: User, enterprise_x: Enterprise
) -> None:
    product = services.product_create(
        user=officer,
        enterprise=enterprise_x,
        data={"name": "Getas", "category": "food_beverage", "unit": "kg", "price_idr": 50_000},
    )
    services.product_update(user=officer, product=product, data={"price_idr": 55_000})
    services.product_archive(user=officer, product=product)
    services.product_restore(user=officer, product=product)
    cert = services.certification_create(
        user=officer,
        enterprise=enterprise_x,
        data={
            "product": product,
            "kind": "halal",
            "number": "ID001",
            "expires_on": dt.date(2030, 1, 1),
        },
    )
    services.certification_update(user=officer, certification=cert, data={"number": "ID002"})
    services.certification_archive(user=officer, certification=cert)
    services.certification_restore(user=officer, certification=cert)

    product_entries = record_history(obj=product)
    assert [e.action for e in product_entries] == ["restored", "archived", "changed", "created"]
    assert [(c.label, c.old, c.new) for c in product_entries[2].changes] == [
        ("Price per unit (rupiah)", "Rp 50,000", "Rp 55,000")
    ]
    cert_entries = record_history(obj=cert)
    assert [e.action for e in cert_entries] == ["restored", "archived", "changed", "created"]
    assert [(c.label, c.old, c.new) for c in cert_entries[2].changes] == [
        ("Number", "ID001", "ID002")
    ]
    created = {c.label: c.new for c in cert_entries[3].changes}
    assert created["Certificate"] == "Halal certificate"
    assert created["Product"] == "Getas"
    assert created["Enterprise"] == "Getas Alfa"
    assert {e.who for e in product_entries + cert_entries} == {"officer"}


def test_certificate_product_must_belong_to_the_enterprise(
    officer: User, enterprise_x: Enterprise, enterprise_y: Enterprise
) -> None:
    other = ProductFactory(enterprise=enterprise_y)
    with pytest.raises(ValidationError) as caught:
        services.certification_create(
            user=officer,
            enterprise=enterprise_x,
            data={"product": other, "kind": "halal", "number": "1"},
        )
    assert caught.value.message_dict == {
        "product": ["Product: choose one of this enterprise's products."]
    }


def test_certificate_expiry_before_issue_is_refused(
    officer: User, enterprise_x: Enterprise
) -> None:
    cert = CertificationFactory(enterprise=enterprise_x, issued_on=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as caught:
        services.certification_update(
            user=officer, certification=cert, data={"expires_on": dt.date(2023, 12, 31)}
        )
    assert caught.value.message_dict == {
        "expires_on": ["Expires on must be on or after the issue date."]
    }
    cert.refresh_from_db()
    assert cert.expires_on is None


def test_private_filter_agrees_with_scope(
    request: pytest.FixtureRequest,
    enterprise_x: Enterprise,
    enterprise_y: Enterprise,
    village_a2: Region,
) -> None:
    unowned = EnterpriseFactory(name="Tanpa akun", village=village_a2)
    personas = ["admin_user", "officer", "viewer", "assessor", "facilitator", "owner", "owner2"]
    seen = {}
    for persona in personas:
        user = request.getfixturevalue(persona)
        for enterprise in (enterprise_x, enterprise_y, unowned):
            in_query = Enterprise.objects.filter(private_filter(user), pk=enterprise.pk).exists()
            assert in_query == scope.can_see_private(user, enterprise), (persona, enterprise)
            seen[(persona, enterprise.name)] = in_query
    assert seen[("facilitator", "Getas Alfa")] is True
    assert seen[("facilitator", "Rusip Beta")] is False
    assert seen[("owner2", "Rusip Beta")] is True
    assert seen[("assessor", "Getas Alfa")] is False


def test_nib_taken_between_check_and_save_is_reported(
    officer: User, enterprise_x: Enterprise, village_a: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulate a concurrent request registering the NIB after both checks ran.
    monkeypatch.setattr(services, "nib_check", lambda value, exclude_pk=None: value)
    monkeypatch.setattr(Enterprise, "validate_unique", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as caught:
        services.enterprise_create(user=officer, data=data(village_a, nib=enterprise_x.nib))
    assert caught.value.message_dict == {
        "nib": ["This NIB is already registered to another enterprise."]
    }
    assert Enterprise.objects.count() == 1
