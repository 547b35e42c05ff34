"""Certificates: expired ones marked (by the date in Asia/Jakarta), refusals, NIB numbers kept
private, archive and restore with history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ovop.accounts.models import User
from ovop.enterprises.models import Certification, CertificationKind, Enterprise
from ovop.enterprises.selectors import local_today
from tests.conftest import login
from tests.factories import CertificationFactory, ProductFactory


def status_cells(html: str) -> list[str]:
    marks = ('class="badge expired"', 'class="badge archived"', 'class="badge">valid')
    return [m for m in marks for _ in range(html.count(m))]


def test_expired_certificates_are_marked(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    today = local_today()
    CertificationFactory(enterprise=enterprise_x, number="A", expires_on=today)
    CertificationFactory(enterprise=enterprise_x, number="B", expires_on=today - dt.timedelta(1))
    CertificationFactory(enterprise=enterprise_x, number="C")
    login(client, officer)
    response = client.get(reverse("enterprises:detail", args=[enterprise_x.pk]))
    rows = {r.certification.number: r.expired for r in response.context["d"].certifications}
    assert rows == {"A": False, "B": True, "C": False}
    html = response.content.decode()
    assert html.count('class="badge expired"') == 1
    assert html.count('class="badge">valid') == 2


def test_expiry_uses_the_date_in_jakarta(
    client: Client,
    officer: User,
    enterprise_x: Enterprise,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 17:30 UTC on 1 January is already 00:30 on 2 January in Jakarta (UTC+7).
    moment = dt.datetime(2025, 1, 1, 17, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    CertificationFactory(enterprise=enterprise_x, number="J", expires_on=dt.date(2025, 1, 1))
    assert local_today() == dt.date(2025, 1, 2)
    login(client, officer)
    response = client.get(reverse("enterprises:detail", args=[enterprise_x.pk]))
    assert [r.expired for r in response.context["d"].certifications] == [True]


def test_product_certificates_show_on_product_page(
    client: Client, officer: User, enterprise_x: Enterprise
) -> None:
    product = ProductFactory(enterprise=enterprise_x)
    CertificationFactory(
        enterprise=enterprise_x,
        product=product,
        kind=CertificationKind.HALAL,
        number="H-9",
        expires_on=dt.date(2000, 1, 1),
    )
    CertificationFactory(enterprise=enterprise_x, kind=CertificationKind.SNI, number="S-1")
    login(client, officer)
    response = client.get(reverse("enterprises:product_detail", args=[product.pk]))
    assert [(r.certification.number, r.expired) for r in response.context["d"].certifications] == [
        ("H-9", True)
    ]


def test_nib_certificate_number_is_private(
    client: Client, assessor: User, officer: User, enterprise_x: Enterprise
) -> None:
    cert = CertificationFactory(
        enterprise=enterprise_x, kind=CertificationKind.NIB, number="1234567890123"
    )
    login(client, assessor)
    detail = client.get(reverse("enterprises:detail", args=[enterprise_x.pk]))
    assert [r.number for r in detail.context["d"].certifications] == [None]
    assert "1234567890123" not in detail.content.decode()
    history = client.get(reverse("enterprises:certification_history", args=[cert.pk]))
    assert history.status_code == 200
    assert "1234567890123" not in history.content.decode()
    login(client, officer)
    detail = client.get(reverse("enterprises:detail", args=[enterprise_x.pk]))
    assert [r.number for r in detail.context["d"].certifications] == ["1234567890123"]


@pytest.mark.parametrize("page", ["certification_edit", "certification_history"])
def test_owner_cannot_open_another_enterprises_certificate(
    client: Client, owner: User, enterprise_y: Enterprise, page: str
) -> None:
    cert = CertificationFactory(enterprise=enterprise_y)
    login(client, owner)
    assert client.get(reverse(f"enterprises:{page}", args=[cert.pk])).status_code == 404


def test_owner_cannot_add_certificate_to_another_enterprise(
    client: Client, owner: User, enterprise_y: Enterprise
) -> None:
    login(client, owner)
    url = reverse("enterprises:certification_create", args=[enterprise_y.pk])
    data = {"kind": "halal", "number": "H-1", "product": "", "issued_on": "", "expires_on": ""}
    assert client.post(url, data).status_code == 404
    assert Certification.objects.count() == 0


def test_facilitator_cannot_archive_certificate_in_another_village(
    client: Client, facilitator: User, enterprise_y: Enterprise
) -> None:
    cert = CertificationFactory(enterprise=enterprise_y)
    login(client, facilitator)
    url = reverse("enterprises:certification_archive", args=[cert.pk])
    assert client.post(url).status_code == 404
    cert.refresh_from_db()
    assert cert.archived_at is None


def test_viewer_cannot_add_certificate(
    client: Client, viewer: User, enterprise_x: Enterprise
) -> None:
    login(client, viewer)
    url = reverse("enterprises:certification_create", args=[enterprise_x.pk])
    data = {"kind": "halal", "number": "H-1", "product": "", "issued_on": "", "expires_on": ""}
    assert client.post(url, data).status_code == 403
    assert Certification.objects.count() == 0


def test_viewer_cannot_edit_certificate(
    client: Client, viewer: User, enterprise_x: Enterprise
) -> None:
    cert = CertificationFactory(enterprise=enterprise_x, number="OLD")
    login(client, viewer)
    data = {"kind": "halal", "number": "NEW", "product": "", "issued_on": "", "expires_on": ""}
    url = reverse("enterprises:certification_edit", args=[cert.pk])
    assert client.post(url, data).status_code == 403
    cert.refresh_from_db()
    assert cert.number == "OLD"


@pytest.mark.parametrize("action", ["certification_archive", "certification_restore"])
def test_viewer_cannot_archive_or_restore_certificate(
    client: Client, viewer: User, enterprise_x: Enterprise, action: str
) -> None:
    cert = CertificationFactory(enterprise=enterprise_x)
    login(client, viewer)
    assert client.post(reverse(f"enterprises:{action}", args=[cert.pk])).status_code == 403
    assert cert.history.count() == 1


def test_owner_edits_archives_and_restores_own_certificate(
    client: Client, owner: User, enterprise_x: Enterprise
) -> None:
    cert = CertificationFactory(enterprise=enterprise_x, kind=CertificationKind.PIRT, number="P-1")
    login(client, owner)
    data = {
        "kind": "pirt",
        "number": "P-2",
        "product": "",
        "issued_on": "2024-02-01",
        "expires_on": "",
    }
    response = client.post(reverse("enterprises:certification_edit", args=[cert.pk]), data)
    assert response["Location"] == f"/enterprises/{enterprise_x.pk}/"
    confirmed = {"confirm": "1", "reason": "Replaced by P-3."}
    client.post(reverse("enterprises:certification_archive", args=[cert.pk]), confirmed)
    cert.refresh_from_db()
    assert cert.archived_at is not None
    client.post(reverse("enterprises:certification_restore", args=[cert.pk]))
    cert.refresh_from_db()
    assert (cert.number, cert.issued_on, cert.archived_at) == ("P-2", dt.date(2024, 2, 1), None)
    rows = cert.history.order_by("history_id")
    assert [r.history_user for r in rows] == [None, owner, owner, owner]
    page = client.get(reverse("enterprises:certification_history", args=[cert.pk])).content.decode()
    assert "P-1" in page and "P-2" in page
    assert "<td>restored</td>" in page
