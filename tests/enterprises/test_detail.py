"""The enterprise detail page: facts, derived size class, badges, buttons, recent changes;
and the admin pages of the registry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ovop.accounts.models import User
from ovop.enterprises import services
from ovop.enterprises.models import Enterprise
from tests.conftest import login
from tests.factories import CertificationFactory, ProductFactory


def test_detail_shows_facts_and_derived_size_class(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    Enterprise.objects.filter(pk=enterprise_x.pk).update(
        workers_male=12, workers_female=9, investment_idr=16_000_000_000, kbli="10792"
    )
    login(client, officer)
    page = client.get(reverse("enterprises:detail", args=[enterprise_x.pk])).content.decode()
    assert "<dt>Male workers</dt><dd>12</dd>" in page
    assert "<dt>Female workers</dt><dd>9</dd>" in page
    assert "<dt>All workers</dt><dd>21</dd>" in page
    assert "Rp 16,000,000,000" in page
    assert "<dt>KBLI</dt><dd>10792</dd>" in page
    assert "Large industry (industri besar)" in page


def test_archived_enterprise_shows_badge_and_restore_for_those_who_may_change(
    client: Client, officer: User, viewer: User, enterprise_x: Enterprise
) -> None:
    services.enterprise_archive(user=officer, enterprise=enterprise_x)
    restore = reverse("enterprises:restore", args=[enterprise_x.pk])
    login(client, officer)
    page = client.get(reverse("enterprises:detail", args=[enterprise_x.pk])).content.decode()
    assert 'class="badge archived"' in page
    assert f'action="{restore}"' in page
    assert reverse("enterprises:edit", args=[enterprise_x.pk]) not in page
    login(client, viewer)
    page = client.get(reverse("enterprises:detail", args=[enterprise_x.pk])).content.decode()
    assert 'class="badge archived"' in page
    assert restore not in page


def test_detail_lists_products_and_certificates(
    client: Client, owner: User, enterprise_x: Enterprise
) -> None:
    ProductFactory(enterprise=enterprise_x, name="Getas udang")
    CertificationFactory(enterprise=enterprise_x, number="PIRT-77")
    login(client, owner)
    response = client.get(reverse("enterprises:detail", args=[enterprise_x.pk]))
    assert [p.name for p in response.context["d"].products] == ["Getas udang"]
    assert [c.number for c in response.context["d"].certifications] == ["PIRT-77"]


def test_detail_shows_the_three_latest_changes(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    for workers in (4, 5, 6, 7):
        services.enterprise_update(
            user=officer, enterprise=enterprise_x, data={"workers_female": workers}
        )
    login(client, officer)
    response = client.get(reverse("enterprises:detail", args=[enterprise_x.pk]))
    recent = response.context["recent"]
    assert [(c.old, c.new) for e in recent for c in e.changes] == [
        ("6", "7"),
        ("5", "6"),
        ("4", "5"),
    ]
    assert [e.who for e in recent] == ["officer"] * 3


@pytest.mark.parametrize(
    "url",
    [
        "/admin/enterprises/enterprise/",
        "/admin/enterprises/product/",
        "/admin/enterprises/certification/",
        "/admin/enterprises/productphoto/",
    ],
)
def test_admin_pages_open(
    client: Client, admin_user: User, enterprise_x: Enterprise, url: str
) -> None:
    ProductFactory(enterprise=enterprise_x)
    CertificationFactory(enterprise=enterprise_x)
    login(client, admin_user)
    assert client.get(url).status_code == 200


def test_admin_history_page_opens(
    client: Client, admin_user: User, enterprise_x: Enterprise
) -> None:
    login(client, admin_user)
    url = f"/admin/enterprises/enterprise/{enterprise_x.pk}/history/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Getas Alfa" in response.content.decode()
