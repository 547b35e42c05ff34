"""Archiving an enterprise, product or certificate is confirmed with a reason; an owner may
not archive their own enterprise; names lose bidi controls and text is bounded (page, API)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises import services
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.regions.models import Region
from tests.conftest import login
from tests.enterprises.test_validation import enterprise_payload, product_payload
from tests.factories import CertificationFactory
from tests.refusals import changed, rows

REGISTRY = ("enterprises",)
REASON = "The business has closed."
Target = Callable[[Enterprise, Product, Certification], tuple[str, object]]

#: Each archive: its address and the record it archives.
ARCHIVES: dict[str, Target] = {
    "enterprise": lambda e, p, c: (reverse("enterprises:archive", args=[e.pk]), e),
    "product": lambda e, p, c: (reverse("enterprises:product_archive", args=[p.pk]), p),
    "certification": lambda e, p, c: (
        reverse("enterprises:certification_archive", args=[c.pk]),
        c,
    ),
}


@pytest.fixture
def records(
    enterprise_x: Enterprise, product_x: Product
) -> tuple[Enterprise, Product, Certification]:
    return enterprise_x, product_x, CertificationFactory(enterprise=enterprise_x)


@pytest.mark.parametrize("kind", list(ARCHIVES))
def test_archive_asks_first_and_needs_a_reason(
    client: Client,
    officer: User,
    records: tuple[Enterprise, Product, Certification],
    kind: str,
) -> None:
    url, record = ARCHIVES[kind](*records)
    login(client, officer)
    before = rows(*REGISTRY)
    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "It can be restored later; the archiving and its reason stay in the history." in page
    assert 'name="confirm"' in page and 'name="reason"' in page
    no_reason = client.post(url, {"confirm": "1", "reason": " "})
    assert no_reason.context["form"].errors == {"reason": ["This field is required."]}
    huge = client.post(url, {"confirm": "1", "reason": "x" * 1_000_000})
    assert huge.context["form"].errors == {
        "reason": ["Reason: at most 1000 characters (it has 1000000)."]
    }
    assert changed(before, rows(*REGISTRY)) == []

    done = client.post(url, {"confirm": "1", "reason": REASON})
    assert done.status_code == 302
    record.refresh_from_db()  # type: ignore[attr-defined]
    assert record.archived_at is not None  # type: ignore[attr-defined]
    latest = record.history.latest()  # type: ignore[attr-defined]
    assert (latest.history_user, latest.history_change_reason) == (officer, REASON)


def test_an_owner_may_not_archive_or_restore_their_enterprise(
    client: Client, owner: User, officer: User, facilitator: User, enterprise_x: Enterprise
) -> None:
    login(client, owner)
    detail = client.get(enterprise_x.get_absolute_url()).content.decode()
    assert reverse("enterprises:edit", args=[enterprise_x.pk]) in detail  # still edits it
    assert reverse("enterprises:archive", args=[enterprise_x.pk]) not in detail
    before = rows(*REGISTRY)
    url = reverse("enterprises:archive", args=[enterprise_x.pk])
    assert client.post(url, {"confirm": "1", "reason": REASON}).status_code == 403
    assert client.post(url).status_code == 403  # not even the confirmation
    with pytest.raises(PermissionDenied):
        services.enterprise_archive(user=owner, enterprise=enterprise_x, reason=REASON)
    assert changed(before, rows(*REGISTRY)) == []

    services.enterprise_archive(user=facilitator, enterprise=enterprise_x, reason=REASON)
    restore = reverse("enterprises:restore", args=[enterprise_x.pk])
    assert restore not in client.get(enterprise_x.get_absolute_url()).content.decode()
    assert client.post(restore).status_code == 403
    enterprise_x.refresh_from_db()
    assert enterprise_x.archived_at is not None
    login(client, officer)
    assert restore in client.get(enterprise_x.get_absolute_url()).content.decode()


def test_another_owner_gets_404(client: Client, owner2: User, enterprise_x: Enterprise) -> None:
    login(client, owner2)
    url = reverse("enterprises:archive", args=[enterprise_x.pk])
    assert client.post(url, {"confirm": "1", "reason": REASON}).status_code == 404


def test_names_lose_bidi_controls_on_the_page(
    client: Client, officer: User, village_a: Region, enterprise_x: Enterprise
) -> None:
    login(client, officer)
    payload = enterprise_payload(
        village_a, name="Kerupuk gnp\u202e.exe", owner_name="Bu\u2067 Sari"
    )
    assert client.post(reverse("enterprises:create"), payload).status_code == 302
    created = Enterprise.objects.get(nib="1111222233334")
    assert (created.name, created.owner_name) == ("Kerupuk gnp.exe", "Bu Sari")
    product_url = reverse("enterprises:product_create", args=[enterprise_x.pk])
    payload = product_payload(name="Madu\u202e gnp.exe", story="Dari hutan\u200f.\nBaris dua.")
    assert client.post(product_url, payload).status_code == 302
    product = Product.objects.get(enterprise=enterprise_x)
    assert (product.name, product.story) == ("Madu gnp.exe", "Dari hutan.\nBaris dua.")
    assert "\u202e" not in client.get(product.get_absolute_url()).content.decode()


def test_names_lose_bidi_controls_in_the_api(
    client: Client, officer: User, village_a: Region
) -> None:
    login(client, officer)
    body = {"name": "Rusip gnp\u202e.exe", "owner_name": "Pak\u200e Ali", "village": village_a.code}
    response = client.post("/api/v1/enterprises/", json.dumps(body), "application/json")
    assert response.status_code == 201, response.json()
    stored = Enterprise.objects.get(pk=response.json()["id"])
    assert (stored.name, stored.owner_name) == ("Rusip gnp.exe", "Pak Ali")


def test_long_text_is_refused_naming_the_field(
    client: Client, officer: User, village_a: Region, enterprise_x: Enterprise
) -> None:
    login(client, officer)
    before = rows(*REGISTRY)
    url = reverse("enterprises:product_create", args=[enterprise_x.pk])
    response = client.post(url, product_payload(description="x" * 1_000_000))
    assert response.context["form"].errors == {
        "description": ["Description: at most 5000 characters."]  # the registry's own wording
    }
    body = {"name": "y" * 1_000_000, "owner_name": "Pak Ali", "village": village_a.code}
    api = client.post("/api/v1/enterprises/", json.dumps(body), "application/json")
    assert api.status_code == 400
    assert api.json()["fields"] == {
        "name": ["Business name: at most 160 characters (it has 1000000)."]
    }
    assert changed(before, rows(*REGISTRY)) == []
